"""Chinese font families for the wide-variety booklets, resolved once through fontconfig.

Real booklets are printed by many presses in many typefaces; remarks are often written by hand
in a 楷体-like script. Families missing on a machine fall back to Noto Sans CJK SC, so the
generator still runs (with less variety) where `scripts/system-deps.sh` was not run.
"""

from __future__ import annotations

import subprocess
from functools import cache
from pathlib import Path
from typing import Final

from PIL import ImageFont

#: family → (Debian path, face index inside the collection), used when fc-match is unavailable
FAMILIES: Final = {
    "Noto Sans CJK SC": ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    "Noto Sans CJK SC:bold": ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2),
    "Noto Serif CJK SC": ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
    "Noto Serif CJK SC:bold": ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc", 2),
    "WenQuanYi Zen Hei": ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    "WenQuanYi Micro Hei": ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    "AR PL UMing CN": ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    "AR PL UKai CN": ("/usr/share/fonts/truetype/arphic/ukai.ttc", 0),
    "LXGW WenKai": ("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf", 0),
}
FALLBACK: Final = "Noto Sans CJK SC"
#: faces for printed labels and values (the press's type)
PRINT: Final = (
    "Noto Sans CJK SC",
    "Noto Serif CJK SC",
    "Noto Sans CJK SC:bold",
    "Noto Serif CJK SC:bold",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "AR PL UMing CN",
)
#: 楷体 faces for handwriting-like remarks and some printed values
KAI: Final = ("AR PL UKai CN", "LXGW WenKai")


@cache
def _resolve(family: str) -> tuple[str, int]:
    """The font file and face index of ``family`` (fc-match first, then the Debian path)."""
    path, index = FAMILIES.get(family, FAMILIES[FALLBACK])
    try:
        done = subprocess.run(
            ["fc-match", "-f", "%{file}\t%{index}\t%{family}", family],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
        file, idx, names = done.stdout.split("\t", 2)
        # fc-match always answers something; accept it only when it found the family asked for.
        if done.returncode == 0 and family.split(":")[0] in names and Path(file).exists():
            path, index = file, int(idx)
    except (OSError, ValueError, subprocess.SubprocessError):
        pass
    if not Path(path).exists():
        return FAMILIES[FALLBACK]
    return path, index


@cache
def face(family: str, px: int) -> ImageFont.FreeTypeFont:
    """The face of ``family`` at a pixel size (cached)."""
    path, index = _resolve(family)
    return ImageFont.truetype(path, max(6, px), index=index)


def available() -> list[str]:
    """Families that resolve to their own file on this machine."""
    return [f for f in FAMILIES if _resolve(f) != FAMILIES[FALLBACK] or f == FALLBACK]
