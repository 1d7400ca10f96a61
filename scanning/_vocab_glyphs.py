"""How alike two Chinese characters look, for a vocabulary snap the engine offered no
alternative for (教弯局: 弯 looks like 育, not like 体, so 教育局 and not 教体局).

Each character is drawn in a sans and a serif CJK face, blurred, and compared by correlation;
the smaller of the two is the similarity (a pair must look alike in both faces). Without a CJK
face on the machine nothing is similar, and a snap needs the engine's alternatives as before.
"""

from __future__ import annotations

import subprocess
from functools import cache
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from core.rules import is_han

# Blurred-shape correlation at or above this: a recogniser's likely misread (络/塔 0.89, 弯/育
# 0.88, 县/昙 0.96), where unlike pairs stay lower (弯/体 0.73, 江/枝 0.69).
SIMILAR = 0.85
# … and this alike, in both faces, a pair a recogniser may swap even when sure (昌/吕 0.94).
STRONGLY = 0.93
# The probability of such a misread when the engine offered nothing (four times a look-alike
# of the table, CONFUSION_P): enough for one look-alike entry to win a snap against an unlike
# one, never enough against two look-alike ones.
P_SIMILAR = 0.02
_SIZE = 48
_FACES = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2, "Noto Sans CJK SC"),
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2, "Noto Serif CJK SC"),
)


@cache
def _fonts() -> tuple[ImageFont.FreeTypeFont, ...]:
    out = []
    for path, index, family in _FACES:
        found = path if Path(path).exists() else _fc_match(family)
        if found:
            try:
                out.append(ImageFont.truetype(found, _SIZE, index=index if found == path else 0))
            except OSError:
                continue
    return tuple(out)


def _fc_match(family: str) -> str | None:
    try:
        done = subprocess.run(["fc-match", "-f", "%{file}\t%{family}", family],
                              capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    file, _, names = done.stdout.partition("\t")
    return file if done.returncode == 0 and family in names and Path(file).exists() else None


@cache
def _shape(ch: str, face: int) -> np.ndarray[tuple[int], np.dtype[np.float32]]:
    img = Image.new("L", (_SIZE + 16, _SIZE + 16), 0)
    ImageDraw.Draw(img).text((8, 0), ch, font=_fonts()[face], fill=255)
    shape = cv2.GaussianBlur(np.asarray(img, dtype=np.float32) / 255.0, (0, 0), 3).ravel()
    shape = shape - shape.mean()
    norm = float(np.linalg.norm(shape))
    out: np.ndarray[tuple[int], np.dtype[np.float32]] = shape / norm if norm else shape
    return out


@cache
def similarity(a: str, b: str) -> float | None:
    """How alike ``a`` and ``b`` look (1.0: the same shape); None without a CJK face."""
    if not _fonts():
        return None
    return min(float(_shape(a, k) @ _shape(b, k)) for k in range(len(_fonts())))


def misread_p(read: str, meant: str) -> float | None:
    """The probability that ``meant`` was printed where ``read`` was read, when the engine
    offered no alternative: :data:`P_SIMILAR` for Chinese characters that look alike, else
    None (the caller's floor for an unlike character)."""
    if not (is_han(read) and is_han(meant)):
        return None
    s = similarity(read, meant)
    return P_SIMILAR if s is not None and s >= SIMILAR else None
