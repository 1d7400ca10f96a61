"""A registration period whose ends each lost the same digit still makes a period: 2021年01月22日
至 2026年01月21日 read with the first 2 of each day lost is 2021-01-02 至 2026-01-01, a valid
five-year period no rule doubts. A sticker writes its dates one way: a month padded to two
digits beside a one-digit day (01月2日) says a digit was lost, so the end is flagged."""

from __future__ import annotations

from scanning._ocr import Line
from scanning._sections import decode_sticker
from scanning._stickers import group


def _read(period: str) -> tuple[dict, set]:
    texts = [
        "注册结论：注册合格",
        f"有效期：{period}",
        "注册机构：临汾市教育局",
        "注册日期：2020年12月16日",
    ]
    lines = [Line(t, 0.99, (100, 100 + 40 * k, 500, 130 + 40 * k)) for k, t in enumerate(texts)]
    (s,) = group(lines)
    entry, found, _ = decode_sticker(s, 0)
    return entry, {(f.code, f.field.split(".")[-1]) for f in found if f.blocking}


def test_ends_padded_unevenly_are_flagged():
    entry, blocking = _read("2021年01月2日至2026年01月1日")
    assert (entry["valid_from"], entry["valid_until"]) == ("2021-01-02", "2026-01-01")
    assert blocking == {("unconfirmed", "valid_from"), ("unconfirmed", "valid_until")}


def test_ends_padded_alike_are_taken_as_read():
    for period in ("2021年01月22日至2026年01月21日", "2021年1月2日至2026年1月1日"):
        _, blocking = _read(period)
        assert blocking == set()
