"""The instructions page (说明 / 注意事项 / 须知): printed notes about the certificate itself.

Many print runs of the booklet carry a page of numbered printed paragraphs ("一、本证书是持证人
具备国家认定的教师资格的法定凭证…", "1. 本证书应妥善保管…"). Its words are the words of remarks
(补发, 换发, 遗失, 损坏), so read as a remarks page it became one long dateless "remark" that sent
every such booklet to review. What tells it apart on every booklet: a remark is dated, a remarks
page is headed 备注, and an instructions page has neither — it has a 说明-like heading or
paragraphs numbered in order. Anything dated (even a date the recogniser broke) stays with the
remarks reader and its safety net, so writing on a real remarks page is never dropped here.
"""

from __future__ import annotations

import re

from scanning._datescan import find_dates
from scanning._labels import clean
from scanning._ocr import Line

__all__ = ["DATE_LIKE", "is_notice"]

# A date as the recogniser breaks it on a page it reads badly (2024129日, 2025月12日): a year or
# a run of digits with a date character. Printed furniture holds no such run.
DATE_LIKE = re.compile(r"(?:19|20)\d{2}\s*[年.\-/]|\d{3,}\s*[年月日]|\d\s*月\s*\d{0,2}\s*日")
_HEADING = re.compile(r"^(?:使用|填写|持证)?(?:说明|注意事项|须知)[:：]?$")
_CN_ORDINALS = "一二三四五六七八九十"
# A paragraph's number at the start of its line: 一、 二． 1. 2、 (1) （一）; "1." must not be the
# start of a date or a decimal (2016.03.20).
_NUMBERED = re.compile(rf"^\s*(?:[(（]\s*)?([{_CN_ORDINALS}]|[1-9])\s*(?:[)）]|[、.．](?!\d))")


def _ordinal(text: str) -> int | None:
    m = _NUMBERED.match(text)
    if m is None:
        return None
    mark = m.group(1)
    return int(mark) if mark.isdigit() else _CN_ORDINALS.index(mark) + 1


def _numbered_in_order(lines: list[Line]) -> bool:
    """At least two paragraphs numbered 1, 2 (in either numbering) from the first on."""
    marks = {n for n in (_ordinal(ln.text) for ln in lines) if n is not None}
    return {1, 2} <= marks


def is_notice(lines: list[Line], remarks_heading: bool) -> bool:
    """An instructions page: a 说明-like heading or numbered paragraphs, no date of any kind,
    and no 备注 heading (``remarks_heading``)."""
    if remarks_heading or not lines:
        return False
    if any(DATE_LIKE.search(ln.text) or find_dates(ln.text) for ln in lines):
        return False
    headed = any(_HEADING.match(clean(ln.text)) for ln in lines if len(clean(ln.text)) <= 6)
    return headed or _numbered_in_order(lines)
