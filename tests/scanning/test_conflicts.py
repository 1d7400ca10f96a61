"""Readings that contradict each other across the certificate number's rules, and a digit the
engine could not make out: wherever the rules cannot tell which reading is wrong, no field of
the contradiction is accepted (hand-built readings, no OCR)."""

from __future__ import annotations

from scanning._decide import decode
from scanning._ocr import Reading
from scanning._validate import Value
from tests.scanning._views import views
from tests.scanning.test_decode import CERT, TODAY, accepted, flagged, run

# The case the property test found: 2012 misread 2017 (or the reverse) in every reading.
_REC = {"name": "王伟", "gender": "女", "birth_date": "1991年01月01日",
        "id_number": "110101199101010004", "qualification_type": "幼儿园教师资格",
        "subject": "中医", "certificate_number": "20121100012000000",
        "issuing_authority": "北京市教育委员会", "issue_date": "2012年01月17日"}


def _decoded(key: str, text: str) -> dict[str, Value]:
    readings = {k: [Reading(v, 0.98), Reading(v, 0.96)] for k, v in _REC.items()}
    readings[key] = [Reading(text, 0.98), Reading(text, 0.96)]
    return decode(readings, TODAY)


def test_a_number_whose_year_contradicts_the_issue_date_read_twice_is_flagged() -> None:
    out = _decoded("certificate_number", "20171100012000000")
    assert flagged(out["certificate_number"]) and flagged(out["issue_date"])
    assert "conflict" in {f.code for f in out["certificate_number"].findings}


def test_an_issue_date_whose_year_contradicts_the_number_read_twice_is_flagged() -> None:
    out = _decoded("issue_date", "2017年01月17日")
    assert flagged(out["certificate_number"]) and flagged(out["issue_date"])
    assert "conflict" in {f.code for f in out["issue_date"].findings}


def test_a_clean_record_has_no_conflict() -> None:
    out = run()
    assert accepted(out["certificate_number"], CERT)


def _digits(text: str, doubt: dict[int, tuple[tuple[str, float], ...]]) -> Reading:
    per = tuple(doubt.get(i, ((ch, 0.999), ("#", 0.001))) for i, ch in enumerate(text))
    return Reading(text, 0.96, per)


def test_a_free_digit_one_reading_could_not_make_out_is_not_outvoted() -> None:
    # The page's reading reads the authority code's first digit as 0 (40 %) or 2 (38 %), 8 only
    # at 7 %; two re-reads of the same crop read 8 at 95 %: no rule checks that digit.
    other = CERT[:6] + "8" + CERT[7:]
    page = _digits(CERT, {6: (("0", 0.40), ("2", 0.38), ("8", 0.07), ("3", 0.02))})
    again = _digits(other, {6: (("8", 0.95), ("3", 0.04))})
    out = run(certificate_number=[page, *views(again, 2)])
    assert flagged(out["certificate_number"])
    assert "unconfirmed" in {f.code for f in out["certificate_number"].findings}


def test_a_free_digit_the_doubting_reading_offered_is_outvoted() -> None:
    # The same, but the page's reading gave 8 a real chance (35 %): two sure re-reads settle it.
    other = CERT[:6] + "8" + CERT[7:]
    page = _digits(CERT, {6: (("0", 0.60), ("8", 0.35))})
    again = _digits(other, {6: (("8", 0.99), ("3", 0.005))})
    out = run(certificate_number=[page, *views(again, 2)])
    assert accepted(out["certificate_number"], other)
