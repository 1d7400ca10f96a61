"""The OCR wrapper: CTC decoding with per-character alternatives, re-readings, offline engine."""

from __future__ import annotations

import numpy as np
import pytest

from scanning import _ocr
from tests.scanning._drawn import field as _field

CHARSET = ["blank", "0", "1", "8", "B", "年", "午", " "]


def _probs(steps: list[dict[str, float]]) -> np.ndarray:
    """A (steps × classes) matrix; what a step does not name goes to the blank."""
    out = np.zeros((len(steps), len(CHARSET)), np.float32)
    for t, step in enumerate(steps):
        for ch, p in step.items():
            out[t, CHARSET.index(ch)] = p
        out[t, 0] = max(0.0, 1.0 - out[t].sum())
    return out


def test_ctc_collapses_repeats_and_blanks_like_greedy_decoding():
    # "1 1 _ 1 8 8 _ _ 0": the run of 1s is one character, the blank separates a second 1.
    steps = [{"1": 0.9}, {"1": 0.8}, {}, {"1": 0.7}, {"8": 0.6, "B": 0.3}, {"8": 0.9}, {}, {},
             {"0": 0.95}]
    r = _ocr.ctc_decode(_probs(steps), CHARSET)
    assert r.text == "1180"
    assert len(r.alternatives) == len(r.text)
    assert [a[0][0] for a in r.alternatives] == list(r.text)
    # Over the run of 8s the strongest competitor was B (0.3 at the first step of the run).
    assert r.alternatives[2][1] == ("B", pytest.approx(0.3))
    assert r.alternatives[2][0] == ("8", pytest.approx(0.9))
    # Mean over characters of their peak probability in their run.
    assert r.score == pytest.approx(np.mean([0.9, 0.7, 0.9, 0.95]), abs=1e-4)


def test_width_variants_do_not_lower_the_score():
    # ： and : split the belief; the text is not in doubt, so the score stays high.
    charset = ["blank", "：", ":", "1"]
    probs = np.array([[0.0, 0.0, 0.0, 0.99], [0.0, 0.6, 0.4, 0.0]], np.float32)
    probs[:, 0] = 1 - probs.sum(axis=1)
    r = _ocr.ctc_decode(probs, charset)
    assert r.text == "1："
    assert [c for c, _ in r.alternatives[1]] == ["：", ":"]
    assert r.score == pytest.approx((0.99 + 1.0) / 2, abs=1e-4)


def test_alternative_is_the_runner_up_at_a_misread_position():
    # A date misread as 年 → 午: the alternatives keep 年 for the decoder to choose.
    r = _ocr.ctc_decode(_probs([{"1": 0.99}, {}, {"午": 0.55, "年": 0.44}]), CHARSET)
    assert r.text == "1午"
    assert [c for c, _ in r.alternatives[1]] == ["午", "年"]


def test_blank_is_never_an_alternative_and_empty_reads_as_nothing():
    r = _ocr.ctc_decode(_probs([{"0": 0.6}]), CHARSET)
    assert all(c != "blank" for alts in r.alternatives for c, _ in alts)
    empty = _ocr.ctc_decode(_probs([{}, {}]), CHARSET)
    assert (empty.text, empty.score, empty.alternatives) == ("", 0.0, ())


def test_a_certain_character_has_no_rival_but_a_rival_anywhere_in_its_run_is_kept():
    sure = _ocr.ctc_decode(_probs([{"8": 0.9995}, {"8": 0.9999}]), CHARSET)
    assert sure.alternatives == ((("8", pytest.approx(0.9999)),),)
    # Certain at the first step of the run, doubtful at the second: B stays a candidate.
    doubt = _ocr.ctc_decode(_probs([{"8": 0.9999}, {"8": 0.7, "B": 0.29}]), CHARSET)
    assert [c for c, _ in doubt.alternatives[0]] == ["8", "B"]


def test_alternatives_are_sorted_and_capped():
    many = {"1": 0.3, "8": 0.2, "B": 0.15, "年": 0.12, "午": 0.1, "0": 0.08, " ": 0.05}
    r = _ocr.ctc_decode(_probs([many]), CHARSET)
    probs = [p for _, p in r.alternatives[0]]
    assert len(probs) == _ocr.TOP_K
    assert probs == sorted(probs, reverse=True)


@pytest.mark.slow
@pytest.mark.usefixtures("fonts_available")
def test_readings_align_with_text_for_real_crops():
    pieces = [(_field(t, seal=i == 1), (10, 5, 40 + 32 * len(t) - 10, 55))
              for i, t in enumerate(["20190412345678901", "武汉市教育局"])]
    got = _ocr.readings(pieces)
    assert len(got) == 2
    assert [len(v) for v in _ocr.readings(pieces, red=False)] == [1, 1]
    for views, truth in zip(got, ["20190412345678901", "武汉市教育局"], strict=True):
        assert len(views) >= 2
        assert [v.score for v in views] == sorted((v.score for v in views), reverse=True)
        assert views[0].text == truth
        for v in views:
            assert len(v.alternatives) == len(v.text)
            assert all(a[0][0] == ch for a, ch in zip(v.alternatives, v.text, strict=True))


@pytest.mark.slow
@pytest.mark.usefixtures("fonts_available")
def test_recognise_matches_the_engine_and_never_downloads(monkeypatch):
    from rapidocr.ch_ppocr_rec import TextRecInput
    from rapidocr.inference_engine.onnxruntime import main as ort_main
    from rapidocr.utils import download_file

    def no_download(*_a: object, **_k: object) -> None:
        raise AssertionError("rapidocr tried to download a model")

    monkeypatch.setattr(download_file.DownloadFile, "run", staticmethod(no_download))
    monkeypatch.setattr(ort_main.DownloadFile, "run", staticmethod(no_download))
    monkeypatch.setattr(_ocr, "_ENGINE", None)  # built here, under the patch
    crops = [_field("2019年11月24日"), _field("雁塔区教育局")]
    ours = _ocr.recognise(crops)
    theirs = _ocr.engine().text_rec(TextRecInput(img=crops)).txts
    assert [t for t, _ in ours] == list(theirs) == ["2019年11月24日", "雁塔区教育局"]


@pytest.mark.slow
@pytest.mark.usefixtures("fonts_available")
def test_page_lines_carry_aligned_alternatives():
    page = np.full((300, 700, 3), 255, np.uint8)
    page[40:100, 20:20 + _field("姓名：王芳").shape[1]] = _field("姓名：王芳")
    page[160:220, 20:20 + _field("2019年11月24日").shape[1]] = _field("2019年11月24日")
    lines = _ocr.read(page)
    assert [ln.text for ln in lines] == ["姓名：王芳", "2019年11月24日"]
    for ln in lines:
        assert ln.reading.text == ln.text
        assert [a[0][0] for a in ln.alternatives] == list(ln.text)


def test_line_equality_ignores_alternatives():
    a = _ocr.Line("王芳", 0.9, (0, 0, 10, 10), ((("王", 0.9),), (("芳", 0.8), ("方", 0.1))))
    assert a == _ocr.Line("王芳", 0.9, (0, 0, 10, 10))
    assert a.reading == _ocr.Reading("王芳", 0.9, a.alternatives)


def test_empty_inputs():
    assert _ocr.recognise([]) == []
    assert _ocr.readings([]) == []
    assert _ocr.upside_down_share([]) == 0.0
