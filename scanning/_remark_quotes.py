"""A quotation mark every reading of a remark lost, put back where the wording and the ink agree.

Corrections quote the value they set (任教学科由“数学”更正为“化学”, 性别更正为“女”, 曾用名“江福”).
Quotes come in pairs, and a hand-written or faint quote is a mark the recogniser drops
(…更正为化学”). Where the pair's other half stands is fixed by the wording: an opening quote
right after the word that introduces the value (更正为 / 由 / 曾用名 …), a closing one right
before the word or mark that follows it (更正为 / ， / 。). The place is only taken when the
page shows one free cell there: the characters either side stand a mark's width further apart
than their neighbours (``_charbox``), never one em (nothing between) nor three (a character lost
too: 张子，原 for 张子华”，原 stays as read, in doubt). The quote is seen when the character
placing of that line reads one there; otherwise the entry stays flagged.

A subject correction whose opening quote was read and closing one lost (任教学科由“道德与法治
更正为…) needs no measuring: the pair was written, and the name of a known subject ends where
the quote goes. The mark is put back unseen, for a person to confirm.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from core.rules import HAN, SENTENCE_MARKS_FULL
from scanning import _charbox
from scanning._charbox import Glyph
from scanning._ocr import Box, Image, Line
from scanning._remark_standard import Settled
from scanning._vocab import SUBJECTS

__all__ = ["FREE", "Place", "place", "settle"]

OPEN, CLOSE = "“", "”"
# Words a quoted value follows (更正为“女”, 由“数学”, 曾用名“江福”), longest first.
LEADS = ("更正为", "变更为", "改为", "曾用名", "由", "为")
# Words and marks a quoted value is followed by (“数学”更正为, “谢淑文”，原…).
FOLLOWS = ("更正为", "变更为", "改为", "，", "。", "、", "；")
LONGEST = 12  # characters a quoted value holds at most (a subject, a name, a former name)
_QUOTES = '“”"「」'
# Marks that may follow a closing quote: the full-width sentence marks but the colon (as found).
_AFTER = SENTENCE_MARKS_FULL.replace("：", "")
FREE = (1.6, 2.6)  # em between the neighbours' centres that leave one mark's cell free
# em between a character's centre and a quote's in the next cell at most (a quote's ink sits at
# its cell's far side: “ to the right, ” to the left), short of a cell further on
BESIDE = 1.75


@dataclass(frozen=True)
class Place:
    """Where the lost quote goes in the text, and which one."""

    at: int
    mark: str
    lead: str  # the word the quoted value follows or precedes


def place(text: str) -> Place | None:
    """The one place a lost quote of ``text`` can go, or None: the quotes must be one short of
    pairs, and the first one out of order (a closing quote with none open, an opening quote
    while one is open) shows which half was lost; the wording then fixes its place."""
    if (text.count(OPEN) + text.count(CLOSE)) % 2 == 0 or '"' in text:
        return None
    opened: int | None = None
    last_close = -1
    for k, ch in enumerate(text):
        if ch == OPEN and opened is None:
            opened = k
        elif ch == CLOSE and opened is not None:
            opened, last_close = None, k
        elif ch == CLOSE:  # the opening half was lost
            return _opening(text, last_close + 1, k)
        elif ch == OPEN and opened is not None:  # the closing half of the open pair was lost
            return _closing(text, opened + 1, k)
    if opened is not None:  # the closing half lost: a word or mark after the value places it
        return _closing(text, opened + 1, len(text))
    return None


def _opening(text: str, lo: int, close: int) -> Place | None:
    """The lost opening quote of the value closed at ``close`` (searched from ``lo``)."""
    for lead in LEADS:
        at = text.rfind(lead, lo, close)
        if at >= 0:
            start = at + len(lead)
            return _checked(text, start, close, Place(start, OPEN, lead))
    return None


def _closing(text: str, start: int, nxt: int) -> Place | None:
    """The lost closing quote of the value opened before ``start`` (searched up to ``nxt``)."""
    ends = [(k, f) for f in FOLLOWS if (k := text.find(f, start, nxt)) > start]
    if not ends:
        return None
    end, follow = min(ends)
    return _checked(text, start, end, Place(end, CLOSE, follow))


def _checked(text: str, start: int, end: int, p: Place) -> Place | None:
    value = text[start:end]
    if not 0 < len(value) <= LONGEST or not all(HAN.match(ch) for ch in value):
        return None
    return p


def _room(placed: Sequence[Glyph], left: str, right: str, mark: str) -> str | None:
    """``seen`` when the line's placed characters hold ``left`` + mark + ``right``, ``free``
    when they hold ``left`` + ``right`` once with one free cell between, else None."""
    chars = "".join(g.char for g in placed)
    if "".join(mark if ch in _QUOTES else ch for ch in chars).count(left + mark + right) == 1:
        return "seen"  # the placing read a quote there (straight or curly, either way round)
    size = _charbox.em(placed)
    if chars.count(left + right) != 1 or size is None:
        return None
    k = chars.find(left + right) + len(left)
    apart = (placed[k].x - placed[k - 1].x) / size
    return "free" if FREE[0] <= apart <= FREE[1] else None


def _at_wrap(image: Image, lines: Sequence[Line], left: str, right: str) -> bool:
    """Whether the place between ``left`` and ``right`` is a wrap (one line ends in ``left``,
    the next starts with ``right``, once) and a quote is read there once the first line's box
    goes on past its end or the next one's starts before its start. A mark last or first on a
    line stands where the detector's box often stops short of it (任教学科由“物理”更正为“ /
    幼儿园”), so no reading of the line holds it; the wrap leaves no free cell to measure, so
    only the mark read there counts."""
    texts = ["".join(ln.text.split()) for ln in lines]
    wraps = [k for k in range(len(lines) - 1)
             if texts[k].endswith(left) and texts[k + 1].startswith(right)]  # fmt: skip
    if len(wraps) != 1:
        return False
    head, tail = lines[wraps[0]], lines[wraps[0] + 1]
    return _quote_beside(image, head.box, left[-1], after=True) or _quote_beside(
        image, tail.box, right[0], after=False
    )


def _quote_beside(image: Image, box: Box, char: str, after: bool) -> bool:
    """Whether placing the line ``box`` widened by its height past its end (``after``) or
    before its start reads a quote right after its last (before its first) character,
    ``char``, in the cell next to it (``BESIDE``)."""
    x0, y0, x1, y1 = box
    tall, width = y1 - y0, image.shape[1]
    wide = (x0, y0, min(width, x1 + tall), y1) if after else (max(0, x0 - tall), y0, x1, y1)
    placed = [g for g in _charbox.glyphs(image, [wide])[0] if not g.char.isspace()]
    size = _charbox.em(placed)
    at = [k for k, g in enumerate(placed) if g.char == char]
    if size is None or not at:
        return False
    k = at[-1] if after else at[0]
    j = k + 1 if after else k - 1
    if not 0 <= j < len(placed) or placed[j].char not in _QUOTES:
        return False
    return abs(placed[j].x - placed[k].x) < BESIDE * size


def _closes_subject(text: str, p: Place) -> bool:
    """Whether the lost half is the closing quote of a subject's name in a subject correction
    (任教学科由“道德与法治更正为“音乐学”): the opening quote was read, so the pair was written,
    and the subject list says where the name ends; the place needs no measuring then (a
    hand-written quote squeezed against the next word leaves no free cell). No view saw the
    mark, so a person still confirms it."""
    if p.mark != CLOSE:
        return False
    start = text.rfind(OPEN, 0, p.at) + 1
    return start > 0 and text[start : p.at] in SUBJECTS and "学科" in text[:start]


def settle(text: str, image: Image | None, lines: Sequence[Line]) -> Settled | None:
    """``text`` with its one lost quote put back (``place``) when one of ``lines`` of the page
    ``image`` shows the free cell there, or when it closes a subject (``_closes_subject``);
    ``seen`` when the line's placing read the mark."""
    p = place(text)
    if p is None or not 0 < p.at < len(text):
        return None
    left, right = text[max(0, p.at - 2) : p.at], text[p.at : p.at + 2]
    if not (HAN.match(left[-1]) and (HAN.match(right[0]) or right[0] in _AFTER)):
        return None
    on = [ln for ln in lines if left + right in "".join(ln.text.split())]
    if image is None:
        room = None
    elif len(on) == 1:
        placed = [g for g in _charbox.glyphs(image, [on[0].box])[0] if not g.char.isspace()]
        room = _room(placed, left, right, p.mark)
    else:
        room = "seen" if not on and _at_wrap(image, lines, left, right) else None
    if room is None and not _closes_subject(text, p):
        return None
    shown = f"{p.lead}{OPEN}…{CLOSE}" if p.mark == OPEN else f"{OPEN}…{CLOSE}{p.lead}"
    fixed = text[: p.at] + p.mark + text[p.at :]
    return Settled(fixed, shown, 1, seen=room == "seen", decides=False)
