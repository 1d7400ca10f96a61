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
