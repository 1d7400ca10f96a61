"""An issue date whose readings disagree is shown as the third view reads it, still flagged
(hand-built readings and views, no OCR)."""

from __future__ import annotations

from core.rules import Finding
from scanning._date_third import choose, written
from scanning._ocr import Reading
from scanning._validate import Value

CERT = "20172246762390902"
READS = ["2017年06月5日", "2017年05月5日", "2017年05月15日"]  # a phone photo (wide 0018)


def _values(iso: str, blocking: bool = True, cert: str = CERT) -> dict[str, Value]:
    doubt = [Finding("unconfirmed", "issue_date", "…", "warning")] if blocking else []
    return {"issue_date": Value(iso, 0.5 if blocking else 1.0, doubt),
            "certificate_number": Value(cert, 1.0),
            "birth_date": Value("1990-01-01", 1.0)}


def _run(values: dict[str, Value], third: str | None, score: float = 0.95,
         reads: list[str] = READS) -> Value:
    view = Reading(third, score) if third is not None else None
    choose({"issue_date": [Reading(t, 0.9) for t in reads]}, values,
           {"issue_date": lambda: view})
    return values["issue_date"]


def test_a_written_form_is_padded_alike_or_run_together() -> None:
    assert written("2017年05月15日", "2017-05-15")
    assert written("2017年5月15日", "2017-05-15")
    assert written("20190103", "2019-01-03")
    assert not written("2017年05月5日", "2017-05-05")  # mixed padding: a digit was lost
    assert not written("2016.02.1", "2016-02-01")


def test_the_third_views_date_read_by_more_views_is_shown_and_stays_flagged() -> None:
    v = _run(_values("2017-05-05"), "2017年05月15日")
    assert v.value == "2017-05-15"
    assert v.blocking and v.confidence <= 0.5
    assert [f.code for f in v.findings] == ["ocr_disagreement"]


def test_a_date_read_only_by_the_third_view_replaces_a_corrected_value() -> None:
    # Every reading needed a correction (20192010 → 2019-10-10); the view reads 20190103.
    values = _values("2019-10-10", cert="20194591121895942")
    v = _run(values, "20190103", reads=["20192010", "20192010"])
    assert v.value == "2019-01-03" and v.blocking


def test_an_unflagged_value_is_left_alone() -> None:
    assert _run(_values("2017-05-05", blocking=False), "2017年05月15日").value == "2017-05-05"


def test_a_view_of_another_year_than_the_number_is_no_candidate() -> None:
    assert _run(_values("2017-05-05"), "2016年05月15日").value == "2017-05-05"


def test_an_unsure_view_is_no_candidate() -> None:
    assert _run(_values("2017-05-05"), "2017年05月15日", score=0.8).value == "2017-05-05"


def test_as_many_views_for_the_value_leave_it() -> None:
    reads = ["2017年05月05日", "2017年05月15日"]
    assert _run(_values("2017-05-05"), "2017年05月15日", reads=reads).value == "2017-05-15"
    reads = ["2017年05月05日", "2017年5月5日", "2017年05月15日"]
    assert _run(_values("2017-05-05"), "2017年05月15日", reads=reads).value == "2017-05-05"


def test_a_view_that_makes_the_holder_a_minor_is_no_candidate() -> None:
    values = _values("2017-05-05")
    values["birth_date"] = Value("1999-05-20", 1.0)
    assert _run(values, "2017年05月15日").value == "2017-05-05"
