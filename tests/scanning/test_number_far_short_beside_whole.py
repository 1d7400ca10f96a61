"""A reading far short of a number (a phone photo's 201445°3.8 beside two readings of all 17
digits) whose digits each whole reading holds in order is set aside: it tells nothing of the
digits, yet its stray characters' odds would pick a digit no whole reading read."""

from __future__ import annotations

from scanning._decide import decode
from scanning._decide_numbers import beside_whole
from scanning._ocr import Reading
from tests.scanning.test_accept import sure
from tests.scanning.test_decode import CERT, TODAY, TRUTH

# The value's digit 8 (0) read 0 at 58 %, 9 at 41 %; the far-short reading's ° at position 8
# offers 9 at 1 % and not 0.
_DOUBT = {7: ("9", 0.41)}
_JUNK = Reading(CERT[:7] + "°1.3", 0.8, tuple(
    [((ch, 0.99),) for ch in CERT[:7]]
    + [(("°", 0.56), ("%", 0.07), ("9", 0.011)), (("1", 0.9),), ((".", 0.5),), (("3", 0.9),)]
))


def _readings(number: list[Reading]) -> dict[str, list[Reading]]:
    base = {k: [Reading(t, 0.98), Reading(t, 0.97)] for k, t in TRUTH.items()}
    return {**base, "certificate_number": number}


def _whole(score: float) -> Reading:
    r = sure(CERT, _DOUBT)
    return Reading(r.text, score, r.alternatives)


def test_far_short_reading_consistent_with_every_whole_one_is_set_aside() -> None:
    whole = [_whole(0.94), Reading(CERT[:13] + "8" + CERT[14:], 0.9, ()), _whole(0.93)]
    assert beside_whole("certificate_number", [_JUNK, *whole]) == whole


def test_far_short_reading_contradicting_a_whole_one_is_kept() -> None:
    against = Reading(CERT[:7] + "°7.7", 0.8, ())  # 7: no digit of the whole readings
    whole = [_whole(0.94), Reading(CERT[:16] + "4", 0.9, ())]
    assert beside_whole("certificate_number", [against, *whole]) == [against, *whole]


def test_far_short_readings_beside_one_whole_reading_are_kept() -> None:
    # Two readings of the one same text are one whole reading, not two.
    whole = [_whole(0.94), _whole(0.94)]
    assert beside_whole("certificate_number", [_JUNK, *whole]) == [_JUNK, *whole]


def test_reading_two_digits_short_is_kept() -> None:
    short = Reading(CERT[:15], 0.9, ())
    whole = [_whole(0.94), Reading(CERT, 0.9, ())]
    assert beside_whole("certificate_number", [short, *whole]) == [short, *whole]


def test_whole_readings_decide_the_digit_not_the_far_short_reading() -> None:
    # The two whole readings also differ at digit 14 (8 at 55 % beside 0 at 44 %).
    other = sure(CERT[:13] + "8" + CERT[14:], {**_DOUBT, 13: ("0", 0.44)})
    number = [_JUNK, _whole(0.94), Reading(other.text, 0.93, other.alternatives)]
    got = decode(_readings(number), TODAY)["certificate_number"]
    assert got.value == CERT
    assert got.blocking  # 0 at 58 % beside 9 at 41 % is still no sure digit
