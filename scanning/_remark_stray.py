"""A stray stroke read at the edge of a remark's line, left out of a standard wording.

What stands at the edge of a hand-written line is not always a character: the dash or rule
stroke between an entry's date and its words is read as 一 (2024年06月14日一任教学科已更正),
and a hand comma's hooked tail closing a wrapped line is read as a closing quote
(证书污损”，经本人申请予以换发). Neither is a word of the entry: no wording opens with 一, and a
closing quote that no opening one goes before quotes nothing. Such a piece is left out when:

- it is the first word character of a line (a 一 or a dash) or the last one (a closing quote,
  the entry holding no opening quote);
- some reading of that line did not read it there (the view saw the line without it);
- the entry's text without it is a standard wording (``_remark_standard.standard``: no other
  comes within one character of it), and it is the only such piece of the entry.

A line of one character after a line that closes the entry's wording (予以换发 / 已更正:
nothing of an entry follows those on its row) is no word either when its readings disagree
on it (冰 / 外: a seal's fragment or a speck, read as whatever it looks like): it is left out
on the same terms, the entry's text without it being a standard wording.

A text that is no standard wording keeps what was read: only the wording proves the piece
is no word.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.rules import HAN, QUOTES_FULL, QUOTES_HALF
from scanning._datescan import strip_dates
from scanning._remark_phrases import CLOSINGS
from scanning._remark_standard import (
    ENDS,
    Lines,
    Settled,
    dated_doubt,
    same_digits,
    same_end,
    standard,
)

__all__ = ["settle"]

# A dash or rule stroke read at a line's start: 一 (the recogniser's Han reading of it) or a dash.
_DASHES = "一—–-"
_OPENING = QUOTES_FULL[0] + QUOTES_FULL[2]  # “ ‘
_CLOSING = QUOTES_FULL[1] + QUOTES_FULL[3] + QUOTES_HALF  # ” ’ " '


def _words(line: str) -> str:
    """A line's words: its dates and the white space around them left out."""
    return "".join(strip_dates(line).split())


def _stray(line: str, readings: Sequence[str], text: str) -> tuple[str, str] | None:
    """The stray piece at an edge of ``line`` (see the module) and its side ("head"/"tail"),
    when some reading of the line lacks it there; None otherwise."""
    words = _words(line)
    if len(words) < 2:
        return None
    if words[0] in _DASHES:
        side, piece = "head", words[0]
    elif words[-1] in _CLOSING and not any(q in text for q in _OPENING):
        side, piece = "tail", words[-1]
    else:
        return None
    seen = [_words(r) for r in readings if _words(r)]
    lacks = [r for r in seen if not (r.startswith(piece) if side == "head" else r.endswith(piece))]
    return (piece, side) if lacks else None


def _without(text: str, words: str, side: str) -> str | None:
    """``text`` with the piece at the ``side`` of a line's ``words`` left out; None when the
    words are not found once in it."""
    if text.count(words) != 1:
        return None
    at = text.find(words)
    cut = at if side == "head" else at + len(words) - 1
    return text[:cut] + text[cut + 1 :]


def _lone(lines: Lines, text: str) -> str | None:
    """The entry's last line when it is one character its readings disagree on, after a
    line whose words close with a closing phrase, and ``text`` ends with it; None otherwise."""
    worded = [(_words(t), rs) for t, rs in lines if _words(t)]
    if len(worded) < 2:
        return None
    (before, _), (words, readings) = worded[-2], worded[-1]
    seen = {_words(r) for r in readings if _words(r)}
    if len(words) != 1 or not HAN.match(words) or len(seen) < 2:
        return None
    closed = before.rstrip(ENDS).endswith(CLOSINGS)
    return words if closed and text.rstrip().endswith(words) else None


def settle(text: str | None, lines: Lines = (), doubted: Sequence[int] = ()) -> Settled | None:
    """``text`` (an entry's text as read, its lines' readings in ``lines``, its doubtful
    lines' indices in ``doubted``) as the standard wording it is without one stray piece at
    a line's edge, or None (see the module's rules)."""
    if not text or not same_digits(lines):
        return None
    lone = _lone(lines, text)
    if lone is not None:
        rest = text.rstrip()[:-1]
        if not standard(rest):
            return None
        return Settled(rest, rest.rstrip(ENDS), 0, stray=lone,
                       decides=not dated_doubt(lines, doubted))  # fmt: skip
    if not same_end(lines):
        return None
    found = []
    for line, readings in lines:
        got = _stray(line, readings, text)
        if got is not None:
            found.append((_words(line), *got))
    if len(found) != 1:
        return None
    words, piece, side = found[0]
    left = _without(text, words, side)
    if left is None or not standard(left):
        return None
    std = left.rstrip(ENDS)
    return Settled(left, std, 0, stray=piece, decides=not dated_doubt(lines, doubted))
