"""A decision date level with a tilted sticker's start row is no end of its period."""

from __future__ import annotations

from scanning._ocr import Line
from scanning._stickers import group


def ln(text: str, box: tuple[int, int, int, int]) -> Line:
    return Line(text, 1.0, box)


def test_date_right_of_a_tilted_start_row_is_the_decision_date_not_the_end():
    # two stacked stickers turned a few degrees: each decision date, printed right of the
    # conclusion, lands level with the start row (自…) and comes before the 至… row
    lines = [
        ln("注册合格", (146, 162, 343, 240)),
        ln("2019.03.29", (490, 216, 630, 264)),
        ln("自2019年07月01日", (145, 230, 363, 289)),
        ln("至2024年06月30日", (140, 268, 363, 325)),
        ln("甘孜藏族自治州得荣县教育局", (137, 303, 472, 373)),
        ln("2024.03.31", (503, 428, 640, 473)),
        ln("注册合格", (156, 430, 351, 504)),
        ln("自2024年07月01日", (165, 498, 385, 551)),
        ln("至2029年06月30日", (166, 536, 387, 585)),
        ln("甘孜藏族自治州得荣县教育局", (167, 561, 504, 624)),
    ]
    got = [
        (s.start and s.start.value, s.end and s.end.value, s.date and s.date.value)
        for s in group(lines)
    ]
    assert got == [
        ("2019-07-01", "2024-06-30", "2019-03-29"),
        ("2024-07-01", "2029-06-30", "2024-03-31"),
    ]
