"""Offices read from a date stamp's ring (issue 12, session 16).

- A ring showing the end of the booklet's office cut mid-name (翼蒙古族自治县教育局 of
  朝阳市喀喇沁左翼蒙古族自治县教育局) fitted, as exactly, the same county's office under the
  prefecture's older name (朝阳地区…) and with its province: no evidence against the booklet.
- A date row that ran into the ring's lettering (2021.07.01m) was no date row, so the ring
  around it was never read.
"""

from __future__ import annotations

import pytest

from scanning import _date_stamp
from scanning._ocr import Line
from scanning._office_match import match
from scanning._sections import decode_sticker
from scanning._stickers import group
from tests.scanning.test_registration_office_date_stamp import FIELD, _entry

BOOK = "朝阳市喀喇沁左翼蒙古族自治县教育局"


@pytest.mark.parametrize(
    ("read", "offices", "office"),
    [
        ("翼蒙古族自治县教育局", [BOOK], BOOK),  # the end, cut mid-name
        ("蒙古族自治县教育局", [BOOK], None),  # also 阜新蒙古族自治县教育局 …
        ("翼蒙古族自治县教育局", [], None),  # no booklet office: which form?
        ("斯蒙古族自治县教育局", [BOOK], None),  # 前郭尔罗斯… fits exactly, the booklet's not
        ("朝阳区教育局", ["北京市朝阳区教育局"], "北京市朝阳区教育局"),  # a whole name, as before
    ],
)
def test_a_ring_showing_the_booklet_offices_end_names_it(read, offices, office):
    assert match(read, offices).name == office


def test_a_date_row_run_into_the_ring_still_finds_its_ring():
    image, lines = _entry("山西省教育厅")
    lines[2] = Line("2019.01.01m", 0.99, lines[2].box)  # a stroke of the ring read as m
    (s,) = group(lines)
    assert s.date is not None and s.authority is None
    s, found = _date_stamp.named(image, s, ["山西省教育厅"], FIELD)
    entry, more, _ = decode_sticker(s, 0)
    assert entry["authority"] == "山西省教育厅"
    assert not any(f.blocking for f in found + more)


@pytest.mark.parametrize(
    ("text", "said", "row"),
    [
        ("2021.07.01", "2021.07.01", True),
        ("2021.07.01m", "2021.07.01", True),
        ("2021.07.01局", "2021.07.01", False),  # a letter of the name: another row
        ("2021.07.01abc", "2021.07.01", False),
        ("注册日期2021.07.01", "2021.07.01", False),
    ],
)
def test_date_only(text, said, row):
    assert _date_stamp._date_only(text, said) is row
