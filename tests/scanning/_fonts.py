"""The CJK font tests draw pages with: the first Noto CJK face installed, or the test is
skipped (a machine without Noto CJK cannot render the page)."""

from __future__ import annotations

import math
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

REGULAR = ("NotoSansCJK-Regular.ttc",)
BOLD = ("NotoSansCJK-Bold.ttc", "NotoSerifCJK-Bold.ttc", *REGULAR)  # seals and stamps


def cjk_font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """Noto CJK at ``size`` (its simplified-Chinese member), bold if installed when ``bold``;
    skips the test when no face is installed."""
    for face in BOLD if bold else REGULAR:
        try:
            return ImageFont.truetype(face, size, index=2)
        except OSError:
            continue
    pytest.skip("Noto CJK not installed")


NOTO = "/usr/share/fonts/opentype/noto/"
SERIF = NOTO + "NotoSerifCJK-Regular.ttc"
SANS = NOTO + "NotoSansCJK-Regular.ttc"
SANS_BOLD = NOTO + "NotoSansCJK-Bold.ttc"


def needs_face(path: str) -> pytest.MarkDecorator:
    """Skips a test when the face at ``path`` is not installed (it draws its page with it)."""
    return pytest.mark.skipif(not Path(path).exists(), reason=f"no {Path(path).stem} face")


needs_serif = needs_face(SERIF)


def serif_name_crop(text: str, size: int = 26) -> np.ndarray:
    """A name's crop as the name check takes it (``_name_evidence.crop``): ``text`` in Noto
    Serif at ``size`` px, a character a pitch apart, slightly blurred as a scan is."""
    from scanning import _name_evidence

    font = ImageFont.truetype(SERIF, size, index=2)
    pitch = size + 6
    img = Image.new("L", (60 + pitch * len(text), size + 34), 235)
    for i, ch in enumerate(text):
        ImageDraw.Draw(img).text((20 + i * pitch, 14), ch, fill=30, font=font)
    grey = cv2.GaussianBlur(np.asarray(img), (0, 0), 0.7)
    page = cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR)
    return _name_evidence.crop(page, (14, 8, 22 + pitch * len(text), size + 26))


def name_crop(path: str, index: int, text: str, height: int, blur: float) -> np.ndarray:
    """``text`` printed in the face at ``path`` (``index`` in its collection) at ``height`` px
    on white, blurred by ``blur`` px as a scan or a photo softens it: a name box's crop."""
    font = ImageFont.truetype(path, 64, index=index)
    img = Image.new("L", (64 * (len(text) + 2), 110), 255)
    ImageDraw.Draw(img).text((40, 20), text, fill=0, font=font)
    grey = cv2.resize(np.asarray(img), None, fx=height / 64, fy=height / 64,
                      interpolation=cv2.INTER_AREA)  # fmt: skip
    return cv2.GaussianBlur(grey, (0, 0), blur)


def arc_text(
    layer: Image.Image, c: float, r: float, text: str, font: ImageFont.FreeTypeFont, size: int,
    span: float, at: float,
) -> None:
    """``text`` drawn (255) on the mask ``layer`` upright to a ring centred at (c, c) along its
    upper arc, as a seal or a date stamp letters its office: the characters spread evenly over
    ``span`` degrees, their centres ``at`` times the radius ``r`` from the centre."""
    for k, ch in enumerate(text):
        a = math.radians(-span / 2 + span * (k + 0.5) / len(text))
        tile = Image.new("L", (size * 2, size * 2), 0)
        ImageDraw.Draw(tile).text((size, size), ch, font=font, fill=255, anchor="mm")
        tile = tile.rotate(-math.degrees(a), resample=Image.BICUBIC)
        x, y = c + at * r * math.sin(a), c - at * r * math.cos(a)
        layer.paste(255, (int(x - size), int(y - size)), tile)


def seal_mask(r: float, name: str, *, width: int, size: float, span: float) -> Image.Image:
    """A round seal's ink as a mask (255) whose centre is the seal's: a rim ``width`` pixels
    wide, a star, and ``name`` lettered along the upper arc over ``span`` degrees in
    characters ``size`` times the radius ``r``."""
    layer = Image.new("L", (int(2 * r) + 8, int(2 * r) + 8), 0)
    g = ImageDraw.Draw(layer)
    c = layer.width / 2
    g.ellipse((c - r, c - r, c + r, c + r), outline=255, width=width)
    g.regular_polygon((c, c, r * 0.2), 5, fill=255)
    px = int(r * size)
    arc_text(layer, c, r, name, cjk_font(px, bold=True), px, span, 0.72)
    return layer


def judge_without(monkeypatch: pytest.MonkeyPatch, face: int, alone: str | None = None) -> None:
    """The name glyph judge without ``face``, the one a test prints in (a booklet's type face
    is never one of ours); a cell read alone gives ``alone`` (no recogniser in unit tests)."""
    from scanning import _name_glyphs as glyphs

    held = [f for f in glyphs.faces() if f != face]
    monkeypatch.setattr(glyphs, "faces", lambda: held)
    if alone is not None:
        monkeypatch.setattr(glyphs, "read_alone", lambda cell: alone)
