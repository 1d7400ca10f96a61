"""A standard wording read in full whose readings differ only in a comma some views lost is
settled as read: the wording decides the mark, and the entry needs no review for it."""

from __future__ import annotations

import pytest

from scanning._ocr import Reading
from scanning._remark_marks_lost import settle
from tests.scanning._remark_lines import ln, sure
from tests.scanning._remark_lines import reread as _reread

LINE = "2020年02月09日证书遗失，予以补发"


def test_a_comma_two_views_of_three_read_is_decided_by_the_wording():
    lines = [(LINE, [LINE, LINE, "2020年02月09日证书遗失予以补发"])]
    got = settle("证书遗失，予以补发", lines)
    assert got is not None and got.text == "证书遗失，予以补发" and got.decides


def test_readings_that_agree_or_differ_in_more_than_lost_marks_are_not_settled():
    assert settle("证书遗失，予以补发", [(LINE, [LINE, LINE])]) is None  # nothing to decide
    other_mark = [(LINE, [LINE, "2020年02月09日证书遗失。予以补发"])]
    assert settle("证书遗失，予以补发", other_mark) is None
    other_digit = [(LINE, [LINE, "2020年02月08日证书遗失予以补发"])]
    assert settle("证书遗失，予以补发", other_digit) is None
    lost = [(LINE, [LINE, "2020年02月09日证书遗失予以补发"])]
    assert settle("证书遗失，予以补发", lost, doubted=[0]) is None  # a doubted line
    # the chosen comma no view read (a composite) is not seen
    composite = [(LINE, ["2020年02月09日证书遗失予以补发"] * 2)]
    assert settle("证书遗失，予以补发", composite) is None
    # free wording: no standard decides its marks
    free = "2020年02月09日证书遗失，已登报声明作废"
    assert settle("证书遗失，已登报声明作废", [(free, [free, free.replace("，", "")])]) is None


def _unsure_comma(text: str) -> Reading:
    """``text`` read surely but for its comma (a faint hand-written one)."""
    return Reading(text, 0.95, tuple(((c, 0.6 if c == "，" else 0.99),) for c in text))


def test_the_entry_whose_comma_one_view_lost_needs_no_review(monkeypatch: pytest.MonkeyPatch):
    line = ln(LINE, 60, 120, 400)
    lost = sure("2020年02月09日证书遗失予以补发")
    by_box = {str(line.box): [_unsure_comma(LINE), _unsure_comma(LINE), lost]}
    note, found, _ = _reread(monkeypatch, by_box, [line])
    assert note["text"] == "证书遗失，予以补发" and note["date"] == "2020-02-09"
    assert not [f for f in found if f.blocking], found
