"""An issue date in Chinese numerals whose year lost numerals (〇 under a seal's ring, 一 on
the rule line): restored from the certificate number's year when the readings leave one date
(hand-built readings, no OCR)."""

from __future__ import annotations

from scanning._date_cn import cn_form, cn_reading
from tests.scanning.test_accept import sure
from tests.scanning.test_decode import CERT, accepted, codes, flagged, run

CERT_2015 = "2015" + CERT[4:]


def test_cn_form_writes_the_date_as_a_booklet_prints_it() -> None:
    assert cn_form("2015-12-27") == "二〇一五年十二月二十七日"
    assert cn_form("1999-10-06") == "一九九九年十月六日"
    assert cn_form("2020-01-30") == "二〇二〇年一月三十日"


def test_cn_reading_keeps_chinese_readings_only() -> None:
    assert cn_reading("二○一五年十二月") == "二〇一五年十二月"
    assert cn_reading("2015年12月27日") is None


def test_year_that_lost_numerals_is_restored_from_the_number() -> None:
    # 二〇一五年十二月二十七日 under a seal: 〇 lost by one view, 二〇 by two more.
    read = [sure("二一五年十二月二十七日"), *[sure("一五年十二月二十七日")] * 2]
    out = run(issue_date=read, certificate_number=CERT_2015)
    assert accepted(out["issue_date"], "2015-12-27")
    assert "corrected" in codes(out["issue_date"])


def test_year_and_day_numerals_lost_leave_several_dates_flagged() -> None:
    # 二十日 may be 二十日 or 二十X日 with a numeral lost too: no single date.
    read = [sure("二一五年十二月二十日"), sure("一五年十二月二十日")]
    out = run(issue_date=read, certificate_number=CERT_2015)
    assert flagged(out["issue_date"])


def test_year_lost_numerals_of_another_year_is_not_restored() -> None:
    read = [sure("二一六年十二月二十七日"), sure("一六年十二月二十七日")]
    out = run(issue_date=read, certificate_number=CERT_2015)
    assert out["issue_date"].value != "2015-12-27" and flagged(out["issue_date"])


CERT_2008 = "2008" + CERT[4:]


def test_year_whose_first_numeral_was_misread_is_restored_from_the_number() -> None:
    # 二〇〇八年五月二十一日 on a phone photo: 二 read 工 by one view and 五 by two more.
    read = [sure("工〇〇八年五月二十一日"), *[sure("五〇〇八年五月二十一日")] * 2]
    out = run(issue_date=read, certificate_number=CERT_2008)
    assert accepted(out["issue_date"], "2008-05-21")
    assert "corrected" in codes(out["issue_date"])


def test_first_numeral_misread_and_another_year_is_not_restored() -> None:
    read = [sure("工〇〇九年五月二十一日"), sure("五〇〇九年五月二十一日")]
    out = run(issue_date=read, certificate_number=CERT_2008)
    assert out["issue_date"].value != "2008-05-21" and flagged(out["issue_date"])


def test_first_numeral_read_as_one_is_another_year_not_a_misread() -> None:
    # 一〇〇八 is a numeral year of its own (1008): never taken for the number's 2008.
    read = [sure("一〇〇八年五月二十一日"), sure("一〇〇八年五月二十一日")]
    out = run(issue_date=read, certificate_number=CERT_2008)
    assert flagged(out["issue_date"])
