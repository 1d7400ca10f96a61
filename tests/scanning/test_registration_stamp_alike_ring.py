"""A date stamp's ring read with one letter as a look-alike (路/略 for 喀) and its last letter
lost: every read is a character from the booklet's office once the look-alike is taken for the
letter it looks like, and no other office fits as well, so the office is the booklet's
(``_office_match.alike_together``). Two unlike letters, or another office as close, leave the
entry flagged."""

from __future__ import annotations

import pytest

from scanning._office_match import alike_fit, alike_together, together

OFFICE = "日喀则市谢通门县教育局"
READS = ["路则市谢通门县教育", "略则市谢通门县教育", "路则市谢通门县教育"]


@pytest.mark.slow  # the vocabulary's index is built once a process
def test_a_look_alike_letter_and_a_lost_one_name_the_booklets_office():
    assert together(READS, [OFFICE]).name is None  # each read is two characters off
    assert alike_fit(READS[1], OFFICE) == 1
    got = alike_together(READS, [OFFICE])
    assert got.name == OFFICE and got.cost == 1


def test_unlike_letters_are_not_taken_for_the_office():
    # 考总 for 教育: neither pair looks alike, the seal's office stays unread
    assert alike_together(["湖州市安吉县考总局", "湖州市安吉县总局"], ["安吉县教育局"]).name is None


@pytest.mark.slow
def test_another_office_as_close_leaves_it_open():
    # 汪 looks like 江, but also like 洼 of another county's office
    assert alike_together(["汪县教育", "汪县教育"], ["江县教育局"]).name is None


def test_one_read_is_not_enough():
    assert alike_together(READS[:1], [OFFICE]).name is None
