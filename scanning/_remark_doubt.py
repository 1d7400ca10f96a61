"""Remark texts that every reading agrees on and that still deserve a look: a known phrase with a
character lost, or text run on after the phrase that closes a remark."""

from __future__ import annotations

import re

from scanning._remarktext import _CJK, CLAUSE_OPENS, CLOSINGS, PHRASES, _covered

__all__ = ["broken_phrase", "lost_comma", "past_closing", "text_doubt"]

# Openers of a remark's main clause (经本人申请 / 同意 / 予以 …); a noun that opens a clause
# (原证书) is also an object (收回原证书), and one character (现) sits inside other words.
_OPENERS = tuple(o for o in CLAUSE_OPENS if len(o) > 1 and o != "原证书")
# An adverbial clause (经本人申请 / 经核查 / 因…), introduced by one of these, runs straight into
# the main verb without a comma (经本人申请予以换发, 经核查信息无误, 因姓名变更予以换发).
_ADVERBIAL = ("经", "因", "由于", "根据", "按", "特此")
_PUNCT = re.compile(r"[，。、；：,.;:！!？?\s]")


def broken_phrase(text: str) -> str | None:
    """The known phrase ``text`` seems to hold with one character lost (以换发 for 予以换发):
    a three-character or longer remnant standing outside every phrase the text does hold.
    A seal or a faint stroke can take a character from every reading alike."""
    covered = _covered(text)
    for phrase in (*PHRASES, *CLOSINGS):
        for k in range(len(phrase)):
            rest = phrase[:k] + phrase[k + 1 :]
            if len(rest) < 3 or any(rest in p for p in PHRASES if p != phrase):
                continue
            start = text.find(rest)
            while start >= 0:
                if not all(covered[start : start + len(rest)]):
                    return phrase
                start = text.find(rest, start + 1)
    return None


def past_closing(text: str) -> str | None:
    """Chinese text run on, with no punctuation, after a phrase that closes a remark
    (予以换发教师资格认定): a seal's lettering or the next entry read into this one."""
    for phrase in CLOSINGS:
        start = text.find(phrase)
        while start >= 0:
            rest = text[start + len(phrase) :]
            if _CJK.match(rest[:1]) and not rest.startswith(("为", "新证")):
                return rest
            start = text.find(phrase, start + 1)
    return None


def lost_comma(text: str) -> str | None:
    """The clause opener that follows a complete clause with no comma between
    (原证书收回予以换发 for 原证书收回，予以换发): a hand-written or faint comma is the mark the
    recogniser most often drops, leaving a text every reading agrees on. A clause opened by an
    adverbial word (经本人申请予以换发) needs none; single-character openers (现) are words
    inside other words too and are not used."""
    for k in range(1, len(text)):
        opener = next((o for o in _OPENERS if text.startswith(o, k)), None)
        if opener is None or not _CJK.match(text[k - 1]):
            continue
        head = _PUNCT.split(text[:k])[-1]
        if not head.startswith(_ADVERBIAL):
            return opener
    return None


def text_doubt(text: str) -> str | None:
    """Why a remark text every reading agrees on may still be wrong, or None."""
    if (lost := broken_phrase(text)) is not None:
        return f"备注文字“{text}”似缺一字（常见用语“{lost}”），请核对"
    if (rest := past_closing(text)) is not None:
        return f"备注文字结束语之后还有“{rest}”，可能是印章文字或相邻条目，请核对"
    if (opener := lost_comma(text)) is not None:
        return f"备注文字在“{opener}”前后通常有逗号，但未识别到，可能漏识，请核对"
    return None
