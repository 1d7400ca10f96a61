"""The seal picture: a round red seal (公章 style) with the authority's name, as PNG.

Drawn with Pillow at 600 px for a 42 mm seal (about 360 dpi): the authority's name runs
clockwise along the upper rim, a five-pointed star sits in the centre, the seal's purpose
(``教师资格专用章``) below it. The font is the first CJK font found among the system fonts
(Noto CJK from Debian's fonts-noto-cjk, then AR PL, then WenQuanYi); without one the seal
still renders, with Pillow's default font. The output is deterministic for a given font.
"""

from __future__ import annotations

import io
import math
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

__all__ = ["SEAL_MM", "render_seal_png"]

#: Diameter of the printed seal in millimetres (a common size for official round seals).
SEAL_MM = 42.0
_PX = 600
_RED = (220, 30, 30, 255)
_FONTS = (
    Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/truetype/arphic/uming.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
)
Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@lru_cache(maxsize=8)
def _font(size: int) -> Font:
    """A CJK face (the Simplified Chinese one of a collection) at ``size`` px."""
    for path in _FONTS:
        if not path.is_file():
            continue
        for index in range(10):
            try:
                face = ImageFont.truetype(str(path), size, index=index)
            except OSError:
                break
            if "SC" in (face.getname()[0] or "") or index == 0 and "Noto" not in path.name:
                return face
    return ImageFont.load_default(size)


def _star(draw: ImageDraw.ImageDraw, cx: float, cy: float, radius: float) -> None:
    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.382
        angle = math.radians(-90 + 36 * i)
        points.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    draw.polygon(points, fill=_RED)


def _rim_text(image: Image.Image, text: str, radius: float, size: int) -> None:
    """Each character upright towards the centre, spread over the upper 240° of the rim."""
    if not text:
        return
    font = _font(size)
    span = min(240.0, 22.0 * len(text))
    step = span / max(len(text) - 1, 1)
    start = -90 - span / 2
    centre = _PX / 2
    for i, char in enumerate(text):
        angle = start + step * i if len(text) > 1 else -90
        tile = Image.new("RGBA", (size * 2, size * 2), (0, 0, 0, 0))
        ImageDraw.Draw(tile).text((size, size), char, font=font, fill=_RED, anchor="mm")
        tile = tile.rotate(-(angle + 90), resample=Image.Resampling.BICUBIC)
        x = centre + radius * math.cos(math.radians(angle)) - size
        y = centre + radius * math.sin(math.radians(angle)) - size
        image.alpha_composite(tile, (round(x), round(y)))


def render_seal_png(name: str, purpose: str = "教师资格专用章") -> bytes:
    """PNG bytes of the round red seal of ``name`` (transparent background)."""
    image = Image.new("RGBA", (_PX, _PX), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    border = 18
    draw.ellipse((border, border, _PX - border, _PX - border), outline=_RED, width=border)
    _star(draw, _PX / 2, _PX / 2, _PX * 0.15)
    size = 72 if len(name) <= 10 else max(40, 720 // len(name))
    _rim_text(image, name[:24], _PX / 2 - border - size * 0.8, size)
    draw.text((_PX / 2, _PX * 0.74), purpose[:12], font=_font(48), fill=_RED, anchor="mm")
    out = io.BytesIO()
    # A palette of 16 reds (with alpha) keeps the PNG small: it travels in every OFD signature.
    image.quantize(16, method=Image.Quantize.FASTOCTREE).save(out, format="PNG", optimize=True)
    return out.getvalue()
