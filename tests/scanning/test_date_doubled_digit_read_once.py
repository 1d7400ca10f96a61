"""A date reading that read a doubled digit once (2014年08月1日 for 2014年08月11日) and so pads
month and day unevenly (hand-built readings, no OCR): the recogniser's usual slip, and no
date as printed, so it does not dispute two sure readings of the value. A lost digit that
doubles nothing, or a reading padded evenly, still disputes."""

from __future__ import annotations

from tests.scanning.test_confirm_dates import _issue
from tests.scanning.test_decode import CERT, accepted, codes, flagged, run

CERT_2014 = "2014" + CERT[4:]


def test_a_doubled_day_digit_read_once_does_not_dispute() -> None:
    out = run(issue_date=_issue("2014年08月11日", "2014年08月1日", "2014年08月11日"),
              certificate_number=CERT_2014)
    assert accepted(out["issue_date"], "2014-08-11")


def test_a_doubled_month_digit_read_once_does_not_dispute() -> None:
    out = run(issue_date=_issue("2014.1.02", "2014.11.02", "2014.11.02"),
              certificate_number=CERT_2014)
    assert accepted(out["issue_date"], "2014-11-02")


def test_a_lost_digit_that_doubles_nothing_still_disputes() -> None:
    out = run(issue_date=_issue("2014年08月2日", "2014年08月12日", "2014年08月12日"),
              certificate_number=CERT_2014)
    assert flagged(out["issue_date"]) and "unconfirmed" in codes(out["issue_date"])


def test_an_evenly_written_short_day_still_disputes() -> None:
    # 2014年8月1日 is a date as a booklet prints it: the sure readings' 11 may be the error.
    out = run(issue_date=_issue("2014年8月1日", "2014年8月11日", "2014年8月11日"),
              certificate_number=CERT_2014)
    assert flagged(out["issue_date"]) and "unconfirmed" in codes(out["issue_date"])
