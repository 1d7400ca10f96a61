"""A numeric remark date whose dots a seal's star hid (2015.2.12 read 2015 2 12) keeps its
groups apart when the readings are compared: taking the spaces out ran them into one number
(2015212), no date, and a re-reading that lost a digit (201522) won the vote."""

from __future__ import annotations

from scanning._ocr import Reading
from scanning._remark_cn import dotted
from scanning._remarktext import choose


def test_a_date_read_with_spaces_for_its_dots_stays_a_date() -> None:
    got = choose([Reading("2015 2 12", 0.86), Reading("201522", 0.93), Reading("201522", 0.92)])
    assert got.text == "2015.2.12"


def test_spaces_become_dots_only_in_a_whole_date() -> None:
    assert dotted("2015 2 12") == "2015.2.12"
    assert dotted("2015  02 12日") == "2015. 02.12日"  # one character for one
    assert dotted("证书 2015 2 补发") == "证书 2015 2 补发"  # two groups are no date
    assert dotted("20152 2 1") == "20152 2 1"


def test_a_spaced_date_s_alternatives_stay_aligned() -> None:
    alts = tuple(((ch, 0.9),) for ch in "2015 2 12")
    got = choose([Reading("2015 2 12", 0.86, alts), Reading("2015.2.12", 0.9)])
    assert got.text == "2015.2.12"
