"""Remarks read wrong on hand-written entries with seals: a character every
view of a standard wording lost, a tie of readings on a dated line, a grey seal's centre line
read into an entry."""

from __future__ import annotations

import numpy as np
import pytest

from scanning import _remark_dropped, _remark_standard, _sealtext
from scanning._ocr import Line
from scanning._remark_doubt import odd_text
from scanning._remark_dropped import settle
from scanning._remarks import entries
from scanning._seal_shape import Ring
from tests.scanning._remark_lines import ISSUED, TITLE, ln, sure
from tests.scanning._remark_lines import reread as _reread

# -- a lost character put back ---------------------------------------------------------------


def test_a_character_one_view_read_and_the_others_lost_is_put_back_as_proven():
    # 以补发 / 于以发 / 予以发: each view lost another character; together they read the wording.
    lines = [
        ("2019年3月24日", ["2019年3月24日"] * 3),
        ("原证书因保管不慎遗失", ["原证书因保管不慎遗失", "原证书因保管不慎遗关"]),
        ("经本人申请，以补发", ["经本人申请，以补发", "经本人申请，于以发", "经本人申请，予以发"]),
    ]
    got = settle("原证书因保管不慎遗失，经本人申请，以补发", lines)
    assert got is not None
    assert (got.text, got.inserted, got.seen) == (
        "原证书因保管不慎遗失，经本人申请，予以补发",
        "予",
        True,
    )


def test_a_character_no_view_read_is_put_back_for_a_person_to_confirm():
    lines = [
        ("证书污损，经本人申请以换发", ["证书污损，经本人申请以换发", "证书污损，经本人申换发"]),
        ("2018年4月18日", ["2018年4月18日", "208年4月18日"]),  # a date line: the date rules'
    ]
    got = settle("证书污损，经本人申请以换发", lines)
    assert got is not None
    assert (got.text, got.inserted, got.seen) == ("证书污损，经本人申请予以换发", "予", False)


def test_a_reading_with_a_character_the_wording_lacks_leaves_the_text_as_read():
    lines = [
        (
            "证书污损，经本人申请以换发",
            ["证书污损，经本人申请以换发", "证书污损，经本人申请可以换发"],
        )
    ]
    assert settle("证书污损，经本人申请以换发", lines) is None
    # … and a read with a character of its own is no wording with one lost
    assert settle("证书污损，经本人申请可以换发", [("证书污损，经本人申请可以换发", [])]) is None


def test_a_lost_character_two_wordings_could_fill_stays_in_doubt(monkeypatch: pytest.MonkeyPatch):
    both = ("证书遗失，予以补发", "证书遗失，予以换发")
    monkeypatch.setattr(_remark_dropped, "STANDARD", both)
    monkeypatch.setattr(_remark_standard, "STANDARD", both)
    assert settle("证书遗失，予以发", [("证书遗失，予以发", ["证书遗失，予以发"])]) is None


def test_a_lost_character_is_not_put_back_where_readings_differ_in_a_digit():
    lines = [("2024年10月24日证书遗失，予以发", ["2024年10月21日证书遗失，予以发"])]
    assert settle("证书遗失，予以发", lines) is None
    # a doubted line holding digits: the character is put back, its doubt left to a person
    got = settle("证书遗失，予以发", [(lines[0][0], [lines[0][0]])], [0])
    assert got is not None and not got.decides


def test_a_mark_read_where_the_wording_has_none_keeps_the_text_as_read():
    assert settle("证书污损。经本人申请以换发", [("证书污损。经本人申请以换发", [])]) is not None
    assert settle("证书污损，经本人申请，以换发", [("证书污损，经本人申请，以换发", [])]) is None


def test_a_settled_text_is_judged_for_odd_characters_as_settled():
    text = ln("2023.12.10原证书因保管不慎遗失.", 60, 70)
    more = ln("经本人申请，予以补发", 60, 120)
    [entry] = entries([TITLE, text, more], ISSUED)
    assert odd_text(entry) is not None  # the '.' read for a comma
    assert odd_text(entry, "原证书因保管不慎遗失，经本人申请，予以补发") is None


# -- in the remark reader ------------------------------------------------------------------------


def test_a_tie_of_readings_on_a_dated_line_is_decided_by_the_wording(
    monkeypatch: pytest.MonkeyPatch,
):
    # '.' / '。' read for a hand-written comma, on the line that holds the date: the readings
    # tie, all with the same digits; the wording decides the mark, the date stays as read.
    head = ln("2023.12.10原证书因保管不慎遗失.", 60, 70)
    tail = ln("经本人申请，予以补发", 60, 120)
    by_box = {
        str(head.box): [
            sure("2023.12.10原证书因保管不慎道失。"),
            sure("2023.12.10原证书因保管不慎遗失。"),
        ],
        str(tail.box): [sure("经本人申请，予以补发")] * 2,
    }
    note, found, _ = _reread(monkeypatch, by_box, [head, tail])
    assert note == {"date": "2023-12-10", "text": "原证书因保管不慎遗失，经本人申请，予以补发"}
    assert all(f.severity == "note" for f in found), found
    # Readings that tie over a digit of the date are never decided by the wording.
    by_box[str(head.box)] = [
        sure("2023.12.16原证书因保管不慎遗失。"),
        sure("2023.12.10原证书因保管不慎遗失。"),
    ]
    note, found, _ = _reread(monkeypatch, by_box, [head, tail])
    assert any(f.severity == "warning" for f in found), found


def test_a_lost_character_no_view_read_is_put_back_and_flagged(monkeypatch: pytest.MonkeyPatch):
    text, date = ln("证书污损，经本人申请以换发", 60, 70), ln("2018年4月18日", 300, 120, 250)
    by_box = {
        str(text.box): [sure("证书污损，经本人申请以换发"), sure("证书污损，经本人申换发")],
        str(date.box): [sure("2018年4月18日")] * 2,
    }
    note, found, _ = _reread(monkeypatch, by_box, [text, date])
    assert note == {"date": "2018-04-18", "text": "证书污损，经本人申请予以换发"}
    [put] = [f for f in found if f.code == "corrected_text" and "standard" in (f.evidence or {})]
    assert put.severity == "warning" and put.evidence["inserted"] == "予"
    # One view that read it proves it: a note.
    by_box[str(text.box)] = [sure("证书污损，经本人申请予换发"), sure("证书污损，经本人申请以换发")]
    note, found, _ = _reread(monkeypatch, by_box, [text, date])
    assert note["text"] == "证书污损，经本人申请予以换发"
    assert all(f.severity == "note" for f in found), found


# -- a grey seal's centre line ---------------------------------------------------------------

PAGE = np.full((700, 760, 3), 245, dtype=np.uint8)
RING = Ring(390.0, 338.0, 73.0)
WRITING = [
    Line("证书污损，", 0.99, (85, 207, 245, 256)),
    Line("经本人申请予以发", 0.99, (83, 260, 394, 308)),
    Line("2018年02月22日", 0.99, (389, 319, 638, 368)),
]


def test_a_grey_seals_centre_line_read_garbled_is_no_remark_text():
    centre = Line("行级审注号用护", 0.6, (343, 357, 434, 387))
    assert _sealtext.unlettered(PAGE, [*WRITING, centre], [RING]) == WRITING


def test_writing_as_large_as_the_rest_or_with_a_phrase_or_outside_the_disc_is_kept():
    large = Line("行级审注", 0.6, (343, 345, 434, 393))  # as tall as the writing
    phrase = Line("予以补发", 0.9, (343, 357, 434, 387))
    above = Line("行级审注号用护", 0.6, (343, 290, 434, 320))  # over the star, not below it
    wide = Line("行级审注号用护", 0.6, (300, 357, 480, 387))  # out of the disc
    for line in (large, phrase, above, wide):
        assert line in _sealtext.unlettered(PAGE, [*WRITING, line], [RING]), line


def test_a_tie_whose_readings_hold_other_dates_is_not_decided_by_the_wording(
    monkeypatch: pytest.MonkeyPatch,
):
    # the same digits, another date (2023.12.10 / 2023.1.21 0…): the tie stays a doubt
    head = ln("2023.12.10原证书因保管不慎遗失.", 60, 70)
    tail = ln("经本人申请，予以补发", 60, 120)
    by_box = {
        str(head.box): [
            sure("2023.12.10原证书因保管不慎遗失。"),
            sure("2023.1.21原证书因保管不慎遗失0。"),
        ],
        str(tail.box): [sure("经本人申请，予以补发")] * 2,
    }
    _, found, _ = _reread(monkeypatch, by_box, [head, tail])
    assert any(f.severity == "warning" for f in found), found


# -- a Chinese-numeral date whose year lost two characters -----------------------------------


def test_a_bracketed_date_whose_year_lost_two_numerals_still_ends_its_entry():
    # (二四年十月三十一日) for 二〇〇四年: the next entry is not merged into this one; its date
    # is unreadable and flagged, never guessed.
    from scanning._remark_read import decode_remark

    first = ln("因原证书破损，经核实予以换发（二四年十月三十一日）", 105, 190, 535, 27)
    second = ln("持证人姓名由“孔永”更正为“孔书伟”（二○一三年五月", 103, 260, 530, 27)
    rest = ln("十一日）", 103, 299, 76, 27)
    got = entries([TITLE, first, second, rest], "2003-01-01")
    assert [(e.date.value if e.date else "-", e.text) for e in got] == [
        (None, "因原证书破损，经核实予以换发"),
        ("2013-05-11", "持证人姓名由“孔永”更正为“孔书伟”"),
    ]
    _, found, _ = decode_remark(got[0], 0, "2003-01-01")
    assert any(f.field == "annotations[0].date" and f.severity != "note" for f in found), found


def test_a_remark_read_as_a_fragment_is_flagged():
    # 发 alone: the line before it went unseen (a seal hid it from the detector)
    from scanning._remark_read import decode_remark

    got = entries(
        [TITLE, ln("发", 89, 347, 35, 36), ln("2020年01月09日", 496, 386, 168, 35)], ISSUED
    )
    _, found, _ = decode_remark(got[0], 0, ISSUED)
    assert [(f.code, f.severity) for f in found] == [("annotation_text", "warning")]
    fine = entries(
        [TITLE, ln("证书遗失，予以补发", 89, 347), ln("2020年01月09日", 496, 386, 168)], ISSUED
    )
    assert decode_remark(fine[0], 0, ISSUED)[1] == []
