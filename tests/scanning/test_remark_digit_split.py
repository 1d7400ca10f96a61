"""A remark date two readings agree on while a third reads another digit there that makes no
date (a seal's star over the month: 2025年01月03日 ×2 / 2025年91月03日 for 2025年04月03日,
seed 246810). Hand-built readings, no OCR."""

from __future__ import annotations

from scanning._ocr import Reading
from scanning._remarktext import choose


def _choose(*texts: str):  # type: ignore[no-untyped-def]
    return choose([Reading(t, 0.99) for t in texts])


def test_a_digit_a_reading_split_leaves_the_date_in_doubt() -> None:
    c = _choose("2025年01月03日", "2025年01月03日", "2025年91月03日")
    assert c.doubt and c.about == "date"
    assert "2025年01月03日" in c.options and len(c.options) > 1


def test_readings_that_agree_on_every_digit_settle_the_date() -> None:
    c = _choose("2025年04月03日", "2025年04月03日", "2025年04月03日")
    assert not c.doubt and c.text == "2025年04月03日"


def test_a_reading_that_lost_a_digit_is_no_split() -> None:
    # 2025年0月03日 is one character shorter: a lost digit, not another one read there.
    c = _choose("2025年04月03日", "2025年04月03日", "2025年0月03日")
    assert not c.doubt and c.text == "2025年04月03日"


def test_a_split_outside_any_date_is_left_to_the_text_rules() -> None:
    c = _choose("任教学科已更正", "任教学科已更正", "任教学科已更正")
    assert not c.doubt
