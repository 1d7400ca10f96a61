"""Writing on a remarks page that became no entry: a safety net under the remarks reader.

Every other check in the remarks reader judges an entry it found; an entry it never found
leaves nothing to judge, and the booklet was accepted with its 备注 empty (a page normalised
upside down, hand-written lines the filters took for show-through, a date the detector split).
A remark changes what the certificate says (a corrected name, a replaced certificate), so
writing that was seen but not read as entries sends the booklet to a person:

- a remarks page whose rows under the heading carry writing (text or a date; show-through and
  seal lettering were dropped before) but gave no entry;
- a remarks page with more dated rows than dated entries (an entry's date became text or was
  lost between the rows and the entries);
- a remarks page with a row holding what is left of a date (2023. … 10: the detector split it
  under a seal, and the entry's text line was lost with it) that no entry holds;
- a page read as no kind of page at all whose lines hold a date: no page of a booklet but the
  remarks and registration pages carries dates outside the information page, so such a page
  is most likely remarks or a sticker the reader could not place.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from core.rules import Finding
from scanning import _bleed, _ocr, _pages
from scanning._datescan import find_dates
from scanning._layout import rows
from scanning._notice import DATE_LIKE
from scanning._ocr import Image, Line
from scanning._remark_cells import Cell, written
from scanning._remarks import Remark

__all__ = ["lost_entries", "stray_dates", "wiped"]

_FIELD = "annotations"
_REGISTRATIONS = "registrations"  # a page of no kind may have been the registration page


def _dated_rows(lines: list[Line], earliest: str | None) -> list[set[str]]:
    """The dates of each row holding a real date on or after ``earliest`` (an entry's date
    cannot precede the certificate; an older date inside a text is the date it corrects)."""
    out = []
    for r in rows(lines):
        values = {f.read.value for f in find_dates(r.text) if f.read.value}
        if any(not earliest or v >= earliest for v in values):
            out.append(values)
    return out


def _inked(clean: Image, lines: list[Line]) -> list[Cell]:
    """The written rows of ``lines`` with ink as dark as writing, or words that prove it (a
    page with nothing dark keeps its show-through, which is no writing)."""
    grey = _bleed.grey(clean)
    return [
        c for c in written(lines)
        if any(_bleed.depth(grey, ln) >= _bleed.PALE or _bleed.proved(ln) for ln in c.row.lines)
    ]  # fmt: skip


def _broken_dates(lines: list[Line], remarks: Sequence[Remark]) -> bool:
    """Whether a row of ``lines`` holds what is left of a date (a year and its mark: 2023.)
    but no whole date, in no line any entry holds: an entry lost whole, its date split by the
    detector and its text unread, leaves only that (too little for a written row)."""
    held = {ln.box for r in remarks for ln in r.lines}
    return any(
        DATE_LIKE.search(r.text) and not any(f.read.value for f in find_dates(r.text))
        and not any(ln.box in held for ln in r.lines)
        for r in rows(lines)
    )


def lost_entries(
    page: int, clean: Image, lines: list[Line], remarks: Sequence[Remark], earliest: str | None,
    decoded: Collection[str] = (),
) -> list[Finding]:  # fmt: skip
    """A ``remarks_unread`` warning when the remarks page ``page`` (0-based; ``clean``: its
    image with red seal ink removed) carries writing under its heading that the entries read
    from ``lines`` (its boxes after show-through and seal lettering were dropped) do not
    account for. ``decoded``: the entries' dates as their lines read again gave them (a date
    closing a row in brackets, left in the text by the page's reading, is the entry's all the
    same): as many of them as dated rows, each row holding one, account for the rows."""
    seen = _inked(clean, lines)
    broken = _broken_dates(lines, remarks)
    if not seen and not broken:
        return []
    dated = sum(1 for r in remarks if r.date is not None and r.date.value is not None)
    found = _dated_rows([ln for c in seen for ln in c.row.lines], earliest)
    rows_dated = len(found)
    lost = [v for v in found if not v & set(decoded)]  # rows whose date no entry holds
    held = rows_dated <= len(decoded) and not lost  # one entry per row, each row's date one
    if remarks and (rows_dated <= dated or held) and not broken:
        return []
    what = (
        "有文字" if not remarks
        else f"有 {rows_dated} 行日期，只读出 {dated} 条带日期的条目" if rows_dated > dated
        else "有一行残缺的日期，不属于任何已读出的条目"
    )
    msg = f"第 {page + 1} 页备注栏{what}，备注条目未能全部读出，请核对"
    ev = {"page": page, "rows": len(seen), "dated_rows": rows_dated, "entries": len(remarks),
          "broken_date": broken}
    return [Finding("remarks_unread", _FIELD, msg, "warning", ev)]


def stray_dates(pages: Sequence[tuple[int, list[Line]]]) -> list[Finding]:
    """A ``remarks_unread`` warning for each page read as no kind of page (given as its index
    and lines) whose lines hold a date or what is left of one."""
    out = []
    for page, lines in pages:
        dated = [ln.text for ln in lines if DATE_LIKE.search(ln.text) or find_dates(ln.text)]
        if dated:
            msg = (
                f"第 {page + 1} 页未能识别为任何页面，但有日期等文字（可能是备注），"
                "备注条目可能未能读出，请核对"
            )
            ev = {"page": page, "read": dated[:3]}
            out.append(Finding("remarks_unread", _FIELD, msg, "warning", ev))
    return out


def wiped(pages: Sequence[tuple[int, Image]]) -> list[Finding]:
    """A ``remarks_unread`` warning for each page read as no kind of page and without one line
    (given as its index and image, as normalised) on which text is found all the same: taking
    the seals' red out left nothing readable (a phone photo whose desk darkens the red
    channel), so a remarks page or a registration page with red stamps may be lost whole.
    Which of the two it was is unknown, so the warning names both sections: a registration
    entry lost with the page (a 注册不合格 stamp) is as much the clerk's to look for as a
    remark."""
    out = []
    for page, image in pages:
        if _pages.is_blank(image) or len(_ocr.detect_small(image)) < 2:
            continue
        lead = f"第 {page + 1} 页有文字但未能读出（可能是备注页或注册页），"
        for field, what in ((_FIELD, "备注"), (_REGISTRATIONS, "定期注册")):
            msg = f"{lead}{what}记录可能遗漏，请核对"
            out.append(Finding("remarks_unread", field, msg, "warning", {"page": page}))
    return out
