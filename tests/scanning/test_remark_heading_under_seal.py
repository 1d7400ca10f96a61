"""The 备注 heading read with a seal's ring lettering over it, its box made tall by the seal."""

from __future__ import annotations

from tests.scanning.test_remarks import ln, read

# A seal over the heading: its ring's 宗县 read on the heading's line, the box 73 px tall.
HEADING = ln("宗县备注", 300, 89, 131, 73)


def test_a_heading_a_seal_made_tall_is_no_text_of_the_entry_below():
    lines = [HEADING, ln("2021.10.02 原证书污损，经本人申请同意换发", 74, 194, 608, 39)]
    assert read(lines) == [("2021-10-02", "原证书污损，经本人申请同意换发")]


def test_a_line_ending_in_beizhu_above_a_bare_date_stays_text():
    lines = [ln("详见备注", 60, 120, 160), ln("2019年5月10日", 60, 152, 250)]
    assert read(lines) == [("2019-05-10", "详见备注")]
