"""A ledger's date whose dots a bitonal scan lost (2025.03.19 read 2025 03 19) is still the
entry's date: two entries of a ledger are not run together into one without a date."""

from __future__ import annotations

from scanning._remark_cn import find
from tests.scanning.test_remarks import TITLE, ln, read


def test_a_date_whose_dots_were_lost_is_read():
    [f] = find("2025 03 19 出生日期更正为1981年")
    assert (f.start, f.end, f.read.value) == (0, 10, "2025-03-19")
    assert find("身份证号码 3705 2219 8308") == []  # no year, no date
    assert find("2025 03 1933") == []  # digits run on: no date's groups


def test_ledger_rows_whose_dates_lost_their_dots_are_two_entries():
    lines = [
        TITLE,
        ln("2025 03 19", 74, 280, 100, 38),
        ln("出生日期更正为1981年", 277, 280, 317, 38),
        ln("8月27日，特此说明", 277, 316, 270, 41),
        ln("2025 05 16", 72, 386, 100, 37),
        ln("原证遗失，经本人申请予以", 277, 386, 378, 37),
        ln("补发，证书号码不变", 277, 421, 286, 41),
    ]
    assert read(lines) == [
        ("2025-03-19", "出生日期更正为1981年8月27日，特此说明"),
        ("2025-05-16", "原证遗失，经本人申请予以补发，证书号码不变"),
    ]
