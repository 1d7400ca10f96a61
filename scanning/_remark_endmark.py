"""A comma standing last on a remark's line, proved by its ink.

A remark that wraps puts its comma last on the first line (原证书因保管不慎遗失， / 经本人申请…),
where the page's detector often ends the line's box before it: the comma stands outside every
box and no reading of the line holds it. The page still shows it: a small solid blob of the
writing's ink in the lower half of the line, in the cell right after the last character,
nothing else as dark in that cell. Such a blob proves a mark was written there; which mark,
only the words can say (a standard wording with a comma there). No blob proves nothing, and
the comma stays unseen.

The ink is measured in the red channel, where a red seal and a pale security pattern turn
light and black or blue writing stays dark; a grey seal over the cell is told apart from the
writing by ``_sealcomma`` (its ink must be lighter than the print's).
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

import numpy as np

from core.rules import COMMAS, FULL_STOPS
from scanning import _charbox, _sealcomma
from scanning._charbox import Glyph
from scanning._datescan import find_dates
from scanning._ocr import Image, Line
from scanning._remark_standard import MARKS
from scanning._seal_shape import Ring
from scanning._sealcomma import CELL

__all__ = ["bare_end", "comma_at_end", "free_pairs", "mark_at_end", "sealed_cells", "word_pairs"]

CONTRAST = 60  # the writing must be darker than the paper by this much (8-bit grey)
BELOW = 0.25  # em below the line's box a hand-written comma may reach
FEWEST = 3  # characters a line needs for its em to be measured
MARK_DARK = 0.3  # a mark's ink: this far from the print's core towards the paper, at most


def comma_at_end(image: Image, line: Line, rings: Sequence[Ring] = ()) -> bool:
    """Whether the page shows a comma right after the last character of ``line`` (its text as
    chosen, its box as detected): the line's box widened past its end is placed character by
    character (``_charbox``), and the cell after the last character holds a comma read there
    or a comma's ink, as dark as the print's, and nothing else."""
    return _mark_at_end(image, line, rings, stop=False)


def mark_at_end(image: Image, line: Line, rings: Sequence[Ring] = ()) -> bool:
    """Whether the page shows a comma or a full stop (。, a small ring) right after the last
    character of ``line``, as ``comma_at_end`` measures it, in ink as dark as the print's;
    under a grey seal (``rings`` crossing the cell) nothing is proved. Under a red seal (a
    colour page) any ink darker than the seal's own in that cell counts: this only ever asks
    a person to look (a closing 。 a seal hid from every reading), never settles a text."""
    return _mark_at_end(image, line, rings, stop=True)


BARE_CELL = (0.55, 1.8)  # where a mark after a character's centre may stand, in em: wide
BARE = 3  # dark pixels a bare cell may hold (a speck of the paper's grain), at most


def bare_end(image: Image, line: Line, rings: Sequence[Ring] = ()) -> bool:
    """Whether the page shows bare paper right after the last character of ``line``: the
    cell where a comma closing the row would stand lies inside the page, no seal crosses
    it, no character is placed in it, and no pixel of it in any channel (a mark in black,
    blue or red ink alike) is darker than halfway from the paper to the line's own ink. A
    row written without a mark at its end is proved so by the page; a dot of ink there, a
    seal or the page's edge proves nothing."""
    chars = [ch for ch in line.text if not ch.isspace()]
    if len(chars) < FEWEST or not chars[-1].isalnum():
        return False
    x0, y0, x1, y1 = line.box
    h, w = image.shape[:2]
    placed = _charbox.glyphs(image, [(x0, y0, min(w, x1 + 2 * (y1 - y0)), y1)])[0]
    size = _charbox.em(placed)
    ends = [k for k, g in enumerate(placed) if g.char == chars[-1]]
    if size is None or not ends:
        return False
    last = placed[ends[-1]]
    a, b = int(last.x + BARE_CELL[0] * size), int(last.x + BARE_CELL[1] * size)
    cell = (a, y0, b, min(h, int(y1 + BELOW * size)))
    if b > w or any(r.crosses(cell) for r in rings):
        return False
    if any(g.x - last.x < BARE_CELL[1] * size for g in placed[ends[-1] + 1 :]):
        return False
    darkest = np.asarray(image if image.ndim == 2 else image.min(axis=2))
    ink = darkest[y0:y1, x0:x1]
    if not ink.size:
        return False
    core, paper = (float(np.percentile(ink, q)) for q in (2, 90))
    if paper - core < CONTRAST:
        return False
    return int((darkest[cell[1] : cell[3], a:b] < (core + paper) / 2).sum()) <= BARE


def _mark_at_end(image: Image, line: Line, rings: Sequence[Ring], stop: bool) -> bool:
    chars = [ch for ch in line.text if not ch.isspace()]
    if len(chars) < FEWEST or not chars[-1].isalnum():
        return False
    x0, y0, x1, y1 = line.box
    h, w = image.shape[:2]
    tall = y1 - y0
    placed = _charbox.glyphs(image, [(x0, y0, min(w, x1 + 2 * tall), y1)])[0]
    size = _charbox.em(placed)
    ends = [k for k, g in enumerate(placed) if g.char == chars[-1]]
    if size is None or not ends:
        return False
    last, after = placed[ends[-1]], placed[ends[-1] + 1 :]
    box = (x0, y0, min(w, int(last.x + 1.5 * size)), min(h, int(y1 + BELOW * size)))
    sealed = any(r.crosses(box) for r in rings)
    if stop and sealed:
        return False  # a seal's lettering is full of small rings: no full stop told apart
    marks = COMMAS + FULL_STOPS if stop else COMMAS
    grey = np.asarray(image if image.ndim == 2 else image[..., 0])
    ink = grey[y0:y1, x0:x1]
    core, paper = (float(np.percentile(ink, q)) for q in (2, 90)) if ink.size else (0.0, 0.0)
    mid = (core + paper) / 2
    if after and after[0].char in marks and after[0].x - last.x < CELL[1] * size:
        # read there once the box goes on past the line's end (a seal's own ink is told
        # apart by ``_sealcomma``; elsewhere the mark must be the print's)
        at = after[0].x
        if sealed:
            return True
        return _dark(grey, box, at, size, core, paper) and not _seal_red(image, box, at, size, mid)
    if any(g.x - last.x < CELL[1] * size and _inked(grey, box, g.x, size, core, paper)
           for g in after):  # fmt: skip
        return False  # something else stands in the cell
    if sealed:
        return _sealcomma.comma_after(image, box, last.x, size, rings) is not None
    if paper - core < CONTRAST:
        return False
    found = _sealcomma.comma_in_cell(grey, box, last.x, size, mid, stop)
    if found is not None and _dark(grey, box, found, size, core, paper) and not _seal_red(
        image, box, found, size, mid
    ):
        return True
    # A red seal over the cell crowds a faint hand's mark out of every clean blob: for a
    # finding (never to settle a wording) ink darker than the seal's own there is enough.
    return stop and _sealcomma.ink_under_red_seal(image, box, last.x, size, core, paper)


def _dark(
    grey: np.ndarray, box: tuple[int, int, int, int], at: float, size: float, core: float,
    paper: float,
) -> bool:  # fmt: skip
    """Whether the ink around ``at`` in ``box`` is as dark as the print's strokes (``core``):
    a pale seal's stroke on light print passes the midpoint between print and paper too."""
    if paper - core < CONTRAST:
        return False
    near = grey[box[1] : box[3], max(0, int(at - size / 5)) : int(at + size / 5) + 1]
    return near.size > 0 and float(near.min()) <= core + MARK_DARK * (paper - core)


def _inked(
    grey: np.ndarray, box: tuple[int, int, int, int], x: float, size: float, core: float,
    paper: float,
) -> bool:  # fmt: skip
    """Whether the character placed at ``x`` is the writing's, not a red seal's lettering:
    its core holds ink darker than the midpoint between print and paper in the red channel,
    where a red seal turns light (the recogniser reads the colour page, seal letters and all,
    so a seal's 自治区 over a line's end is placed as if written there)."""
    near = grey[box[1] : box[3], max(0, int(x - size / 3)) : int(x + size / 3) + 1]
    return near.size == 0 or float(near.min()) < (core + paper) / 2


REDDER = 40  # a seal's ink: red above the mean of green and blue by this much (8-bit)


def _seal_red(
    image: Image, box: tuple[int, int, int, int], at: float, size: float, thr: float
) -> bool:
    """Whether the dark ink around ``at`` is a red seal's (its star or lettering), not a mark:
    in a phone photo or a compressed scan a seal's red keeps some darkness in the red channel,
    while a mark is written in the writing's own ink (black or blue, never redder than the
    paper's tint). A greyscale page says nothing."""
    if image.ndim != 3:
        return False
    # narrow: the last character's own ink stands a little to the left
    x0, x1 = max(0, int(at - size / 8)), int(at + size / 8) + 1
    near = np.asarray(image[box[1] : box[3], x0:x1], dtype=np.int16)
    dark = near[..., 0] < thr
    if not dark.any():
        return False
    rgb = near[dark]
    return float(np.median(rgb[:, 0] - (rgb[:, 1] + rgb[:, 2]) / 2)) > REDDER


ROOM = 1.6  # em between two characters' centres that leave a free cell between them


def word_pairs(
    line: Line, glyphs: Sequence[Glyph]
) -> tuple[float, list[tuple[int, Glyph, Glyph]]] | None:
    """The line's em and each two neighbouring characters of its words (``glyphs``: their
    places) with the number of word characters before the second: the entry's date on the
    line (2016年12月20日证书遗失…) is no word of it, so pairs touching it are left out and it
    is not counted. The placing reads the line once more and may lose or misread a character
    of a hand (经本申请手以 for 经本人申请予以): the places are aligned with the line's
    characters, and only two neighbours placed one after the other (nothing lost or added
    between them) make a pair. None when no em is measured or a digit stands outside the
    date."""
    chars = "".join(ch for ch in line.text if not ch.isspace() and ch not in MARKS)
    placed = [g for g in glyphs if not g.char.isspace() and g.char not in MARKS]
    size = _charbox.em(placed)
    dated = {k for f in find_dates(chars) for k in range(f.start, f.end)}
    if size is None or any(ch.isdigit() for k, ch in enumerate(chars) if k not in dated):
        return None
    at = _aligned(chars, "".join(g.char for g in placed))
    pairs = [
        (k + 1 - sum(1 for d in dated if d <= k), placed[at[k]], placed[at[k + 1]])
        for k in range(len(chars) - 1)
        if k in at and k + 1 in at and at[k + 1] == at[k] + 1 and not {k, k + 1} & dated
    ]
    return size, pairs


def _aligned(chars: str, placed: str) -> dict[int, int]:
    """Index in ``placed`` of each character of ``chars`` the placing read in its place (the
    same character, or one misread in a run of the same length)."""
    out: dict[int, int] = {}
    ops = difflib.SequenceMatcher(None, chars, placed, autojunk=False).get_opcodes()
    for op, i1, i2, j1, j2 in ops:
        if op == "equal" or (op == "replace" and i2 - i1 == j2 - j1):
            out.update(zip(range(i1, i2), range(j1, j2), strict=True))
    return out


def free_pairs(
    line: Line, glyphs: Sequence[Glyph]
) -> tuple[float, list[tuple[int, Glyph, Glyph]]] | None:
    """The line's em and the pairs of ``word_pairs`` that stand a free cell apart (``ROOM``
    ems between their centres) with no mark the placing read between them: the cells where a
    mark no reading saw may stand. None as ``word_pairs``."""
    paired = word_pairs(line, glyphs)
    if paired is None:
        return None
    size, pairs = paired
    read = [g.x for g in glyphs if g.char in MARKS]  # marks the placing read stand apart
    return size, [(p, a, b) for p, a, b in pairs
                  if b.x - a.x >= ROOM * size and not any(a.x < x < b.x for x in read)]


def sealed_cells(line: Line, glyphs: Sequence[Glyph], rings: Sequence[Ring]) -> list[int]:
    """Free cells a seal covers on ``line``: the number of the line's characters (marks and
    the entry's date aside) before each place where two neighbouring characters stand a cell
    apart (``glyphs``: their places) and a seal crosses that cell. A printed line sets its
    characters one em apart: a cell left free held something the seal hid, a mark if the
    words leave room for nothing else. Only a line whose characters are all placed (no digit
    but its date's, every character once) is measured."""
    free = free_pairs(line, glyphs)
    if free is None:
        return []
    size, pairs = free
    x0, y0, x1, y1 = line.box
    out = []
    for p, a, b in pairs:
        mid = (a.x + b.x) / 2
        cell = (int(mid - size / 3), y0, int(mid + size / 3), y1)
        if any(r.crosses(cell) for r in rings):
            out.append(p)
    return out
