"""A lone seal glyph (the star, one letter of the seal's lettering) a greyscale scan kept beside
or under the authority label is not taken for the authority: no authority is that short."""

from __future__ import annotations

from scanning._fields import info_fields
from scanning._ocr import Line
from tests.scanning.test_fields import FULL, LABELS, ln, texts

AUTH = "issuing_authority"


def _rows(below: bool, extra: list[Line], keep_value: bool = True) -> list[Line]:
    lines: list[Line] = []
    for i, key in enumerate(k for k in FULL if k != "ethnicity"):
        y = 60 + 80 * i
        lines.append(ln(LABELS[key], 40, y))
        if key != AUTH or keep_value:
            lines.append(ln(FULL[key], 40, y + 36) if below else ln(FULL[key], 260, y))
    return lines + extra


def _auth_y() -> int:
    return 60 + 80 * [k for k in FULL if k != "ethnicity"].index(AUTH)


def test_seal_letter_above_the_value_under_the_label_is_skipped():
    # Values under their labels; a letter of the seal's ring (数) stands between the label
    # and the authority: the nearest row is the letter, the value is the row after it.
    y = _auth_y()
    lines = _rows(below=True, extra=[ln("数", 160, y + 19)])
    lines = [ln(FULL[AUTH], 40, y + 42) if x.text == FULL[AUTH] else x for x in lines]
    assert info_fields(lines, 0)[AUTH].text == FULL[AUTH]


def test_star_right_of_the_label_is_no_value_and_the_band_is_re_read():
    # The value line was lost under the seal; only its star was detected right of the label:
    # the band right of the label is left to re-read instead of the star.
    y = _auth_y()
    lines = _rows(below=False, extra=[ln("☆", 270, y + 5, w=60, h=50)], keep_value=False)
    raw = info_fields(lines, 0)
    assert raw[AUTH].text == "" and raw[AUTH].score == 0.0


def test_a_short_value_of_another_field_is_still_taken():
    # Only the authority needs three characters: a one-character gender stays its value.
    assert texts(info_fields(_rows(below=True, extra=[]), 0))["gender"] == FULL["gender"]
    assert texts(info_fields(_rows(below=False, extra=[]), 0))[AUTH] == FULL[AUTH]


def test_authority_whose_label_the_seal_hid_is_found_by_its_shape():
    # The label 发证机关 was lost in the seal's lettering; the one unclaimed line ending in an
    # authority suffix is the authority (the decoder still checks it against the vocabulary).
    lines = [x for x in _rows(below=True, extra=[]) if x.text != LABELS[AUTH]]
    assert info_fields(lines, 0)[AUTH].text == FULL[AUTH]


def test_two_unclaimed_authority_shaped_lines_leave_the_authority_missing():
    # The seal's legend read whole beside the value: two fit, neither is taken.
    y = _auth_y()
    lines = [x for x in _rows(below=True, extra=[ln("广州市天河区教育局", 300, y + 90)])
             if x.text != LABELS[AUTH]]
    assert AUTH not in info_fields(lines, 0)
