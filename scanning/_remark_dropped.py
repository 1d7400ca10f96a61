"""A remark read one character short of a standard wording, settled to it.

A hand-written character under a seal or crowded by its neighbours is the one the recogniser
drops most often after a comma (经本人申请以换发 for 经本人申请予以换发). Such a read is settled
to the standard text (``_remark_standard.STANDARD``) that it is with one character put back,
when nothing else fits it:

- its characters, marks aside, are those of exactly one standard text less one character, and
  no other standard text comes within one character of it;
- every reading of each line is the standard's wording with characters lost, or with a
  character read as its look-alike (于 for 予) or as another where the line's chosen text holds
  the standard's (本慎 beside the chosen 不慎: the wording decides as one view read it): no
  reading holds a character the standard lacks, nor brings another standard text within one
  character;
- every mark of the read stands where the standard has one, and each mark the standard adds
  was seen by some reading, or at a wrap by its ink on the page (``_remark_standard``'s
  rules); the readings hold the same digits.

A line whose chosen text lost more than one of its readings (the vote kept 经本人申请以发,
one view read 经本人申请，予以发) is read as that fuller reading first: the views lost
different characters, and what one of them read is no guess.

The settling is proven when some reading read the put-back character in its place (予以发
beside 以补发: each view lost another); when none did, the text is still the one wording it
can be, but a person confirms it (a warning names the character).
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Sequence

from scanning._remark_standard import (
    ENDS,
    MARKS,
    SHORTEST,
    STANDARD,
    Lines,
    Settled,
    alike,
    dated_doubt,
    inked_wraps,
    marks_fit,
    marks_seen,
    near_other,
    placed_keys,
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
    seen, placed = False, placed_keys(read, lines)
    if placed is None:
        return False, False
    for off, at, _, readings in placed:
        for r in readings:
            if not r:
                continue
            variant = read[:off] + r + read[at:]
            if variant != read and near_other(variant, full):
                return False, False
            ops = difflib.SequenceMatcher(None, variant, full, autojunk=False).get_opcodes()
            for op, i1, i2, j1, j2 in ops:
                if op == "delete" or (
                    op == "replace"
                    and not _alike(variant[i1:i2], full[j1:j2])
                    and not _chosen_holds(j1, j2, i2 - i1, gaps, off, at)
                ):
                    return False, False
                if op == "equal":
                    seen = seen or any(
                        j1 <= g < j2 and off <= i1 + g - j1 < off + len(r) for g in gaps
                    )
    return True, seen


def _chosen_holds(j1: int, j2: int, n: int, gaps: list[int], off: int, at: int) -> bool:
    """Whether the chosen text of the line (``read``'s characters ``off``..``at``) holds the
    standard's characters ``j1``..``j2`` that a reading read as ``n`` others, one for one
    (不慎 chosen, 本慎 read): the wording decides the disagreement as one view read it."""
    if n != j2 - j1 or any(g in range(j1, j2) for g in gaps):
        return False
    g = gaps[0]
    return all(off <= (j if j < g else j - 1) < at for j in range(j1, j2))


def _alike(read: str, meant: str) -> bool:
    """Whether ``read`` is ``meant`` character by character with each one its look-alike."""
    return len(read) == len(meant) and all(alike(a, b) for a, b in zip(read, meant, strict=True))


def settle(
    text: str | None, lines: Lines = (), doubted: Sequence[int] = (), inked: Collection[int] = ()
) -> Settled | None:
    """The standard text ``text`` (an entry's text as read, its lines' readings in
    ``lines``, its doubtful lines' indices in ``doubted``) is with one lost character put
    back, or None (see the module's rules). ``inked``: the indices of the lines whose end
    the page shows a comma after (``_remark_endmark``). A line chosen as a reading that lost
    more than another reading of it is read as that fuller one first (``_fuller``)."""
    got = _settle(text, lines, doubted, inked)
    if got is not None or not text:
        return got
    fuller = _fuller(text, lines)
    return _settle(*fuller, doubted, inked) if fuller is not None else None


def _fuller(text: str, lines: Lines) -> tuple[str, Lines] | None:
    """``text`` and ``lines`` with each undated line read as the one reading of it that holds
    the chosen text's characters and more (经本人申请，予以发 beside the chosen 经本人申请以发:
    the views lost different characters, and the fuller one read what the vote dropped);
    None when no line has such a reading, or its text is not found once in ``text``."""
    out, changed = [], False
    for chosen, readings in lines:
        fuller = _fullest(chosen, readings)
        if fuller is not None and text.count(chosen.strip()) == 1:
            text, changed = text.replace(chosen.strip(), fuller.strip()), True
            chosen = fuller
        out.append((chosen, readings))
    return (text, out) if changed else None


def _fullest(chosen: str, readings: Sequence[str]) -> str | None:
    """The one longest reading whose words hold the undated ``chosen`` line's words in order
    and more of them; None when there is none, two, or the line holds digits."""
    key = skeleton_of(chosen)
    if not key or any(ch.isdigit() for ch in chosen):
        return None
    over = {r for r in readings if len(skeleton_of(r)) > len(key) and _holds(skeleton_of(r), key)}
    if not over:
        return None
    most = max(len(skeleton_of(r)) for r in over)
    best = [r for r in over if len(skeleton_of(r)) == most]
    return best[0] if len({skeleton_of(r) for r in best}) == 1 else None


def _holds(longer: str, shorter: str) -> bool:
    """Whether ``shorter`` is ``longer`` with some characters left out."""
    it = iter(longer)
    return all(ch in it for ch in shorter)


def _settle(
    text: str | None, lines: Lines, doubted: Sequence[int], inked: Collection[int]
) -> Settled | None:
    if not text or not same_end(lines) or not same_digits(lines):
        return None
    body = inked_wraps(text.rstrip(ENDS), lines, inked)
    end = text[len(text.rstrip(ENDS)) :]
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
    marks += body.count("，") - text.count("，")  # commas the ink at a wrap put back
    return Settled(std + end, std, marks, inserted=full[gaps[0]], seen=seen,
                   decides=not dated_doubt(lines, doubted))  # fmt: skip
