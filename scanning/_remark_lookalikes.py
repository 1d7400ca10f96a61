"""A remark read two or three look-alike characters off a standard wording, settled to it.

A hand-written remark is read in the writer's hand, and a hand face is read as its look-alikes
more than once in one entry: 原证书因保管不慎遗失，经本人申请，予以补发 read as
原证书三保管不慎遗失，经本人申请，子议补发 (因 as 三 or 回, 予以 as 子议), 原证书污损，经本人申请
同意换发 as 深证书污换，经本人申请网意换发. ``_remark_standard`` settles one look-alike; a read
with more is settled to a standard text (``_remark_standard.STANDARD``) only when it can be no
other:

- its words (marks aside) are as many as exactly one standard text's and differ from them in
  two or three places, with at least four of the standard's characters to each place;
- at each place the character read looks like the standard's (glyph likeness), or some reading
  of the line read the standard's character there, or one that looks like it (回 for 因);
- no place lies in a known phrase of the read (同意 is read as meant, never 予以);
- no other standard text comes as near the read, nor one as long within one more place, nor
  so near any reading of its lines;
- every mark of the read stands where the standard has one, each mark the standard adds was
  seen (``_remark_standard``'s rules), and the readings hold the same digits and agree on a
  closing full stop.

The settling is a correction. It decides the entry only when some reading read the standard's
own character at every place; otherwise the wording is still the one the read can be, but a
person confirms the characters no view read (``Settled.unread``: a warning).
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Sequence

from scanning._office_match import edits
from scanning._remark_phrases import _covered_positions
from scanning._remark_standard import (
    ENDS,
    STANDARD,
    Lines,
    Settled,
    alike,
    dated_doubt,
    marks_fit,
    marks_seen,
    placed_keys,
    same_digits,
    same_end,
    skeleton_of,
)

__all__ = ["settle"]

MOST = 3  # look-alike places a read may have
PER_PLACE = 4  # standard characters to each place, at least


def _places(read: str, std: str) -> list[int]:
    """Where a same-length ``read`` differs from ``std`` (both skeletons)."""
    return [k for k, (a, b) in enumerate(zip(read, std, strict=True)) if a != b]


def _candidate(read: str) -> tuple[str, list[int]] | None:
    """The one standard skeleton ``read`` is within ``MOST`` places of (two at least), and
    those places; None when none or several, or another standard comes near."""
    near = []
    for s in {skeleton_of(x) for x in STANDARD}:
        if len(s) == len(read) and 2 <= len(p := _places(read, s)) <= MOST:
            near.append((s, p))
    if len(near) != 1:
        return None
    std, places = near[0]
    if len(std) < PER_PLACE * len(places) or _rival(read, std, len(places)):
        return None
    return std, places


def _rival(read: str, std: str, n: int) -> bool:
    """Whether a standard text of other words than ``std`` comes as near ``read`` as ``n``
    characters, or is as long and within ``n + 1`` places: the read is then no sure misread
    of one wording. (One of another length needs a character lost or added as well as its
    look-alikes: 证书污损，经本人申请予以换发 is no rival of 原证书污损，经本人申请同意换发 for a
    read of the latter's length.)"""
    others = {skeleton_of(x) for x in STANDARD} - {std}
    return any(
        edits(read, s) <= n or (len(s) == len(read) and len(_places(read, s)) <= n + 1)
        for s in others
    )


def _views(read: str, lines: Lines) -> dict[int, list[str]] | None:
    """For each place of ``read`` (a skeleton), the characters the readings of its line read
    there (aligned one for one); None when the lines do not spell ``read`` in order."""
    placed = placed_keys(read, lines)
    if placed is None:
        return None
    out: dict[int, list[str]] = {k: [] for k in range(len(read))}
    for off, _, chosen, readings in placed:
        for r in readings:
            ops = difflib.SequenceMatcher(None, chosen, r, autojunk=False).get_opcodes()
            for op, i1, i2, j1, j2 in ops:
                if op in ("equal", "replace") and i2 - i1 == j2 - j1:
                    for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                        out[off + i].append(r[j])
    return out


def _rivals_near(read: str, std: str, lines: Lines, n: int) -> bool:
    """Whether a reading of a line brings another standard text near the read (``_rival``);
    lines that do not spell the read count as such a reading."""
    placed = placed_keys(read, lines)
    if placed is None:
        return True
    for off, at, chosen, readings in placed:
        if any(r and r != chosen and _rival(read[:off] + r + read[at:], std, n) for r in readings):
            return True
    return False


def settle(
    text: str | None, lines: Lines = (), doubted: Sequence[int] = (), inked: Collection[int] = ()
) -> Settled | None:
    """The standard text ``text`` (an entry's text as read, its lines' readings in ``lines``,
    its doubtful lines' indices in ``doubted``) is with two or three look-alikes read back as
    the standard's characters, or None (see the module's rules). ``inked``: the indices of the
    lines whose end the page shows a comma after (``_remark_endmark``)."""
    if not text or not same_end(lines) or not same_digits(lines):
        return None
    body = text.rstrip(ENDS)
    end = text[len(body) :]
    read = skeleton_of(body)
    if any(ch.isdigit() for ch in read):
        return None
    found = _candidate(read)
    if found is None:
        return None
    std_key, places = found
    if set(places) & _covered_positions(read):
        return None
    views = _views(read, lines)
    if views is None or _rivals_near(read, std_key, lines, len(places)):
        return None
    if not all(_vouched(read[k], std_key[k], views[k]) for k in places):
        return None
    fits = [s for s in STANDARD if skeleton_of(s) == std_key]
    fits = [s for s in fits if marks_fit(body, s) is not None]
    if len(fits) > 1:  # two wordings apart only in a mark: the one whose marks the read has
        fits = [s for s in fits if marks_fit(body, s) == 0]
    if len(fits) != 1 or not marks_seen(body, fits[0], lines, inked):
        return None
    std = fits[0]
    unread = not all(std_key[k] in views[k] for k in places)
    swapped = "、".join(f"{read[k]}→{std_key[k]}" for k in places)
    return Settled(std + end, std, marks_fit(body, std) or 0, swapped, unread=unread,
                   decides=not unread and not dated_doubt(lines, doubted))  # fmt: skip


def _vouched(read: str, meant: str, views: Sequence[str]) -> bool:
    """Whether ``read`` may be ``meant`` misread: it looks like it, or a view read ``meant``
    there, or a character that looks like it."""
    return alike(read, meant) or any(v == meant or alike(v, meant) for v in views)
