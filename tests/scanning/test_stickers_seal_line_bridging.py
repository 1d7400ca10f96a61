"""A seal's ring lettering read as one tall line level with two rows of print (上海市浦市区局
over a form sticker's first rows) joined those rows into one, and the entry lost
its conclusion. Such a line of words alone makes no row: the rows are grouped without it, and it
then goes with the sticker it stands over as a row of its own, its score still counted. A tall
line holding a conclusion or a date (large handwriting) is a row as before."""

from __future__ import annotations

from scanning._ocr import Line
from scanning._sections import decode_sticker
from scanning._stickers import _bridges, group

FORM = [("注册结论", (88, 193, 177, 230)), ("注册合格", (221, 199, 312, 236)),
        ("有效期限", (89, 263, 177, 300)), ("2017.01.01-2021.12.31", (224, 275, 433, 301)),
        ("注册机关", (88, 333, 177, 368)), ("通辽市开鲁县教育局", (225, 343, 404, 371)),
        ("注册日期", (88, 403, 177, 440)), ("2016年1月22日", (222, 410, 356, 444))]  # fmt: skip
SEAL = ("上海市浦市区局", (438, 187, 635, 328))


def _lines(rows: list[tuple[str, tuple[int, int, int, int]]], score: float = 0.99) -> list[Line]:
    return [Line(t, score, box) for t, box in rows]


def test_a_seals_lettering_read_as_one_tall_line_joins_no_rows():
    seal = Line(SEAL[0], 0.56, SEAL[1])
    (s,) = group([*_lines(FORM[:2]), seal, *_lines(FORM[2:])])
    entry, found, conf = decode_sticker(s, 0)
    assert entry["conclusion"] == "注册合格" and entry["valid_from"] == "2017-01-01"
    assert entry["authority"] == "通辽市开鲁县教育局" and entry["date"] == "2016-01-22"
    assert not [f for f in found if f.blocking]
    assert seal in s.lines and conf < 0.6  # its score still counts


def test_a_tall_line_holding_a_conclusion_or_a_date_makes_a_row():
    for tall in (("合格", (221, 150, 330, 300)), ("2016年1月22日", (222, 380, 356, 520))):
        assert _bridges(_lines([*FORM, tall])) == []
    assert _bridges(_lines([*FORM, SEAL])) == _lines([SEAL])
