"""A remark whose words a grey seal hid at the end of a wrapped line, put back from the one
standard wording it can be — shown, never accepted without a person.

On a greyscale scan a seal over the end of a wrapped line hides its last characters from the
detector (原证书遗失，经本人申请 | 发 for …申请，予以补 | 发), and no view reads them. The entry
is taken for the standard wording (``_remark_standard.STANDARD``) when:

- its words are the lines' words joined, and they are a standard wording's with one run of one
  to four characters lost at the end of a line that wraps (a worded line follows), and no other
  standard wording, nor another place, fits the read so;
- a seal found by its shape covers the place past that line's end;
- the room from that line's end to the column's right edge (the rightmost line end in the
  column) holds as many character cells as the lost run with its marks, give or take one
  (the line was full when it wrapped, not short), and tells two wordings' marks apart;
- every reading of each line says the chosen line's words, and every mark of the read stands
  where the standard has one.

No reading saw the lost characters, so the settling says so (``Settled.seen`` is False): the
value is the wording, and a warning asks a person to confirm it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from scanning._charbox import width
from scanning._datescan import find_dates
from scanning._ocr import Line
from scanning._remark_extend import right_of
from scanning._remark_standard import (
    ENDS,
    MARKS,
    STANDARD,
    Settled,
    line_keys,
    same_digits,
    same_end,
    skeleton_of,
)
from scanning._seal_shape import Ring

__all__ = ["LOST", "column_edge", "settle"]

LOST = 4  # most characters a seal's rim hides at a line's end and still leaves the wording sure


def column_edge(lines: Sequence[Line], line: Line) -> float | None:
    """The right edge of ``line``'s text column: the rightmost end of a line of the page in
    the column (their x spans meet: not the facing page of a spread). A line a seal cut short
    only brings the edge nearer, which leaves less room: nothing is put back then."""
    x0, x1 = line.box[0], line.box[2]
    ends = [ln.box[2] for ln in lines if len(skeleton_of(ln.text)) >= 3
            and ln.box[0] < x1 and ln.box[2] > x0]  # fmt: skip
    return float(max(ends)) if ends else None


# What may follow a line's words when its readings disagree only in the entry's date
# (发（二〇〇七年二月二十五日） / 发（二〇〇七年二月二十五）): the date rules judge that.
_DATE_TAIL = re.compile(r"^[（(]?[〇○零一二三四五六七八九十\d年月日号.\-/\s]*[）)]?$")


def _same_words(chosen: str, readings: Sequence[str]) -> bool:
    """Whether every reading of a line says the chosen text's words (a date after them, as
    the chosen text holds one, may be read otherwise)."""
    dates = find_dates(chosen)
    words = skeleton_of(chosen[: dates[0].start] if dates else chosen)
    for r in readings:
        if not r.strip():
            continue
        got = skeleton_of(r)
        if dates and got.startswith(words) and _DATE_TAIL.match(got[len(words) :]):
            continue
        if got != skeleton_of(chosen):
            return False
    return True


def _pitch(line: Line) -> float | None:
    """The line's character cell in pixels (its box's width over its characters' advances)."""
    ems = sum(width(ch) for ch in line.text.strip() if not ch.isspace())
    return (line.box[2] - line.box[0]) / ems if ems >= 3 else None


def _cuts(read: str, bounds: Sequence[int]) -> list[tuple[str, int]]:
    """(standard, bound) for every standard wording whose skeleton is ``read`` with one run of
    one to ``LOST`` characters put back at one of ``bounds`` (the places where lines end)."""
    out = []
    for s in STANDARD:
        full = skeleton_of(s)
        gap = len(full) - len(read)
        if not 1 <= gap <= LOST:
            continue
        out += [(s, b) for b in bounds if full[:b] == read[:b] and full[b + gap :] == read[b:]]
    return out


def _marks_fit(body: str, standard: str, bound: int, gap: int) -> bool:
    """Whether every mark of ``body`` stands where ``standard`` has one, the read's skeleton
    positions from ``bound`` on shifted by ``gap`` (a mark at the bound may stand either side
    of the lost run)."""
    wanted, k = set(), 0
    for ch in standard:
        if ch in MARKS:
            wanted.add(k)
        else:
            k += 1
    k = 0
    for ch in body:
        if ch in MARKS:
            at = {k} if k < bound else {k + gap} if k > bound else {k, k + gap}
            if not at & wanted:
                return False
        elif not ch.isspace():
            k += 1
    return True


def settle(
    text: str | None, chosen: Sequence[tuple[Line, Sequence[str]]], rings: Sequence[Ring],
    page: Sequence[Line],
) -> Settled | None:  # fmt: skip
    """The standard wording ``text`` (an entry's text as read from the lines ``chosen``, each
    with its readings) is with the run a seal hid at a wrap put back, or None (see the
    module's rules). ``page``: the page's lines, which show where the column ends."""
    if not text or not rings:
        return None
    lines = [(ln.text, list(rs)) for ln, rs in chosen]
    if not same_end(lines) or not same_digits(lines):
        return None
    body = text.rstrip(ENDS)
    end, read = text[len(body) :], skeleton_of(body)
    keys = line_keys(lines)
    if any(ch.isdigit() for ch in read) or "".join(k for k, _ in keys) != read:
        return None
    if not all(_same_words(t, rs) for t, rs in lines):
        return None  # the readings disagree: the wording would decide more than the cut
    worded = [i for i, (k, _) in enumerate(keys) if k]
    bounds = {sum(len(keys[j][0]) for j in worded[: n + 1]): worded[n]
              for n in range(len(worded) - 1)}  # fmt: skip
    fits = []  # (how far the room is from the lost run's cells, standard, bound, run)
    for std, bound in _cuts(read, sorted(bounds)):
        gap = len(skeleton_of(std)) - len(read)
        line = chosen[bounds[bound]][0]
        pitch, edge = _pitch(line), column_edge(page, line)
        if pitch is None or edge is None or not any(r.crosses(right_of(line)) for r in rings):
            continue
        if not _marks_fit(body, std, bound, gap):
            continue
        lost = _lost_run(std, read[:bound], gap, line.text)
        cells = sum(width(ch) for ch in lost)
        fits.append((abs((edge - line.box[2]) / pitch - cells), std, bound, lost))
    if len({(skeleton_of(s), b) for _, s, b, _ in fits}) != 1:
        return None  # no wording, or two that differ in their words or where they were cut
    fits.sort()
    if fits[0][0] > 1.0 or (len(fits) > 1 and fits[1][0] - fits[0][0] < 0.5):
        return None  # the room does not hold the run, or tells two wordings' marks apart
    _, std, _, lost = fits[0]
    marks = sum(ch in MARKS for ch in std) - sum(ch in MARKS for ch in body)
    return Settled(std + end, std, marks, inserted=skeleton_of(lost), seen=False)


def _lost_run(std: str, head: str, gap: int, line_text: str) -> str:
    """The run of ``std`` lost on the cut line: its characters, and the marks among or before
    them but for one the line was read ending in. (A mark after the run, last on the line,
    stands where the detector's box often ends before it, on the column's longest line too.)"""
    k, i = 0, 0
    while k < len(head):  # past the head's characters in the standard
        k += std[i] not in MARKS
        i += 1
    start, n = i, 0
    while n < gap:
        n += std[i] not in MARKS
        i += 1
    run = std[start:i]
    if run[:1] and run[0] in MARKS and line_text.rstrip()[-1:] in tuple(MARKS):
        run = run[1:]
    return run
