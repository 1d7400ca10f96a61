"""A registration entry's second reading without a row whose padded crop took in its
neighbour's date (a sticker pasted over the one above)."""

from __future__ import annotations

from scanning import _sticker_again
from scanning._ocr import Line


def _boxed(rows: list[tuple[str, tuple[int, int, int, int]]]) -> list[Line]:
    return [Line(t, 0.99, b) for t, b in rows]


def test_a_row_read_again_with_its_neighbours_date_is_left_out():
    first = _boxed([("至2024年03月16日", (183, 302, 409, 359)),
                    ("依市白碱滩区教育和科技局", (189, 320, 576, 390))])  # fmt: skip
    again = _boxed([("至2024年03月16日", (183, 302, 409, 359)),
                    ("至2024年03月1区教育和科技局", (189, 320, 576, 390))])  # fmt: skip
    assert [ln.text for ln in _sticker_again.unmixed(first, again)] == ["至2024年03月16日"]


def test_rows_apart_or_dated_at_first_are_kept():
    apart = _boxed([("至2024年03月16日", (183, 302, 409, 340)),
                    ("依市白碱滩区教育和科技局", (189, 350, 576, 390))])  # fmt: skip
    again = _boxed([("至2024年03月16日", (183, 302, 409, 340)),
                    ("至2024年03月1区教育和科技局", (189, 350, 576, 390))])  # fmt: skip
    assert _sticker_again.unmixed(apart, again) == again
    dated = _boxed([("2019.02.12", (431, 300, 580, 340)), ("注册合格", (300, 310, 500, 350))])
    twice = _boxed([("2019.02.12 注册合格", (431, 300, 580, 340)),
                    ("注册合格", (300, 310, 500, 350))])  # fmt: skip
    assert _sticker_again.unmixed(dated, twice) == twice
