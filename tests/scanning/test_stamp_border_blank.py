"""A red 定期注册 stamp whose border holds nothing but the rows read prints no date (and, with
no seal beside it, no office): those are not printed, not unread (issue 12).

A stamp chopped 定期注册合格 / 2017.09.01-2022.08.31 alone in its box, on a page where another
entry has a seal, left its date and office ``missing`` (blocking): a clerk was asked for what the
booklet does not hold. Ink inside the border that no row read accounts for (a date under a
blot) or a seal beside the stamp keeps them missing."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from scanning import _stamp_frame, _stamps
from scanning._sections import decode_sticker
from tests.scanning._fonts import cjk_font, seal_mask

PAPER = (246, 244, 238)
RED = (205, 40, 45)
GREY = (120, 120, 120)


def _codes(found: list) -> set[tuple[str, str]]:
    return {(f.code, f.field) for f in found if f.blocking}


def _seal(img: Image.Image, cx: float, cy: float, r: float, name: str) -> None:
    layer = seal_mask(r, name, width=6, size=0.24, span=230.0)
    c = layer.width / 2
    img.paste(Image.new("RGB", layer.size, RED), (int(cx - c), int(cy - c)), layer)


def _stamp(d: ImageDraw.ImageDraw, x: int, y: int, rows: list[str]) -> None:
    font = cjk_font(30, bold=True)
    w = int(max(font.getlength(t) for t in rows)) + 40
    d.rectangle((x, y, x + w, y + 30 + 46 * len(rows)), outline=RED, width=5)
    for k, text in enumerate(rows):
        d.text((x + 20, y + 18 + 46 * k), text, font=font, fill=RED)


def _page(blot: bool = False, seal_first: bool = False, pen: bool = False) -> np.ndarray:
    """A 定期注册 page of two printed boxes: a 合格 stamp with its period alone in the first
    (a red blot inside its border under ``blot``, a seal beside it under ``seal_first``), a
    暂缓 stamp with its date and the office's seal in the second."""
    img = Image.new("RGB", (800, 1000), PAPER)
    d = ImageDraw.Draw(img)
    d.text((300, 40), "定期注册", font=cjk_font(34, bold=True), fill=(20, 20, 20))
    d.rectangle((60, 120, 740, 440), outline=GREY, width=2)
    d.rectangle((60, 480, 740, 800), outline=GREY, width=2)
    _stamp(d, 180, 190, ["定期注册合格", "2017.09.01-2022.08.31"])
    if blot:
        d.ellipse((470, 290, 505, 318), fill=RED)  # ink the rows read do not account for
    if pen:  # a date written in black inside the border: no red ink, but no blank either
        d.text((420, 212), "3月1日", font=cjk_font(24), fill=(30, 30, 30))
    _stamp(d, 180, 560, ["定期注册暂缓", "2022年5月28日"])
    _seal(img, 600, 660, 90, "永州市道县教育局")
    if seal_first:
        _seal(img, 620, 300, 90, "某某县某某教育局")
    return np.asarray(img)


def _bordered_box() -> tuple[np.ndarray, tuple[int, int, int, int], list]:
    img = np.full((200, 400), 255, np.uint8)
    img[20:24, 20:380] = img[176:180, 20:380] = 0
    img[20:180, 20:24] = img[20:180, 376:380] = 0
    img[60:90, 60:300] = 0  # a row's ink
    img[110:140, 60:340] = 0
    return img, (24, 24, 376, 176), [(55, 55, 305, 95), (55, 105, 345, 145)]


def test_a_border_holding_only_its_rows_holds_only_them():
    img, frame, rows = _bordered_box()
    assert _stamp_frame.holds_only(img, frame, rows)


def test_ink_inside_the_border_outside_the_rows_is_not_accounted_for():
    img, frame, rows = _bordered_box()
    img[150:165, 200:230] = 0  # a third row, unread (a date under a blot)
    assert not _stamp_frame.holds_only(img, frame, rows)
    img, frame, rows = _bordered_box()
    assert not _stamp_frame.holds_only(img, frame, rows[:1])


def test_a_turned_border_strays_inside_its_box_and_is_still_the_border():
    img, _, rows = _bordered_box()
    turned = np.asarray(Image.fromarray(img).rotate(3, fillcolor=255, resample=Image.NEAREST))
    assert _stamp_frame.holds_only(turned, (24, 24, 376, 176), rows)


@pytest.mark.slow
def test_a_stamp_alone_in_its_box_prints_no_date_and_no_office():
    entries, found, _ = _stamps.page_entries(4, _page(), [], 0, 0, decode_sticker)
    assert [(e["conclusion"], e["valid_from"], e["date"]) for e in entries][0] == (
        "注册合格", "2017-09-01", None)
    assert entries[1]["authority"] == "永州市道县教育局"
    assert not _codes(found), _codes(found)
    notes = {(f.code, f.field) for f in found}
    assert ("stamp_undated", "registrations[0].date") in notes
    assert ("stamp_undated", "registrations[0].authority") in notes


@pytest.mark.slow
def test_ink_in_the_border_the_rows_do_not_explain_keeps_the_date_missing():
    entries, found, _ = _stamps.page_entries(4, _page(blot=True), [], 0, 0, decode_sticker)
    assert entries[0]["date"] is None
    assert ("missing", "registrations[0].date") in _codes(found)


@pytest.mark.slow
def test_a_date_in_pen_inside_the_border_keeps_the_date_missing():
    entries, found, _ = _stamps.page_entries(4, _page(pen=True), [], 0, 0, decode_sticker)
    assert entries[0]["date"] is None
    assert ("missing", "registrations[0].date") in _codes(found)


@pytest.mark.slow
def test_a_seal_beside_the_stamp_keeps_its_office_missing():
    entries, found, _ = _stamps.page_entries(4, _page(seal_first=True), [], 0, 0, decode_sticker)
    assert entries[0]["authority"] is None
    assert ("missing", "registrations[0].authority") in _codes(found)
