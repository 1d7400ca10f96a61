"""Where the issue date stands when its label does not place it: printed without a label in
the signature block at the information page's foot beside or under the authority and its
seal (as many real certificates print it), read damaged under that seal, or cut short by it.

Every place found here is only a box to read: the field's readings (the page's, the seal-pale
and dark-ink re-reads) and the decoder decide the value, whose year is still checked against
the certificate number's like any issue date's."""

from __future__ import annotations

import dataclasses
import re

from core.rules import normalize_digits
from scanning._cells import Cell
from scanning._date_cn import CN_DIGITS as _NUMERALS
from scanning._date_rules import whole_date
from scanning._info_labels import INFO_LABELS, RawField
from scanning._labels import match_label, same_row
from scanning._layout import meet
from scanning._ocr import Box, Line

# A date read damaged (201.4-05资格认定专用章, 2021年5用月): its first characters hold most of
# a year, month and day's digits and a separator or unit.
_DAMAGED = re.compile(rf"^[0-9{_NUMERALS}][0-9{_NUMERALS}.\-/年月日\s]{{5,}}")
_MIN_DIGITS = 6
_UNDER = 3  # values under their labels that show the page prints them so
_LINES = 4  # the date stands within this many of its lines below the authority
_DAY_CHARS = 12  # a written date is at most this many characters wide (二〇二一年十二月三十一日)


# One mark inside a date's digits that no date holds: a seal's star point or ring stroke
# across a digit reads as punctuation or a letter (196).11.05 for 1996.11.05 under the star).
_IN_DATE = rf"0-9{_NUMERALS}.\-/年月日"
_MARK = re.compile(rf"(?<=[0-9{_NUMERALS}])[^{_IN_DATE}\s](?=[{_IN_DATE}])")


def _date_like(text: str) -> bool:
    """A whole date, or one read damaged: it starts with digits or numerals among separators
    and units (one mark a seal's stroke left between them aside), and holds more of them than
    a year and month (2007年9月 is no issue date)."""
    t = normalize_digits(text).strip()
    if whole_date(t):
        return True
    digits = sum(c.isdigit() or c in _NUMERALS for c in t)
    unmarked = _MARK.sub("", t, count=1)
    return digits >= _MIN_DIGITS and any(_DAMAGED.match(s) for s in (t, unmarked))


def _below_authority(raw: dict[str, RawField], c: Cell) -> bool:
    """A cell under the authority's value (within a few of its own lines) and below every
    other field: the signature block's place."""
    auth = raw["issuing_authority"]
    bottom = max(r.box[3] for r in raw.values())
    return (auth.box[1] < c.cy and c.box[1] - auth.box[3] <= _LINES * c.height
            and c.cy > bottom - c.height)  # fmt: skip


def signature_date(raw: dict[str, RawField], left: list[Cell]) -> Cell | None:
    """The issue date printed without a label in the signature block at the page's foot, as
    many real certificates print it: the one date among the unclaimed cells that stands below
    the authority's value (within a few lines of it) and below every other field; a date read
    damaged (the seal over it) counts when it is the only one there."""
    if "issue_date" in raw or "issuing_authority" not in raw:
        return None
    placed = [c for c in left if _below_authority(raw, c)]
    whole = [c for c in placed if whole_date(c.text)]
    if whole:
        return whole[0] if len(whole) == 1 else None
    damaged = [c for c in placed if _date_like(c.text)]
    return damaged[0] if len(damaged) == 1 else None


def _after_label_day(day: Cell, cells: list[Cell]) -> Cell | None:
    """The cell after a lone 日 that is the 日 of a letter-spaced 日期 label (颁 发 日 期 read
    颁 | 日 | 期1999年5月19日, a piece lost under the seal): the next cell on its row, when it
    starts with 期 and a date follows. A date's own 日 ends the date; no 期 follows it."""
    right = [c for c in cells if c.box[0] >= day.box[2] - day.height // 2 and same_row(day, c)]
    nxt = min(right, key=lambda c: c.box[0], default=None)
    if nxt is None or not (rest := nxt.text.lstrip(" \u3000\t")).startswith("期"):
        return None
    return nxt if _date_like(rest[1:]) else None


def label_day_date(raw: dict[str, RawField], left: list[Cell]) -> Cell | None:
    """The issue date standing after a letter-spaced 日期 label the detector split at its 日
    (``_after_label_day``), under the authority's value; its text keeps the label's 期 for the
    date rules to cut (``_date_rules``)."""
    if "issue_date" in raw or "issuing_authority" not in raw:
        return None
    days = [c for c in left if c.text.strip() == "日" and _below_authority(raw, c)]
    dates = [d for c in days if (d := _after_label_day(c, left)) is not None]
    return dates[0] if len(dates) == 1 else None


def day_band(raw: dict[str, RawField], left: list[Cell]) -> Box | None:
    """Where a signature block's date stands when the detector kept only its 日 (the rest
    under a grey seal): the line ending at that lone 日, as wide as a written date, below
    the authority's value. The band is only re-read; an empty reading leaves it missing."""
    if "issue_date" in raw or "issuing_authority" not in raw:
        return None
    days = [c for c in left if c.text.strip() in ("日", "号") and _below_authority(raw, c)
            and _after_label_day(c, left) is None]  # fmt: skip
    if len(days) != 1:
        return None
    c, auth = days[0], raw["issuing_authority"].box
    h = c.height
    x0 = max(0, min(auth[0], c.box[2] - _DAY_CHARS * h) - h // 2)
    return (x0, c.box[1] - h // 4, c.box[2] + h // 2, c.box[3] + h // 4)


def widened(raw: dict[str, RawField], key: str = "issue_date") -> Box | None:
    """A date field's box (the issue date's, unless ``key`` says another) that holds no whole
    date (1998乐: the detector stopped where the seal's star crosses 1998-10-11), stretched
    right to the right edge of the page's widest value, when no other field's box lies in the
    way. Only re-read; the decoder decides."""
    field = raw.get(key)
    if field is None or not field.text or whole_date(field.text):
        return None
    others = [r.box for k, r in raw.items() if k != key]
    right = max((b[2] for b in others), default=field.box[2])
    box = (field.box[0], field.box[1], max(field.box[2], right), field.box[3])
    if box[2] <= field.box[2] or any(meet(box, b) for b in others):
        return None
    return box


def band_under_label(raw: dict[str, RawField], lines: list[Line]) -> tuple[Box, Box] | None:
    """(band, label) under a lone issue-date label on a page printing values under their
    labels (three values or more start where the label does): the last label has no next one
    to bound its band, and its date under the seal may have been read as nothing at all. The
    band is as wide as the page's values and two of the label's lines deep; only re-read."""
    table = {"issue_date": INFO_LABELS["issue_date"]}
    alone = [ln for ln in lines if (hit := match_label(ln.text, table)) and not hit[1]]
    if len(alone) != 1 or not raw:
        return None
    label = alone[0].box
    h = label[3] - label[1]
    under = [r.box for r in raw.values() if abs(r.box[0] - label[0]) <= 2 * h]
    if len(under) < _UNDER or any(r.box[1] > label[1] for r in raw.values()):
        return None
    right = max(r.box[2] for r in raw.values())
    band = (max(0, label[0] - h // 2), label[3] + 2, max(right, label[0] + _DAY_CHARS * h),
            label[3] + 2 * h)
    return band, label


def place_issue_date(
    raw: dict[str, RawField], bands: dict[str, RawField], left: list[Cell], page: int,
    lines: list[Line],
) -> None:
    """Place the issue date its label did not: the signature block's date into ``raw``, or
    the band of a lone 日 or under a lone last label into ``bands`` (to re-read); a date box
    cut short is widened."""
    if (signed := signature_date(raw, left) or label_day_date(raw, left)) is not None:
        raw["issue_date"] = RawField(signed.text, signed.score, signed.box, page)
    elif (band := day_band(raw, left)) is not None:
        bands["issue_date"] = RawField("", 0.0, band, page)
    elif "issue_date" not in raw | bands and (under := band_under_label(raw, lines)):
        bands["issue_date"] = RawField("", 0.0, under[0], page, under[1])
    if (wide := widened(raw)) is not None:
        raw["issue_date"] = dataclasses.replace(raw["issue_date"], box=wide)
