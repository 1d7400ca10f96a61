"""A subject read both cut and whole (幼 beside 幼国园): the cut reads are dropped when the
longer read is, or snaps to, exactly one listed subject; the snap stays a correction the
decoder records (hand-made readings, no OCR)."""

from __future__ import annotations

from scanning._ocr import Reading
from scanning._subject import whole_reads
from tests.scanning.test_decode import codes, flagged, run


def _texts(*texts: str) -> list[str]:
    return [r.text for r in whole_reads([Reading(t, 0.9) for t in texts])]


def test_a_cut_start_beside_a_read_that_snaps_is_dropped() -> None:
    assert _texts("幼国园", "幼", "幼") == ["幼国园"]
    assert _texts("艺", "艺术") == ["艺术"]


def test_a_listed_short_read_or_an_unsnapped_longer_read_keeps_every_read() -> None:
    assert _texts("政治", "政治学") == ["政治", "政治学"]  # 政治 is listed itself
    assert _texts("幼", "幼甲乙丙") == ["幼", "幼甲乙丙"]  # the longer read snaps to nothing
    assert _texts("幼", "幼") == ["幼", "幼"]


def test_the_decoded_subject_is_the_whole_entry_flagged_when_one_read_chose_it() -> None:
    out = run(subject=[Reading("幼国园", 0.9), Reading("幼", 0.95), Reading("幼", 0.95)])
    assert out["subject"].value == "幼儿园" and flagged(out["subject"])
    assert "unconfirmed" in codes(out["subject"])
    lone = run(subject=[Reading("幼", 0.95), Reading("幼", 0.95)])
    assert flagged(lone["subject"])


def test_two_whole_reads_decide_as_without_the_cut_one() -> None:
    whole = [Reading("幼儿园", 0.95), Reading("幼儿园", 0.9)]
    out = run(subject=[*whole, Reading("幼", 0.95)])
    assert out["subject"].value == "幼儿园"
    assert "unconfirmed" not in codes(out["subject"])
