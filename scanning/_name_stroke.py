"""A name's 一 shown by its own crop: one flat stroke at the name's pitch, across its line.

The glyph fits (``_name_glyphs``) cannot weigh 一: its ink is a few pixels high, too flat to
scale a glyph onto, so every candidate fits it at -1, and a name whose 一 the recogniser split
with a dash and blank (岑月一: 一 at 47 %, — at 18 %) always went to a person. The crop settles
it another way: 一 is the one Han character printed as a single horizontal stroke. It is taken
as shown when, at its place in the name (the other characters fit there in some face and all
stand evenly spaced, so the cell is the name's own), the cell holds exactly one stroke — even
faint ink counts, so a 二 or 三 whose other stroke printed light still shows it — about a
character wide, a small part of a character high, and lying across the middle of the name's
line (an underline lies at its foot, a leader's dot is short). A dash has that shape too, but a
name holds no dash, and a form's filler dash stands apart from the name, not at its pitch.
"""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np

from scanning import _name_glyphs as glyphs
from scanning import _name_start as name_start

ONE = "一"
# The stroke's extent, in the name's character size: WIDE to LONG wide (a leader or rule
# runs on), at most FLAT high.
WIDE = 0.6
LONG = 1.1
FLAT = 0.3
# Its centre lies within this part of the line's height either side of the line's middle.
MIDDLE = 0.2
# The stroke's dark core (its height measured there: a pattern's faint lines crossing it
# widen only its faint edge).
_DARK = 0.45
# The name's characters stand evenly: each step within this part of the pitch of the mean.
EVEN = 0.25


def shown(grey: np.ndarray, name: str, i: int) -> str:
    """A detail of the evidence when the crop ``grey`` shows ``name``'s character at place
    ``i`` (a 一) as one flat stroke at the name's pitch across the middle of its line; "" when
    it does not clearly."""
    if not 0 <= i < len(name) or name[i] != ONE or len(name) < 2 or grey.size == 0:
        return ""
    ink = glyphs.ink_of(grey)
    own = _own(glyphs.cells(ink), name, i)
    if not own:
        return ""
    others = [c for k, c in enumerate(own) if k != i]
    size = float(np.median([max(c.ink.shape) for c in others]))
    top, bottom = _line(ink, others)
    if bottom - top < 0.5 * size:
        return ""
    lo = (own[i - 1].right + own[i].left) // 2 + 1 if i else max(0, own[i].left - int(size / 2))
    hi = (own[i].right + own[i + 1].left) // 2 if i + 1 < len(own) else own[i].right + int(
        size / 2)
    halo = max(2, int(round(name_start.HALO * size)))
    y0 = max(0, top - halo)
    region = ink[y0 : bottom + halo, lo : hi + 1]
    if _count(name_start.marks(region, size, ink.shape[0])) != 1:
        return ""  # no stroke, or more than one even faint (二, 三 with a light stroke, a speck)
    core = _components(region > _DARK)
    if len(core) != 1:
        return ""
    y, w, h = core[0]
    centre = y0 + y + h / 2 - (top + bottom) / 2
    if not WIDE * size <= w <= LONG * size or h > FLAT * size:
        return ""  # too short or tall for 一 (丶, 二 run together), or a leader running on
    if abs(centre) > MIDDLE * (bottom - top):
        return ""  # an underline, or a mark above the line
    return f"{i}:{ONE} one stroke {w}x{h}px, size {size:.0f}, {centre:+.1f}px from the middle"


def _count(mask: np.ndarray) -> int:
    """How many connected parts ``mask`` holds."""
    return int(cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)[0]) - 1


def _components(mask: np.ndarray) -> list[tuple[int, int, int]]:
    """The top, width and height of each part of ``mask`` larger than a few pixels (the
    dark core of a stroke, not the specks a scan's noise leaves)."""
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    return [(int(s[1]), int(s[2]), int(s[3])) for s in stats[1:n] if s[4] > 3]


def _own(row: Sequence[glyphs.Cell], name: str, i: int) -> list[glyphs.Cell]:
    """The name's cells: where its other characters fit best in some face, all of them (the
    一's too) evenly spaced by their centres; [] when they do not fit or stand unevenly."""
    n = len(name)
    if len(row) < n:
        return []
    agreed = [(k, ch) for k, ch in enumerate(name) if k != i]
    score, start = max((glyphs.rank_faces(row[s : s + n], agreed)[0][0], s)
                       for s in range(len(row) - n + 1))
    if score < glyphs.AGREED:
        return []
    own = list(row[start : start + n])
    centres = [(c.left + c.right) / 2 for c in own]
    steps = [b - a for a, b in zip(centres, centres[1:], strict=False)]
    pitch = float(np.mean(steps))
    if pitch <= 0 or max(steps) - min(steps) > EVEN * pitch:
        return []
    return own


def _line(ink: np.ndarray, cells: Sequence[glyphs.Cell]) -> tuple[int, int]:
    """The name's text line (top, bottom rows): the median extent of its other characters,
    each its longest run of inked rows (a caption label above is another run)."""
    bands = [b for c in cells if (b := name_start.text_line(ink, c.left, c.right)) is not None]
    if not bands:
        return 0, 0
    return int(np.median([b[0] for b in bands])), int(np.median([b[1] for b in bands]))
