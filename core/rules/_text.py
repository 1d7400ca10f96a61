"""Text normalisation shared by the parsers: full-width forms and whitespace; free text from
staff (reasons, documents) checked once."""

from __future__ import annotations

import re
import unicodedata

from core.errors import InvalidInput

# U+FF01..U+FF5E are the full-width forms of ASCII U+0021..U+007E, at a fixed offset.
_FULLWIDTH_OFFSET = 0xFEE0
_FULLWIDTH_TABLE = {code: code - _FULLWIDTH_OFFSET for code in range(0xFF01, 0xFF5F)}
_FULLWIDTH_TABLE[0x3000] = 0x20  # ideographic space
_WHITESPACE = re.compile(r"\s+")

#: The CJK Unified Ideographs block: the characters of names, places and printed wording;
#: the range of a regular-expression character class (``f"[{HAN_RANGE}]"``, ``f"[^{HAN_RANGE}]"``).
HAN_RANGE = "\u4e00-\u9fff"
#: One Han character (``match`` a character, ``findall`` to count them in a text).
HAN = re.compile(f"[{HAN_RANGE}]")
#: Anything but a Han character (``sub`` it away to keep a text's characters alone).
NOT_HAN = re.compile(f"[^{HAN_RANGE}]")
#: A run of Han characters (``fullmatch`` a text made of them alone).
HAN_RUN = re.compile(f"[{HAN_RANGE}]+")


# Punctuation. Chinese text is punctuated full-width (，。); an engine often reads a mark as its
# half-width form (,.) and hand-written marks read either way, so most readers take both. The
# subsets are named for what the marks do; a reader composes the ones it means.

#: Pause marks (逗号 ，, 顿号 、, 分号 ；): the sentence goes on after them (、 has no
#: half-width form).
PAUSE_MARKS_FULL = "，、；"
PAUSE_MARKS_HALF = ",;"
PAUSE_MARKS = PAUSE_MARKS_FULL + PAUSE_MARKS_HALF
#: The comma (逗号) alone, full-width and half-width.
COMMAS = "，,"
#: The colon (冒号), full-width and half-width.
COLON_MARKS = "：:"
#: The full stop (句号) that closes a sentence, full-width and half-width.
FULL_STOPS = "。."
#: Sentence marks: the pause marks, the colon and the full stop, which part a sentence's clauses
#: or close it.
SENTENCE_MARKS_FULL = PAUSE_MARKS_FULL + "：。"
SENTENCE_MARKS_HALF = PAUSE_MARKS_HALF + ":."
SENTENCE_MARKS = SENTENCE_MARKS_FULL + SENTENCE_MARKS_HALF
#: Exclamation and question marks (叹号, 问号), full-width and half-width: a sentence's other ends.
EXCLAMATION_QUESTION_MARKS = "！!？?"
#: Quotation marks (引号): the full-width double and single pairs, and the half-width ones.
QUOTES_FULL = "“”‘’"
QUOTES_HALF = "\"'"
#: Round brackets (括号), full-width and half-width.
BRACKETS_FULL = "（）"
BRACKETS_HALF = "()"
#: Title marks (书名号) around a document's name.
TITLE_MARKS = "《》"
#: Dots that are no full stop: the middle dots (· and the Japanese ・) and the full-width dot ．.
DOTS = "·・．"
#: Tildes: an engine reads a hand-written comma's hooked stroke as one.
TILDES = "~～"
#: Leaders: the dots, dashes and underscores a form prints between a label and its value
#: (``re.escape`` them into a character class: the hyphen is among them).
LEADERS = "…‥⋯·•∙．.。_＿-—–~～"
#: The marks that join a transcribed name's words (热依拉·艾力), as printed and as read.
NAME_JOINS = "·•・‧."


def is_han(ch: str) -> bool:
    """Whether ``ch`` is one Han character."""
    return len(ch) == 1 and HAN_RANGE[0] <= ch <= HAN_RANGE[-1]


def slips(a: str, b: str) -> int:
    """How many places of two readings of the same length hold different characters (one
    character read as another at each); readings of different lengths raise ``ValueError``."""
    return sum(x != y for x, y in zip(a, b, strict=True))


def one_slip(a: str, b: str) -> bool:
    """Whether ``b`` is ``a`` with exactly one character read as another (20 of 29, 教育局 of
    教盲局): the same length, one place different. A character lost or added is no slip."""
    return len(a) == len(b) and slips(a, b) == 1


def normalize_digits(text: str) -> str:
    """Map full-width digits, letters, punctuation and the ideographic space to half-width."""
    return text.translate(_FULLWIDTH_TABLE)


def squeeze(text: str) -> str:
    """Half-width form of ``text`` with every whitespace character removed."""
    return _WHITESPACE.sub("", normalize_digits(text))


#: Control characters free text may hold: line breaks (a pasted decision) and tabs.
_LAYOUT = frozenset("\n\t")

#: The longest free-text value staff may enter (a reason, a decision document's number).
MAX_FREE_TEXT = 500


def clean_text(value: str | None, field: str, *, max_length: int = MAX_FREE_TEXT) -> str:
    """Free text from staff, stripped, line breaks as ``\\n``: required, bounded, and free of
    control characters other than line breaks and tabs (which no report could print)."""
    cleaned = (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not cleaned:
        raise InvalidInput(f"{field} 不能为空 (required)", field=field, rule="required")
    if len(cleaned) > max_length:
        raise InvalidInput(f"{field} 过长（最多 {max_length} 字）/ too long (at most {max_length} "
                           "characters)", field=field, rule="too_long")
    if any(unicodedata.category(ch) in ("Cc", "Cs") and ch not in _LAYOUT for ch in cleaned):
        raise InvalidInput(f"{field} 含有控制字符 / contains a control character", field=field,
                           rule="control_character")
    return cleaned
