"""Whether a digit could be missing from a date: the dates a lost digit would make, and the
measured room between two characters (a seal over a date hides nothing where the characters
stand too close for one more).

Shared by the seal proofs of remarks and stickers (``_seal_proof``), the information page's
dates (``_info_seal``) and the re-reads of a date under a grey seal (``_seal_reread``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from statistics import median

from scanning import _charbox
from scanning._charbox import Glyph
from scanning._datescan import find_dates

__all__ = ["Closed", "closed_by_glyphs", "date_proved"]

Closed = Callable[[int], bool]  # whether nothing can stand between text[k - 1] and text[k]
_DIGIT_RUN = re.compile(r"\d+")


def date_proved(text: str, at: list[int], closed: Closed | None = None) -> bool:
    """Every date under the seal would show a digit lost there: putting one more digit into a
    digit group under the seal gives no other real date (2018年5月 — 15月 is none; but 4月2日
    may have been 4月12日), or the characters either side of the place stand too close for a
    digit (``closed``, from their measured places: 4月 2日 printed one digit apart)."""
    for f in find_dates(text):
        groups = [m for m in _DIGIT_RUN.finditer(text, f.start, f.end)
                  if set(range(m.start(), m.end())) & set(at)]  # fmt: skip
        for m in groups:
            for k in range(m.start(), m.end() + 1):
                if closed is not None and 0 < k < len(text) and closed(k):
                    continue
                for d in "0123456789":
                    if other_date(text[f.start : k] + d + text[k : f.end], f.read.value):
                        return False
    return True


def other_date(text: str, value: str | None) -> bool:
    """Whether all of ``text`` reads as a real date other than ``value``."""
    return any(
        o.read.value not in (None, value) and o.end - o.start == len(text) for o in find_dates(text)
    )


def closed_by_glyphs(placed: list[Glyph | None], size: float) -> Closed:
    """Whether the characters either side of place ``k`` stand too close for one between.
    A date printed with spaces round its units (2025 年 2 月 18 日) keeps its space at every
    unit: there the usual distance is widened by the space the year's 年 shows."""
    space = _unit_space(placed, size)

    def closed(k: int) -> bool:
        a = next((g for g in reversed(placed[:k]) if g), None)
        b = next((g for g in placed[k:] if g), None)
        if a is None or b is None:
            return False
        if _charbox.tight(a, b, size):
            return True
        room = usual(a, b) + space + _SPACED_ROOM
        return space > 0 and at_unit(a, b) and 0 < b.x - a.x <= room * size

    return closed


UNITS = "年月日"  # a date's units, the words between its numbers


def at_unit(a: Glyph, b: Glyph) -> bool:
    """Whether ``a`` and ``b`` are a digit and a unit beside it, either way round."""
    return a.char.isdigit() and b.char in UNITS or a.char in UNITS and b.char.isdigit()


def _unit_space(placed: list[Glyph | None], size: float) -> float:
    """The space (in em) a date prints between its digit groups and units, measured where no
    digit can be missing — between a four-digit year and its 年 (one more digit makes no
    year) — and no wider than the median space at its units (one of them may hide a digit);
    0 when the date shows no such year or no space."""
    pairs = [(a, b) for a, b in zip(placed, placed[1:], strict=False) if a and b]
    gaps = [(b.x - a.x) / size - usual(a, b) for a, b in pairs if at_unit(a, b)]
    years = [
        (g.x - a.x) / size - usual(a, g)
        for k, g in enumerate(placed)
        if g is not None and g.char == "年" and k >= 4
        and all(h is not None and h.char.isdigit() for h in placed[k - 4 : k])
        and (a := placed[k - 1]) is not None
    ]
    if not years or not gaps:
        return 0.0
    space = min(years[0], float(median(gaps)))
    return space if _MIN_SPACE <= space <= _MAX_SPACE else 0.0


def usual(a: Glyph, b: Glyph) -> float:
    """The distance in em between the centres of ``a`` and ``b`` printed side by side."""
    return (_charbox.width(a.char) + _charbox.width(b.char)) / 2


# A printed space is at least this (in em; a compact date measures 0 ± 0.2) and at most a
# full character; past it, half a lost digit's 0.5 em of slack.
_MIN_SPACE, _MAX_SPACE = 0.35, 1.0
_SPACED_ROOM = 0.25
