"""bench.scan_profile: where a scan's CPU goes, summed by page kind, phase and caller."""

from __future__ import annotations

import numpy as np
import pytest

from bench import scan_profile as sp


def _booklet() -> dict:
    return {
        "file": "0001.pdf", "cpu": 4.0, "pages": 2,
        "roles": {"0": "information", "1": "photo"},
        "stats": {
            "normalise": {"cpu": 1.0, "det_cpu": 0.4},
            "page:0": {"cpu": 1.5, "det_cpu": 0.3, "rec_cpu": 1.0, "rec_items": 16},
            "page:1": {"cpu": 0.2},
            "stage:information:field_readings": {"cpu": 1.0, "rec_cpu": 0.9, "rec_items": 18,
                                                 "rec_repeat": 2},
        },
        "callers": {"page:0|rec": {"_scan._read_page < _scan._analyse": 16},
                    "normalise|det": {"_pages.upright < _pages.normalise_pages": 2}},
        "repeats": {"rec _info.a → _info.b": 2},
        "fields": {"fields": 9, "readings": 27, "all_alike": 8},
    }


def test_normalisation_is_shared_by_the_pages_it_gave_and_stages_go_to_their_page_kind() -> None:
    s = sp.summarise([_booklet(), _booklet()])
    info, photo = s["kinds"]["information"], s["kinds"]["photo"]
    assert info["pages"] == 2 and photo["pages"] == 2
    assert info["cpu"] == pytest.approx(2 * (0.5 + 1.5 + 1.0))
    assert photo["cpu"] == pytest.approx(2 * (0.5 + 0.2))
    assert info["rec_items"] == 2 * (16 + 18)
    assert s["phases"]["information | field_readings"]["rec_repeat"] == 4
    assert s["phases"]["photo | normalise"]["det_cpu"] == pytest.approx(0.4)
    assert s["callers"]["det | normalise | _pages.upright < _pages.normalise_pages"] == 4
    assert s["fields"] == {"fields": 18, "readings": 54, "all_alike": 16}
    text = sp.report(s)
    assert "2 booklets, 4 pages" in text and "every reading alike on 16" in text


def test_a_model_input_given_twice_in_a_booklet_is_counted_as_a_repeat() -> None:
    prof = sp.Profile()
    crops = np.zeros((3, 3, 48, 320), np.float32)
    crops[1] += 1.0
    with prof.within("page:0"):
        prof.model_run("rec", crops, 0.1)  # crops 0 and 2 are the same pixels
        prof.model_run("rec", crops[:1], 0.1)
    stats = prof.stats["page:0"]
    assert stats["rec_items"] == 4 and stats["rec_runs"] == 2
    assert stats["rec_repeat"] == 2
    assert sum(prof.repeats.values()) == 2


@pytest.mark.parametrize(("workers", "threads"), [(1, 1), (2, -1)])
def test_a_bench_scan_in_this_process_reads_on_one_onnx_thread_as_a_pool_worker_does(
    monkeypatch: pytest.MonkeyPatch, tmp_path, workers: int, threads: int
) -> None:
    from types import SimpleNamespace

    import scanning
    from bench import bench_scanning
    from scanning import _ocr

    monkeypatch.setattr(_ocr, "_THREADS", -1)  # the engine's default: every core
    seen = []

    def scan_paths(paths, out, n):  # what the scan would run with, without scanning
        seen.append(_ocr._THREADS)
        return SimpleNamespace(seconds=1.0, pages=2, pages_per_second=2.0, cpu_seconds=1.0,
                               pages_per_cpu_second=2.0, records=1, needs_review=0, errors=[])

    monkeypatch.setattr(scanning, "scan_paths", scan_paths)
    got = bench_scanning._scan(tmp_path, tmp_path / "out", workers)
    assert seen == [threads]  # a pool's workers set their own (one each)
    assert got["pages_per_second_2_idle_cores"] == 4.0


def test_model_cpu_is_summed_per_caller_and_reported_as_a_share_of_all_cpu() -> None:
    prof = sp.Profile()
    with prof.within("page:0"):
        prof.model_run("det", np.zeros((1, 3, 64, 64), np.float32), 0.3)
        prof.model_run("det", np.ones((1, 3, 64, 64), np.float32), 0.5)
    (who,) = prof.caller_cpu["page:0|det"]
    assert prof.caller_cpu["page:0|det"][who] == pytest.approx(0.8)
    booklet = _booklet() | {"caller_cpu": {"page:0|rec": {"_scan._read_page": 1.0},
                                           "normalise|det": {"_pages.upright": 0.4}}}
    s = sp.summarise([booklet, booklet])
    assert s["caller_cpu"]["rec | information | _scan._read_page"] == pytest.approx(2.0)
    assert s["caller_cpu"]["det | normalise | _pages.upright"] == pytest.approx(0.8)
    text = sp.report(s)
    assert " 25.0 %    2.00 s" in text  # 2.0 of the 8.0 CPU seconds of two booklets
