"""A remark date one reading holds with a digit lost (or one more), settled by the page order.

A view may drop a thin digit (the 1 of 11月, pale in the red channel or run into its
neighbour) or add one (a seal stroke read as 1): 2017年11月18日 beside 2017年1月18日. Both
are real dates, so the lexicon cannot choose, and ``_agree.settle_date`` weighs only readings
of one length. The page order does: remarks are written down the page in time, each on or
after the issue date and the entry above, not after the entry below or today. Where exactly
one of the readings lies in that window, every other reading is it with one digit more or
less, and two or more readings say it, it is taken with a note. Any other spread (two digits
apart, two readings in the window, one lone reading in it) stays a warning.
"""

from __future__ import annotations

from scanning._agree import in_window, only_date
from scanning._ocr import Line
from scanning._remarktext import Choice


def _one_digit_more(a: str, b: str) -> bool:
    """Whether one of ``a``, ``b`` is the other with one digit put in (2017年11月18日 /
    2017年1月18日)."""
    short, long = sorted((a, b), key=len)
    if len(long) != len(short) + 1:
        return False
    return any(long[k].isdigit() and long[:k] + long[k + 1 :] == short for k in range(len(long)))


def settle(
    chosen: list[tuple[Line, Choice]], window: tuple[str, str]
) -> tuple[list[tuple[Line, Choice]], list[str]]:
    """Lines whose readings held real dates a digit more or less apart, settled where the
    page order (``window``) leaves one that two readings say; with a note per line settled."""
    out, notes = [], []
    for ln, c in chosen:
        fit = _fit(c, window)
        if fit is None:
            out.append((ln, c))
            continue
        others = "、".join(f"“{t}”" for t in c.options if t != fit)
        notes.append(f"几次识别的日期多或少一位数字（{others}），只有“{fit}”符合备注的先后顺序"
                     f"（{window[0]} 至 {window[1]}），取之")  # fmt: skip
        out.append((Line(fit, ln.score, ln.box), Choice(fit, corrected=True)))
    return out, notes


def _fit(c: Choice, window: tuple[str, str]) -> str | None:
    """The one reading of a doubted date that the page order leaves, when the others are it
    with a digit more or less and at least two readings say it; else None."""
    if c.about != "date" or not c.doubt or len(c.options) < 2:
        return None
    fits = [t for t in c.options if (d := only_date(t)) is not None and in_window(d, window)]
    if len(fits) != 1 or c.readings.count(fits[0]) < 2:
        return None
    rest = [t for t in c.options if t != fits[0]]
    return fits[0] if rest and all(_one_digit_more(t, fits[0]) for t in rest) else None
