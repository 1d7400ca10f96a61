"""A grey seal's own lettering taken out of the remark lines it was read into.

On a greyscale scan a seal's ring lettering (the office's name along the arc: 市, 教育局) and its
bottom line (教师资格认定专用章) stay on the page as grey ink like the print, and the detector
reads them into the remark lines around them. Two shapes of it are the seal's, not the remark's:

- a whole box inside the ring (``_seal_proof.lettering``): the bottom line, the arc read in one
  box; also an arc whose loose box pokes out of the disc at its corners (``_arc``);
- characters at the end of a remark line, inside the ring, after the line's clause has closed
  (证书污损，市 — 市 is the ring's lettering): a printed line never ends on a word that joins
  nothing, neither its own clause (closed by the comma) nor the next row's, which opens a clause
  of its own (经本人申请…). They are cut off the line, and its box with them, so that the
  re-readings read the remark without them.

A comma that ends a line under the seal, lost by every reading, is put back only where the ink
proves it (``_sealcomma``) at a wrap before a row that opens a clause.

Only the seal's geometry (found by its ring, ``_seal_shape``) decides where lettering can be;
the words only say that the characters there continue nothing. A line whose end is cut stays
under the seal, and what the seal may hide there is checked by ``_seal_proof`` as before.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Sequence

from core.rules import FULL_STOPS, HAN, HAN_RANGE, PAUSE_MARKS, SEAL_CENTRE_WORDINGS
from scanning import _charbox, _remarktext, _seal_proof, _sealcomma
from scanning._datescan import find_dates
from scanning._ocr import Image, Line
from scanning._remarktext import CLAUSE_OPENS, PHRASES
from scanning._seal_shape import Ring

__all__ = ["unlettered"]

# What closes a clause at a line's end; lettering read after one continues nothing. Pause
# marks but 、 (a list goes on after it), and the full-width full stop only (as found).
_CLOSED = PAUSE_MARKS.replace("、", "") + FULL_STOPS[0]
_TAIL = re.compile(rf"([{HAN_RANGE}]{{1,3}})$")
_SPARE = 0.4  # em left of the lettering's first character where the cut falls
BAND = (0.45, 1.15)  # radius shares where a ring's lettering stands (with room for an oval)


def unlettered(image: Image, lines: Sequence[Line], rings: Sequence[Ring]) -> list[Line]:
    """``lines`` of a remarks page without a grey seal's lettering: whole boxes of it dropped,
    and lettering read onto a line's end after its clause closed cut off (box included)."""
    height = _writing_height(lines)
    kept = [
        ln for ln in lines
        if not _seal_proof.lettering(ln, rings) and not _arc(ln, rings)
        and not _centre_line(ln, rings, height)
    ]  # fmt: skip
    if not rings:
        return kept
    kept = [_unled(image, ln, rings) for ln in kept]
    after = _remarktext.next_rows(kept)
    out = [_trimmed(image, ln, rings, after.get(ln.box)) for ln in kept]
    return [_wrap_comma(image, ln, rings, after.get(old.box)) for ln, old in zip(out, kept,
                                                                              strict=True)]


ARC_BAND = (0.3, 0.95)  # radius shares where an arc box's centre stands (its chord's middle)
ARC_SQUARE = 1.3  # an arc box's corners lie within this many radii of the centre, per axis


def _arc(ln: Line, rings: Sequence[Ring]) -> bool:
    """Whether a box is a ring's arc lettering read in one box (阳道市教育司 along the rim's top):
    a curved box (far taller than its characters are wide, ``_seal_proof.curved``) holding no
    date and no remark phrase, whose centre stands in the ring between its star and its rim and
    whose corners stay within the ring's square. The detector's box round an arc is loose, so
    its corners poke out of the disc (``_seal_proof.lettering`` wants them near it); no printed
    or written line is that tall for its characters."""
    text = ln.text.strip()
    if not text or find_dates(text) or any(p in text for p in PHRASES if len(p) >= 3):
        return False
    if not _seal_proof.curved(text, ln.box):
        return False
    x0, y0, x1, y1 = ln.box
    for r in rings:
        d = math.hypot((x0 + x1) / 2 - r.cx, (y0 + y1) / 2 - r.cy)
        sides = ((x0, r.cx), (x1, r.cx), (y0, r.cy), (y1, r.cy))
        square = all(abs(v - c) <= ARC_SQUARE * r.r for v, c in sides)
        if square and ARC_BAND[0] * r.r <= d <= ARC_BAND[1] * r.r:
            return True
    return False


CENTRE_DROP = (0.15, 0.75)  # radius shares below a ring's centre where its centre line stands
CENTRE_SIZE = 0.85  # a seal's centre line is smaller than the writing: its height share at most


def _writing_height(lines: Sequence[Line]) -> float | None:
    """The median height of the page's boxes holding two or more characters."""
    heights = [ln.box[3] - ln.box[1] for ln in lines if len(ln.text.strip()) >= 2]
    return statistics.median(heights) if len(heights) >= 2 else None


def _centre_line(ln: Line, rings: Sequence[Ring], height: float | None) -> bool:
    """Whether a box is a grey seal's centre line (…专用章 under the star) read garbled (行级审注号
    用护): wholly inside a ring's disc, below its centre where that line stands, smaller than
    the page's writing (``height``) and holding no date and no remark phrase. A written line
    there is as large as the others, or holds a phrase, and stays."""
    text = ln.text.strip()
    if not text or height is None or find_dates(text) or any(ch.isdigit() for ch in text):
        return False
    if any(p in text for p in PHRASES if p not in _seal_proof._SEAL_PHRASES):  # noqa: SLF001
        return False
    x0, y0, x1, y1 = ln.box
    if y1 - y0 > CENTRE_SIZE * height:
        return False
    for r in rings:
        inside = all(math.hypot(x - r.cx, y - r.cy) <= r.r for x in (x0, x1) for y in (y0, y1))
        below = CENTRE_DROP[0] * r.r <= (y0 + y1) / 2 - r.cy <= CENTRE_DROP[1] * r.r
        if inside and below:
            return True
    return False


def _unled(image: Image, ln: Line, rings: Sequence[Ring]) -> Line:
    """``ln`` without a seal's centre line read onto the head of a date it stamps over
    (教师资格认2025年1月6日: 教师资格认 is the seal's 教师资格认定专用章): the words before
    the date are two or more characters of a centre-line wording, nothing else, and stand
    inside a ring's disc in the band below its centre where that line is cut. A remark's text
    before its date is a sentence of its own, never a bare piece of a seal's wording, so the
    date then stands alone on its row and ends its entry."""
    text = ln.text.rstrip()
    dates = [f for f in find_dates(text) if f.read.value and f.end == len(text)]
    head = text[: dates[0].start].strip() if dates else ""
    if len(head) < 2 or not any(head in w for w in SEAL_CENTRE_WORDINGS):
        return ln
    placed = _charbox.glyphs(image, [ln.box])[0]
    size = _charbox.em(placed)
    digits = [g for g in placed if g.char.isdigit()]
    if size is None or not digits or not all(HAN.match(g.char) for g in placed[: len(head)]):
        return ln
    cut = digits[0].x - _SPARE * size
    y = (ln.box[1] + ln.box[3]) / 2
    if not any(_centre_band(r, (ln.box[0] + cut) / 2, y) for r in rings):
        return ln
    box = (int(round(cut)), ln.box[1], ln.box[2], ln.box[3])
    rest = text[dates[0].start :]
    return Line(rest, ln.score, box, ln.alternatives[len(text) - len(rest) :])


def _centre_band(ring: Ring, x: float, y: float) -> bool:
    """Whether (x, y) lies where a ring's centre line stands: inside its disc, below its
    centre (``CENTRE_DROP``)."""
    below = CENTRE_DROP[0] * ring.r <= y - ring.cy <= CENTRE_DROP[1] * ring.r
    return below and math.hypot(x - ring.cx, y - ring.cy) <= ring.r


def _wrap_comma(image: Image, ln: Line, rings: Sequence[Ring], nxt: str | None) -> Line:
    """``ln`` with the comma that ends it under a seal, where every reading lost it: only
    at a wrap before a row that opens a clause (where remark texts put a comma), and only
    when the ink proves it (``_sealcomma``: a comma-sized blob of print-dark ink in the cell
    after the last character). The words say where to look; the ink decides."""
    text = ln.text.rstrip()
    if not text or not HAN.match(text[-1]) or nxt is None or not nxt.startswith(CLAUSE_OPENS):
        return ln
    reach = ln.box[3] - ln.box[1]  # about an em: the comma's cell past the box's end
    wide = (ln.box[0], ln.box[1], ln.box[2] + reach, ln.box[3])
    if not any(r.crosses((ln.box[2] - reach, *wide[1:])) for r in rings):
        return ln
    placed = _charbox.glyphs(image, [ln.box])[0]
    size = _charbox.em(placed)
    if size is None or not placed or placed[-1].char != text[-1]:
        return ln
    x = _sealcomma.comma_after(image, wide, placed[-1].x, size, rings)
    if x is None:
        return ln
    box = (ln.box[0], ln.box[1], max(ln.box[2], int(x + 0.5 * size)), ln.box[3])
    return Line(text + "，", ln.score, box, ln.alternatives + ((("，", 1.0),),))


def _trimmed(image: Image, ln: Line, rings: Sequence[Ring], nxt: str | None) -> Line:
    """``ln`` without the ring lettering at its end, when it has some."""
    text = ln.text.rstrip()
    tail = _TAIL.search(text)
    if tail is None or len(tail.group(1)) == len(text):
        return ln
    head = text[: tail.start()].rstrip()
    if not head or head[-1] not in _CLOSED or not _orphan(tail.group(1), nxt):
        return ln
    y = (ln.box[1] + ln.box[3]) / 2
    if not any(_in_band(r, (ln.box[2] + _left_of(text, ln, tail.start())) / 2, y) for r in rings):
        return ln  # cheap test first: the line's end is on no ring's rim
    cut = _cut(image, ln, head)
    if cut is None or not any(_in_band(r, (cut + ln.box[2]) / 2, y) for r in rings):
        return ln
    box = (ln.box[0], ln.box[1], int(round(cut)), ln.box[3])
    return Line(head, ln.score, box, ln.alternatives[: len(head)])


def _cut(image: Image, ln: Line, head: str) -> float | None:
    """The page x between the line's print and the lettering after it: left of the first
    character the recogniser places after ``head``'s last word, by its measured place."""
    word = next((ch for ch in reversed(head) if HAN.match(ch)), None)
    placed = _charbox.glyphs(image, [ln.box])[0]
    size = _charbox.em(placed)
    ends = [k for k, g in enumerate(placed) if g.char == word]
    if word is None or size is None or not ends:
        return None
    after = [g for g in placed[ends[-1] + 1 :] if HAN.match(g.char)]
    return after[0].x - _SPARE * size if after else None


def _orphan(tail: str, nxt: str | None) -> bool:
    """Whether characters after a closed clause join nothing: the line is the last of its
    entry, or the next row opens a clause of its own; and they start no remark phrase that
    the next row would finish."""
    if nxt is not None and not nxt.startswith(CLAUSE_OPENS):
        return False
    joined = tail + (nxt or "")
    return not any(p.startswith(tail) and joined.startswith(p) for p in PHRASES) and not any(
        _one_lost(tail, p) for p in PHRASES
    )


def _one_lost(tail: str, phrase: str) -> bool:
    """Whether ``tail`` (two characters or more) is ``phrase`` with one character lost (予以发
    for 予以换发): the seal's strokes over the remark's own words hide one of them, and the rest
    reads as a phrase of remarks. A seal's ring lettering names an office (市, 县, 教育局),
    which no remark phrase holds."""
    if len(tail) < 2 or len(phrase) != len(tail) + 1:
        return False
    return any(phrase[:k] + phrase[k + 1 :] == tail for k in range(len(phrase)))


def _left_of(text: str, ln: Line, k: int) -> float:
    """The page x where character ``k`` of ``text`` starts (places estimated from the box)."""
    widths = [_seal_proof._width(ch) for ch in text]  # noqa: SLF001 - the package's own helper
    scale = (ln.box[2] - ln.box[0]) / (sum(widths) or 1.0)
    return ln.box[0] + sum(widths[:k]) * scale


def _in_band(ring: Ring, x: float, y: float) -> bool:
    """Whether (x, y) lies in the ring's lettering band: on its rim, not over its centre,
    where a printed line runs on under the star."""
    d = math.hypot(x - ring.cx, y - ring.cy)
    return BAND[0] * ring.r <= d <= BAND[1] * ring.r
