"""A reading that dissents only where its own engine offered the value's character is outvoted
by two sure readings; a reading that reads the value but doubts it is not (hand-built
readings, no OCR; see ``test_decode`` for the clean record)."""

from __future__ import annotations

from dataclasses import replace

from scanning._ocr import Reading
from tests.scanning.test_accept import sure
from tests.scanning.test_decode import CERT, accepted, codes, flagged, run


def _offering(text: str, at: int, runner: str, p: float) -> Reading:
    """``text`` read with ``runner`` offered at position ``at`` with probability ``p``."""
    per = tuple(((ch, 1.0 - p), (runner, p)) if i == at else ((ch, 0.999),)
                for i, ch in enumerate(text))
    return Reading(text, 0.95, per)


def _view(r: Reading) -> Reading:
    """The same characters read from another view (identical readings count once)."""
    return replace(r, score=r.score - 0.01)


SERIAL = 14  # a digit of the serial, which no rule checks
MISREAD = CERT[:SERIAL] + "8" + CERT[SERIAL + 1:]  # the page's view read 8 for 1


def test_serial_digit_misread_once_with_the_value_offered_is_outvoted() -> None:
    # The page view reads 8 (1 at 0.38 beside it); two sharp re-reads read 1 surely.
    out = run(certificate_number=[_offering(MISREAD, SERIAL, "1", 0.38), sure(CERT),
                                  _view(sure(CERT))])
    assert accepted(out["certificate_number"], CERT)


def test_serial_dissent_without_the_value_offered_stays_flagged() -> None:
    # The page view reads 8 and never thought of 1: two readings of one print disagree.
    out = run(certificate_number=[_offering(MISREAD, SERIAL, "3", 0.38), sure(CERT), sure(CERT)])
    assert flagged(out["certificate_number"])
    assert "unconfirmed" in codes(out["certificate_number"])


def test_serial_dissent_with_only_one_sure_reread_stays_flagged() -> None:
    out = run(certificate_number=[_offering(MISREAD, SERIAL, "1", 0.38), sure(CERT)])
    assert flagged(out["certificate_number"])


def test_reading_of_the_value_that_doubts_it_is_not_outvoted() -> None:
    # The value itself read with 8 at 0.3 beside its 1 (the 户/卢 case): two sure re-reads of
    # the same print do not outvote that doubt.
    out = run(certificate_number=[_offering(CERT, SERIAL, "8", 0.3), sure(CERT), sure(CERT)])
    assert flagged(out["certificate_number"])


def test_issue_date_day_misread_once_with_the_value_offered_is_outvoted() -> None:
    read = _offering("2015年07月07日", 9, "1", 0.2)  # 07 for 01, 1 offered
    out = run(issue_date=[read, sure("2015年07月01日"), _view(sure("2015年07月01日"))])
    assert accepted(out["issue_date"], "2015-07-01")


def test_issue_date_that_lost_a_digit_is_not_outvoted() -> None:
    # 2015年07月1日 from a page that lost a digit cannot be aligned with the value: no vote.
    read = _offering("2015年7月8日", 7, "1", 0.3)
    out = run(issue_date=[read, sure("2015年07月11日"), sure("2015年07月11日")])
    assert flagged(out["issue_date"])


def _specks(text: str, at: dict[int, tuple[str, float]]) -> Reading:
    per = tuple(((ch, 1.0 - at[i][1]), at[i]) if i in at else ((ch, 0.999),)
                for i, ch in enumerate(text))
    return Reading(text, 0.97, per)


def test_punctuation_runner_ups_are_no_doubt_about_a_number() -> None:
    # The page view offered "+", "." and "~" beside digits of the free part (specks of the
    # security pattern): no other number is read there, and two sure re-reads agree.
    page = _specks(CERT, {6: (".", 0.05), 7: ("+", 0.08), 12: ("~", 0.09)})
    out = run(certificate_number=[page, sure(CERT), sure(CERT)])
    assert accepted(out["certificate_number"], CERT)


def test_digit_runner_ups_of_the_same_size_still_dispute_a_number() -> None:
    page = _specks(CERT, {6: ("8", 0.05), 7: ("3", 0.08), 12: ("7", 0.09)})
    out = run(certificate_number=[page, sure(CERT), sure(CERT)])
    assert flagged(out["certificate_number"])
