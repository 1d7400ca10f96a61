"""Certificate numbers: identical readings confirm once, and a year digit the number's own
readings doubt is settled by an issue date read surely by independent views (hand-built
readings, no OCR; see ``test_decode`` for the clean record)."""

from __future__ import annotations

from scanning._decide import decode
from scanning._ocr import Reading
from scanning._validate import Value
from tests.scanning._views import views
from tests.scanning.test_accept import sure
from tests.scanning.test_decode import CERT, TODAY, TRUTH, accepted, codes, flagged, run

ISSUE = "2015年07月01日"
YEAR6 = "2016" + CERT[4:]  # the number read with 6 for the year's 5


def _doubting(text: str, at: int, runner: str, p: float) -> Reading:
    per = tuple(((ch, 1.0 - p), (runner, p)) if i == at else ((ch, 0.999),)
                for i, ch in enumerate(text))
    return Reading(text, 0.97, per)


# -- identical readings are one reading -----------------------------------------------------
def test_identical_readings_confirm_a_number_once() -> None:
    # The same pixels read twice (a greyscale crop and its red channel) give the same reading.
    r = sure(CERT)
    assert flagged(run(certificate_number=[r, r])["certificate_number"])
    assert "unconfirmed" in codes(run(certificate_number=[r, r])["certificate_number"])


def test_two_views_reading_a_number_alike_confirm_it() -> None:
    assert accepted(run(certificate_number=views(sure(CERT), 2))["certificate_number"], CERT)


# -- a year digit the number's readings doubt, against a surely read issue date -------------
def test_year_digit_the_number_doubts_is_settled_by_a_sure_issue_date() -> None:
    # Every reading of the number reads 2016 with 5 offered (24 %, 11 %); two views read the
    # issue date 2015 without doubt: the number's digit is the misread, nothing is in conflict.
    cert = [_doubting(YEAR6, 3, "5", 0.24), _doubting(YEAR6, 3, "5", 0.11)]
    cert[1] = Reading(cert[1].text, 0.96, cert[1].alternatives)
    out = run(certificate_number=cert, issue_date=views(sure(ISSUE), 2))
    assert accepted(out["certificate_number"], CERT)
    assert "corrected" in codes(out["certificate_number"])
    assert accepted(out["issue_date"], "2015-07-01")
    assert accepted(out["qualification_type"], "高级中学教师资格")


def test_year_digit_read_surely_stays_in_conflict() -> None:
    # The number's readings are sure of 6: the date or the number may be wrong, no telling.
    out = run(certificate_number=views(sure(YEAR6), 2), issue_date=views(sure(ISSUE), 2))
    assert flagged(out["certificate_number"]) and flagged(out["issue_date"])
    assert "conflict" in codes(out["certificate_number"])


def test_year_digit_against_an_issue_date_read_by_one_view_stays_in_conflict() -> None:
    # The date's two readings are identical (one view): not independent, no settling.
    cert = [_doubting(YEAR6, 3, "5", 0.24), _doubting(YEAR6, 3, "5", 0.11)]
    date = sure(ISSUE)
    out = run(certificate_number=cert, issue_date=[date, date])
    assert flagged(out["certificate_number"]) and flagged(out["issue_date"])


def test_year_digit_against_a_doubted_issue_date_stays_in_conflict() -> None:
    cert = [_doubting(YEAR6, 3, "5", 0.24), _doubting(YEAR6, 3, "5", 0.11)]
    date = views(sure(ISSUE, {3: ("6", 0.2)}), 2)  # the date's engine offered 6 at 20 %
    out = run(certificate_number=cert, issue_date=date)
    assert flagged(out["certificate_number"]) and flagged(out["issue_date"])
    assert "corrected" not in codes(out["certificate_number"])


# -- a number a seal cut in half, read whole from the widened box ---------------------------
def _cut_in_half(whole: list[Reading]) -> Value:
    readings = {k: [Reading(str(t), 0.98), Reading(str(t), 0.97)] for k, t in TRUTH.items()}
    # The page read 10 digits, the re-reads 11: the rest lies under the seal.
    readings["certificate_number"] = [Reading(CERT[:10], 0.99), *views(sure(CERT[:11]), 2)]
    return decode(readings, TODAY, whole={"certificate_number": lambda _missing: whole})[
        "certificate_number"]


def test_a_number_read_half_is_decided_by_two_whole_readings() -> None:
    # Before, every candidate paid for the six or seven digits each first reading lost, and
    # the whole value was dropped: the 10-digit reading was shown as a format error.
    got = _cut_in_half(views(sure(CERT), 2))
    assert accepted(got, CERT)
    assert "view_checked" in codes(got)


def test_a_number_read_half_with_one_whole_reading_stays_flagged() -> None:
    got = _cut_in_half([sure(CERT)])
    assert flagged(got) and got.value == CERT


def test_a_whole_reading_that_a_first_reading_contradicts_stays_flagged() -> None:
    other = CERT[:5] + "9" + CERT[6:]  # the first readings read 2 there, not 9
    got = _cut_in_half(views(sure(other), 2))
    assert flagged(got)
