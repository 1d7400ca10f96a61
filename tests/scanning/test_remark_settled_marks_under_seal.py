"""A grey seal over a remark line whose readings differed only in a comma the standard wording
settled (with a reading that saw it): the seal check judges the line with the wording's marks."""

from __future__ import annotations

from scanning._ocr import Line
from scanning._remark_settled_marks import _written, for_seal, marked
from scanning._remark_standard import Settled, settle
from scanning._remarktext import Choice
from scanning._seal_proof import remark_findings
from scanning._seal_shape import Ring

EM = 30
NAME = "annotations[0]"


def _line(text: str, readings: tuple[str, ...]) -> tuple[Line, Choice]:
    box = (100, 300, 100 + EM * len(text), 300 + EM)
    return Line(text, 0.95, box), Choice(text, True, readings=readings)


def _seal_over_end(ln: Line) -> Ring:
    """A seal whose chord covers the line's last five characters."""
    x1 = ln.box[2]
    return Ring(x1 - 2.5 * EM, 315, 2.5 * EM)


def _entry(*readings: str) -> tuple[list[tuple[Line, Choice]], str]:
    chosen = [_line(readings[0], readings)]
    return chosen, readings[0]


def test_a_comma_one_reading_saw_under_the_seal_is_judged_with_the_wording():
    chosen, text = _entry("证书遗失予以补发", "证书遗失，予以补发", "证书遗失予以补发")
    ring = _seal_over_end(chosen[0][0])
    settled = settle(text, [(ln.text, c.readings) for ln, c in chosen])
    assert settled is not None and settled.text == "证书遗失，予以补发"
    lines = [ln for ln, _ in chosen]
    # as read, the place of the lost comma lies under the seal: flagged
    assert [f.code for f in remark_findings(NAME, lines, chosen, [ring])] == ["text_under_seal"]
    sealed, judged = for_seal(lines, chosen, settled)
    assert sealed[0].text == "证书遗失，予以补发"
    assert remark_findings(NAME, sealed, judged, [ring]) == []


def test_readings_that_differ_in_a_character_keep_the_doubt():
    # one view lost 以 under the seal: the words were not read alike, nothing is vouched for
    chosen, _ = _entry("证书遗失予以补发", "证书遗失，予补发", "证书遗失予以补发")
    assert marked(chosen, Settled("证书遗失，予以补发", "证书遗失，予以补发", 1)) is None
    # nor does a comma only a free cell under the seal shows (no reading saw it)
    alike, _ = _entry("证书遗失予以补发", "证书遗失，予以补发", "证书遗失予以补发")
    wording = "证书遗失，予以补发"
    assert marked(alike, Settled(wording, wording, 1, roomed=True)) is None
    assert marked(alike, Settled(wording, wording, 1)) is not None


def test_a_wording_no_reading_proved_changes_nothing():
    chosen, _ = _entry("证书遗失予以补发", "证书遗失予以补发", "证书遗失予以补发")
    lines = [ln for ln, _ in chosen]
    assert for_seal(lines, chosen, None) == (lines, chosen)


def test_marks_are_written_at_the_wordings_places_across_lines_and_after_a_date():
    assert _written(["2013年7月17日证书遗失予以补发"], "证书遗失，予以补发") == [
        "2013年7月17日证书遗失，予以补发"
    ]
    wording = "原证书遗失，经本人申请，予以补发"
    assert _written(["原证书遗失", "经本人申请、予以补发。"], wording + "。") == [
        "原证书遗失，",
        "经本人申请，予以补发。",
    ]
    assert _written(["原证书遗失，", "经本人申请予以补"], wording) is None
