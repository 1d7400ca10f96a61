"""Where a digit could stand in a date whose year the glyph read did not place whole.

A grey seal's ring over a date's year can take a digit from the glyph read (005年7月4日 for
2005年7月4日), so the read no longer spells the date and its characters' places cannot be
used to show that no digit was lost in the month or the day (``_seal_reread``). Only month
and day matter there: a digit more in a four-digit year makes no date. So the date is placed
from its 年 on, and the line's em is taken from the year's digits that were read, at their
closest pair (a lost digit only widens a gap, never narrows one: the estimate errs toward
leaving room, and so toward doubt).
"""

from __future__ import annotations

from collections.abc import Callable

from scanning import _charbox, _date_gaps
from scanning._charbox import Glyph
from scanning._ocr import Box, Image

_MIN_PAIRS = 2  # neighbouring digits of the year that must be placed to measure the em


def from_year_unit(image: Image, box: Box) -> Callable[[str], _date_gaps.Closed | None]:
    """For a date text, where two of its characters from its 年 on stand too close for a
    digit between them, from a glyph read of ``box``; None where that read does not place
    the text from 年 on, or places too few of the year's digits to measure the em."""
    glyphs: list[Glyph] | None = None

    def measure(text: str) -> _date_gaps.Closed | None:
        nonlocal glyphs
        if glyphs is None:
            glyphs = [g for g in _charbox.glyphs(image, [box])[0] if not g.char.isspace()]
        return placed(glyphs, text)

    return measure


def placed(glyphs: list[Glyph], text: str) -> _date_gaps.Closed | None:
    """:func:`from_year_unit` on glyphs already read."""
    if "年" not in text:
        return None
    start = text.index("年")
    chars = "".join(g.char for g in glyphs)
    at = chars.find(text[start:])
    if at < 0:
        return None
    year = glyphs[:at]
    gaps = [
        b.x - a.x for a, b in zip(year, year[1:], strict=False)
        if a.char.isdigit() and b.char.isdigit() and b.x > a.x
    ]
    if len(gaps) < _MIN_PAIRS:
        return None
    run: list[Glyph | None] = [None] * start
    run += glyphs[at : at + len(text) - start]
    return _date_gaps.closed_by_glyphs(run, 2.0 * min(gaps))
