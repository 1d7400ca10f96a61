"""Registrations chopped with a red rubber stamp (issue 12, wave 10): the page reader drops red
ink to free the print under seals, so a red 定期注册合格 stamp vanished and the booklet was
accepted with no registration. The stamp is now read from its red ink; what cannot be read is
a blocking ``registrations_unread``."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from scanning import _ocr, _stamps, _stickers
from scanning._ocr import Line
from scanning._sections import decode_sticker
from tests.scanning._fonts import cjk_font

PAPER = (242, 239, 230)
RED = (200, 38, 42)
W, H = 780, 1100


def _page(
    stamp: tuple[str, ...] = (), seal: bool = True, printed: tuple[str, ...] = ()
) -> np.ndarray:
    """A registration page: black title and boxes, a red rectangular stamp with ``stamp`` rows
    in the first box, a red round seal beside it, and black ``printed`` sticker rows in the
    second box."""
    img = Image.new("RGB", (W, H), PAPER)
    d = ImageDraw.Draw(img)
    d.text((250, 70), "教师资格定期注册", font=cjk_font(34, bold=True), fill=(20, 20, 20))
    for top in (170, 470, 770):
        d.rectangle((90, top, 690, top + 260), outline=(60, 60, 60), width=2)
    if stamp:
        d.rectangle((180, 200, 560, 200 + 50 * len(stamp) + 30), outline=RED, width=4)
        for k, row in enumerate(stamp):
            d.text((200, 215 + 50 * k), row, font=cjk_font(28, bold=True), fill=RED)
    if seal:
        d.ellipse((575, 250, 745, 420), outline=RED, width=7)
        d.regular_polygon((660, 335, 28), 5, fill=RED)
        for k, ch in enumerate("某某县教育局"):
            a = np.pi * (1.1 + 0.16 * k)
            d.text(
                (650 + 62 * np.cos(a), 325 + 62 * np.sin(a)),
                ch,
                font=cjk_font(20, bold=True),
                fill=RED,
            )
    for k, row in enumerate(printed):
        d.text((140, 510 + 50 * k), row, font=cjk_font(28, bold=True), fill=(25, 25, 25))
    return np.asarray(img)


def _codes(found: list) -> list[tuple[str, str]]:
    return [(f.code, f.field) for f in found]


@pytest.mark.slow
def test_a_red_stamp_is_read_as_a_registration():
    img = _page(("定期注册合格", "2015-09-30 至 2020-09-29"))
    # What the page reader sees with the red dropped: no sticker at all (the hole).
    assert _stickers.group(_ocr.read(_ocr.remove_red(img))) == []
    entries, found, _ = _stamps.page_entries(2, img, [], 0, 0, decode_sticker)
    assert [(e["conclusion"], e["valid_from"], e["valid_until"]) for e in entries] == [
        ("注册合格", "2015-09-30", "2020-09-29")
    ]
    assert ("stamp_read", "registrations[0]") in _codes(found)
    assert "registrations_unread" not in {f.code for f in found}


@pytest.mark.slow
def test_a_deferral_stamp_with_its_decision_date():
    img = _page(("定期注册暂缓", "2024年12月13日"), seal=False)
    entries, _, _ = _stamps.page_entries(0, img, [], 3, 0, decode_sticker)
    assert [(e["conclusion"], e["valid_from"], e["date"]) for e in entries] == [
        ("暂缓注册", None, "2024-12-13")
    ]


@pytest.mark.slow
def test_a_stamp_that_says_no_conclusion_is_blocking():
    # Red 定期注册 with an illegible conclusion: ink a registration says, no entry from it.
    img = _page(("定期注册", "审 核 ■ ■"))
    entries, found, conf = _stamps.page_entries(4, img, [], 0, 0, decode_sticker)
    assert entries == []
    [f] = [f for f in found if f.code == "registrations_unread"]
    assert f.blocking and f.field == "registrations" and "第 5 页" in f.message
    assert conf <= 0.3


@pytest.mark.slow
def test_a_round_seal_over_a_printed_sticker_adds_nothing():
    img = _page(printed=("注册结论：合格", "有效期：2016.09.01至2021.08.31"))
    stamps = _stamps.read(img)
    assert stamps.lines == []
    entries, found, _ = _stamps.page_entries(1, img, [], 0, 1, decode_sticker)
    assert (entries, found) == ([], [])


def test_a_page_without_colour_has_no_red_view():
    grey = np.full((H, W, 3), 235, np.uint8)
    grey[300:340, 200:500] = 90
    assert _stamps.red_view(grey) is None
    assert _stamps.read(grey).lines == []


def test_the_second_reading_from_the_green_channel_must_agree(monkeypatch):
    # The first reading (red view) has 2015-09-30; the green channel reads 2015-09-20 and a
    # whole other period (a second reading whose period breaks the 5-year rule is no rival).
    lines = [Line("定期注册合格", 0.99, (205, 215, 400, 250)),
             Line("2015-09-30至2020-09-29", 0.99, (205, 265, 520, 300)),
             Line("嵊泗县教育局", 0.99, (205, 315, 400, 350)),
             Line("2015年9月13日", 0.99, (205, 365, 400, 400))]  # fmt: skip
    again = [ln.text.replace("09-30", "09-20").replace("09-29", "09-19") for ln in lines]
    monkeypatch.setattr(_stamps, "read", lambda image: _stamps.Stamps(lines, True))
    monkeypatch.setattr(_ocr, "reread", lambda pieces: again)
    img = np.full((H, W, 3), 240, np.uint8)
    entries, found, _ = _stamps.page_entries(0, img, [], 0, 0, decode_sticker)
    assert entries[0]["valid_from"] == "2015-09-30"
    assert any(f.code == "ocr_disagreement" and f.blocking for f in found)
    monkeypatch.setattr(_ocr, "reread", lambda pieces: [ln.text for ln in lines])
    _, found, _ = _stamps.page_entries(0, img, [], 0, 0, decode_sticker)
    assert not any(f.blocking for f in found)


def _grey_frame() -> np.ndarray:
    img = np.full((H, W, 3), 236, np.uint8)
    img[200:204, 180:530] = img[296:300, 180:530] = 70  # a stamp's frame, its red gone
    img[200:300, 180:184] = img[200:300, 526:530] = 70
    return img


def test_on_a_greyscale_scan_framed_rows_with_no_entry_are_blocking():
    rows = [Line("定期注册合格", 0.9, (205, 215, 400, 245)),
            Line("2015-0?-30 至 2020-09-2?", 0.9, (205, 250, 520, 290))]  # fmt: skip
    entries, found, _ = _stamps.page_entries(2, _grey_frame(), rows, 0, 0, decode_sticker)
    assert entries == []
    assert _codes(found) == [("registrations_unread", "registrations")]
    # The same rows read as a sticker (printed=1): the reader has them, nothing to add.
    assert _stamps.page_entries(2, _grey_frame(), rows, 0, 1, decode_sticker)[1] == []


def test_an_empty_printed_form_is_no_unread_registration():
    labels = [
        Line("注册机关：", 0.9, (205, 215, 330, 245)),
        Line("（盖章）", 0.9, (205, 250, 300, 290)),
        Line("注册结论", 0.9, (340, 215, 450, 245)),  # the form's labels, nothing filled in
        Line("有效期限", 0.9, (340, 250, 450, 290)),
    ]
    assert _stamps.framed_rows(_grey_frame(), labels) == []
    assert _stamps.page_entries(2, _grey_frame(), labels, 0, 0, decode_sticker)[1] == []
