"""Whether a text line crossed by a seal found by its shape (``_seal_shape``) was read in full.

On a greyscale scan the seal's grey ink stays over the print: the re-readings see the same
image, so their agreement proves little, and a character or comma under the seal can be lost
leaving a plausible text (遗失经本人申请 for 遗失，经本人申请). The part of a line under a seal
is taken as read only when what is read there is proved by the text itself: every reading
agreed, each character under the seal lies inside one known remark phrase that runs on across
the seal (a phrase boundary under it may have lost its comma), the line does not end under it
(the next character or the wrap comma may be lost), and a date under it is written with two
digits for month and day (a digit lost from 2020年4月12日 leaves a real date, 2020年4月2日).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import numpy as np

from core.rules import COMMAS, SENTENCE_MARKS, Finding, is_han
from scanning import _charbox, _remarktext, _seal_bare, _seal_reread, _sealcomma
from scanning._charbox import Glyph
from scanning._date_gaps import UNITS, Closed, closed_by_glyphs, date_proved
from scanning._datescan import find_dates
from scanning._ocr import Box, Image, Line
from scanning._remark_endmark import bare_end
from scanning._remark_extend import right_of
from scanning._remark_phrases import CLOSINGS
from scanning._remark_phrases import comma_place as _comma_place
from scanning._remarks import chinese_punctuation
from scanning._remarktext import CLAUSE_OPENS, PHRASES, Choice
from scanning._seal_shape import Ring
from scanning._stickers import Sticker

_PUNCT = set(SENTENCE_MARKS)
# A seal's centre line: 教师资格认定专用章, 行政审批专用章, also misread (…认定专定想); no remark
# holds 认定专 or 审批专.
SEAL_LINE = re.compile("专用|章$|认定专|审批专")
_SEAL_PHRASES = ("教师资格",)  # remark phrases that seals also carry


def _width(ch: str) -> float:
    """A character's advance in em: CJK and full-width forms 1, digits and Latin about half."""
    if ch.isspace():
        return 0.4
    return 1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.55


def under(text: str, line: Line, lo: float, hi: float) -> list[int]:
    """Indices of ``text`` (printed across ``line``'s box) whose place meets x in [lo, hi],
    widened by one character each side (the character places are estimated)."""
    widths = [_width(ch) for ch in text]
    total = sum(widths) or 1.0
    scale = (line.box[2] - line.box[0]) / total
    out, x = [], float(line.box[0])
    for k, w in enumerate(widths):
        left, right = x, x + w * scale
        if right >= lo - scale and left <= hi + scale:
            out.append(k)
        x = right
    return out


def _phrase_at(text: str) -> list[set[int]]:
    """For each character, the ids of phrase occurrences that cover it."""
    cover: list[set[int]] = [set() for _ in text]
    n = 0
    for p in PHRASES:
        start = text.find(p)
        while start >= 0:
            for k in range(start, start + len(p)):
                cover[k].add(n)
            n += 1
            start = text.find(p, start + 1)
    return cover




def _words_proved(text: str, at: list[int], closed: Closed | None = None) -> bool:
    """Every character under the seal inside a known phrase, and no place under it where
    remark texts put a comma left without one (it may be lost: 遗失经本人申请) — unless the
    characters either side stand too close for one (``closed``, from their measured places)."""
    cover = _phrase_at(text)
    spans = {d for f in find_dates(text) for d in range(f.start, f.end)}
    words = [k for k in at if k not in spans and not text[k].isspace()]
    if any(text[k] not in _PUNCT and not cover[k] for k in words):
        return False
    return not any(_comma_place(text, k, spans) and not (closed and closed(k))
                   for k in words if k > 0)  # fmt: skip




def doubts(
    line: Line, agreed: bool, last: bool, rings: Sequence[Ring], glyphs: Sequence[Glyph] = (),
    digits: bool = False, nxt: str | None = None, image: Image | None = None,
    right: float | None = None,
) -> tuple[bool, bool]:
    """(text in doubt, date in doubt) for one line of a remark: what a seal crossing it may
    have hidden and nothing proves read. ``agreed``: every reading of the line said the same;
    ``last``: the entry's text ends on this line (no wrap comma can be lost at its end);
    ``glyphs``: the line's characters with their measured places (``_charbox``), when known —
    they say which characters the seal covers and where no character can be lost;
    ``digits``: every reading held the same digits (enough for a date: its value is its
    digits, and only the chosen reading's marks make it a date); ``nxt``: the words the next
    row of the entry starts with, when the line wraps. A seal that begins just past the end
    of the entry's last line, not over it, may hide how the text goes on (证书遗失 with
    ，予以补发 under the seal): unless the line ends in a closing phrase, that is doubt too.
    With the page (``image``), a line end under a seal is also proved where the seal's
    part past the end holds no print-dark ink (``_seal_bare``): nothing is hidden there; a
    box read on the same row after the line (``right``: where it begins, the entry's date)
    bounds that part."""
    text, text_doubt, date_doubt = line.text.rstrip(), False, False
    dated = {d for f in find_dates(text) for d in range(f.start, f.end)}
    placed = _placed(text, glyphs)
    size = _charbox.em([g for g in placed if g]) if placed else None
    closed = closed_by_glyphs(placed, size) if placed and size else None
    for ring in rings:
        span = ring.crosses(line.box)
        bare = _seal_bare.past_end(image, line, ring, right)
        if last and not span and ring.crosses(right_of(line)) and not _closes(text) and not bare:
            text_doubt = True
        at = under(text, line, *span) if span and text else []
        if span and placed and size:
            at = _under_glyphs(text, line, placed, size, span)
        on_words = [k for k in at if k not in dated]
        ended = bare or _end_proved(text, at, last, dated, nxt)
        proved = _words_proved(text, at, closed) and ended
        if on_words and not (agreed and proved):
            text_doubt = True
        if set(at) & dated and not ((agreed or digits) and date_proved(text, at, closed)):
            date_doubt = True
    return text_doubt, date_doubt


def _placed(text: str, glyphs: Sequence[Glyph]) -> list[Glyph | None] | None:
    """Per character of ``text`` its glyph (None for a space), when the glyphs' reading is the
    text (a third reading that agrees, but for a date's unit read as another: 9月 for 9日 —
    each glyph still stands for one character, given the text's); else None."""
    chars = chinese_punctuation("".join(ch for ch in text if not ch.isspace()))
    glyphs = [g for g in glyphs if not g.char.isspace()]  # a gap the recogniser read as one
    read = chinese_punctuation("".join(g.char for g in glyphs))
    if not glyphs or len(read) != len(chars):
        return None
    if any(a != b and not {a, b} <= set(UNITS) for a, b in zip(chars, read, strict=True)):
        return None
    it = iter(zip(chars, glyphs, strict=True))
    out: list[Glyph | None] = []
    for ch in text:
        if ch.isspace():
            out.append(None)
            continue
        want, g = next(it)
        out.append(g if g.char == want else Glyph(want, g.x))
    return out


def _under_glyphs(
    text: str, line: Line, placed: list[Glyph | None], size: float, span: tuple[float, float]
) -> list[int]:
    """Indices of ``text`` whose measured place meets x in ``span`` (with a fifth of an em to
    spare), and the first or last character when the seal covers the box beyond it (a
    character lost at a line's start or end leaves no place to measure)."""
    lo, hi = span
    out = []
    for k, g in enumerate(placed):
        half = _charbox.width(g.char) / 2 * size if g else 0.0
        if g and g.x + half >= lo - 0.2 * size and g.x - half <= hi + 0.2 * size:
            out.append(k)
    ks = [k for k, g in enumerate(placed) if g]
    first, last = placed[ks[0]], placed[ks[-1]]
    assert first is not None and last is not None
    if lo < first.x - _charbox.width(first.char) / 2 * size:
        out.append(ks[0])
    if hi > last.x + _charbox.width(last.char) / 2 * size:
        out.append(ks[-1])
    return sorted(set(out))


def _end_proved(
    text: str, at: list[int], last: bool, dated: set[int], nxt: str | None = None
) -> bool:
    """A line ending under the seal: only an entry's last line ending in a closing phrase (a
    wrap comma, a character after an unfinished phrase — 予以换 — or the rest of an entry after
    an opening phrase — 证书遗失 — may be lost), or a line ending in the comma that closes its
    clause, read, while the next row (``nxt``) opens a clause (证书污损， / 经本人申请…): a word
    lost after the comma would leave the next row opening mid-clause (本人申请…)."""
    end = len(text.rstrip("".join(_PUNCT) + " ")) - 1
    if end < 0 or end in dated or (end not in at and len(text) - 1 not in at):
        return True
    if text.rstrip()[-1:] in ("，", "；") and nxt is not None and nxt.startswith(CLAUSE_OPENS):
        return True
    return last and _closes(text)


def _closes(text: str) -> bool:
    """Whether ``text`` ends in a phrase that closes a remark (予以补发, 已更正 …): a phrase
    that opens one (证书遗失, 原证书) goes on, and the seal may hide the rest."""
    words = "".join(ch for ch in text if not ch.isspace()).rstrip("".join(_PUNCT))
    return words.endswith(CLOSINGS)


def last_text_line(lines: Sequence[Line]) -> tuple[int, int, int, int] | None:
    """The box of the lowest line holding words besides a date (where an entry's text ends)."""
    worded = [ln for ln in lines if _words_outside_dates(ln.text)]
    return max(worded, key=lambda ln: (ln.box[1], ln.box[0])).box if worded else None


def _words_outside_dates(text: str) -> bool:
    dated = {d for f in find_dates(text) for d in range(f.start, f.end)}
    return any(is_han(ch) for k, ch in enumerate(text) if k not in dated)


def lettering(line: Line, rings: Sequence[Ring]) -> bool:
    """Whether a box is a seal's own lettering, left grey on a greyscale scan: wholly inside a
    ring, holding no date and no remark phrase, and either the seal's centre line (…专用章) or
    on its rim (the office's name along the arc). A remark line inside a seal holds a phrase
    (予以补发) and stays, to be checked like any line the seal crosses."""
    text = line.text.strip()
    if not text or find_dates(text) or any(p in text for p in PHRASES if len(p) >= 3 and
                                           p not in _SEAL_PHRASES):  # fmt: skip
        return False
    x0, y0, x1, y1 = line.box
    for r in rings:
        corners = ((x0, y0), (x1, y0), (x0, y1), (x1, y1))
        mid = ((x0 + x1) / 2 - r.cx) ** 2 + ((y0 + y1) / 2 - r.cy) ** 2
        # Corners may stand out of the disc: boxes of arc lettering are axis-aligned.
        if mid <= r.r**2 and all((x - r.cx) ** 2 + (y - r.cy) ** 2 <= (1.3 * r.r) ** 2
                                 for x, y in corners):  # fmt: skip
            if SEAL_LINE.search(text) or mid >= (0.55 * r.r) ** 2:
                return True
        if curved(text, line.box) and _inside(line.box, r) >= 0.75:
            return True  # the rim's arc read whole: its box is tall and pokes out at corners
    return False


def curved(text: str, box: tuple[int, int, int, int]) -> bool:
    """A box far taller than its characters are wide (2.5 times the width per em; a line is
    about as tall, a sloping hand-written one under twice): text running along an arc (a
    seal's rim lettering read in one box), never a printed or written line."""
    chars = text.replace(" ", "")
    ems = sum(_charbox.width(ch) for ch in chars)
    return len(chars) >= 3 and box[3] - box[1] >= 2.5 * (box[2] - box[0]) / ems


def _inside(box: tuple[int, int, int, int], r: Ring) -> float:
    """Share of ``box`` within a little more than the ring's radius (the rim's ink)."""
    xs, ys = np.meshgrid(np.linspace(box[0], box[2], 12), np.linspace(box[1], box[3], 12))
    return float((((xs - r.cx) ** 2 + (ys - r.cy) ** 2) <= (1.1 * r.r) ** 2).mean())


def lost_wrap_comma(
    lines: Sequence[Line], image: Image | None = None, rings: Sequence[Ring] = ()
) -> bool:
    """Whether an entry's text wraps, without punctuation, at a place where remark texts put
    a comma (…遗失 / 经本人申请…): the comma stands last on its line, where a seal or the
    margin hides it first, and every reading may miss it alike. With the page (``image``), a
    wrap whose row ends on bare paper (``bare_end``: no seal, no margin, no ink) was written
    without one (经本人申请 / 予以补发 is a wording too)."""
    rows = sorted((ln for ln in lines if _words_outside_dates(ln.text)), key=lambda ln: ln.box[1])
    for a, b in zip(rows, rows[1:], strict=False):
        if b.box[1] < a.box[3] - 0.5 * (a.box[3] - a.box[1]):
            continue  # side by side on one row, not a wrap
        head, tail = a.text.rstrip(), b.text.lstrip()
        joined = head + tail
        dated = {d for f in find_dates(joined) for d in range(f.start, f.end)}
        if head and tail and _comma_place(joined, len(head), dated):
            if image is None or not bare_end(image, a, rings):
                return True
    return False


# -- findings -------------------------------------------------------------------------------

WRAP_COMMA = "备注文字换行处通常有逗号，但未识别到，可能被印章或页边遮住，请核对"


def remark_findings(
    name: str, lines: list[Line], chosen: list[tuple[Line, Choice]], rings: Sequence[Ring],
    image: Image | None = None, date: str | None = None,
) -> list[Finding]:
    """``text_under_seal`` warnings for one remark (``name``) from its final ``lines``: a grey
    seal found by its shape over text, punctuation or a date nothing proves (what it hid may be
    lost with no reading doubting it), and a wrap that lost its comma. With the page
    (``image``), a comma the characters' reading lost is placed where its ink proves it. A date
    under a seal that re-reads of its line prove to be the entry's ``date`` is no doubt."""
    out = []
    if lost_wrap_comma(lines, image, rings):
        out.append(Finding("text_under_seal", f"{name}.text", WRAP_COMMA, "warning"))
    agreed = {ln.box: not c.corrected and not c.doubt for ln, c in chosen}
    # A date's digits every reading held alike (年 read 第 under the seal's star by one view)
    digits = {ln.box: not c.doubt and c.same_digits for ln, c in chosen}
    placed = {ln.box: c.glyphs for ln, c in chosen}
    for ln, c in chosen if rings else []:
        if image is None or not c.glyphs or c.doubt:
            continue
        inked = _inked_commas(image, ln, c.glyphs, rings)
        if inked is not None:
            # The characters' reading spells the line but for commas the ink proves: the
            # readings' disagreement was the comma under the seal, and it is settled.
            placed[ln.box], agreed[ln.box] = inked, True
    after = _remarktext.next_rows(lines)
    last = last_text_line(lines)
    text = dated = False
    for ln in lines if rings else []:
        box = ln.box
        t, d = doubts(ln, agreed.get(box, False), box == last, rings, placed.get(box, ()),
                      digits.get(box, False) and bool(placed.get(box)), after.get(box), image,
                      _seal_bare.next_on_row(ln, lines))
        text, dated = text or t, dated or (d and not reread_date(image, ln, date))
    if text:
        msg = "印章（灰度扫描，无法滤除）压住备注文字，印章下的字或标点可能未识别，请核对"
        out.append(Finding("text_under_seal", f"{name}.text", msg, "warning"))
    if dated:
        msg = "印章（灰度扫描，无法滤除）压住备注日期，日期数字可能缺失，请核对"
        out.append(Finding("text_under_seal", f"{name}.date", msg, "warning"))
    return out

def _inked_commas(
    image: Image, line: Line, glyphs: Sequence[Glyph], rings: Sequence[Ring]
) -> tuple[Glyph, ...] | None:
    """``glyphs`` with the commas of ``line``'s text they lack, each placed where its ink is
    (``_sealcomma``) in a cell left free for it (the next character at least 1.6 em on); None
    when the glyphs miss anything else, or a comma's ink is not found."""
    chars = [ch for ch in line.text.rstrip() if not ch.isspace()]
    glyphs = [g for g in glyphs if not g.char.isspace()]
    size = _charbox.em(glyphs)
    if size is None or len(chars) <= len(glyphs):
        return None
    x0, y0, x1, y1 = line.box
    wide = (x0, y0, x1 + int(size), y1)
    out: list[Glyph] = []
    it = iter(glyphs)
    g = next(it, None)
    for ch in chars:
        if g is not None and chinese_punctuation(g.char) == chinese_punctuation(ch):
            out.append(g)
            g = next(it, None)
            continue
        if ch not in COMMAS or not out or g is not None and g.x - out[-1].x < 1.6 * size:
            return None
        x = _sealcomma.comma_after(image, wide, out[-1].x, size, rings)
        if x is None:
            return None
        out.append(Glyph("，", x))
    return tuple(out) if g is None else None


def sticker_findings(
    s: Sticker, i: int, rings: Sequence[Ring], image: Image | None = None
) -> list[Finding]:
    """A decision date under a grey seal (a greyscale scan) whose digits there could have lost
    one and still be a date: nothing re-reads through grey ink, so a person looks. (A period
    has the 5-year rule, a conclusion and an authority their vocabularies.) With the page
    (``image``) the date line's characters are placed (``_charbox``): a digit that has no room
    to have stood is no doubt; and a re-read with the seal pushed back that reads a digit as
    one of fewer strokes (13 for 18: the seal's strokes may have made the 8) is doubt."""
    if not rings or s.date is None:
        return []
    want = re.sub(r"\s+", "", s.date.text)
    lines = [ln for ln in s.lines if want in re.sub(r"\s+", "", ln.text)]
    sealed = [ln for ln in lines if any(r.crosses(ln.box) for r in rings)]
    placed = _charbox.glyphs(image, [ln.box for ln in sealed]) if image is not None else []
    got = dict(zip([ln.box for ln in sealed], placed, strict=False))
    field = f"registrations[{i}].date"
    made: dict[Box, list[tuple[str, str]]] = {}  # each line's re-reads, made once
    if any(doubts(ln, True, True, rings, got.get(ln.box, ()))[1]
           and not reread_date(image, ln, s.date.value, made) for ln in lines):  # fmt: skip
        msg = "印章（灰度扫描，无法滤除）压住注册日期，日期数字可能缺失，请核对"
        return [Finding("text_under_seal", field, msg, "warning")]
    value = s.date.value
    if image is None or not value:
        return []
    for ln in sealed:
        texts = made.get(ln.box) or _seal_reread.reads(image, ln.box)
        read = _seal_reread.inked_over(image, ln.box, value, texts)
        if read is not None:
            msg = (f"印章笔画压住注册日期，去除印章后重读为“{read}”，"
                   "日期数字可能是印章笔画所致，请核对")
            return [Finding("text_under_seal", field, msg, "warning", {"reread": read})]
    return []


def reread_date(
    image: Image | None, line: Line, want: str | None,
    made: dict[Box, list[tuple[str, str]]] | None = None,
) -> bool:
    """Whether the one date of ``line``, the decided date ``want``, is proved by independent
    re-reads of its box with the seal pushed back (``_seal_reread``): they spell it alike, and
    its digits show none lost. ``made``: where the re-reads are kept, by line box, for a
    caller that asks more of them."""
    found = [f.read.value for f in find_dates(line.text)]
    if image is None or want is None or found != [want]:
        return False
    texts = _seal_reread.reads(image, line.box)
    if made is not None:
        made[line.box] = texts
    return _seal_reread.prove(image, line.box, want, texts) is not None
