"""A date under a grey seal: a re-read with the seal pushed back that reads a digit as one of
fewer strokes (13 for 18) means the seal's strokes may have made the decided digit."""

from scanning._seal_reread import inked_read


def test_a_day_read_with_fewer_strokes_is_returned() -> None:
    # The ring's lettering over 13 read 18 in the plain views; the dark-ink view read 13.
    reads = ["2025年2月18日", "2年月13日", "二2028年2月18日", "2026年2月18日"]
    assert inked_read(reads, "2025-02-18") == "2年月13日"


def test_a_dotted_year_read_with_fewer_strokes_is_returned() -> None:
    assert inked_read(["审核日期：2023.07:16"], "2028-07-16") == "审核日期：2023.07:16"


def test_a_read_that_lost_a_digit_says_nothing() -> None:
    assert inked_read(["2019..02.2", "2019.02.2"], "2019-02-25") is None


def test_a_read_of_other_digits_is_not_strokes_added() -> None:
    # 7 is not 2 with strokes added: another misread, which other rules weigh.
    assert inked_read(["2921.08.12", "2021.08..1m"], "2021-08-17") is None


def test_reads_of_the_decided_date_say_nothing() -> None:
    assert inked_read(["2016年7月5日", "日期：2016年07月05日"], "2016-07-05") is None


def test_a_month_without_its_padding_is_compared_as_written() -> None:
    assert inked_read(["2024年3月8日"], "2024-08-08") == "2024年3月8日"
    assert inked_read(["2024年8月8日"], "2024-08-08") is None


def test_digits_right_after_the_year_are_no_day() -> None:
    # 2019年5月6日 under a seal re-read 209年5日: 月 and the day lost, its 5 stands where the
    # month does (5 is 05, no stroke added), not the day 6 read with fewer strokes.
    assert inked_read(["209年5日"], "2019-05-06") is None
    assert inked_read(["2019年 5日"], "2019-05-06") is None
    assert inked_read(["5日"], "2019-05-06") == "5日"  # no year before it: the day
