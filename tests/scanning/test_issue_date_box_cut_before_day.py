"""A written issue date whose box ended before its day (二〇二二年十二月二十 where a seal's ring
crosses the line) is re-read from a box stretched right over the day, unless another field's
box stands there (no OCR)."""

from __future__ import annotations

from scanning._date_reach import cut_before_day, reached
from scanning._fields import RawField


def _raw(text: str, right_of: tuple[int, int, int, int] | None = None) -> dict[str, RawField]:
    raw = {"issue_date": RawField(text, 0.9, (40, 900, 460, 940), 0),
           "certificate_number": RawField("20222352622007775", 0.9, (240, 740, 440, 770), 0)}
    if right_of is not None:
        raw["issuing_authority"] = RawField("绥化市肇东市教育局", 0.9, right_of, 0)
    return raw


def test_a_date_read_without_its_day_mark_is_cut_before_it() -> None:
    assert cut_before_day("二〇千二年十二月二十")
    assert cut_before_day("2004年9月1")
    assert not cut_before_day("二〇二二年十二月二十八日")
    assert not cut_before_day("2004.09.18")


def test_its_box_is_stretched_right_over_the_day() -> None:
    got = reached(_raw("二〇千二年十二月二十"), 780)["issue_date"]
    assert got.box == (40, 900, 460 + 4 * 40, 940)
    assert got.text == "二〇千二年十二月二十"
    assert reached(_raw("二〇千二年十二月二十"), 500)["issue_date"].box[2] == 500  # the page


def test_no_stretch_over_another_field_or_for_a_whole_date() -> None:
    assert reached(_raw("二〇千二年十二月二十", (500, 905, 700, 935)), 780) == {}
    assert reached(_raw("二〇二二年十二月二十八日"), 780) == {}
