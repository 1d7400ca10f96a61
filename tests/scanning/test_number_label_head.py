"""A number's re-read box that reaches back into its label catches the label's last character
(证书号码 → 码20176503732020234): the number is read as it is, and such readings confirm it;
a head that may be a digit, or one before a run short of the whole number, is left (hand-built
readings, no OCR)."""

from __future__ import annotations

from scanning._ocr import Reading
from scanning._rulesets import spec
from tests.scanning.test_decode import accepted, codes
from tests.scanning.test_decode_leaders import BOOK, TODAY, decode_book

NUMBER = BOOK["certificate_number"]  # a 新疆 (65) booklet of 2017: type 3, gender digit 2


def _run(**fields: list[str]) -> dict:
    return decode_book(0.98, **fields)


def _tidy(text: str) -> str:
    return spec("certificate_number", TODAY).tidy(Reading(text, 0.97)).text


def test_readings_with_the_labels_last_character_confirm_the_number() -> None:
    out = _run(certificate_number=[NUMBER, "码" + NUMBER, "码" + NUMBER])
    assert accepted(out["certificate_number"], NUMBER)
    assert "unconfirmed" not in codes(out["certificate_number"])


def test_the_label_head_is_cut_with_its_colon() -> None:
    assert _tidy("号码：" + NUMBER) == NUMBER
    assert _tidy("编号" + NUMBER) == NUMBER


def test_a_head_that_may_be_a_digit_is_kept() -> None:
    assert _tidy("一" + NUMBER) == "一" + NUMBER  # a written 1
    assert _tidy("〇" + NUMBER) == "〇" + NUMBER


def test_a_head_before_a_short_run_is_kept() -> None:
    # Sixteen digits: the head may stand where a digit was lost (a seal's stroke read as 码).
    assert _tidy("码" + NUMBER[1:]) == "码" + NUMBER[1:]
