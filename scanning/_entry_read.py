"""What the remarks (备注) and registration (定期注册) readers share: an entry's raw fields, one
date's value or the finding that says why there is none, an entry's confidence from its
findings, and the second reading of an entry's lines (the page's red-channel view)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from core.rules import Finding
from scanning import _ocr
from scanning import _validate as val
from scanning._datescan import DateRead, suggest
from scanning._fields import RawField
from scanning._layout import union
from scanning._ocr import Line
from scanning._remark_dates import suggest_cn

if TYPE_CHECKING:
    from scanning._scan import Page

__all__ = [
    "DOUBT_CAP", "EARLIEST", "FAIL_CAP", "FIX_CAP", "Decoded", "Entry", "as_value", "confidence",
    "raw", "read_date", "reread", "second",
]  # fmt: skip

Entry = dict[str, Any]
_T = TypeVar("_T")
Decoded = tuple[Entry, list[Finding], float]
FAIL_CAP, DOUBT_CAP, FIX_CAP = 0.3, 0.5, 0.92
EARLIEST = "1993-01-01"  # the first certificates under the 1993 Teachers Law


def raw(text: str | None, lines: Sequence[Line], page: int) -> RawField | None:
    """One raw field read from ``lines`` (None when nothing was read)."""
    if not text or not lines:
        return None
    return RawField(text, min(ln.score for ln in lines), union([ln.box for ln in lines]), page)


def read_date(read: DateRead | None, name: str, what: str) -> tuple[str | None, list[Finding]]:
    """A date's ISO value, or the finding that says why there is none."""
    if read is None:
        return None, [Finding("missing", name, f"未识别到{what}")]
    ev = {"read": read.text}
    if read.value is None and read.problem == "date_ambiguous":
        msg = f"{what}“{read.text}”有多种读法，未猜测"
        return None, [Finding("date_ambiguous", name, msg, evidence=ev)]
    near = (suggest(read.text) or suggest_cn(read.text)) if read.value is None else None
    if near:
        msg = f"{what}“{read.text}”不是有效日期，建议读作 {near}，请核对"
        return near, [Finding("date_suggested", name, msg, "warning", ev)]
    if read.value is None:
        return None, [Finding("date_format", name, f"无法识别的{what}：“{read.text}”", evidence=ev)]
    if read.corrected:
        note = f"{what}“{read.text}”按唯一合法日期读作 {read.value}"
        return read.value, [Finding("corrected_date", name, note, "note", ev)]
    return read.value, []


def confidence(score: float, found: list[Finding]) -> float:
    """The entry's score capped by its findings' severities."""
    caps = [FIX_CAP if f.severity == "note" else DOUBT_CAP if f.severity == "warning"
            else FAIL_CAP for f in found]  # fmt: skip
    return min([score, *caps])


def reread(page: Page, lines: list[Line]) -> list[Line]:
    """``lines`` read again in the page's second view."""
    texts = _ocr.reread([(page.second_view, ln.box) for ln in lines])
    return [Line(t, ln.score, ln.box) for ln, t in zip(lines, texts, strict=True)]


def second(page: Page, lines: list[Line], decode: Callable[[list[Line]], _T | None]) -> _T | None:
    """What ``decode`` makes of ``lines`` read again (None when there are none)."""
    return decode(reread(page, lines)) if lines else None


def as_value(found: list[Finding], confidence: float) -> val.Value:
    """The section's findings and its weakest confidence as one ``Value``."""
    return val.Value(None, confidence, list(found))
