"""Readings of a remark line that differ only in a mark's width (the entry's number 2. / 2．)
read the same line: no rival that leaves the lexicon's choice unproven."""

from __future__ import annotations

from scanning._ocr import Reading
from scanning._remarktext import choose


def _readings(*texts: str) -> list[Reading]:
    return [Reading(t, 0.9) for t in texts]


def test_a_numbers_dot_in_two_widths_is_no_rival() -> None:
    line = "2. 2026年5月7日，原证书遗失，经本人申请，"
    c = choose(_readings(line, line.replace(".", "．"), line.replace(".", "．")), "予以补发")
    assert c.text == "2．2026年5月7日，原证书遗失，经本人申请，"
    assert not c.rivalled and c.proved and not c.doubt


def test_two_phrases_of_the_lexicon_stay_rivals() -> None:
    c = choose(_readings("证书遗失，予以补发", "证书遗失，予以换发", "证书遗失，予以补发"))
    assert c.rivalled and not c.proved
