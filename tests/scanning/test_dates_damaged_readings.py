"""Issue dates and certificate numbers whose readings are damaged where a rule checks them, or
lost only a separator (hand-built readings, no OCR): what they read of the part no rule checks
still counts; anything that leaves that part in doubt stays flagged."""

from __future__ import annotations

from core.rules import EARLIEST_YEAR
from scanning._charbox import Glyph, width
from scanning._date_gaps import closed_by_glyphs, date_proved
from scanning._date_rules import date_value, year_lost_span
from scanning._ocr import Reading
from tests.scanning._views import views
from tests.scanning.test_accept import sure
from tests.scanning.test_decode import CERT, TODAY, accepted, codes, flagged, run

CERT_2014 = "2014" + CERT[4:]
CERT_2016 = "2016" + CERT[4:]


def _value(text: str) -> str | None:
    return date_value(EARLIEST_YEAR, TODAY)(text)


# -- a date that lost one separator -----------------------------------------------------------
def test_a_date_that_lost_one_separator_means_the_one_date_its_digits_make() -> None:
    assert _value("201405-13") == "2014-05-13"
    assert _value("2014.05-13") is None  # two different separators: no printed form


def test_a_date_whose_lost_separator_leaves_two_dates_means_none() -> None:
    assert _value("201411-13") is None  # 2014-11-13, or 2014.1-13 with "." read as 1
    assert _value("2014-0513") is None  # 2014-05-13, or 2014-05-3 with a separator read as 1


def test_issue_date_read_with_its_year_separator_lost_by_two_views_is_accepted() -> None:
    # A bitonal scan lost the thin dash after the year in every view: 201405-13; one view
    # also read the year's 0 as G (so not every reading is the date with characters lost).
    read = [*views(sure("201405-13"), 2), sure("2G1405-13", {1: ("0", 0.22)})]
    out = run(issue_date=read, certificate_number=CERT_2014)
    assert accepted(out["issue_date"], "2014-05-13")


# -- an issue date whose year lost a character --------------------------------------------------
def test_year_lost_span_is_where_month_and_day_are_written() -> None:
    assert year_lost_span("二一六年十二月二十五日", "2016-12-25") == (4, 11)
    assert year_lost_span("216年12月25日", "2016-12-25") == (4, 10)
    assert year_lost_span("二一六年十二月二十六日", "2016-12-25") is None  # another day
    assert year_lost_span("二一七年十二月二十五日", "2016-12-25") is None  # not the year's digits
    assert year_lost_span("二〇一六年十二月二十五日", "2016-12-25") is None  # nothing lost
    assert year_lost_span("六年十二月二十五日", "2016-12-25") == (2, 9)  # three lost
    assert year_lost_span("〇六年十二月二十五日", "2016-12-25") == (3, 10)
    assert year_lost_span("七年十二月二十五日", "2016-12-25") is None  # not the year's digit


def test_readings_whose_year_lost_its_start_confirm_month_and_day() -> None:
    # One view read the date whole; two others lost the year's first numerals (a box cut short
    # of the year, or 〇〇 merged into one): both wrote 七月二十二日 whole, as the first did.
    out = run(issue_date=[sure("二〇〇九年七月二十二日"), sure("九年七月二十二日"),
                          sure("〇九年七月二十二日")], certificate_number="2009" + CERT[4:])
    assert accepted(out["issue_date"], "2009-07-22")


def test_reading_whose_year_lost_a_numeral_confirms_month_and_day() -> None:
    # 二〇一六 read 二一六 by one view, whole by another: both read 十二月二十五日 alike; the
    # year is the certificate number's (2016) to check.
    out = run(issue_date=[sure("二一六年十二月二十五日"), sure("二〇一六年十二月二十五日")],
              certificate_number=CERT_2016)
    assert accepted(out["issue_date"], "2016-12-25")


def test_reading_whose_year_lost_a_numeral_and_reads_another_day_is_no_vote() -> None:
    out = run(issue_date=[sure("二一六年十二月二十六日"), sure("二〇一六年十二月二十五日")],
              certificate_number=CERT_2016)
    assert flagged(out["issue_date"])


def test_reading_whose_year_lost_a_numeral_but_doubts_the_day_is_no_vote() -> None:
    # The engine gave 六 a real chance beside 五 in the day.
    doubted = sure("二一六年十二月二十五日", {9: ("六", 0.2)})
    out = run(issue_date=[doubted, sure("二〇一六年十二月二十五日")], certificate_number=CERT_2016)
    assert flagged(out["issue_date"]) and "unconfirmed" in codes(out["issue_date"])


# -- a certificate number that lost a digit a rule checks ---------------------------------------
def test_number_reading_that_lost_the_year_digit_confirms_the_serial() -> None:
    # The year's 2 lost before the box (dot leaders): every unchecked digit read as the value's.
    out = run(certificate_number=[sure(CERT[1:]), sure(CERT)])
    assert accepted(out["certificate_number"], CERT)


def test_number_reading_that_lost_a_serial_digit_is_no_vote() -> None:
    out = run(certificate_number=[sure(CERT[:-1]), sure(CERT)])
    assert flagged(out["certificate_number"]) and "unconfirmed" in codes(out["certificate_number"])


def test_number_reading_that_lost_the_year_digit_and_reads_another_serial_is_no_vote() -> None:
    other = CERT[1:-1] + "9"
    out = run(certificate_number=[sure(other), sure(CERT)])
    assert flagged(out["certificate_number"])


def test_number_reading_that_lost_a_digit_and_doubts_the_serial_is_no_vote() -> None:
    doubted = sure(CERT[1:], {13: ("8", 0.2)})  # CERT[14] read with 8 at 20 %
    out = run(certificate_number=[doubted, sure(CERT)])
    assert flagged(out["certificate_number"])


def test_reading_alone_is_not_enough() -> None:
    out = run(certificate_number=[Reading(CERT[1:], 0.99), sure(CERT)])
    assert accepted(out["certificate_number"], CERT)
    out = run(certificate_number=[sure(CERT[1:])])
    assert flagged(out["certificate_number"])


# -- a date printed with spaces round its units, under a grey seal ------------------------------
def _placed(text: str, space: float, wider: dict[int, float] | None = None) -> list[Glyph]:
    """Glyphs of ``text`` printed at an em of 20 px with ``space`` em between digit groups and
    units, the gap before place k widened by ``wider[k]`` em (a digit hidden there)."""
    out, x, em = [], 0.0, 20.0
    for k, ch in enumerate(text):
        w = width(ch)
        if k:
            prev = text[k - 1]
            x += space if prev.isdigit() != ch.isdigit() else 0.0
            x += (wider or {}).get(k, 0.0)
            x += (width(prev) + w) / 2
        out.append(Glyph(ch, x * em))
    return out


def test_spaced_date_shows_no_room_for_a_lost_digit() -> None:
    # 2025 年 2 月 18 日: the space after the year (no digit can be lost there) is the print's
    # spacing, so the same space before the month's 2 holds no 1 of a 12.
    text = "2025年2月18日"
    closed = closed_by_glyphs(list(_placed(text, 0.6)), 20.0)
    assert closed(5) and closed(6)
    assert date_proved(text, list(range(len(text))), closed)


def test_spaced_date_with_room_for_a_digit_before_the_month_is_not_proved() -> None:
    text = "2025年2月18日"
    closed = closed_by_glyphs(list(_placed(text, 0.6, {5: 0.5})), 20.0)
    assert not closed(5)
    assert not date_proved(text, list(range(len(text))), closed)


def test_compact_date_gets_no_spacing_slack() -> None:
    # Printed without spaces (the year's 年 0.2 em off by measurement): a 12 read 2 stays open.
    text = "2025年2月18日"
    placed = _placed(text, 0.0, {4: 0.2, 5: 0.5})
    assert not closed_by_glyphs(list(placed), 20.0)(5)
