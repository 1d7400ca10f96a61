"""A field's value drawn as print, for tests that run the real recogniser."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont


def field(text: str, seal: bool = False) -> np.ndarray:
    """``text`` printed in Noto Sans CJK on white, with a red seal's rim across its start when
    ``seal``."""
    font = ImageFont.truetype("NotoSansCJK-Regular.ttc", 30, index=2)
    img = Image.new("RGB", (40 + 32 * len(text), 60), "white")
    draw = ImageDraw.Draw(img)
    draw.text((20, 10), text, font=font, fill="black")
    if seal:
        draw.ellipse((10, -40, 160, 110), outline=(220, 50, 50), width=6)
    return np.asarray(img)
