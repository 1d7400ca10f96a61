"""Remark texts that every reading agrees on and that still deserve a look: a known phrase with a
character lost, or text run on after the phrase that closes a remark."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from core import clock
from core.rules import (
    BRACKETS_FULL,
    EXCLAMATION_QUESTION_MARKS,
    HAN,
    HAN_RANGE,
    QUOTES_FULL,
    SENTENCE_MARKS,
    SENTENCE_MARKS_FULL,
    TITLE_MARKS,
)
from scanning._datescan import find_dates
from scanning._remark_cells import LEADS
from scanning._remark_name_dots import unjoined
from scanning._remark_phrases import CLAUSE_OPENS, CLOSINGS, PHRASES, _covered, opens_clause
from scanning._remarks import Remark

__all__ = [
    "Whole",
    "broken_phrase",
    "broken_places",
    "date_fragment",
    "list_comma",
    "lost_comma",
    "odd_text",
    "past_closing",
    "text_doubt",
]

# Openers of a remark's main clause (经本人申请 / 同意 / 予以 …); a noun that opens a clause
# (原证书) is also an object (收回原证书), and one character (现) sits inside other words.
_OPENERS = tuple(o for o in CLAUSE_OPENS if len(o) > 1 and o != "原证书")
# An adverbial clause (经本人申请 / 经核查 / 因…), introduced by one of these, runs straight into
# the main verb without a comma (经本人申请予以换发, 经核查信息无误, 因姓名变更予以换发).
_ADVERBIAL = ("经", "因", "由于", "根据", "按", "特此")
_PUNCT = re.compile(rf"[{SENTENCE_MARKS}{EXCLAMATION_QUESTION_MARKS}\s]")


# Whether the page shows no room for a character at ``text``'s place ``at`` (between
# ``text[at - 1]`` and ``text[at]``): the ink, not the wording, says nothing was lost there.
Whole = Callable[[str, int], bool]


def broken_places(text: str) -> list[tuple[str, int, bool]]:
    """Every (phrase, place, inside) where ``text`` holds a known phrase with one character
    lost (以换发 for 予以换发): a three-character or longer remnant standing outside every
    phrase the text does hold; ``place``: where in ``text`` the lost character would stand;
    ``inside``: whether it stands between two characters of the remnant (证|遗失), not at its
    edge, where the neighbour outside may be the phrase's character misread (证书遗|实)."""
    covered = _covered(text)
    out = []
    for phrase in (*PHRASES, *CLOSINGS):
        for k in range(len(phrase)):
            rest = phrase[:k] + phrase[k + 1 :]
            if len(rest) < 3 or any(rest in p for p in PHRASES if p != phrase):
                continue
            start = text.find(rest)
            while start >= 0:
                if not all(covered[start : start + len(rest)]):
                    out.append((phrase, start + k, 0 < k < len(phrase) - 1))
                start = text.find(rest, start + 1)
    return out


def broken_phrase(text: str, whole: Whole | None = None) -> str | None:
    """The known phrase ``text`` seems to hold with one character lost (``broken_places``). A
    seal or a faint stroke can take a character from every reading alike, but a wording of its
    own (原证遗失 beside 证书遗失) is no loss: where ``whole`` shows the page has no room for a
    character at a place inside the remnant, the remnant is read as written. A place at the
    remnant's edge proves nothing: 证书遗实 is 证书遗失 misread, not short of a character."""
    for phrase, at, inside in broken_places(text):
        if whole is None or not inside or not whole(text, at):
            return phrase
    return None


def past_closing(text: str) -> str | None:
    """Chinese text run on, with no punctuation, after a phrase that closes a remark
    (予以换发教师资格认定): a seal's lettering or the next entry read into this one."""
    for phrase in CLOSINGS:
        start = text.find(phrase)
        while start >= 0:
            rest = text[start + len(phrase) :]
            if HAN.match(rest[:1]) and not rest.startswith(("为", "新证")):
                return rest
            start = text.find(phrase, start + 1)
    return None


def lost_comma(text: str) -> str | None:
    """The clause opener that follows a complete clause with no comma between
    (原证书收回予以换发 for 原证书收回，予以换发): a hand-written or faint comma is the mark the
    recogniser most often drops, leaving a text every reading agrees on. A clause opened by an
    adverbial word (经本人申请予以换发) needs none; single-character openers (现) are words
    inside other words too and are not used, nor is an opener a comma follows at once
    (…教育局审核同意，补发: the verb that closes its clause)."""
    for k in range(1, len(text)):
        opener = opens_clause(text, k)
        if opener not in _OPENERS or not HAN.match(text[k - 1]):
            continue
        head = _PUNCT.split(text[:k])[-1]
        if not head.startswith(_ADVERBIAL):
            return opener
    return None


SHORTEST_TEXT = 3  # a remark says what happened (证书遗失…): fewer characters are a fragment


def text_doubt(text: str, whole: Whole | None = None) -> str | None:
    """Why a remark text every reading agrees on may still be wrong, or None (``whole``: see
    ``broken_phrase``)."""
    if len(HAN.findall(text)) < SHORTEST_TEXT:  # 发: the rest of the line went unseen
        return f"备注文字只有“{text}”，过短，可能只识别到一部分，请核对"
    if (lost := broken_phrase(text, whole)) is not None:
        return f"备注文字“{text}”似缺一字（常见用语“{lost}”），请核对"
    if (rest := past_closing(text)) is not None:
        return f"备注文字结束语之后还有“{rest}”，可能是印章文字或相邻条目，请核对"
    if (opener := lost_comma(text)) is not None:
        return f"备注文字在“{opener}”前后通常有逗号，但未识别到，可能漏识，请核对"
    return None


# -- characters and dates ---------------------------------------------------------------------

# Written wording: Han characters, digits and the full-width marks of a sentence, brackets,
# quotes and titles (！？ kept out, as found); any other character is doubted.
_ALLOWED = re.compile(
    rf"^[{HAN_RANGE}\d{SENTENCE_MARKS_FULL}{BRACKETS_FULL}{QUOTES_FULL}{TITLE_MARKS}]+$"
)
# A date as a sentence writes it (该证书于2019年5月遗失, 更正为1970年6月30日): year, month,
# day, each with its unit; a day without 日 or a digit run beside it is a date cut short.
_SENTENCE_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})年(?:(0?[1-9]|1[0-2])月(?:(0?[1-9]|[12]\d|3[01])日)?)?(?![\d月日])"
)
# The words a date inside a sentence follows (于, 更正为, 由, 自…至…, 在, 的, 及): a date at a
# text's start or after a comma is an entry's date read into the text, not part of a sentence.
_DATE_LEADS = LEADS
_DATE_ONLY = re.compile(r"[（(][\s\d年月日.\-/]*[）)]")  # (日), (2024年05月20日), ()
_TAIL = re.compile(r"[\d年月日\s]+$")  # what stands after a sentence's last punctuation
# A sentence does not stop on these (更正为, 由, 自…至): what followed them was lost.
_OPEN_END = tuple("为由至于自从和与及")
_PAIRS = (("（", "）"), ("“", "”"), ("‘", "’"), ("《", "》"))


def _sentence_dates(text: str) -> list[tuple[int, int]]:
    """Spans of the real dates ``text`` carries inside its sentences."""
    out = []
    for m in _SENTENCE_DATE.finditer(text):
        year, month, day = (int(g) if g else 1 for g in m.groups())
        try:
            date(year, month, day)
        except ValueError:
            continue
        if m.start() > 0 and text[m.start() - 1] in _DATE_LEADS and year <= clock.today().year:
            out.append(m.span())
    return out


def _loose_digits(text: str) -> bool:
    """Digits outside every date a sentence carries (an ID or a number read into the text, a
    date cut short by a line break: …补发（2024年05月20)."""
    spans = _sentence_dates(text)
    return any(ch.isdigit() and not any(a <= k < b for a, b in spans) for k, ch in enumerate(text))


def date_fragment(text: str) -> str | None:
    """Why ``text`` seems to hold the remains of an entry's date, or None: brackets holding
    only a date or its pieces (（日） when the date wrapped over two lines), a bracket or quote
    left open, or date pieces after the last punctuation (…，日)."""
    if _DATE_ONLY.search(text):
        return "括号内只有日期或日期的一部分"
    if any(text.count(a) != text.count(b) for a, b in _PAIRS) or text.count('"') % 2:
        return "括号或引号不成对"
    if text.endswith(_OPEN_END):
        return "句子止于“" + text[-1] + "”，其后的内容未读出"
    tail = re.split(f"[{SENTENCE_MARKS}]", text)[-1]
    if tail and _TAIL.fullmatch(tail) and not _sentence_dates(text[-len(tail) - 1 :]):
        return "末尾只有日期的一部分"
    return None


# What opens a clause (经核对无误, 予以换发, 已登报声明作废): after 、 it shows a misread ，
# (、 joins words of one list — 姓名、民族 — never two clauses).
_CLAUSES = ("经本人", "经核", "经审", "经查", "经申请", "予以", "准予", "同意", "原证书", "特此",
            "已登报", "现予", "现更正")  # fmt: skip


def list_comma(text: str) -> str | None:
    """The clause a 、 opens, or None (身份证号码已升位、经核对无误 for …，经核对无误)."""
    for k, ch in enumerate(text):
        opener = next((o for o in _CLAUSES if text.startswith(o, k + 1)), None)
        if ch == "、" and opener:
            return opener
    return None


def odd_text(r: Remark, text: str | None = None) -> str | None:
    """Why the characters of remark ``r``'s text deserve a look, or None: a Latin letter or
    symbol, digits that are no date of a sentence (a date inside a sentence is ordinary:
    该证书于2019年5月遗失, 出生日期更正为1970年6月30日), the remains of the entry's own date,
    or a row that was only a date read as text (the date of a neighbouring entry). ``text``:
    the entry's text when a standard wording settled it (else its text as read)."""
    text = text or r.text or ""
    if not _ALLOWED.match(unjoined(text).replace('"', "")):
        return f"备注文字含字母或异常字符，请核对：“{text}”"
    if (why := date_fragment(text)) is not None:
        return f"备注文字似含本条日期的残余（{why}），请核对：“{text}”"
    if (opener := list_comma(text)) is not None:
        return f"备注文字中“、”后是新的分句（{opener}…），应为“，”，可能误识，请核对：“{text}”"
    if _loose_digits(text):
        return f"备注文字含不属于句中日期的数字，请核对：“{text}”"
    if any(not c.date and c.text and _whole_date(c.text) for c in r.cells):
        return f"备注文字中有一行只是日期，可能是相邻条目的日期，请核对：“{text}”"
    return None


def _whole_date(text: str) -> bool:
    found = find_dates(text)
    return bool(found) and not text[: found[0].start].strip() and not text[found[-1].end :].strip()
