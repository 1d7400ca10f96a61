"""A registration's decision date read with a separator lost (2019.1221) is not guessed.

No rule checks a decision date's digits (it only precedes the period's start by under a year),
while a period's two ends check each other by the 5-year rule. Under a seal 2019.12.01 was read
2019.1221 and taken, with a note only, as 2019-12-21 (fin-wide 0016); it is now flagged.
"""

from __future__ import annotations

from scanning._ocr import Line
from scanning._sections import decode_sticker
from scanning._stickers import group


def _decoded(period: str, decided: str) -> tuple[dict, set[tuple[str, str, bool]]]:
    rows = ("结论：注册合格", f"有效期：{period}", "注册机关：邢台市信都区教育局",
            f"注册日期：{decided}")  # fmt: skip
    lines = [Line(t, 0.99, (200, 200 + 30 * k, 520, 222 + 30 * k)) for k, t in enumerate(rows)]
    (s,) = group(lines)
    entry, found, _ = decode_sticker(s, 0)
    return entry, {(f.code, f.field.split(".")[-1], f.blocking) for f in found}


def test_a_decision_date_with_a_lost_separator_is_flagged_not_guessed():
    entry, found = _decoded("2020.01.01-2024.12.31", "2019.1221")
    assert entry["date"] is None  # raw: 2019-12-21 with a note, the truth was 2019-12-01
    assert ("date_ambiguous", "date", True) in found


def test_a_whole_decision_date_and_a_period_end_with_a_lost_separator_are_read():
    entry, found = _decoded("2020.01.01-2024.1231", "2019.12.21")
    assert (entry["valid_until"], entry["date"]) == ("2024-12-31", "2019-12-21")
    assert not any(blocking for *_, blocking in found)  # the 5-year rule checks the end
