"""Remarks laid out as a table: its header row (日期 | 备注事项) is no remark.

Some print runs rule the 备注 page as a table whose first row names its columns (日期, 备注事项,
内容, 盖章 …). Read as text, the header was glued to the first entry ("日期备注事项身份证号码已
升位，经核对无误" accepted as its text) or became an entry of its own on an empty page. A header
is a run of column names and nothing else, standing at the start of the page or of an entry;
the same words inside a sentence (变更事项已登记, 内容更正) are text and stay.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from core.rules import one_slip
from scanning._datescan import find_dates
from scanning._layout import rows
from scanning._ocr import Line
from scanning._remark_print import is_title

__all__ = ["HEADER_WORDS", "is_header", "strip_header", "without_header"]

# Column names of a remarks table, longest first so 备注事项 is taken whole, not as 备注 + 事项.
HEADER_WORDS: tuple[str, ...] = (
    "备注事项", "备注内容", "变更事项", "记载事项", "登记日期", "备注日期", "经办人", "签章",
    "盖章", "日期", "事项", "内容", "备注", "印章", "时间", "年月日",
)  # fmt: skip
_SEP = r"[\s|｜丨/、:：·.。，,()（）\[\]【】_—\-]*"
_WORD = "|".join(sorted(HEADER_WORDS, key=len, reverse=True))
_RUN = re.compile(rf"^{_SEP}(?:(?:{_WORD}){_SEP})+")
# A line that is one column name alone is a header cell only for a name no remark consists of
# (内容 or 事项 alone could be the rest of a sentence broken over two lines).
_OPENERS = ("日期", "备注事项", "备注内容", "记载事项", "备注日期", "登记日期", "年月日", "盖章",
            "签章")
# Column names no sentence opens with: glued alone to the first entry's line (记载事项2020.03.23
# 出生日期更正为…) they are still the header, not the entry's first words.
_COMPOUND = ("备注事项", "备注内容", "记载事项", "备注日期", "登记日期")
_SEP_CHARS = " \t|｜丨/、:：·.。，,()（）[]【】_—-"


def _run(text: str) -> str:
    """The leading run of column names (with their separators), or ''."""
    m = _RUN.match(text)
    return m.group(0) if m else ""


def _words(run: str) -> int:
    return len(re.findall(_WORD, run))


def is_header(text: str) -> bool:
    """Whether ``text`` is nothing but column names of a remarks table (日期 备注事项, or one
    name standing alone in its cell: 日期)."""
    run = _run(text)
    return bool(run) and run == text and (_words(run) >= 2 or run.strip(_SEP_CHARS) in _OPENERS)


def strip_header(text: str) -> str | None:
    """``text`` without a table header glued to its start (日期备注事项身份证… → 身份证…);
    None when nothing is left but the header. Only a run of two or more column names is a
    header here: one word opening a sentence (日期有误，已更正; 内容已变更) is the sentence's."""
    if is_header(text):
        return None
    run = _run(text)
    return text[len(run) :] if run and _words(run) >= 2 else text


def _width(text: str) -> float:
    return sum(1.0 if ord(c) > 0x2E80 else 0.5 for c in text) or 1.0


def _cut(line: Line) -> Line:
    """``line`` without a header run glued to its start, its box narrowed by the run's share of
    the printed width (a full-width character is twice a digit's)."""
    run = _run(line.text)
    if not run or (_words(run) < 2 and run.strip(_SEP_CHARS) not in _COMPOUND):
        return line
    x0, y0, x1, y1 = line.box
    left = x0 + int((x1 - x0) * _width(run) / _width(line.text))
    return replace(line, text=line.text[len(run) :], box=(left, y0, x1, y1),
                   alternatives=line.alternatives[len(run) :])  # fmt: skip


def _misread_cells(lines: list[Line], heads: list[Line]) -> set[Line]:
    """Short boxes (at most four characters, no date) on the header row beside a column name
    read whole: the other column's name misread (目 or 目期 for 日期). No entry's text stands
    level with the column names."""
    on_header = [ln for r in rows(lines) if set(r.lines) & set(heads) for ln in r.lines]
    return {ln for ln in on_header
            if len("".join(ln.text.split())) <= 4 and not find_dates(ln.text)}  # fmt: skip


def _misread_header(line: Line, lines: Sequence[Line]) -> bool:
    """A compound column name with one character misread (海注事项 for 备注事项 in a blurred
    photo) standing where a header stands: above every other line but the page's heading. No
    remark's text is four characters one slip away from a column name; below an entry the
    words are left as text (and the entry is flagged for them)."""
    text = "".join(line.text.split())
    if find_dates(text) or not any(one_slip(text, w) for w in _COMPOUND):
        return False
    return not any(o.box[3] <= line.box[1] + line.height / 2 and not is_title(o.text)
                   for o in lines if o is not line)  # fmt: skip




def without_header(lines: Sequence[Line]) -> list[Line]:
    """The page's lines without the table's column names: lines that are only column names are
    dropped (and short boxes on their row: a column name misread), a run of them glued to the
    start of a line is cut off."""
    heads = [ln for ln in lines if is_header(ln.text) or _misread_header(ln, lines)]
    drop = set(heads) | _misread_cells(list(lines), heads)
    return [_cut(ln) for ln in lines if ln not in drop]
