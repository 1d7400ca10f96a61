"""The issuing authority read again where its crop was cut (a flagged authority only).

The detector often boxes an authority short: a seal's strokes break the line (尔市联克前旗教
for 鄂尔多斯市鄂托克前旗教育局, its end left out of the box), the ring's rim hides its first
character (江省教育 for 浙江省教育厅), or the seal's lettering is boxed in its place while the
printed name stands under the seal as a line of its own (马鞍山市含山县教育局 beside a field read
浦市山公司). Here the field's row is followed as far as its print goes on either side (blank
wider than ``GAP`` row heights ends it; another field's box stops it), and that crop is read
through several views: as printed, its red channel (a colour seal pales), its darkest ink and
its own line of print (a grey seal). Lines of the page near the field that read a whole
authority name are read again the same way.

Each read keeps whether it began with the authority's own label (发证机关：鄂尔多斯市…) or
where its row's print begins, blank paper before it (a stacked page prints the value alone
under its label): then nothing of the name was lost before its first character.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from core.rules import NOT_HAN
from scanning import _charbox, _fields, _ocr, _seal_reread, _seal_shape, _vocab
from scanning._charbox import Glyph
from scanning._labels import match_label
from scanning._ocr import Box, Image, Line
from scanning._seal_proof import curved

__all__ = [
    "Glyph", "Read", "alone", "band_reads", "begins_row", "boxes", "flat", "glyphs", "near_names",
    "rereads", "rows", "tight", "widened",
]

FIELD = "issuing_authority"
GAP = 2.0  # blank wider than this many row heights ends a row's print
REACH = 14.0  # row heights a value may run on beyond its box
INK = 70  # darker than the paper by this much is print
RULE = 0.8  # a column this inked across the row is a table's ruling
LABEL_GAP = 0.3  # a blank this many row heights wide may part a label from its value
NEAR = 1.5  # a line within this many field heights of the field's box may be its value


@dataclass(frozen=True)
class Read:
    """One reading of the authority: its Chinese characters (label cut off), whether the
    authority's label stood right before them, and the kind of view that read it."""

    text: str
    after_label: bool
    kind: str
    box: Box | None = None  # the crop's box on the page (None: the decoder's own reading)


def _grey(image: Image) -> Image:
    """A view where print is dark and a colour seal pale."""
    if _seal_shape.is_grey(image):
        return image[..., 0] if image.ndim == 3 else image
    return _ocr.red_channel(image)[..., 0]


def _dark(grey: Image, box: Box) -> np.ndarray:
    """The print (dark pixels) of the row band of ``box``, across the whole page."""
    band = grey[max(0, box[1]) : max(0, box[3])]
    if band.size == 0:
        return np.zeros((0, grey.shape[1]), bool)
    return np.asarray(band < float(np.percentile(band, 90)) - INK)


def rows(image: Image, box: Box) -> list[Box]:
    """The rows of print inside ``box`` (a box drawn over the label's row and the value's
    below it holds two), each a box of its own; ``box`` itself when it holds one or none."""
    dark = _dark(_grey(image), box)[:, max(0, box[0]) : box[2]]
    inked = dark.sum(axis=1) >= 2
    runs, start = [], None
    for y, on in enumerate([*inked.tolist(), False]):
        if on and start is None:
            start = y
        elif not on and start is not None:
            runs.append((start, y))
            start = None
    tall = max((b - a for a, b in runs), default=0)
    runs = [(a, b) for a, b in runs if b - a >= 0.4 * tall]
    if len(runs) < 2:
        return [box]
    return [(box[0], box[1] + a - 2, box[2], box[1] + b + 2) for a, b in runs]


def widened(image: Image, box: Box, others: Sequence[Box] = ()) -> Box:
    """``box`` run on to either side as far as its row's print goes (``others``: other
    fields' boxes, and a table's ruling, stop it)."""
    h = max(1, box[3] - box[1])
    dark = _dark(_grey(image), box)
    inked = dark.sum(axis=0) >= 2
    rule = dark.mean(axis=0) >= RULE if dark.size else inked
    w = len(inked)
    row = [o for o in others if min(o[3], box[3]) - max(o[1], box[1]) > 0.5 * h]
    right = min([o[0] for o in row if o[0] >= box[2]] + [w])
    left = max([o[2] for o in row if o[2] <= box[0]] + [0])
    x1 = _run(inked, rule, box[2], min(right, int(box[2] + REACH * h)), 1, GAP * h)
    x0 = _run(inked, rule, box[0], max(left, int(box[0] - REACH * h)), -1, GAP * h)
    return (max(0, x0 - 2), box[1], min(w, x1 + 2), box[3])


def begins_row(image: Image, box: Box, others: Sequence[Box] = ()) -> bool:
    """Whether a crop (``widened``) starts where its row's print starts: before its first ink,
    blank paper for ``GAP`` row heights, or for ``LABEL_GAP`` up to a ruling (a table's cell
    wall, the page's dark edge), inside the page and with no other field's box there (a stacked
    page prints the value alone under its label). Its first character read is then the first
    printed: nothing of the name was lost before it (as after its own label)."""
    h = max(1, box[3] - box[1])
    dark = _dark(_grey(image), box)
    if dark.size == 0:
        return False
    rule = dark.mean(axis=0) >= RULE
    inked = (dark.sum(axis=0) >= 2) & ~rule
    on = np.flatnonzero(inked[max(0, box[0]) : box[2]])
    if on.size == 0:
        return False
    first = max(0, box[0]) + int(on[0])
    stop = first - int(GAP * h) - 1
    x = first - 1
    while x > stop:
        if x < 0 or inked[x]:
            return False
        if rule[x]:
            if first - x <= LABEL_GAP * h:
                return False
            break
        x -= 1
    row = [o for o in others if min(o[3], box[3]) - max(o[1], box[1]) > 0.5 * h]
    return not any(o[2] > x and o[0] < first for o in row)


def _run(
    inked: np.ndarray, rule: np.ndarray, start: int, stop: int, step: int, gap: float
) -> int:
    """The last inked column from ``start`` towards ``stop`` reached without a blank run
    wider than ``gap`` or a ruling."""
    last = start
    for x in range(start, stop, step):
        if rule[x] and x != start:
            break
        if inked[x]:
            last = x
        elif abs(x - last) > gap:
            break
    return last


def boxes(image: Image, box: Box, others: Sequence[Box] = ()) -> list[Box]:
    """The crops to read the field from: each of its rows run on as far as its print goes,
    and of each, the part after its first wide blank (a label with its colon cut off: the
    recogniser reads a shorter line better)."""
    out = []
    for row in rows(image, box):
        wide = widened(image, row, others)
        out.append(wide)
        cut = _after_gap(image, wide, (box[0] + box[2]) // 2)
        if cut is not None:
            out.append(cut)
    return out


def _after_gap(image: Image, box: Box, before: int) -> Box | None:
    """``box`` from the end of its first blank run at least ``LABEL_GAP`` row heights wide
    that starts left of ``before``."""
    h = box[3] - box[1]
    inked = (_dark(_grey(image), box).sum(axis=0) >= 2)[box[0] : box[2]]
    on = np.flatnonzero(inked)
    if on.size < 2:
        return None
    for a, b in zip(on[:-1], on[1:], strict=True):
        if box[0] + a >= before:
            return None
        if b - a >= LABEL_GAP * h:
            return (box[0] + int(b) - 2, box[1], box[2], box[3])
    return None


def near_names(lines: Sequence[Line], box: Box) -> list[Line]:
    """Page lines near the field's box that read a whole authority name as they are (its
    printed name under the seal, boxed apart from the field); never a seal's arc."""
    h = box[3] - box[1]
    reach = (box[0] - NEAR * h, box[1] - NEAR * h, box[2] + NEAR * h, box[3] + NEAR * h)
    out = []
    for ln in lines:
        b = ln.box
        if b[2] < reach[0] or b[0] > reach[2] or b[3] < reach[1] or b[1] > reach[3]:
            continue
        if _vocab.is_authority(flat(_value(ln.text)[0])) and not curved(ln.text, b):
            out.append(ln)
    return out


def rereads(image: Image, boxes: Sequence[Box]) -> list[Read]:
    """Every view's reading of each box (see the module)."""
    crops: list[tuple[str, Image, Box]] = []
    for box in boxes:
        got = _seal_reread.views(image, box)
        if got and not _seal_shape.is_grey(image):
            got.append(("red", _ocr.red_channel(got[0][1])))
        crops += [(kind, crop, box) for kind, crop in got]
    reads = _ocr.recognise_all([c for _, c, _ in crops])
    out = []
    for (kind, _, box), r in zip(crops, reads, strict=True):
        text, labelled = _value(r.text)
        chars = flat(text)
        if chars:
            out.append(Read(chars, labelled, kind, box))
    return out


def glyphs(image: Image, box: Box) -> list[Glyph]:
    """The box's characters with their measured places (``_charbox``), Chinese ones only."""
    return [g for g in _charbox.glyphs(image, [box])[0] if flat(g.char)]


def tight(placed: Sequence[Glyph], text: str, at: frozenset[int]) -> bool:
    """Whether, in ``text`` as its characters are placed (``placed``, a further read), no
    character can stand before any index ``at``: the two characters either side are found
    once among the placed ones, next to each other, too close together for one between."""
    chars = "".join(g.char for g in placed)
    size = _charbox.em(placed) if len(placed) > 1 else None
    if size is None:
        return False
    for k in at:
        pair = text[k - 1 : k + 1] if 0 < k < len(text) else ""
        i = chars.find(pair) if len(pair) == 2 else -1
        if i < 0 or chars.find(pair, i + 1) >= 0:
            return False
        if not _charbox.tight(placed[i], placed[i + 1], size):
            return False
    return True


def band_reads(image: Image, box: Box) -> list[Read]:
    """The text lines the detector finds again in the field's band alone (the field's rows
    and half a row around them, the page's whole width), as printed and, on a colour page,
    through its red channel; those over the field's span, as reads (kind ``band``)."""
    h = box[3] - box[1]
    y0, y1 = max(0, int(box[1] - 0.5 * h)), min(image.shape[0], int(box[3] + 0.5 * h))
    views = [("band", image)]
    if not _seal_shape.is_grey(image):
        views.append(("band-red", _ocr.red_channel(image)))
    out = []
    for kind, view in views:
        band = np.ascontiguousarray(view[y0:y1])
        for ln in _ocr.read(band):
            if ln.box[2] < box[0] or ln.box[0] > box[2]:
                continue
            text, labelled = _value(ln.text)
            if flat(text):
                out.append(Read(flat(text), labelled, kind, (ln.box[0], ln.box[1] + y0,
                                                                ln.box[2], ln.box[3] + y0)))
    return out


def alone(lines: Sequence[Line], box: Box) -> bool:
    """A line with no other line of text before it on its row (within ``GAP`` row heights):
    its first character is the first of what it prints."""
    h = box[3] - box[1]
    return not any(
        ln.box != box and min(ln.box[3], box[3]) - max(ln.box[1], box[1]) > 0.5 * h
        and box[0] - GAP * h <= ln.box[2] <= box[0] + 0.5 * h
        for ln in lines
    )


def _value(text: str) -> tuple[str, bool]:
    """A reading without its label, and whether the authority's own label led it."""
    hit = match_label(text, _fields.INFO_LABELS)
    if hit is None:
        return text, False
    return hit[1], hit[0] == FIELD


def unlabelled(text: str) -> str:
    """A reading without the information page's label that led it (颁发机关乌海育局 → 乌海育局)."""
    return _value(text)[0]


def flat(text: str) -> str:
    """The text's Chinese characters only."""
    return NOT_HAN.sub("", text)
