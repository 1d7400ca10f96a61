"""The dots that join the parts of a transcribed name quoted in a remark (姓名更正为
“艾尔肯·阿不都”): part of the name, no odd character.

Uyghur and Kazakh names are written in Chinese characters with their parts joined by a middle
dot (阿依古丽·买买提), and a remark that corrects or records a name quotes it whole. Such a dot
is taken as the name's only when both sides are whole transcribed name words
(``_name_minority``): the words after it up to the next mark, and the last words before it. A
dot anywhere else (证书遗失·予以补发, a misread comma) stays an odd character and is flagged.
"""

from __future__ import annotations

from core.rules import NAME_JOINS, is_han
from scanning import _name_minority

__all__ = ["joins_name", "unjoined"]

JOINS = NAME_JOINS + "．"  # as printed and as read, the full-width dot too


def _run_before(text: str, k: int) -> str:
    start = k
    while start > 0 and is_han(text[start - 1]):
        start -= 1
    return text[start:k]


def _run_after(text: str, k: int) -> str:
    end = k + 1
    while end < len(text) and is_han(text[end]):
        end += 1
    return text[k + 1 : end]


def joins_name(text: str, k: int) -> bool:
    """Whether the mark at ``text[k]`` joins two parts of a transcribed name (see module)."""
    before, after = _run_before(text, k), _run_after(text, k)
    if len(after) < 2 or len(before) < 2:
        return False
    return any(_name_minority.words(before[-n:] + "·" + after)
               for n in range(2, len(before) + 1))  # fmt: skip


def unjoined(text: str) -> str:
    """``text`` without the dots that join a transcribed name's parts."""
    return "".join(ch for k, ch in enumerate(text) if not (ch in JOINS and joins_name(text, k)))
