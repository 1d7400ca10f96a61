"""Red stamps read cheaply where the red view reads them whole (issue 12, session 12).

The green channel (detection and recognition of the whole page once more) is read only where
the red view broke a stamp: a red row that says nothing a stamp says, a rule broken or mended,
a row the recogniser was unsure of, or a second reading that differs. A stamp the red view reads
whole, and the green channel at twice the scale reads the same, costs what it did before.

Also: a second reading whose period lost an end is no rival to a first reading whose period
keeps the 5-year rule, and a printed "sticker" read wholly from a stamp's dark red ink (the red
drop kept it) is the stamp read twice, not a second entry.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageDraw

from scanning import _ocr, _stamps, _stickers
from scanning._ocr import Line
from scanning._sections import decode_sticker
from tests.scanning._fonts import cjk_font
from tests.scanning.test_stamps_read import PAPER, RED, H, W

ROWS = ("教师资格定期注册", "注册结论：合格", "有效期：2024/9/1-2029/8/31",
        "注册机构：上海市教育委员会", "2024年08月18日")  # fmt: skip


def _lines(*texts: str, score: float = 0.99) -> list[Line]:
    return [Line(t, score, (200, 200 + 30 * k, 480, 222 + 30 * k)) for k, t in enumerate(texts)]


def _page_with(monkeypatch: pytest.MonkeyPatch, red: list[Line], green: list[Line],
               odd: tuple[Line, ...] = ()) -> list[str]:  # fmt: skip
    """The red view reads ``red`` (and ``odd``: red rows saying nothing a stamp says), the
    green channel ``green``; second readings read every row as first read. Returns the calls
    made to the green channel's page reading."""
    calls: list[str] = []

    def green_rows(image: Any, rings: Any) -> list[Line]:
        calls.append("green")
        return green

    monkeypatch.setattr(_stamps, "read", lambda image: _stamps.Stamps(red, True, odd=odd))
    monkeypatch.setattr(_stamps, "_green_rows", green_rows)
    monkeypatch.setattr(_ocr, "reread", lambda pieces: [_text_at(box) for _, box in pieces])
    every = {ln.box: ln.text for ln in [*red, *green]}  # the green channel reads it right

    def _text_at(box: Any) -> str:
        return every[box]

    return calls


IMG = np.full((H, W, 3), 240, np.uint8)


def test_a_stamp_the_red_view_reads_whole_reads_no_green_channel(monkeypatch):
    calls = _page_with(monkeypatch, _lines(*ROWS), [])
    entries, found, _ = _stamps.page_entries(0, IMG, [], 0, 0, decode_sticker)
    assert calls == []  # the costly step is skipped
    assert entries[0]["conclusion"] == "注册合格" and entries[0]["valid_until"] == "2029-08-31"
    assert not any(f.blocking for f in found)


def test_a_conclusion_the_red_view_broke_is_read_from_the_green_channel(monkeypatch):
    red = _lines(*ROWS)
    red[1] = Line("注册结论：格", 0.97, red[1].box)  # the raw read: 合 lost with its pale ink
    calls = _page_with(monkeypatch, red, _lines(*ROWS))
    entries, found, _ = _stamps.page_entries(0, IMG, [], 0, 0, decode_sticker)
    assert calls == ["green"]
    assert entries[0]["conclusion"] == "注册合格"
    assert not any(f.blocking for f in found)


@pytest.mark.parametrize("why", ["odd row", "unsure row"])
def test_a_red_view_in_doubt_reads_the_green_channel(monkeypatch, why):
    red = _lines(*ROWS, score=0.8 if why == "unsure row" else 0.99)
    odd = (Line("注册机大理族自治州教育品", 0.9, (200, 400, 480, 422)),) if why == "odd row" else ()
    calls = _page_with(monkeypatch, red, _lines(*ROWS), odd)
    _stamps.page_entries(0, IMG, [], 0, 0, decode_sticker)
    assert calls == ["green"]


# -- a second reading whose period lost an end ------------------------------------------------

SECOND = ("教师资格定期注册", "注册结论：合格", "有效期：20249/1-22029/8/31",
          "注册机构：上海市教育委员会", "2024年08月18日")  # fmt: skip


def _checked(first: tuple[str, ...], second: tuple[str, ...], monkeypatch) -> set[tuple]:
    lines = _lines(*first)
    again = dict(zip([ln.box for ln in lines], second, strict=True))
    monkeypatch.setattr(_ocr, "reread", lambda pieces: [again[box] for _, box in pieces])
    (s,) = _stickers.group(lines)
    _, found, _ = _stamps._decoded(s, IMG, 0, decode_sticker)
    return {(f.code, f.field.split(".")[-1]) for f in found if f.blocking}


def test_a_second_reading_that_lost_the_period_start_offers_no_rival_end(monkeypatch):
    # Raw: the second reading's period broke, so its lone date (the decision date) became the
    # period's end: 2029-08-31 / 2024-08-18 flagged a right value.
    assert _checked(ROWS, SECOND, monkeypatch) == set()


def test_a_second_reading_with_another_whole_period_is_still_flagged(monkeypatch):
    other = ROWS[:2] + ("有效期：2024/9/7-2029/9/6",) + ROWS[3:]
    assert ("ocr_disagreement", "valid_from") in _checked(ROWS, other, monkeypatch)


def test_period_unchecked_needs_a_broken_second_period_and_a_first_that_keeps_the_rule():
    first = {"valid_from": "2024-09-01", "valid_until": "2029-08-31"}
    lost = {"valid_from": None, "valid_until": "2024-08-18"}
    assert _stickers.period_unchecked(first, lost, frozenset({"valid_from"})) == {
        "valid_from", "valid_until"}  # fmt: skip
    broken = {"valid_from": "2024-09-01", "valid_until": "2029-08-30"}
    assert _stickers.period_unchecked(broken, lost, frozenset({"valid_from"})) == {"valid_from"}
    assert _stickers.period_unchecked(first, lost, frozenset({"date"})) == {"date"}
    # two ends read that break the rule: neither is a rival to a first that keeps it
    both = {"valid_from": "2024-09-07", "valid_until": "2029-08-31"}
    assert _stickers.period_unchecked(first, both, frozenset({"valid_until"})) == {
        "valid_from", "valid_until"}  # fmt: skip


# -- a stamp's dark rows read as print --------------------------------------------------------


def _stamp_and_print(stamp_row: str, black_row: str | None) -> tuple[np.ndarray, list[Line]]:
    """A page with a red stamp row at (200, 220) and, if given, a black row under it."""
    img = Image.new("RGB", (W, H), PAPER)
    d = ImageDraw.Draw(img)
    d.text((200, 220), stamp_row, font=cjk_font(26, bold=True), fill=RED)
    lines = [Line(stamp_row, 0.99, (198, 218, 460, 252))]
    if black_row:
        d.text((200, 262), black_row, font=cjk_font(26, bold=True), fill=(20, 20, 20))
        lines.append(Line(black_row, 0.99, (198, 260, 520, 294)))
    return np.asarray(img), lines


def test_a_printed_sticker_of_stamp_ink_alone_is_the_stamp_read_twice():
    img, lines = _stamp_and_print("2017年10月12日", None)
    printed = _stickers.group(lines)
    assert len(printed) == 1  # the raw read: a second entry, a date with no conclusion
    assert _stamps.unstamped(img, printed) == []


def test_a_printed_sticker_with_a_black_row_stays():
    img, lines = _stamp_and_print("注册合格", "有效期：2016.09.01至2021.08.31")
    printed = _stickers.group(lines)
    assert _stamps.unstamped(img, printed) == printed


def test_a_stamp_row_dropped_as_print_that_no_stamp_row_reads_is_flagged(monkeypatch):
    img, lines = _stamp_and_print("2017年10月12日", None)
    monkeypatch.setattr(_stamps, "read", lambda image: _stamps.Stamps())  # the red view: none
    entries, found, _ = _stamps.page_entries(3, img, lines, 0, 0, decode_sticker)
    assert entries == []
    assert [(f.code, f.blocking) for f in found] == [("registrations_unread", True)]
