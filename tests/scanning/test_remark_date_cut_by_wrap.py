"""A date inside a remark's sentence (出生日期更正为2000年3月1日) that the row's end cut after
its first digits is the text's date: the next row opening with its rest opens no entry."""

from __future__ import annotations

from tests.scanning.test_remarks import TITLE, flags, ln, read

# Grey scan of a date-first page: the first entry's text wraps inside the corrected birth date.
LINES = [
    TITLE,
    ln("2024年3月21日出生日期更正为2", 92, 194, 486, 38),
    ln("000年3月1日，特此说明", 122, 244, 343, 37),
    ln("2025.08.28经核实，持证人性", 90, 311, 439, 38),
    ln("别更正为“女”", 119, 355, 214, 44),
]


def test_a_date_cut_after_its_first_digits_stays_in_the_sentence():
    assert read(LINES) == [
        ("2024-03-21", "出生日期更正为2000年3月1日，特此说明"),
        ("2025-08-28", "经核实，持证人性别更正为“女”"),
    ]
    assert flags(LINES) == [[], []]


def test_digits_after_a_word_that_leads_to_no_date_still_part_entries():
    # 原证书编号尾号为 7 is no date: the next row's date opens an entry of its own
    lines = [
        TITLE,
        ln("2024年3月21日原证书尾号为7", 92, 194, 486, 38),
        ln("2025年3月1日，经核实，信息无误", 122, 244, 343, 37),
    ]
    assert [d for d, _ in read(lines)] == ["2024-03-21", "2025-03-01"]
