"""A flagged issue date picked from readings that lost a digit (month padded, day not:
2007年07月4日) is shown as the one reading that prints the date whole reads it, still flagged
(hand-built readings, no OCR)."""

from __future__ import annotations

from core.rules import Finding
from scanning._date_third import choose
from scanning._ocr import Reading
from scanning._validate import Value

CERT = "20074104510273079"
READS = ["2007年07月14日", "2007年07月4日", "2007年07月4日"]  # a seal over 14 (third 0013)


def _values(iso: str, blocking: bool = True) -> dict[str, Value]:
    doubt = [Finding("unconfirmed", "issue_date", "…", "warning")] if blocking else []
    return {"issue_date": Value(iso, 0.5 if blocking else 1.0, doubt),
            "certificate_number": Value(CERT, 1.0),
            "birth_date": Value("1984-03-12", 1.0)}


def _run(values: dict[str, Value], reads: list[str] = READS) -> Value:
    choose({"issue_date": [Reading(t, 0.9) for t in reads]}, values, {})
    return values["issue_date"]


def test_the_date_printed_whole_is_shown_over_readings_that_lost_a_digit() -> None:
    v = _run(_values("2007-07-04"))
    assert v.value == "2007-07-14"
    assert v.blocking and v.confidence <= 0.5
    assert [f.code for f in v.findings] == ["ocr_disagreement"]


def test_an_unflagged_value_is_left_alone() -> None:
    assert _run(_values("2007-07-04", blocking=False)).value == "2007-07-04"


def test_a_reading_printing_the_pick_leaves_it() -> None:
    reads = ["2007年07月14日", "2007年07月04日", "2007年07月4日"]
    assert _run(_values("2007-07-04"), reads).value == "2007-07-04"


def test_readings_printing_two_dates_leave_the_pick() -> None:
    reads = ["2007年07月14日", "2007年07月24日", "2007年07月4日"]
    assert _run(_values("2007-07-04"), reads).value == "2007-07-04"


def test_a_short_reading_that_is_not_the_date_with_a_digit_lost_leaves_the_pick() -> None:
    reads = ["2007年07月14日", "2007年07月5日"]
    assert _run(_values("2007-07-05"), reads).value == "2007-07-05"


def test_a_date_of_another_year_than_the_number_is_not_shown() -> None:
    reads = ["2008年07月14日", "2008年07月4日"]
    assert _run(_values("2008-07-04"), reads).value == "2008-07-04"
