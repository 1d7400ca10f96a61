"""A remark read one character short of a standard wording, settled to it.

A hand-written character under a seal or crowded by its neighbours is the one the recogniser
drops most often after a comma (经本人申请以换发 for 经本人申请予以换发). Such a read is settled
to the standard text (``_remark_standard.STANDARD``) that it is with one character put back,
when nothing else fits it:

- its characters, marks aside, are those of exactly one standard text less one character, and
  no other standard text comes within one character of it;
- every reading of each line is the standard's wording with characters lost, or with a
  character read as its look-alike (于 for 予): no reading holds a character the standard
  lacks, nor brings another standard text within one character;
- every mark of the read stands where the standard has one, and each mark the standard adds
  was seen by some reading (``_remark_standard``'s rules); the readings hold the same digits.

The settling is proven when some reading read the put-back character in its place (予以发
beside 以补发: each view lost another); when none did, the text is still the one wording it
can be, but a person confirms it (a warning names the character).
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from scanning._remark_standard import (
    ENDS,
    MARKS,
    SHORTEST,
    STANDARD,
    Lines,
    Settled,
    alike,
    dated_doubt,
    line_keys,
    marks_fit,
    marks_seen,
    near_other,
    same_digits,
    same_end,
    skeleton_of,
)

__all__ = ["settle"]


def _gaps(read: str, full: str) -> list[int]:
    """Places ``k`` of ``full`` whose character ``read`` lacks (``full`` without it is ``read``)."""
    if len(full) != len(read) + 1:
        return []
    return [k for k in range(len(full)) if full[:k] + full[k + 1 :] == read]


def _filled(body: str, k: int, ch: str, std: str) -> str | None:
    """``body`` with ``ch`` put back before its ``k``-th skeleton character (or at its end),
    on the side of any adjacent mark where ``std`` has it; None when no placement fits."""
    places, n = [], 0
    for i, c in enumerate(body):
        if c in MARKS or c.isspace():
            continue
        if n == k:
            places.append(i)
        n += 1
    if n == k:
        places.append(len(body))
    if not places:
        return None
    at = places[0]
    options = {at}
    lo = at
    while lo > 0 and body[lo - 1] in MARKS:  # the character may stand before the marks
        lo -= 1
        options.add(lo)
    fits = [(m, i) for i in sorted(options)
            if (m := marks_fit(body[:i] + ch + body[i:], std)) is not None]  # fmt: skip
    if not fits:
        return None
    _, i = min(fits)
    return body[:i] + ch + body[i:]


def _readings(read: str, full: str, gaps: list[int], lines: Lines) -> tuple[bool, bool]:
    """Whether every reading of each line fits the standard skeleton ``full`` (characters
    lost, or read as look-alikes, none added, no other standard brought near), and whether
    some reading read the put-back character (at one of ``gaps``) in its place."""
    seen, at = False, 0
    for chosen, readings in line_keys(lines):
        if not chosen:
            continue
        off = read.find(chosen, at)
        if off < 0:
            return False, False
        at = off + len(chosen)
        for r in readings:
            if not r:
                continue
            variant = read[:off] + r + read[at:]
            if variant != read and near_other(variant, full):
                return False, False
            ops = difflib.SequenceMatcher(None, variant, full, autojunk=False).get_opcodes()
            for op, i1, i2, j1, j2 in ops:
                if op == "delete" or (op == "replace" and not _alike(variant[i1:i2], full[j1:j2])):
                    return False, False
                if op == "equal":
                    seen = seen or any(
                        j1 <= g < j2 and off <= i1 + g - j1 < off + len(r) for g in gaps
                    )
    return True, seen


def _alike(read: str, meant: str) -> bool:
    """Whether ``read`` is ``meant`` character by character with each one its look-alike."""
    return len(read) == len(meant) and all(alike(a, b) for a, b in zip(read, meant, strict=True))


def settle(text: str | None, lines: Lines = (), doubted: Sequence[int] = ()) -> Settled | None:
    """The standard text ``text`` (an entry's text as read, its lines' readings in
    ``lines``, its doubtful lines' indices in ``doubted``) is with one lost character put
    back, or None (see the module's rules)."""
    if not text or not same_end(lines) or not same_digits(lines):
        return None
    body = text.rstrip(ENDS)
    end = text[len(body) :]
    read = skeleton_of(body)
    if len(read) < SHORTEST or any(ch.isdigit() for ch in read):
        return None
    fits = [s for s in STANDARD if _gaps(read, skeleton_of(s))]
    if len({skeleton_of(s) for s in fits}) != 1:
        return None
    full = skeleton_of(fits[0])
    if near_other(read, full):
        return None
    gaps = _gaps(read, full)
    filled = [(s, f) for s in fits if (f := _filled(body, gaps[0], full[gaps[0]], s))]
    if len(filled) > 1:  # two wordings apart only in a mark: the one whose marks the read has
        filled = [(s, f) for s, f in filled if marks_fit(f, s) == 0]
    if len(filled) != 1:
        return None
    std, done = filled[0]
    marks = marks_fit(done, std)
    if marks is None or not marks_seen(done, std, lines):
        return None
    fit, seen = _readings(read, full, gaps, lines)
    if not fit:
        return None
    return Settled(std + end, std, marks, inserted=full[gaps[0]], seen=seen,
                   decides=not dated_doubt(lines, doubted))  # fmt: skip
