"""出生年月 printed as year and month only: the birth date is the decided ID number's birth
segment when the printed year and month agree with it, and both fields go to review when they
do not; an undecided ID number leaves the birth date as it was."""

from __future__ import annotations

from core.rules import Finding
from scanning import _birth_month as bm
from scanning import _shape_fields as shapes
from scanning._ocr import Line, Reading
from scanning._validate import Value

ID = "46020419721207054X"


def _values(ident: Value, born: Value | None = None) -> dict[str, Value]:
    unread = Finding("date_format", "birth_date", "无法识别的日期：1972年12月")
    born = born or Value(None, 0.0, [unread])
    return {"id_number": ident, "birth_date": born, "issue_date": Value("2015-07-04", 1.0)}


def _read(*texts: str) -> dict[str, list[Reading]]:
    return {"birth_date": [Reading(t, 0.9) for t in texts]}


def test_year_month_forms() -> None:
    assert bm.year_month("1972年12月") == (1972, 12) and bm.year_month("1988.5") == (1988, 5)
    assert bm.year_month("..11967年5月") == (1967, 5)  # a leader's dots before the year
    assert bm.year_month("1972年12月07日") is None and bm.year_month("1972年13月") is None
    assert bm.year_month("第一次注册1972年12月") is None and bm.year_month("1972年12月7") is None


def test_a_year_and_month_that_agree_take_the_day_from_the_id_number() -> None:
    values = _values(Value(ID, 0.98))
    bm.settle(_read("1972年12月", "1972年12月"), values)
    born = values["birth_date"]
    assert born.value == "1972-12-07" and not born.blocking and born.confidence == 0.98
    assert born.findings[0].severity == "note" and "1972年12月" in born.findings[0].message


def test_a_year_and_month_that_disagree_flag_both_fields() -> None:
    values = _values(Value(ID, 0.98))
    bm.settle(_read("1972年11月", "1972年11月"), values)
    assert values["birth_date"].blocking and values["id_number"].blocking
    assert values["birth_date"].value is None
    assert {f.code for f in values["id_number"].findings} == {"conflict"}


def test_an_undecided_id_number_leaves_the_birth_date_unread() -> None:
    doubted = Value(ID, 0.5, [Finding("ambiguous", "id_number", "多个候选", "warning")])
    values = _values(doubted)
    bm.settle(_read("1972年12月"), values)
    assert values["birth_date"].value is None and values["birth_date"].blocking


def test_two_readings_that_differ_are_left_to_the_decoder() -> None:
    values = _values(Value(ID, 0.98))
    bm.settle(_read("1972年12月", "1972年11月"), values)
    assert values["birth_date"].value is None


def test_a_restored_date_gets_the_true_reason() -> None:
    hidden = Finding("corrected", "birth_date", "有字符被遮挡", "note")
    restored = Value("1972-12-07", 1.0, [hidden])
    values = _values(Value(ID, 0.98), restored)
    bm.settle(_read("1972年12月"), values)
    (note,) = values["birth_date"].findings
    assert "仅印" in note.message and values["birth_date"].value == "1972-12-07"


def test_a_page_of_values_finds_a_year_and_month_birth_by_shape() -> None:
    texts = ["郦梅", "女", "1972年12月", ID, "三亚市教育局", "2015年07月04日"]
    lines = [Line(t, 0.95, (100, 40 + 40 * k, 100 + 24 * len(t), 70 + 40 * k))
             for k, t in enumerate(texts)]  # fmt: skip
    got = shapes.page_fields(lines, 0)
    assert got["birth_date"].text == "1972年12月" and got["issue_date"].text == "2015年07月04日"


def test_a_reading_that_lost_a_digit_does_not_silence_the_others() -> None:
    values = _values(Value(ID, 0.98))
    bm.settle(_read("972年12月", "1972年12月", "1972年年12月"), values)
    assert values["birth_date"].value == "1972-12-07"
    values = _values(Value(ID, 0.98))
    bm.settle(_read("972年12月", "1972年12月", "1972年11月"), values)
    assert values["birth_date"].value is None


def test_a_reading_that_lost_a_month_digit_does_not_silence_the_others() -> None:
    ident = "210726195711296674"
    values = _values(Value(ident, 0.98))
    bm.settle(_read("1957年11月", "1957年1月", "1957年11月"), values)
    assert values["birth_date"].value == "1957-11-29"
    values = _values(Value(ident, 0.98))  # the month that stays must still agree with the ID
    bm.settle(_read("1957年12月", "1957年1月"), values)
    assert values["birth_date"].value is None and values["birth_date"].blocking
