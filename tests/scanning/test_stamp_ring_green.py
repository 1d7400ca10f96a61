"""A red seal's ring the red view garbles is read in the green channel (issue 12, session 18).

A JPEG keeps colour at half resolution or less: the red view (made of colour alone) of a small
seal turns blocky and its lettering is misread (社月江市西安区教育局), so a stamp-made entry
kept its office ``missing``. The green channel keeps the brightness's full resolution, where red
ink is dark too: the ring is read there under the same rules, and a red reading that is another
office's whole name refuses it."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw

from scanning import _red_ink, _seal_green, _stamp_boxes, _stamps
from scanning._seal_ring import RingName
from scanning._sections import decode_sticker
from tests.scanning._fonts import cjk_font, seal_mask

PAPER = (244, 241, 233)
RED = (205, 40, 45)
NAME = "牡丹江市西安区教育局"


def _chroma_quartered(img: Image.Image) -> np.ndarray:
    """``img`` with its colour kept at a quarter of its resolution, as a harsh JPEG keeps it."""
    a = np.asarray(img)
    y = cv2.cvtColor(a, cv2.COLOR_RGB2YCrCb)
    for ch in (1, 2):
        small = cv2.resize(y[..., ch], None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
        y[..., ch] = cv2.resize(small, (a.shape[1], a.shape[0]), interpolation=cv2.INTER_NEAREST)
    return np.asarray(cv2.cvtColor(y, cv2.COLOR_YCrCb2RGB))


def _seal(img: Image.Image, cx: int, cy: int, name: str = NAME) -> None:
    layer = seal_mask(80.0, name, width=4, size=0.2, span=220.0)
    c = layer.width / 2
    img.paste(Image.new("RGB", layer.size, RED), (int(cx - c), int(cy - c)), layer)


def _seal_only() -> np.ndarray:
    img = Image.new("RGB", (420, 420), PAPER)
    _seal(img, 210, 210)
    return _chroma_quartered(img)


@pytest.mark.slow
def test_a_ring_the_red_view_garbles_is_read_in_the_green_channel():
    ink = _red_ink.RedInk(_seal_only())
    [ring] = ink.rings
    assert ink.name(ring).name is None  # the red view alone: 社月江市…, no office
    got = _seal_green.named(ink, ring)
    assert got.name == NAME, got.reads
    assert len(got.reads) == 4  # the red view's reads are kept as evidence


@pytest.mark.slow
def test_a_red_reading_naming_another_office_refuses_the_green_one(monkeypatch):
    ink = _red_ink.RedInk(_seal_only())
    [ring] = ink.rings
    monkeypatch.setattr(ink, "name", lambda r: RingName(None, ("牡丹江市东安区教育局", "x")))
    got = _seal_green.named(ink, ring)
    assert got.name is None


def test_a_ring_the_red_view_names_is_not_read_again(monkeypatch):
    class Ink:
        view = np.zeros((4, 4, 3), np.uint8)

        def name(self, ring: object) -> RingName:
            return RingName(NAME, ("a", "b"))

    def boom(*a: object, **k: object) -> RingName:
        raise AssertionError("read again")

    monkeypatch.setattr(_seal_green._seal_ring, "read_name", boom)
    assert _seal_green.named(Ink(), object()).name == NAME  # type: ignore[arg-type]


def test_black_print_away_from_red_ink_is_whitened():
    img = Image.new("RGB", (200, 100), PAPER)
    d = ImageDraw.Draw(img)
    d.line((10, 20, 190, 20), fill=(30, 30, 30), width=3)  # a printed box's side
    d.line((10, 70, 190, 70), fill=RED, width=3)
    out = _seal_green.near_red(_red_ink.RedInk(np.asarray(img)))
    assert out[20, 100].min() == 255
    assert out[70, 100].max() < 160


def _stamp_page() -> np.ndarray:
    """A registration page: a red 定期注册合格 stamp and a small red seal beside it in one printed
    box, the colour kept at a quarter of the resolution."""
    img = Image.new("RGB", (780, 1100), PAPER)
    d = ImageDraw.Draw(img)
    d.rectangle((90, 170, 690, 430), outline=(60, 60, 60), width=2)
    d.rectangle((250, 190, 540, 300), outline=RED, width=5)
    d.text((270, 205), "定期注册不合格", font=cjk_font(30, bold=True), fill=RED)
    d.text((270, 250), "2017年2月28日", font=cjk_font(30, bold=True), fill=RED)
    _seal(img, 610, 330)
    return _chroma_quartered(img)


@pytest.mark.slow
def test_a_stamp_takes_its_office_from_a_seal_read_in_the_green_channel():
    entries, found, _ = _stamps.page_entries(4, _stamp_page(), [], 0, 0, decode_sticker)
    assert [(e["conclusion"], e["authority"]) for e in entries] == [("注册不合格", NAME)]
    assert ("seal_authority", "registrations[0].authority") in {(f.code, f.field) for f in found}


def _glared(img: Image.Image) -> np.ndarray:
    """``img`` photographed under a lamp: the paper bright in a patch, darker away from it, and
    the pale printed boxes no darker than the paper far from the glare."""
    a = np.asarray(img).astype(np.float32)
    h, w = a.shape[:2]
    x, y = np.linspace(0, 1, w)[None, :], np.linspace(0, 1, h)[:, None]
    light = 0.8 + 0.2 * np.exp(-((x - 0.7) ** 2 + (y - 0.2) ** 2) / 0.08)
    return np.asarray((a * light[..., None]).clip(0, 255), dtype=np.uint8)


def test_a_box_glare_hides_from_one_threshold_is_found_from_its_sides():
    img = Image.new("RGB", (780, 1100), (250, 250, 250))
    d = ImageDraw.Draw(img)
    for top in (170, 480):
        d.rectangle((80, top, 700, top + 280), outline=(205, 205, 205), width=2)
    page = _glared(img)
    assert not any(f[1] < 200 and f[0] < 120 for f in _red_ink.frames(page))  # one threshold
    boxes = _stamp_boxes.printed_boxes(page)
    assert any(abs(b[0] - 80) < 8 and abs(b[1] - 170) < 8 and abs(b[2] - 700) < 8
               and abs(b[3] - 450) < 8 for b in boxes), boxes


@pytest.mark.slow
def test_a_seal_over_its_box_s_side_far_from_the_stamp_names_its_office():
    img = Image.new("RGB", (780, 1100), (250, 250, 250))
    d = ImageDraw.Draw(img)
    for top in (170, 480):
        d.rectangle((80, top, 700, top + 280), outline=(205, 205, 205), width=2)
    d.rectangle((250, 190, 540, 300), outline=RED, width=5)
    d.text((270, 205), "定期注册不合格", font=cjk_font(30, bold=True), fill=RED)
    d.text((270, 250), "2017年2月28日", font=cjk_font(30, bold=True), fill=RED)
    _seal(img, 700, 370)  # over the box's right side, 2 radii from the stamp
    entries, found, _ = _stamps.page_entries(4, _glared(img), [], 0, 0, decode_sticker)
    assert [(e["conclusion"], e["authority"]) for e in entries] == [("注册不合格", NAME)]
