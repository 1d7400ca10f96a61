"""A date reading that lost only a separator (hand-built readings, no OCR): it read the value's
digits, so the guess its own corrections make from the broken text is no rival; it does not
confirm the value either. A reading that lost or changed a digit still disputes it."""

from __future__ import annotations

from dataclasses import replace

from scanning._ocr import Reading
from tests.scanning.test_accept import sure
from tests.scanning.test_decode import CERT, accepted, alts, codes, flagged, run

CERT_2021 = "2021" + CERT[4:]  # issued in 2021, the year of the dates below


def _issue(*texts: str) -> list[Reading]:
    return [replace(sure(t), score=0.99 - 0.005 * i) for i, t in enumerate(texts)]


def _broken() -> Reading:
    """2021.0617 as the engine gave it: the day's 1 doubted (2 at 13 %, "." at 0.6 %)."""
    return alts("2021.0617", {7: (("1", 0.82), ("2", 0.13), (".", 0.006)),
                              8: (("7", 0.96), ("1", 0.03))})


def test_a_reading_that_lost_a_separator_does_not_dispute_two_sure_readings() -> None:
    # 2021.0617: the dot between month and day lost; single substitutions make 2021-06-07 of it.
    broken = _broken()
    out = run(issue_date=[broken, *_issue("2021.06.17", "2021.06.17")],
              certificate_number=CERT_2021)
    assert accepted(out["issue_date"], "2021-06-17")


def test_a_reading_that_lost_a_digit_still_disputes() -> None:
    # 2021.06.7 is another real date (06-07): a digit lost there may be the sure readings' error.
    out = run(issue_date=_issue("2021.06.7", "2021.06.17", "2021.06.17"),
              certificate_number=CERT_2021)
    assert flagged(out["issue_date"]) and "unconfirmed" in codes(out["issue_date"])


def test_a_reading_with_the_same_digits_does_not_confirm_alone() -> None:
    # Only one sure reading beside the broken one: two confirmations are still needed.
    broken = _broken()
    out = run(issue_date=[broken, sure("2021.06.17")],
              certificate_number=CERT_2021)
    assert flagged(out["issue_date"])
