"""Remark texts that every reading agrees on and that still deserve a look: a known phrase with a
character lost, or text run on after the phrase that closes a remark."""

from __future__ import annotations

from scanning._remarktext import _CJK, CLOSINGS, PHRASES, _covered

__all__ = ["broken_phrase", "past_closing", "text_doubt"]


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


def text_doubt(text: str) -> str | None:
    """Why a remark text every reading agrees on may still be wrong, or None."""
    if (lost := broken_phrase(text)) is not None:
        return f"备注文字“{text}”似缺一字（常见用语“{lost}”），请核对"
    if (rest := past_closing(text)) is not None:
        return f"备注文字结束语之后还有“{rest}”，可能是印章文字或相邻条目，请核对"
    return None
