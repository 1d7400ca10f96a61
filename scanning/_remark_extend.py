"""A remark's text rows read again widened to the right: punctuation a seal hid from the
detector is taken in when the views agree, and a row that may go on under a seal (or whose
end a seal covers) is reported as doubt, never written."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from core.rules import HAN, HAN_RANGE, PAUSE_MARKS, SENTENCE_MARKS
from scanning import _ink, _ocr, _seal_bare, _seal_shape
from scanning._datescan import find_dates
from scanning._layout import rows
from scanning._ocr import Box, Image, Line, Reading
from scanning._remark_phrases import (
    CLAUSE_OPENS,
    CLOSINGS,
    PHRASES,
    across,
    coverage,
    phrased,
)
from scanning._seal_shape import Ring

# Sentence marks count, but the half-width full stop (as found: a speck reads as one).
_WORD = re.compile(rf"[{HAN_RANGE}{SENTENCE_MARKS.replace('.', '')}]")
SEAL_SHARE = 0.03  # share of red pixels right of a line end that means a seal lies there
_TRAILING = PAUSE_MARKS  # punctuation a seal hides at a line end and the engine may restore
SLIP = 2  # how many last characters of a line a view may misread under a seal (no more read)


@dataclass(frozen=True, eq=False)
class GoesOn:
    """Where a remark's rows may go on past what was read: ``ends``, a row with no next row
    to continue it (or a line end under a seal not read through) — words may be lost there;
    ``wraps``, rows whose wrap point a seal covers while the next row continues the text — the
    comma that joins them may be hidden there. False when neither."""

    ends: bool = False
    wraps: frozenset[Box] = frozenset()

    def __bool__(self) -> bool:
        return self.ends or bool(self.wraps)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, bool):  # a caller that only asks whether
            return bool(self) == other
        if isinstance(other, GoesOn):
            return (self.ends, self.wraps) == (other.ends, other.wraps)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.ends, self.wraps))


def _extension(ln: Line, row: list[Line], width: int) -> Box | None:
    """The white space right of ``ln`` up to the next box of its row, at most ``width``."""
    nxt = min((o.box[0] for o in row if o.box[0] > ln.box[2]), default=ln.box[2] + width + 2)
    right = min(ln.box[2] + width, nxt - 2)
    return (ln.box[0], ln.box[1], right, ln.box[3]) if right - ln.box[2] > ln.height // 2 else None


def _followed(ln: Line, lines: list[Line]) -> bool:
    """Whether a box level with ``ln`` starts right at its end: one printed line the detector
    cut in two (often at a seal), so ``ln`` ends nowhere and widening it would read its
    neighbour (the row grouping puts boxes that overlap by a pixel on separate rows)."""
    h = ln.height
    return any(
        o is not ln
        and ln.box[2] - h <= o.box[0] <= ln.box[2] + h // 2
        and min(ln.box[3], o.box[3]) - max(ln.box[1], o.box[1]) >= h // 2
        for o in lines
    )


def right_of(ln: Line) -> Box:
    """Where a line's next character or its closing comma would stand."""
    return (ln.box[2] - ln.height // 4, ln.box[1], ln.box[2] + ln.height, ln.box[3])


def _seal_ink(image: Image, box: Box | None) -> bool:
    """Whether red seal ink covers part of ``box`` (a colour image; greyscale has none)."""
    if box is None or image.ndim != 3:
        return False
    x0, y0, x1, y1 = (max(0, v) for v in box)
    hsv = cv2.cvtColor(np.ascontiguousarray(image[y0:y1, x0:x1]), cv2.COLOR_RGB2HSV)
    if hsv.size == 0:
        return False
    red = ((hsv[..., 0] <= 12) | (hsv[..., 0] >= 160)) & (hsv[..., 1] >= 50) & (hsv[..., 2] >= 60)
    return float(red.mean()) >= SEAL_SHARE


def _words(text: str) -> str:
    """What counts in a remark line: characters and Chinese punctuation, no dates or spaces."""
    for f in reversed(find_dates(text)):
        text = text[: f.start] + text[f.end :]
    return "".join(_WORD.findall(text))


def extend(
    image: Image,
    lines: list[Line],
    seal_ends: frozenset[Box] = frozenset(),
    rings: Sequence[Ring] = (),
) -> tuple[list[Line], GoesOn]:
    """Each text row read again with its last box widened to the right (towards a seal that
    hid the rest from the detector). Punctuation the widened readings agree on is taken into
    the line (证书污损 → 证书污损，); more characters, or a seal over a wrap point, mean the
    row may go on, which is returned as doubt, never written. A line of ``seal_ends`` (its
    end lies in a seal) is doubt unless it was read through (``_read_through``). Characters
    read past the end inside a grey seal's ring (``rings``, a greyscale scan) that add to no
    remark phrase are the seal's own lettering (予以换发教); the line end under that seal is
    checked by ``_seal_proof`` instead."""
    pieces: list[tuple[Line, Box, str | None, list[Line]]] = []  # widened, next words, row
    texts = [row for row in rows(lines) if any(_words(x.text) for x in row.lines)]
    for k, row in enumerate(texts):
        last = max(row.lines, key=lambda x: x.box[2])
        box = _extension(last, list(row.lines), int(1.6 * last.height))
        if box is not None and _words(last.text) and not _followed(last, lines):
            below = _words(_joined(texts[k + 1].lines)) if k < len(texts) - 1 else None
            pieces.append((last, box, below, list(row.lines)))
    got = _ocr.readings([(image, p[1]) for p in pieces], red=True) if pieces else []
    fixed: dict[Box, str] = {}
    goes_on = False
    wrapped: set[Box] = set()  # rows whose wrap point only a seal covers
    unread = {b for b in seal_ends if not any(x.box == b and _followed(x, lines) for x in lines)}
    # A line end under a grey seal found by its ring is checked by ``_seal_proof``.
    unread -= {x.box for x in lines if any(r.crosses(right_of(x)) for r in rings)}
    # A seal placed by its lettering whose part past the line's end holds no print, over a
    # line whose words leave no place for a lost character or comma, hid nothing.
    unread -= {x.box for x in lines if x.box in unread and _seal_bare.worded(_words(x.text))
               and _seal_bare.bare_after(image, x.box, x.box[2] + 1.6 * x.height, rings)}
    for (ln, wide, nxt, level), rs in zip(pieces, got, strict=True):
        wraps = nxt is not None
        have = _words(ln.text)
        # A wrap inside one word (予以补 / 发, 原证书作 / 废) was read to its end: a character
        # or comma lost there would leave no word across it, and what a widened view reads
        # past the end is no word of the text (a seal's lettering).
        word = nxt is not None and across(have, nxt) is not None
        through = _read_through(image, ln.text, rs, wraps) or _comma_wrap(ln.text, rs, nxt) or word
        if through:
            unread.discard(ln.box)
        wider = {_words(r.text) for r in rs if r.score >= _ocr.MIN_SCORE}
        more = [w for w in wider if w.startswith(have) and len(w) > len(have)]
        if len(wider) == 1 and more and set(more[0][len(have) :]) <= set(_TRAILING):
            fixed[ln.box] = ln.text.rstrip() + more[0][len(have) :]
        elif any(len(HAN.findall(w)) > len(HAN.findall(have)) for w in wider):
            piece = (ln.box[2], *wide[1:])
            if nxt is None and (on := _read_on(image, ln, level, have, wider)) is not None:
                fixed[ln.box] = on  # the closing phrase the detector missed, still in doubt
            # At a wrap point the red seal may also hide the joining comma: doubt, unless the
            # comma was read and the next row opens a clause (nothing of the line is missing).
            joined = not wraps or _clause_wrap(have, nxt)
            red = joined and _red_lettering(image, have, wider, piece)
            # No print-dark ink past the end under the seal: what the views add is its ink.
            faint = _faint(image, ln, piece) or _seal_bare.bare_after(image, ln.box, wide[2], rings)
            lettering = word or _lettering(have, wider, piece, rings)
            goes_on = goes_on or not (red or faint or lettering)
        elif (
            (wraps or len(wider) > 1)
            and _seal_ink(image, right_of(ln))
            and not (through or (not wraps and _ends_closed(image, have, wider)))
            and not _seal_bare.bare_after(image, ln.box, wide[2], rings)  # no comma or word hid
        ):
            # A seal over a wrap point (where a comma joins the lines) or where the readings
            # differ: what it hides may be lost. An entry's last line that every widened
            # reading ends alike (the red channel sees through the seal) is taken as read.
            if wraps:
                wrapped.add(ln.box)
            else:
                goes_on = True
    out = [Line(fixed.get(ln.box, ln.text), ln.score, ln.box) for ln in lines]
    return out, GoesOn(goes_on or bool(unread), frozenset(wrapped))


def _read_on(image: Image, ln: Line, row: list[Line], have: str, wider: set[str]) -> str | None:
    """An entry's last line whose box the detector stopped short of its closing phrase (证书
    遗失， with 予以补发 under a seal): read again widened by four character heights, the line
    as it goes on to the end of a closing phrase, when both views read the same words, the
    first widened view's among them, and what they add is remark phrasing ending in a closing
    phrase (what follows it is the seal's lettering and is left out). The entry stays in doubt
    (``goes_on``): the seal over the end may still hide a mark."""
    box = _extension(ln, row, 4 * ln.height)
    if box is None or len(wider) != 1:
        return None
    seen = {_words(r.text) for r in _ocr.readings([(image, box)], red=True)[0]
            if r.score >= _ocr.MIN_SCORE}  # fmt: skip
    (first,) = wider
    if len(seen) != 1 or not first.startswith(have):
        return None
    (w,) = seen
    ends = [w.find(c, len(have)) + len(c) for c in CLOSINGS if w.find(c, len(have)) >= 0]
    added = w[len(have) : min(ends)] if ends and w.startswith(first) else ""
    if not added or not phrased(added.strip("".join(_TRAILING))) or coverage(added) < 2:
        return None
    return ln.text.rstrip() + added


def _joined(lines: Sequence[Line]) -> str:
    return "".join(x.text for x in sorted(lines, key=lambda x: x.box[0]))


def _clause_wrap(have: str, nxt: str | None) -> bool:
    """A row ending in the comma that closes its clause, the next row opening the next one."""
    return have[-1:] in ("，", "；") and nxt is not None and nxt.startswith(CLAUSE_OPENS)


def _comma_wrap(text: str, got: list[Reading], nxt: str | None) -> bool:
    """Whether a line wrapping at a seal was read to its end: it ends in the comma that joins
    its clause to the next, every widened reading says the line or the line short of that
    comma (nothing past it), and the next row opens a clause (经本人申请, 予以 …) — a word the
    seal hid after the comma would leave the next row opening mid-clause (本人申请)."""
    have = _words(text)
    seen = {_words(r.text) for r in got}
    return _clause_wrap(have, nxt) and bool(seen) and all(w in (have, have[:-1]) for w in seen)


def _lettering(have: str, wider: set[str], piece: Box, rings: Sequence[Ring]) -> bool:
    """Whether what the widened readings add past ``have`` (read in ``piece``) is a grey
    seal's lettering: inside a seal's ring and completing no remark phrase (新证 would)."""
    mid = ((piece[0] + piece[2]) / 2, (piece[1] + piece[3]) / 2)
    inside = any((mid[0] - r.cx) ** 2 + (mid[1] - r.cy) ** 2 <= r.r**2 for r in rings)
    return inside and all(coverage(w) <= coverage(have) for w in wider)


def _red_lettering(image: Image, have: str, wider: set[str], piece: Box) -> bool:
    """Whether what one widened reading adds past ``have`` is a red seal's lettering: red ink
    lies there, another reading says exactly the line, and the addition completes no remark
    phrase (a character of the line hidden by the seal would: 新证 + 书)."""
    half = (piece[3] - piece[1]) // 2  # lettering along the rim stands a little off the line
    return (
        (have in wider or _closed(have, wider))
        and _seal_ink(image, (piece[0], piece[1] - half, piece[2], piece[3] + half))
        and all(w.startswith(have) and coverage(w) <= coverage(have) for w in wider)
    )


def _faint(image: Image, ln: Line, piece: Box) -> bool:
    """Whether what the widened views read past a line's end (``piece``) is no writing: its
    ink, in the red channel (a red seal pale there, print dark), stands from the paper less
    than show-through does and far less than the line's own (the other side's 出生 seen
    through the paper beside 予以补发). A grey seal there is as dark as writing: doubt stays."""
    red = image[..., 0] if image.ndim == 3 else image
    x0, y0, x1, y1 = piece
    there = _ink.depth(red, piece) if x1 > x0 and y1 > y0 else 0.0
    return there < _ink.PALE and there < _ink.SHARE * _ink.depth(red, ln.box)


def _ends_closed(image: Image, have: str, wider: set[str]) -> bool:
    """An entry's last line ending in a closing phrase (予以补发, 已更正 …) that no widened view
    reads past — on colour, where the red-channel view sees print through the seal — even if
    the views differ inside the line (a comma, 已更 read as 敷): nothing follows there. A view
    may instead stop short, on a character the line holds before its end, or misread the last
    characters (``SLIP``), when another reads the line exactly: the seal darkens the end in
    it, and it says nothing of what follows."""
    size = len(HAN.findall(have))

    def closes(w: str) -> bool:
        short = len(HAN.findall(w)) < size and w[-1:] in have[:-1] and have in wider
        # The same line with its last character or two misread in the dark of the seal (已更面
        # beside 已更正, 予以教书 beside 予以补发): as many characters as the line, nothing past it.
        slip = len(w) == len(have) and w[:-SLIP] == have[:-SLIP] and have in wider
        return w[-1:] == have[-1:] or short or slip

    return (
        not _seal_shape.is_grey(image)
        and have.endswith(CLOSINGS)
        and bool(wider)
        and all(len(HAN.findall(w)) <= size and closes(w) for w in wider)
    )


def _closed(have: str, wider: set[str]) -> bool:
    """Both views add the same one or two characters after a line that ends a remark with a
    closing phrase (已更正, 予以补发 …): the red-channel view reads print through red ink, so
    what it adds there is red lettering, not words hidden by the seal (民族信息已更正 + 省).
    Two views may catch more or less of the same curved lettering (治 / 自治): one addition
    inside the other is the same lettering."""
    if not have.endswith(CLOSINGS) or not all(w.startswith(have) for w in wider):
        return False
    added = sorted((w[len(have) :] for w in wider), key=len)
    return 0 < len(added[0]) and len(added[-1]) <= 2 and all(a in added[-1] for a in added)


def _read_through(image: Image, text: str, got: list[Reading], wraps: bool) -> bool:
    """Whether a line ending in a seal was read to its end: a colour page (the red channel
    pales a red seal; a greyscale scan, even kept as three equal channels, has no such view:
    its grey seal is as dark as print and hides what it covers from every reading alike, as
    ，予以补发 after 证书遗失), every widened reading sure, one saying the line and none more
    than it — at a wrap point all say the line and the comma that joins it to the next; the
    others may lose the last character to the dark seal — and the line ending in a known
    remark phrase (a seal that hid the last character from every reading leaves 予以换 or
    已更)."""
    have, seen = _words(text), {_words(r.text) for r in got}
    if _seal_shape.is_grey(image) or not seen or any(r.score < _ocr.MIN_SCORE for r in got):
        return False
    if wraps:  # the wrap's comma must be seen, else it may lie under the seal
        (w, *others) = sorted(seen)
        rest = w[len(have) :] if w.startswith(have) else None
        ok = not others and rest in ("", *_TRAILING) and w[-1:] in _TRAILING
    else:
        w = have
        ok = have in seen and all(have.startswith(x) and len(x) >= len(have) - 1 for x in seen)
    return ok and any(w.rstrip(_TRAILING).endswith(p) for p in PHRASES)
