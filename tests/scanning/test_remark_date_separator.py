"""A remark date's separator read as a comma or a stop: the date's value is its digits."""

from __future__ import annotations

from scanning._ocr import Reading
from scanning._remarktext import choose


def _doubting(text: str, alts: dict[int, tuple[tuple[str, float], ...]]) -> Reading:
    chars = tuple(alts.get(k, ((c, 0.99),)) for k, c in enumerate(text))
    return Reading(text, 0.95, chars)


def test_a_date_whose_separator_is_doubted_between_a_comma_and_a_dot_is_no_doubt():
    # Read from a phone photo: 2013.09.08 written by hand, one view's dot read as a comma.
    a = _doubting("2013.09.08", {4: ((".", 0.74), (",", 0.26)), 7: ((".", 0.59), (",", 0.41))})
    b = _doubting("2013,09.08", {4: ((",", 0.59), (".", 0.41)), 7: ((".", 0.87), (",", 0.13))})
    c = _doubting("2013,09.08", {7: ((".", 0.53), (",", 0.47))})
    got = choose([a, b, c])
    assert not got.doubt and got.text == "2013，09.08"


def test_must_still_doubt_a_separator_a_reading_offers_a_digit_for():
    # 2013,09.08 or 2013709.08? A digit there makes another text, and the date's digits change.
    b = _doubting("2013,09.08", {4: ((",", 0.55), ("7", 0.40))})
    assert choose([b, b, b]).doubt
