"""A remark line's text chosen among the recogniser's own readings.

Remarks are free text, often hand-written (楷体) and stamped over, so one reading is not enough.
Each text line is read again (upscaled, and in the red channel where a seal turns pale); the
readings and the per-character alternatives the engine offered are the only candidates. Remark
texts are strongly phrased (证书遗失，予以补发 / 经本人申请，予以换发 / …已更正), so a small
lexicon of remark phrases chooses *between* candidates — it never writes a character the
engine did not offer. What the candidates and the lexicon do not settle is reported as doubt.
"""

import difflib
import re
from dataclasses import dataclass, replace

import numpy as np

from core.rules import HAN, normalize_digits
from scanning import _charbox, _ocr, _remark_cn, _seal_shape
from scanning._charbox import Glyph
from scanning._date_gaps import UNITS
from scanning._datescan import SEPARATORS, date_variants, find_dates
from scanning._layout import rows
from scanning._ocr import Box, Image, Line, Reading
from scanning._remark_extend import _joined, _words
from scanning._remark_extend import extend as extend  # the page reader calls it from here
from scanning._remark_marks import _sure, _sure_mark, _wrap_comma
from scanning._remark_phrases import _MARKS, _covered_positions, coverage
from scanning._remark_phrases import CLAUSE_OPENS as CLAUSE_OPENS
from scanning._remark_phrases import PHRASES as PHRASES
from scanning._remark_phrases import phrased as phrased
from scanning._remarks import chinese_punctuation
from scanning._seal_shape import Ring
from scanning._variants import simplified

DOUBT = 0.6  # a character whose best alternative is less sure than this is doubtful
OFFER = 0.02  # an alternative less likely than this is no candidate
_DIGITS = re.compile(r"\D")
_DATES = re.compile(r"\d{4}-\d{2}-\d{2}")  # a date as ``_as_dated`` writes it
# The marks the date reader takes between a date's numbers (2023.05.19, 2013，09.08), and the
# words that do their work (2023年12月15日).
_DATE_MARKS = SEPARATORS + UNITS


@dataclass(frozen=True)
class Choice:
    """The chosen text; ``corrected`` when it is not what every reading said, ``doubt``
    (empty when none) says why a person should look at the entry's ``about`` field."""

    text: str
    corrected: bool = False
    doubt: str = ""
    about: str = "text"  # which field of the entry the doubt concerns (``text`` or ``date``)
    options: tuple[str, ...] = ()  # with a date doubt: the readings, each holding a real date
    proved: bool = False  # corrected only where a remark phrase of the text chose
    glyphs: tuple[Glyph, ...] = ()  # on a line a grey seal crosses: its characters' places
    same_digits: bool = True  # every reading held the same digits, in the same order
    rivalled: bool = False  # another reading the phrases fit as well (outvoted only)
    readings: tuple[str, ...] = ()  # every reading's text, as compared (set by ``reread``)
    tie: bool = False  # the doubt is a tie between whole readings (each character known)


def _doubtful(r: Reading) -> list[int]:
    """Positions where the engine was unsure of the character."""
    return [i for i, alts in enumerate(r.alternatives) if alts and _sure(alts) < DOUBT]


def _improved(r: Reading) -> str:
    """The reading with each doubtful character replaced by the offered alternative that
    completes a remark phrase, when exactly one alternative does so best."""
    chars = list(r.text) if len(r.alternatives) == len(r.text) else []
    for i in _doubtful(r) if chars else []:
        base = coverage("".join(chars))
        gains: dict[str, int] = {}
        for ch, p in r.alternatives[i][1:]:
            if p >= OFFER:
                gains[ch] = coverage("".join(chars[:i] + [ch] + chars[i + 1 :])) - base
        best = max(gains.values(), default=0)
        winners = [ch for ch, g in gains.items() if g == best]
        if best > 0 and len(winners) == 1:
            chars[i] = winners[0]
    return "".join(chars) if chars else r.text


def _left_doubt(text: str, readings: list[Reading]) -> list[int]:
    """Doubtful characters the choice did not settle (no phrase vouches for them) in a
    reading that gave the chosen text: their positions."""
    covered = _covered_positions(text)
    for r in readings:
        if len(r.alternatives) == len(r.text) == len(text) and text in (r.text, _improved(r)):
            return [i for i in _doubtful(r) if i not in covered]
    return []


def _plain(r: Reading) -> Reading:
    """The reading without spaces and with Chinese punctuation (two readings that differ in
    spacing or in a comma's width agree: the entry's text is written full-width anyway)."""
    # A date whose dots a seal's star hid keeps its groups apart (2015 2 12 → 2015.2.12).
    text = _remark_cn.dotted(r.text)
    if len(r.alternatives) != len(r.text):
        return Reading(chinese_punctuation("".join(text.split())), r.score)
    # A space the dot took has no alternatives of its own: the dot's are a sure dot's.
    alts_at = [a if ch == b else ((".", 1.0),) for a, ch, b in zip(r.alternatives, text, r.text,
                                                                 strict=True)]
    keep = [k for k, ch in enumerate(text) if not ch.isspace()]
    alts = tuple(_merged(alts_at[k]) for k in keep)
    return Reading(chinese_punctuation("".join(text[k] for k in keep)), r.score, alts)


def _folded(r: Reading, seen: set[str]) -> Reading:
    """The reading with each traditional form folded onto its simplified character where
    another reading holds that character (遺 beside 遗: one character; booklets are printed in
    simplified Chinese), alternatives kept aligned. A form no reading has in simplified stays."""
    onto = {ch: to for ch in set(r.text) if (to := simplified(ch)) != ch and to in seen}
    if not onto:
        return r
    text = "".join(onto.get(ch, ch) for ch in r.text)
    if len(r.alternatives) != len(r.text):
        return Reading(text, r.score)
    alts = tuple(_merged(tuple((onto.get(c, c), p) for c, p in a)) for a in r.alternatives)
    return Reading(text, r.score, alts)


def _merged(alts: tuple[tuple[str, float], ...]) -> tuple[tuple[str, float], ...]:
    """One position's alternatives with the two widths of a punctuation mark as one (, 0.6 and
    ， 0.4 are a sure comma), the emitted character first."""
    out: dict[str, float] = {}
    for c, p in alts:
        out[chinese_punctuation(c)] = min(1.0, out.get(chinese_punctuation(c), 0.0) + p)
    return tuple(out.items())


def _dated(text: str) -> int:
    """How many real calendar dates ``text`` holds (a date run on into another digit, as in
    2023年7月122日, is none: a seal stroke read as a digit)."""
    found = find_dates(text)
    return sum(1 for f in found if f.read.value and not text[f.end : f.end + 1].isdigit())


def choose(readings: list[Reading], nxt: str | None = None) -> Choice:
    """The text of one line from its readings (first = the page's own reading); ``nxt``: the
    words of the entry's next row, when the line wraps onto it."""
    readings = [_plain(r) for r in readings]
    read = [r.text for r in readings if r.text]  # as read: a folded form is still a correction
    seen = set("".join(read))
    readings = [_folded(r, seen) for r in readings]
    texts = [r.text for r in readings if r.text]
    if not texts:
        return Choice("", doubt="未能识别")
    candidates = dict.fromkeys([*texts, *(_improved(r) for r in readings if r.text)])

    def cover(t: str) -> int:  # a phrase the line wraps in counts (审 of 审 / 核同意)
        return len({k for k in _covered_positions(t + (nxt or "")) if k < len(t)})

    ranked = sorted(candidates, key=lambda t: (-cover(t), -_dated(t), -texts.count(t)))
    best = ranked[0]
    rivals = [t for t in ranked[1:] if (cover(t), _dated(t)) == (cover(best), _dated(best))]
    corrected = best != read[0] or len(set(read)) > 1
    # A reading whose date is no calendar date lost a digit; readings that each hold a real
    # date and differ in its digits cannot be settled by the lexicon.
    if len({_numerals(t) for t in texts if _dated(t)}) > 1 and not _one_date(texts, best):
        first = _numerals(texts[0])
        rival = next(t for t in texts if _dated(t) and _numerals(t) != first)
        msg = f"几次识别的日期数字不一致：“{texts[0]}” / “{rival}”"
        options = tuple(dict.fromkeys(t for t in texts if _dated(t)))
        return Choice(texts[0], False, msg, "date", options)
    rivals = [t for t in rivals if _one_form(t) != _one_form(best)]
    if rivals and (comma := _wrap_comma([best, *rivals], nxt)) is not None:
        return Choice(comma, True, proved=True)
    if rivals and (marked := _sure_mark([best, *rivals], readings)) is not None:
        return Choice(marked, True, proved=True)
    if rivals and texts.count(best) == texts.count(rivals[0]):
        msg = f"几次识别结果不一致：“{best}” / “{rivals[0]}”"
        return Choice(best, corrected, msg, tie=True)
    left = sorted(set(_left_doubt(best, readings)) | _digit_splits(best, texts))
    # A Chinese numeral of a date the calendar fixes (二○二五年: ○ or 〇) is no doubt; the
    # date may end on the next row (…（二○二五年九月二十 / 九日）).
    left = [k for k in left if not _remark_cn.proved(best + (nxt or ""), k)]
    left = [k for k in left if not _separator(best, k, readings)]
    variants = date_variants(best, left)
    if variants is not None and len(variants) > 1:  # another digit there is a real date too
        return Choice(best, corrected, f"“{best}”中日期数字识别把握不足", "date", variants)
    if left and variants is None:
        return Choice(best, corrected, f"“{best}”中有识别把握不足的字")
    # Another reading the phrases fit as well (予以补发 / 予以换发, outvoted) leaves the choice
    # unproven: the lexicon cannot tell two of its own phrases apart.
    rivalled = phrased(best) and any(phrased(t) for t in rivals)
    proved = corrected and not rivalled and (_phrase_chose(best, texts, nxt)
                                             or _dropped_only(best, texts))  # fmt: skip
    same = len({_DIGITS.sub("", t) for t in texts}) == 1
    return Choice(best, corrected, proved=proved, same_digits=same, rivalled=rivalled)


def _numerals(text: str) -> str:
    """What the dates of ``text`` rest on: its digits, and the value of each date written in
    Chinese numerals (二〇二三年五月八日 / 二〇三三年五月八日 differ in a numeral as 2023 / 2033
    differ in a digit: which is right is a date's question, not the wording's)."""
    spelt = [f.read.value for f in find_dates(text)
             if f.read.value and not any(ch.isdigit() for ch in text[f.start : f.end])]  # fmt: skip
    return "|".join([_DIGITS.sub("", text), *spelt])


def _as_dated(text: str) -> str:
    """``text`` with each real date as its calendar value: 2024.9.17 and 2024.09.17 are one
    reading (a zero lost or added in the padding changes no date)."""
    for f in reversed(find_dates(text)):
        if f.read.value and not text[f.end : f.end + 1].isdigit():
            text = text[: f.start] + f.read.value + text[f.end :]
    return text


def _one_form(text: str) -> str:
    """``text`` as the page says it whatever the recogniser's forms: each real date as its
    calendar value (``_as_dated``) and each mark in one width (the number of an entry, 2. or
    2．, is one dot: a reading that differs from another only there reads the same line)."""
    return normalize_digits(_as_dated(text))


def _one_date(texts: list[str], best: str) -> bool:
    """Readings whose digits differ only in a date's zero padding, or outside the date in a
    reading the chosen one outranks: every reading holds a real date, all the same (a digit
    lost or misread other than a padding zero changes it: 2024.1.17 / 2024.11.17), and either
    they say the same text once each date is its value or the chosen text has no digit outside
    its date (民08己更正 beside 民族信息已更正: the stray digits are a garbled reading's, and no
    digit of the choice rests on one reading alone)."""
    if not all(_dated(t) for t in texts) or len({_date_values(t) for t in texts}) != 1:
        return False
    outside = _DATES.sub("", _as_dated(best))
    return len({_as_dated(t) for t in texts}) == 1 or not any(ch.isdigit() for ch in outside)


def _date_values(text: str) -> tuple[str, ...]:
    """The real dates ``text`` holds, as calendar values."""
    return tuple(f.read.value for f in find_dates(text)
                 if f.read.value and not text[f.end : f.end + 1].isdigit())  # fmt: skip


def _digit_splits(best: str, texts: list[str]) -> set[int]:
    """Digit places where a reading of the same length read another digit. A reading that
    is no real date there (2025年91月03日 beside 2025年01月03日, a seal's star over the month)
    still shows the place was hard to read: the two readings that agree may share the
    mistake (the truth was 04), so the chosen digits are not proven."""
    return {
        k
        for t in texts
        if len(t) == len(best)
        for k, (a, b) in enumerate(zip(t, best, strict=True))
        if a != b and a.isdigit() and b.isdigit()
    }


def _separator(best: str, k: int, readings: list[Reading]) -> bool:
    """Whether the doubtful place ``k`` is a separator inside a real date of ``best`` (the
    dot of 2023.05.19, the 年 of 2023年12月15日 that a seal's grey ink made 集 for two views)
    that no reading offers a digit for: whichever mark it is, the date's value is its digits."""
    spans = [(f.start, f.end) for f in find_dates(best) if f.read.value]
    if best[k] not in _DATE_MARKS or not any(a <= k < b for a, b in spans):
        return False
    same = [r for r in readings if len(r.alternatives) == len(r.text) == len(best)]
    alts = [r.alternatives[k] for r in same if r.text[k] == best[k]]
    return bool(alts) and not any(c.isdigit() and p >= OFFER for a in alts for c, p in a)


def _dropped_only(best: str, texts: list[str]) -> bool:
    """Whether two or more readings say ``best`` and every other reading is ``best`` with
    characters left out inside the line, none different (持证人身份证号码已升位证记载 beside two
    readings of …已升位，以本证记载): what the others lost, two views read alike. A character
    only some readings have at the line's start or end proves nothing: the views see the edge
    of the box differently, and a glyph cut by it reads as another (寺 for 持)."""
    if texts.count(best) < 2:
        return False
    for t in texts:
        ops = difflib.SequenceMatcher(None, t, best, autojunk=False).get_opcodes()
        for op, _, _, j1, j2 in ops:
            if op != "equal" and (op != "insert" or j1 == 0 or j2 == len(best)):
                return False
    return True


def _phrase_chose(best: str, texts: list[str], nxt: str | None = None) -> bool:
    """Whether every character where a reading differs from ``best`` lies inside a remark
    phrase of ``best`` (原證書因保管不慎遺失 → 原证书因保管不慎遗失: 因 agreed in every reading,
    so it needs no phrase), a character a reading had more being judged by its neighbours —
    but not a mark (。 closing the entry, a comma): a phrase says nothing of punctuation.
    ``nxt``, the words the next row starts with, completes a phrase the line wraps in (予以补 /
    发)."""
    covered = {k for k in _covered_positions(best + (nxt or "")) if k < len(best)}
    for t in texts:
        # A traditional form of the chosen character (縣 for 县) is the same character.
        t = "".join(map(simplified, t))
        ops = difflib.SequenceMatcher(None, t, best, autojunk=False).get_opcodes()
        for op, i1, i2, j1, j2 in ops:
            if op == "delete" and any(ch in _MARKS for ch in t[i1:i2]):
                return False
            at = range(j1, j2) if j2 > j1 else range(max(0, j1 - 1), min(len(best), j1 + 1))
            if op != "equal" and any(HAN.match(best[k]) and k not in covered for k in at):
                return False
    return True


def reread(image: Image, lines: list[Line]) -> list[tuple[Line, Choice]]:
    """Each line read again (upscaled, and in the red channel) and its text chosen; on a line
    a grey seal crosses, the choice also carries its characters' places (``_charbox``)."""
    more = _ocr.readings([(image, _clipped(ln, lines)) for ln in lines], red=True)
    after = next_rows(lines)
    out = []
    for ln, rs in zip(lines, more, strict=True):
        c = choose([ln.reading, *rs], after.get(ln.box))
        c = replace(c, readings=tuple(_plain(r).text for r in [ln.reading, *rs]))
        out.append((Line(c.text or ln.text, _score(c, [ln.reading, *rs], ln.score), ln.box), c))
    return _placed(image, out)


def _score(c: Choice, readings: list[Reading], page: float) -> float:
    """The chosen text's score: the surest reading that says it (the page's reading may have
    been the weak one the choice set aside: 经本申请 0.84 beside 经本人申请 0.99); the page's
    score when the choice is in doubt or no reading says it as chosen."""
    if c.doubt or not c.text:
        return page
    same = [r.score for r in readings if _key(_plain(r).text) == _key(c.text)]
    return max(same, default=page)


def _key(text: str) -> str:
    return "".join(map(simplified, text))


_LAST: list[tuple[Image, list[Ring]]] = []  # the last page's seals: one page, many remarks


def _rings(image: Image) -> list[Ring]:
    """``_seal_shape.rings`` of the page, found once for all its remarks."""
    if not _LAST or _LAST[0][0] is not image:
        _LAST[:] = [(image, _seal_shape.rings(image))]
    return _LAST[0][1]


def _placed(image: Image, chosen: list[tuple[Line, Choice]]) -> list[tuple[Line, Choice]]:
    """The choices of lines a grey seal crosses with their characters' places: one more
    recognition per such line, only on a greyscale page with a seal over its remarks."""
    if not isinstance(image, np.ndarray):  # a caller with no page (readings given)
        return chosen
    rings = _rings(image)
    sealed = [k for k, (ln, _) in enumerate(chosen) if any(r.crosses(ln.box) for r in rings)]
    got = _charbox.glyphs(image, [chosen[k][0].box for k in sealed])
    out = list(chosen)
    for k, gs in zip(sealed, got, strict=True):
        out[k] = (chosen[k][0], replace(chosen[k][1], glyphs=tuple(gs)))
    return out


def next_rows(lines: list[Line]) -> dict[Box, str]:
    """For the last box of each row but the last: the words the next row starts with."""
    texts = [row for row in rows(lines) if any(_words(x.text) for x in row.lines)]
    return {
        max(row.lines, key=lambda x: x.box[2]).box: _words(_joined(below.lines))
        for row, below in zip(texts, texts[1:], strict=False)
    }


def _clipped(ln: Line, lines: list[Line]) -> Box:
    """``ln``'s box cut at the middle of any overlap with a box level with it: the upscaled
    re-read would otherwise read the neighbour's first character too (2019年04月11日出 beside
    出生日期已更正)."""
    x0, y0, x1, y1 = ln.box
    for o in lines:
        level = min(y1, o.box[3]) - max(y0, o.box[1]) >= 0.5 * min(ln.height, o.height)
        if o is ln or not level or not (o.box[0] < x1 and x0 < o.box[2]):
            continue
        if o.box[0] > x0:
            x1 = min(x1, (o.box[0] + ln.box[2]) // 2)
        elif o.box[2] < ln.box[2]:
            x0 = max(x0, (ln.box[0] + o.box[2]) // 2)
    return (x0, y0, x1, y1) if x1 - x0 >= 0.6 * (ln.box[2] - ln.box[0]) else ln.box
