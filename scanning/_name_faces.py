"""The CJK type faces on the machine a name's characters are drawn in, for comparing a printed
name with its candidate characters (Noto Sans/Serif CJK, AR PL UMing/UKai, LXGW WenKai,
WenQuanYi: the 宋/黑/楷 families a booklet is printed in)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

Gray = NDArray[np.float32]
_FACES = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc", 2),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/ukai.ttc", 0),
    ("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
)
_DRAW = 64  # glyphs are drawn this large, then shrunk to the cell


@cache
def _fonts() -> tuple[ImageFont.FreeTypeFont, ...]:
    return tuple(ImageFont.truetype(p, _DRAW, index=i) for p, i in _FACES if Path(p).exists())


@cache
def glyph(ch: str, face: int) -> Gray | None:
    """``ch`` drawn in face number ``face``, as ink cut to its bounding box (None when the face
    lacks it)."""
    font = _fonts()[face]
    if not font.getmask(ch).getbbox():
        return None
    canvas = PILImage.new("L", (_DRAW * 2, _DRAW * 2), 0)
    ImageDraw.Draw(canvas).text((_DRAW // 2, _DRAW // 2), ch, fill=255, font=font)
    ink = np.asarray(canvas, dtype=np.float32) / 255.0
    return _tight(ink)


def _tight(ink: Gray, level: float = 0.35) -> Gray:
    ys, xs = np.nonzero(ink > level)
    if not len(xs):
        return ink[:1, :1] * 0
    return ink[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]


def faces() -> range:
    """The numbers of the faces on this machine."""
    return range(len(_fonts()))
