"""The CJK font tests draw pages with: the first Noto CJK face installed, or the test is
skipped (a machine without Noto CJK cannot render the page)."""

from __future__ import annotations

import pytest
from PIL import ImageFont

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
