"""An issue date whose box the detector ended inside the date, where a seal's ring crosses the
line: the page reads 二〇二二年十二月二十 for 二〇二二年十二月二十八日, and every re-read of that
box reads the same cut date, so no reading ever holds the day whole.

A date written with its units ends with 日; a reading that holds 年 and 月 and stops after
them without its 日 may have been cut before its end (2004年9月1 of 2004年9月18日 is a date
too, but its print has a 日 the box left out). The
box is then stretched right by as many characters as a day and its 日 can hold, when no other
field's box lies in the way, and only re-read: the readings and the decoder decide, and the
year is still checked against the certificate number's.
"""

from __future__ import annotations

import dataclasses
import re

from scanning._info_labels import RawField
from scanning._layout import meet
from scanning._ocr import Box

_DAY_CHARS = 4  # a day and its 日 written out: 二十八日
# A date written with its units, read up to its month and perhaps part of its day, no 日.
_CUT = re.compile(r"年[^年月日]{1,3}月[^日]{0,3}$")


def cut_before_day(text: str) -> bool:
    """Whether ``text`` is a date written with units that stops before its 日 (二〇二二年十二月
    二十, 2004年9月1: a whole date as parsed, but 2004年9月18日 cut short reads so too)."""
    return bool(_CUT.search("".join(text.split())))


def reached(raw: dict[str, RawField], width: int, key: str = "issue_date") -> dict[str, RawField]:
    """``key``'s field with its box stretched right over its day (``cut_before_day``), when no
    other field's box lies in the way; nothing otherwise."""
    field = raw.get(key)
    if field is None or not cut_before_day(field.text):
        return {}
    x0, y0, x1, y1 = field.box
    box: Box = (x0, y0, min(width, x1 + _DAY_CHARS * (y1 - y0)), y1)
    if box[2] <= x1 or any(meet(box, r.box) for k, r in raw.items() if k != key):
        return {}
    return {key: dataclasses.replace(field, box=box)}
