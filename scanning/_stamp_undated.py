"""A red registration stamp that prints no decision date (定期注册合格 / 2016.09.01 / 至2021.08.31)
→ its entry's date is not on the page, not unread.

Many counties chop 定期注册合格 and the period with a rubber stamp and date nothing: the office's
seal beside it is the whole endorsement. The entry's date was then ``missing`` (blocking), and a
clerk was asked for a date the booklet does not hold. The date is taken as not printed (a note,
the value stays empty) only when the page proves nothing was lost:

- the entry is a 注册合格 whose period the 5-year rule proves whole, and every other field the
  rules checked stands (no other blocking finding, two readings agreeing);
- every row of the stamp says a conclusion, a period or its office, and no date was read for
  the entry;
- no red text row on the page is left that says nothing a stamp says, and no red row inside a
  seal's ring holds a digit (a date written in the seal).

When the round seal beside the stamp prints the office but its ring could not be read for sure
(no digit in its reads), the office stays ``missing`` and the date is still taken as not printed:
what the seal does not say is no doubt on what the stamp prints. So too when no seal is beside
the stamp but its border holds no ink outside the rows read (``_stamp_frame``): the stamp prints
no office and no date, and no row of it was lost; the office stays ``missing``.

A deferral or a failure (定期注册暂缓 / 2024年7月9日) prints its decision date and no period; on a
page with no seal its office is taken as not printed the same way. A stamp left grey on a
greyscale scan is read as print: it is taken for a stamp only when its rows stand alone in a tight
border and no date on its page went unassigned.

A date printed in black beside the stamp is never lost this way: the page's print reader reads
it as an entry of its own or as a date no entry holds, both flagged.

The stamp's office is taken as not printed the same way, and only when the page holds no round
seal at all (a seal whose ring could not be read keeps the office ``missing``): some stamps
carry neither an office nor a date, and a clerk cannot type what the booklet does not hold.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from core.rules import Finding, RegistrationConclusion
from scanning._layout import union
from scanning._ocr import Box, Line
from scanning._period_rule import period_end
from scanning._stickers import Sticker, row_pieces

Read = tuple[dict[str, Any], list[Finding], float]

NOTE_CAP = 0.92  # the confidence of an entry whose one doubt became a note
WARN_CAP = 0.5  # and of one with a warning left


def _whole(entry: dict[str, Any]) -> bool:
    start, end = entry.get("valid_from"), entry.get("valid_until")
    qualified = entry.get("conclusion") == RegistrationConclusion.QUALIFIED
    return qualified and isinstance(start, str) and isinstance(end, str) and (
        period_end(start) == end
    )


def _says_all(s: Sticker) -> bool:
    """Every row of the stamp says a conclusion, (part of) a period, a date or its office,
    nothing else."""
    kinds = {"conclusion", "range", "start", "end", "authority", "bare", "date"}  # bare: a start
    return all(
        (said := row_pieces(r.text)) and all(p.kind in kinds for p in said) for r in s.rows
    )


def _decided(entry: dict[str, Any]) -> bool:
    """A deferral or a failure with its decision date read (定期注册暂缓 / 2024年7月9日)."""
    concl = entry.get("conclusion")
    return bool(concl) and concl != RegistrationConclusion.QUALIFIED and bool(entry.get("date"))


def settled(
    s: Sticker, i: int, read: Read, left: Sequence[object], sealless: bool = False,
    bordered: bool = False,
) -> Read:
    """``read`` (entry ``i``'s reading) with its missing decision date, and its missing office
    when the page holds no seal (``sealless``), as not printed, when the stamp proves it (see the
    module's rules); ``left``: what the page holds that no entry took (red rows unread, a seal's
    rows holding digits, a printed date no entry holds); ``bordered``: the stamp's border holds
    no ink but its rows read (``_stamp_frame.holds_only``)."""
    entry, found, conf = read
    fields = {}
    if _whole(entry) and not s.date:
        fields[f"registrations[{i}].date"] = "注册日期"
    if sealless and (_whole(entry) or _decided(entry)):
        fields[f"registrations[{i}].authority"] = "注册机关"
    gone = [f for f in found if f.code == "missing" and f.field in fields]
    rest = [f for f in found if f not in gone]
    kept = _in_seal(rest) + (_unnamed(rest, i) if bordered else [])
    if not gone or any(f.blocking and f not in kept for f in rest) or left or s.bare or (
        not _says_all(s)
    ):
        return read
    notes = []
    for f in gone:
        what = fields[f.field]
        beside = "，旁无公章" if f.field.endswith(".authority") else ""
        msg = f"定期注册章只印注册结论与有效期或日期，未载{what}（整章已读全{beside}，非漏识）"
        notes.append(Finding("stamp_undated", f.field, msg, "note",
                             {"rows": [r.text for r in s.rows]}))
    warned = [WARN_CAP for f in rest if f.severity == "warning"]
    return entry, [*rest, *notes], min(s.score, NOTE_CAP, *warned)


def _unnamed(found: Sequence[Finding], i: int) -> list[Finding]:
    """The entry's ``missing`` office when the stamp's border holds nothing but the rows read:
    the stamp prints no office, so no row of it (an office, a date) was lost; the field stays
    flagged (the office is not on the stamp), but it is no doubt on the stamp's date."""
    return [f for f in found if f.code == "missing" and f.field == f"registrations[{i}].authority"]


def _in_seal(found: Sequence[Finding]) -> list[Finding]:
    """The entry's ``missing`` office when the round seal beside the stamp prints it and its
    ring could not be read for sure (``seal_authority_unread``, no digit in its reads): that
    field stays flagged, but it is no doubt on what the stamp itself prints."""
    unread = {f.field for f in found if f.code == "seal_authority_unread" and not any(
        ch.isdigit() for r in (f.evidence or {}).get("seal", ()) for ch in str(r))}
    return [f for f in found if f.code == "missing" and f.field in unread]


def framed_alone(s: Sticker, frames: Sequence[Box], lines: Sequence[Line]) -> bool:
    """The sticker's rows stand alone in a tight frame, as a stamp's border holds them: a frame
    holding every row, at most a few row heights wider and taller than they are, with no other
    line of print inside it (a printed sticker's frame holds its labels and blanks too)."""
    if not s.rows:
        return False
    x0, y0, x1, y1 = union([r.box for r in s.rows])
    h = min(r.box[3] - r.box[1] for r in s.rows)
    own = {ln.box for ln in s.lines}
    for f in frames:
        inside = f[0] - h <= x0 and f[1] - h <= y0 and x1 <= f[2] + h and y1 <= f[3] + h
        tight = (f[2] - f[0]) <= (x1 - x0) + 4 * h and (f[3] - f[1]) <= (y1 - y0) + 3 * h
        if inside and tight:
            return not any(
                ln.box not in own and f[0] <= (ln.box[0] + ln.box[2]) / 2 <= f[2]
                and f[1] <= (ln.box[1] + ln.box[3]) / 2 <= f[3] for ln in lines
            )
    return False
