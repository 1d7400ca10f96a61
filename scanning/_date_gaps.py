"""Whether a digit could be missing from a date: the dates a lost digit would make, and the
measured room between two characters (a seal over a date hides nothing where the characters
stand too close for one more).

Shared by the seal proofs of remarks and stickers (``_seal_proof``), the information page's
dates (``_info_seal``) and the re-reads of a date under a grey seal (``_seal_reread``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

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
                    if _other_date(text[f.start : k] + d + text[k : f.end], f.read.value):
                        return False
    return True


def _other_date(text: str, value: str | None) -> bool:
    """Whether all of ``text`` reads as a real date other than ``value``."""
    return any(
        o.read.value not in (None, value) and o.end - o.start == len(text) for o in find_dates(text)
    )


def closed_by_glyphs(placed: list[Glyph | None], size: float) -> Closed:
    """Whether the characters either side of place ``k`` stand too close for one between."""

    def closed(k: int) -> bool:
        a = next((g for g in reversed(placed[:k]) if g), None)
        b = next((g for g in placed[k:] if g), None)
        return a is not None and b is not None and _charbox.tight(a, b, size)

    return closed
