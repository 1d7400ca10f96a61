"""A registration entry's decision date on which its two readings disagree, settled by the views.

The second reading reads each row again from a padded crop (another view, another scale). A
date stamp's band (日戳) is closed at both ends by the ring, so the padded crop takes in the
ring's edge, and the recogniser then often reads that edge as a mark (m, 回) that swallows the
date's last digit: 2024.10.22 read again as 2024.10.2m, 2016.02.28 as 2016.02.2. The date parser
pads such a cut read (2024-10-02), and the entry looked read two ways. Two cases are no rival:

- **cut short**: the row read again holds the first reading's digits but the last one, then
  nothing or marks that are no digit. It says nothing about the last digit, and agrees with
  the first on every other; the first reading is taken (a note says the second was cut short).
- **a third view agrees**: the date's row read a third time, cut to its own box (no padding, so
  no ring edge) in the second view, gives exactly the first reading's date (one date, nothing
  else read as a digit). Two of three views then agree, as two readings agree on any field.

- **lost, and read whole twice**: the row read again lost characters only (2019.9.1 for
  2019.09.17: the ring's edge took the 0 and the 7), and the third view holds every character
  of the first reading in order, adding nothing but marks or a digit read twice beside itself
  (2019.099.17m). Each character of the first reading is then read by two views, and no view
  reads another digit in its place.

Anything else (the third view reads a third date, or nothing) keeps the disagreement, flagged.

A decision date the first reading could not make a date of (2024年月29日: a digit lost) is read
again the same two ways (``lost_date``): when both give one and the same date, and the first
reading is that date's text with characters lost (none changed), or with one digit read as
another that makes no date (2025.41.20 for 2025.11.20: no rival, as a second reading that
breaks a rule is none), the two views agree and the date is taken, with a note.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from core.rules import Finding
from scanning import _ocr
from scanning._datescan import DateRead, find_dates
from scanning._entry_read import reread
from scanning._ocr import Image, Line
from scanning._stickers import Sticker

if TYPE_CHECKING:
    from scanning._scan import Page

__all__ = [
    "cut_short", "date_row", "lost_between", "lost_date", "one_date", "settled", "third_text",
]

Entry = dict[str, Any]
THIRD_SCALE = 1.4  # the third view's upscaling of the date's own box (no padding)
_MARKS = re.compile(r"\D{0,2}")  # what may stand where the cut read's last digit was


def date_row(first: Sticker) -> Line | None:
    """The one line the first reading took its decision date from."""
    if first.date is None or not first.date.text:
        return None
    rows = [ln for ln in first.lines if first.date.text in ln.text]
    return rows[0] if len(rows) == 1 else None


def cut_short(first_text: str, again_text: str) -> bool:
    """``again_text`` (the date's row read again) is ``first_text`` (a row ending with its
    date) cut short at its end: the same digits but the last, then no digit (2024.10.2m for
    2024.10.22)."""
    digits = re.sub(r"\D", "", first_text)
    if len(digits) < 8 or not re.search(r"\d\D{0,2}$", first_text.strip()):
        return False
    got = again_text.strip()
    last = max((k for k, ch in enumerate(got) if ch.isdigit()), default=-1)
    if last < 0 or not _MARKS.fullmatch(got[last + 1 :]):
        return False
    return re.sub(r"\D", "", got) == digits[:-1]


def _third(page: Page, row: Line) -> str | None:
    """The one date the row says read a third time: its own box, no padding, second view."""
    got = one_date(third_text(page.second_view, row))
    return got.value if got else None


def third_text(image: Image, row: Line) -> str:
    """The row read a third time in ``image`` (its own box, no padding, another scale), as
    read."""
    big = _ocr._upscaled(image, row.box, THIRD_SCALE, pad=0)
    return _ocr.recognise([big])[0][0]


def _within(part: str, full: str) -> bool:
    """``part`` is ``full`` with characters lost, none changed (spaces aside)."""
    rest = iter(re.sub(r"\s+", "", full))
    return all(ch in rest for ch in re.sub(r"\s+", "", part))


def _stutters(full: str, part: str) -> bool:
    """``full`` is ``part`` with marks (no digit) or digits read twice added, nothing changed:
    2019.099.17m for 2019.09.17 (a tall digit read twice, the ring's edge read as m)."""
    full, part = re.sub(r"\s+", "", full), re.sub(r"\s+", "", part)
    k = 0
    for i, ch in enumerate(full):
        if k < len(part) and ch == part[k]:
            k += 1
        elif ch.isdigit() and ch not in full[max(0, i - 1) : i] + full[i + 1 : i + 2]:
            return False  # a digit added that repeats no neighbour: another digit read
    return k == len(part)


def lost_between(first: str, again: str, third: str) -> bool:
    """The row's second read ``again`` is its first read ``first`` with characters lost only
    (2019.9.1 for 2019.09.17), and the third view ``third`` holds every character of ``first``
    in order, adding only marks or a digit read twice beside itself: each character of the
    first read is read twice, and no view reads any other digit where it stands."""
    return len(again) < len(first) and _within(again, first) and _stutters(third, first)


def one_date(text: str) -> DateRead | None:
    """The one whole date ``text`` holds, when no other digit stands beside it."""
    found = find_dates(text)
    if len(found) != 1 or found[0].read.problem or not found[0].read.value:
        return None
    rest = text[: found[0].start] + text[found[0].end :]
    return None if re.search(r"\d", rest) else found[0].read


def _lost_only(short: str, full: str) -> bool:
    """``short`` is ``full`` with characters lost, none changed (a subsequence of it)."""
    rest = iter(re.sub(r"\s+", "", full))
    return len(short) < len(full) and all(ch in rest for ch in re.sub(r"\s+", "", short))


def _slipped(bad: str, good: str) -> bool:
    """``bad`` is ``good`` with exactly one digit read as another digit (2025.41.20 for
    2025.11.20), nothing else changed: as read it is no date, so it offers no rival."""
    bad, good = re.sub(r"\s+", "", bad), re.sub(r"\s+", "", good)
    apart = [(a, b) for a, b in zip(bad, good, strict=False) if a != b]
    return len(bad) == len(good) and len(apart) == 1 and all(ch.isdigit() for ch in apart[0])


def lost_date(page: Page, s: Sticker, field: str) -> tuple[Sticker, list[Finding]]:
    """``s`` with its decision date as the second reading and a third view both read it, when
    the first made no date of it and lost characters only, or read one digit as another (see
    the module); else as it was."""
    if s.date is None or s.date.value is not None:
        return s, []
    row = date_row(s)
    if row is None:
        return s, []
    again = one_date(reread(page, [row])[0].text)
    if again is None or _third(page, row) != again.value:
        return s, []
    lost = _lost_only(s.date.text, again.text)
    if not lost and not _slipped(s.date.text, again.text):
        return s, []
    why = "缺字" if lost else "一位数字误读，不成日期"
    msg = (f"注册日期第一次识别为“{s.date.text}”（{why}），第二次识别与按原框的第三次识别"
           f"一致为 {again.value}，取之")
    ev = {"read": s.date.text, "again": again.text}
    return replace(s, date=again), [Finding("settled_reading", field, msg, "note", ev)]


def settled(
    page: Page, first: Sticker, again: list[Line], entry: Entry, other: Entry | None, name: str
) -> tuple[Entry | None, list[Finding]]:
    """``other`` (the second reading's entry) with the first reading's decision date, and a
    note, when the second's differs but is cut short or a third view agrees with the first
    (see the module); otherwise ``other`` unchanged and no note."""
    when = entry.get("date")
    if other is None or when is None or other.get("date") == when:
        return other, []
    row = date_row(first)
    if row is None:
        return other, []
    said = [ln.text for ln in again if ln.box == row.box]
    ev = {"first": when, "second": other.get("date")}
    if len(said) == 1 and cut_short(row.text, said[0]):
        msg = (f"第二次识别读作“{said[0]}”，末位数字被日戳边框遮断，其余各位与第一次识别一致，"
               f"取“{when}”")
        return {**other, "date": when}, [Finding("settled_reading", f"{name}.date", msg, "note",
                                                 {**ev, "again": said[0]})]  # fmt: skip
    third = third_text(page.second_view, row)
    got = one_date(third)
    if got is not None and got.value == when:
        msg = (f"两次识别不一致（“{when}” / “{other.get('date')}”），"
               "第三次识别（按原框）与第一次一致，取之")
        return {**other, "date": when}, [Finding("settled_reading", f"{name}.date", msg, "note",
                                                 {**ev, "third": when})]  # fmt: skip
    if len(said) == 1 and lost_between(row.text, said[0], third):
        msg = (f"第二次识别读作“{said[0]}”，只比第一次识别“{row.text}”少了字符；第三次识别"
               f"（按原框）“{third}”含第一次识别的每一个字符、未读出别的数字，取“{when}”")
        ev = {**ev, "again": said[0], "third": third}
        return {**other, "date": when}, [Finding("settled_reading", f"{name}.date", msg, "note",
                                                 ev)]  # fmt: skip
    return other, []
