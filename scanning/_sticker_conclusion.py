"""A registration sticker's conclusion (注册合格, 注册不合格, 暂缓注册) as read: printed whole,
with one character misread, or cut short by a seal over its end. Finding it among a row's
other pieces is ``_sticker_rows``'s.
"""

from __future__ import annotations

import re

from core.rules import one_slip

# Longest first: 不合格 contains 合格.
CONCLUSION = re.compile("注册不合格|不合格|暂缓注册|暂缓|注册合格|合格")
# The conclusions as printed in full: one of them with one character misread (注册不会格) is
# still that conclusion (``near_conclusion``); the short forms (合格) are too short to tell.
_FULL = ("注册不合格", "暂缓注册", "注册合格")
# A conclusion cut short (a seal over its end: 不合 for 不合格) is the one conclusion it is a
# part of, when it holds a character only that conclusion has (不, 暂, 缓); a part of 注册合格
# alone (注册合) may be 注册不合格 with 不 lost, and stays unread.
_TELLING = {"注册不合格": "不", "暂缓注册": "暂缓"}


def near_at(text: str) -> tuple[int, str] | None:
    """(where, which) the one full conclusion ``text`` holds with exactly one character
    misread, when no other conclusion is so near anywhere in it."""
    hits = {
        (i, form)
        for form in _FULL
        for i in range(len(text) - len(form) + 1)
        if one_slip(text[i : i + len(form)], form)
    }
    return hits.pop() if len(hits) == 1 else None


def near_conclusion(text: str) -> str | None:
    """The conclusion a text that holds none says with one character misread (注册不会格 →
    注册不合格), or None when none or several are that near. A read that is one conclusion
    misread and another cut short (注册不格: 注册合格 with 合 read 不, or 注册不合格 with 合
    lost) says neither for sure: None. The period rule still checks it: only 注册合格 has a
    period."""
    plain = re.sub(r"\s+", "", text)
    if CONCLUSION.search(plain):
        return None
    near, cut = near_at(plain), _cut(plain)
    if near and cut and near[1] != cut:
        return None
    return near[1] if near else cut


def _cut(text: str) -> str | None:
    """The one conclusion ``text`` (two characters or more) is a part of, its characters in
    order, holding a character only that conclusion has (不合 → 注册不合格, 缓注册 and 暂注册 →
    暂缓注册), or None."""
    if len(text) < 2:
        return None
    hits = [form for form, telling in _TELLING.items()
            if within(text, form) and any(ch in text for ch in telling)]  # fmt: skip
    return hits[0] if len(hits) == 1 else None


def within(text: str, form: str) -> bool:
    """``text`` is ``form`` with characters lost at its ends or inside it, in order (暂注册 of
    暂缓注册: a seal's rim across 缓)."""
    rest = iter(form)
    return all(ch in rest for ch in text)
