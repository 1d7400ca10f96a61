"""A comma inside a remark's line that every reading lost, proved by its ink in a free cell.

Chinese print and handwriting give a comma a whole character cell of its own (证书遗失，予以补发):
the characters either side of it stand two ems apart instead of one. A hand-written comma is
small and pale beside the strokes around it, and the recogniser drops it often, reading the
line as 证书遗失予以补发. The page still shows where it stood: a cell left free between two
characters (their centres placed by ``_charbox``) holding one small solid blob of the
writing's ink in the line's lower half and nothing else (``_sealcomma.comma_in_cell``). Such a
blob proves a mark was written there; which mark, only the words can say (a standard wording
with a comma there). Two characters one em apart leave no room for a mark, and a free cell
with no ink, or with more ink than a mark, proves nothing: the comma stays unseen.

A cell a seal crosses is left to ``_remark_endmark.sealed_cells`` (the seal's own strokes can
make a comma's blob), so nothing here is measured under a seal.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from scanning import _charbox, _sealcomma
from scanning._charbox import Glyph
from scanning._datescan import strip_dates
from scanning._ocr import Image, Line
from scanning._remark_endmark import CONTRAST, FEWEST, _dark, _seal_red, free_pairs
from scanning._remark_standard import skeleton_of
from scanning._seal_shape import Ring

__all__ = ["inked_cells", "inked_places"]


def inked_cells(
    image: Image, line: Line, glyphs: Sequence[Glyph], rings: Sequence[Ring] = ()
) -> list[int]:
    """The free cells on ``line`` that hold a mark's ink: the number of the line's word
    characters (marks and the entry's date aside) before each. Only a line whose characters
    are all placed (``glyphs``: ``_remark_endmark.free_pairs``) is measured; a cell a seal
    crosses is not."""
    free = free_pairs(line, glyphs)
    grey = np.asarray(image if image.ndim == 2 else image[..., 0])
    x0, y0, x1, y1 = line.box
    ink = grey[y0:y1, x0:x1]
    if free is None or not ink.size:
        return []
    size, pairs = free
    core, paper = (float(np.percentile(ink, q)) for q in (2, 90))
    if paper - core < CONTRAST:
        return []
    out = []
    for p, a, b in pairs:
        cell = (int(a.x + size / 2), y0, int(b.x - size / 2), y1)
        if any(r.crosses(cell) for r in rings):
            continue
        if _holds_mark(image, grey, line.box, (a.x, b.x), size, (core, paper)):
            out.append(p)
    return out


def _holds_mark(
    image: Image, grey: np.ndarray, box: tuple[int, int, int, int], xs: tuple[float, float],
    size: float, levels: tuple[float, float],
) -> bool:  # fmt: skip
    """Whether the free cell between the characters centred at ``xs`` holds one mark's ink, as
    dark as the writing's and not a red seal's: the next character's own ink is cut off."""
    (a, b), (core, paper) = xs, levels
    mid = (core + paper) / 2
    upto = grey[:, : max(0, int(b - size / 2))]  # the next character's left half stays out
    found = _sealcomma.comma_in_cell(upto, box, a, size, mid)
    if found is None or not a + size / 2 <= found <= b - size / 2:
        return False
    return _dark(grey, box, found, size, core, paper) and not _seal_red(
        image, box, found, size, mid
    )


def inked_places(
    image: Image, lines: Sequence[tuple[Line, Sequence[Glyph]]], rings: Sequence[Ring] = ()
) -> list[tuple[int, int]]:
    """(line index, characters of its words before the cell) of every free cell holding a
    mark's ink on the entry's ``lines`` (each with its characters' places, if placed already;
    the other lines of words are placed here, one recognition each)."""
    need = [k for k, (ln, gs) in enumerate(lines) if not gs and _wordy(ln.text)]
    placed = dict(zip(need, _charbox.glyphs(image, [lines[k][0].box for k in need]), strict=True))
    return [(k, p) for k, (ln, gs) in enumerate(lines)
            for p in inked_cells(image, ln, placed.get(k, gs), rings)]  # fmt: skip


def _wordy(text: str) -> bool:
    """Whether a line holds words beside its date: only such a line's cells are measured."""
    return len(skeleton_of(strip_dates(text))) >= FEWEST
