"""A remark line's text chosen among the recogniser's own readings.

Remarks are free text, often hand-written (楷体) and stamped over, so one reading is not enough.
Each text line is read again (upscaled, and in the red channel where a seal turns pale); the
readings and the per-character alternatives the engine offered are the only candidates. Remark
texts are strongly phrased (证书遗失，予以补发 / 经本人申请，予以换发 / …已更正), so a small
lexicon of remark phrases chooses *between* candidates — it never writes a character the
engine did not offer. What the candidates and the lexicon do not settle is reported as doubt.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import cv2
import numpy as np

from scanning import _charbox, _ink, _ocr, _remark_cn, _seal_shape
from scanning._charbox import Glyph
from scanning._datescan import date_variants, find_dates
from scanning._layout import rows
from scanning._ocr import Box, Image, Line, Reading
from scanning._remarks import chinese_punctuation
from scanning._seal_shape import Ring

# Phrases of remark texts (Ministry forms and office practice); only used to rank candidates.
PHRASES = (
    "出生日期", "出生年月", "姓名", "民族", "性别", "身份证件号码", "身份证号码", "公民身份号码",
    "任教学科", "资格种类", "教师资格", "证书编号", "认定机关", "信息", "已更正", "更正为",
    "予以更正", "予以补发", "予以换发", "经本人申请", "本人申请", "经核实", "证书遗失",
    "原证书", "遗失", "损坏", "污损", "破损", "严重", "收回", "换发", "补发", "新证", "同意",
    "变更", "保管不慎", "因保管不慎", "丢失", "作废", "注销", "撤销", "登报", "声明", "证书",
    "申请", "核实", "核查", "经核查", "无误", "信息无误", "更正", "号码", "本人", "更名", "曾用名",
    "户籍", "学段",
    # wording of other offices (身份证号码已升位 for a 15-digit number made 18, 受潮, 照片更换)
    "升位", "已升位", "核对", "经核对", "受潮", "内页", "照片", "更换", "审核", "经审核", "属实",
    "工作单位", "登记", "备案", "有误", "准予", "脱落", "钢印",
)  # fmt: skip
# Words that open a clause of a remark, after the comma that ends the one before.
CLAUSE_OPENS = ("经本人申请", "经核实", "经核查", "同意", "予以", "原证书", "现", "特此")
# Phrases that close a remark: nothing of the entry follows them on its last line.
CLOSINGS = ("已更正", "予以更正", "予以补发", "予以换发", "信息无误")
DOUBT = 0.6  # a character whose best alternative is less sure than this is doubtful
OFFER = 0.02  # an alternative less likely than this is no candidate
_DIGITS = re.compile(r"\D")
_DATES = re.compile(r"\d{4}-\d{2}-\d{2}")  # a date as ``_as_dated`` writes it
_CJK = re.compile(r"[\u4e00-\u9fff]")
_WORD = re.compile(r"[\u4e00-\u9fff，。、；：,;:]")
SEAL_SHARE = 0.03  # share of red pixels right of a line end that means a seal lies there
_TRAILING = "，、；,;"  # punctuation a seal hides at a line end and the engine may restore


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


def _covered(text: str) -> list[bool]:
    """Per character of ``text``: does it lie inside a known remark phrase?"""
    covered = [False] * len(text)
    for p in PHRASES:
        start = text.find(p)
        while start >= 0:
            covered[start : start + len(p)] = [True] * len(p)
            start = text.find(p, start + 1)
    return covered


def coverage(text: str) -> int:
    """How many characters of ``text`` lie inside a known remark phrase."""
    return sum(_covered(text))


def phrased(text: str) -> bool:
    """True when every Chinese character of ``text`` lies inside a known remark phrase or a
    date (年月日 of a date are checked by the date rules, and digit disagreements flagged)."""
    dated = {k for f in find_dates(text) if f.read.value for k in range(f.start, f.end)}
    pairs = zip(text, _covered(text), strict=True)
    return all(c or k in dated or not _CJK.match(ch) for k, (ch, c) in enumerate(pairs))


def _doubtful(r: Reading) -> list[int]:
    """Positions where the engine was unsure of the character."""
    return [i for i, alts in enumerate(r.alternatives) if alts and alts[0][1] < DOUBT]


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


def _covered_positions(text: str) -> set[int]:
    out: set[int] = set()
    for p in PHRASES:
        start = text.find(p)
        while start >= 0:
            out.update(range(start, start + len(p)))
            start = text.find(p, start + 1)
    return out


def _plain(r: Reading) -> Reading:
    """The reading without spaces and with Chinese punctuation (two readings that differ in
    spacing or in a comma's width agree: the entry's text is written full-width anyway)."""
    if len(r.alternatives) != len(r.text):
        return Reading(chinese_punctuation("".join(r.text.split())), r.score)
    keep = [k for k, ch in enumerate(r.text) if not ch.isspace()]
    alts = tuple(_merged(r.alternatives[k]) for k in keep)
    return Reading(chinese_punctuation("".join(r.text[k] for k in keep)), r.score, alts)


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
    texts = [r.text for r in readings if r.text]
    if not texts:
        return Choice("", doubt="未能识别")
    candidates = dict.fromkeys([*texts, *(_improved(r) for r in readings if r.text)])
    ranked = sorted(candidates, key=lambda t: (-coverage(t), -_dated(t), -texts.count(t)))
    best = ranked[0]
    rivals = [t for t in ranked[1:] if (coverage(t), _dated(t)) == (coverage(best), _dated(best))]
    corrected = best != texts[0] or len(set(texts)) > 1
    # A reading whose date is no calendar date lost a digit; readings that each hold a real
    # date and differ in its digits cannot be settled by the lexicon.
    if len({_DIGITS.sub("", t) for t in texts if _dated(t)}) > 1 and not _one_date(texts, best):
        msg = f"几次识别的日期数字不一致：“{texts[0]}” / “{best}”"
        options = tuple(dict.fromkeys(t for t in texts if _dated(t)))
        return Choice(texts[0], False, msg, "date", options)
    rivals = [t for t in rivals if _as_dated(t) != _as_dated(best)]
    if rivals and (comma := _wrap_comma([best, *rivals], nxt)) is not None:
        return Choice(comma, True, proved=True)
    if rivals and texts.count(best) == texts.count(rivals[0]):
        return Choice(best, corrected, f"几次识别结果不一致：“{best}” / “{rivals[0]}”")
    left = sorted(set(_left_doubt(best, readings)) | _digit_splits(best, texts))
    # A Chinese numeral of a date the calendar fixes (二○二五年: ○ or 〇) is no doubt; the
    # date may end on the next row (…（二○二五年九月二十 / 九日）).
    left = [k for k in left if not _remark_cn.proved(best + (nxt or ""), k)]
    variants = date_variants(best, left)
    if variants is not None and len(variants) > 1:  # another digit there is a real date too
        return Choice(best, corrected, f"“{best}”中日期数字识别把握不足", "date", variants)
    if left and variants is None:
        return Choice(best, corrected, f"“{best}”中有识别把握不足的字")
    proved = corrected and _phrase_chose(best, texts)
    same = len({_DIGITS.sub("", t) for t in texts}) == 1
    return Choice(best, corrected, proved=proved, same_digits=same)


def _wrap_comma(tied: list[str], nxt: str | None) -> str | None:
    """Of tied readings that differ only in the mark ending the line, the one ending in the
    comma, when one does and the others end in an ASCII full stop or nothing and the next row
    opens a clause (经本人申请 / 予以 …): a remark joins its clauses with a comma (原证书因保管
    不慎遗失，经本人申请，予以补发), and a hand-written comma read without its tail is a dot. The
    Chinese full stop 。 is a mark of its own and stays a disagreement."""
    if nxt is None or not nxt.startswith(CLAUSE_OPENS):
        return None
    stems = {t[:-1] if t[-1:] in ("，", ".") else t for t in tied}
    comma = [t for t in tied if t.endswith("，")]
    return comma[0] if len(stems) == 1 and len(comma) == 1 else None


def _as_dated(text: str) -> str:
    """``text`` with each real date as its calendar value: 2024.9.17 and 2024.09.17 are one
    reading (a zero lost or added in the padding changes no date)."""
    for f in reversed(find_dates(text)):
        if f.read.value and not text[f.end : f.end + 1].isdigit():
            text = text[: f.start] + f.read.value + text[f.end :]
    return text


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
        k for t in texts if len(t) == len(best)
        for k, (a, b) in enumerate(zip(t, best, strict=True))
        if a != b and a.isdigit() and b.isdigit()
    }


def _phrase_chose(best: str, texts: list[str]) -> bool:
    """Whether every character where a reading differs from ``best`` lies inside a remark
    phrase of ``best`` (原證書因保管不慎遺失 → 原证书因保管不慎遗失: 因 agreed in every reading,
    so it needs no phrase), a character a reading had more being judged by its neighbours."""
    covered = _covered_positions(best)
    for t in texts:
        ops = difflib.SequenceMatcher(None, t, best, autojunk=False).get_opcodes()
        for op, _, _, j1, j2 in ops:
            at = range(j1, j2) if j2 > j1 else range(max(0, j1 - 1), min(len(best), j1 + 1))
            if op != "equal" and any(_CJK.match(best[k]) and k not in covered for k in at):
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
        out.append((Line(c.text or ln.text, ln.score, ln.box), c))
    return _placed(image, out)


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


def _extension(ln: Line, row: list[Line], width: int) -> Box | None:
    """The white space right of ``ln`` up to the next box of its row, at most ``width``."""
    nxt = min((o.box[0] for o in row if o.box[0] > ln.box[2]), default=ln.box[2] + width + 2)
    right = min(ln.box[2] + width, nxt - 2)
    return (ln.box[0], ln.box[1], right, ln.box[3]) if right - ln.box[2] > ln.height // 2 else None


def _followed(ln: Line, lines: list[Line]) -> bool:
    """Whether a box level with ``ln`` starts right at its end: one printed line the detector
    cut in two (often at a seal), so ``ln`` ends nowhere and widening it would read its
    neighbour (the row grouping puts boxes that overlap by a pixel on separate rows)."""
    h = ln.height
    return any(
        o is not ln
        and ln.box[2] - h <= o.box[0] <= ln.box[2] + h // 2
        and min(ln.box[3], o.box[3]) - max(ln.box[1], o.box[1]) >= h // 2
        for o in lines
    )


def _right_of(ln: Line) -> Box:
    """Where a line's next character or its closing comma would stand."""
    return (ln.box[2] - ln.height // 4, ln.box[1], ln.box[2] + ln.height, ln.box[3])


def _seal_ink(image: Image, box: Box | None) -> bool:
    """Whether red seal ink covers part of ``box`` (a colour image; greyscale has none)."""
    if box is None or image.ndim != 3:
        return False
    x0, y0, x1, y1 = (max(0, v) for v in box)
    hsv = cv2.cvtColor(np.ascontiguousarray(image[y0:y1, x0:x1]), cv2.COLOR_RGB2HSV)
    if hsv.size == 0:
        return False
    red = ((hsv[..., 0] <= 12) | (hsv[..., 0] >= 160)) & (hsv[..., 1] >= 50) & (hsv[..., 2] >= 60)
    return float(red.mean()) >= SEAL_SHARE


def _words(text: str) -> str:
    """What counts in a remark line: characters and Chinese punctuation, no dates or spaces."""
    for f in reversed(find_dates(text)):
        text = text[: f.start] + text[f.end :]
    return "".join(_WORD.findall(text))


def extend(
    image: Image, lines: list[Line], seal_ends: frozenset[Box] = frozenset(),
    rings: Sequence[Ring] = (),
) -> tuple[list[Line], bool]:
    """Each text row read again with its last box widened to the right (towards a seal that
    hid the rest from the detector). Punctuation the widened readings agree on is taken into
    the line (证书污损 → 证书污损，); more characters, or a seal over a wrap point, mean the
    row may go on, which is returned as doubt, never written. A line of ``seal_ends`` (its
    end lies in a seal) is doubt unless it was read through (``_read_through``). Characters
    read past the end inside a grey seal's ring (``rings``, a greyscale scan) that add to no
    remark phrase are the seal's own lettering (予以换发教); the line end under that seal is
    checked by ``_seal_proof`` instead."""
    pieces: list[tuple[Line, Box, str | None, list[Line]]] = []  # widened, next words, row
    texts = [row for row in rows(lines) if any(_words(x.text) for x in row.lines)]
    for k, row in enumerate(texts):
        last = max(row.lines, key=lambda x: x.box[2])
        box = _extension(last, list(row.lines), int(1.6 * last.height))
        if box is not None and _words(last.text) and not _followed(last, lines):
            below = _words(_joined(texts[k + 1].lines)) if k < len(texts) - 1 else None
            pieces.append((last, box, below, list(row.lines)))
    got = _ocr.readings([(image, p[1]) for p in pieces], red=True) if pieces else []
    fixed: dict[Box, str] = {}
    goes_on = False
    unread = {b for b in seal_ends if not any(x.box == b and _followed(x, lines) for x in lines)}
    # A line end under a grey seal found by its ring is checked by ``_seal_proof``.
    unread -= {x.box for x in lines if any(r.crosses(_right_of(x)) for r in rings)}
    for (ln, wide, nxt, level), rs in zip(pieces, got, strict=True):
        wraps = nxt is not None
        through = _read_through(image, ln.text, rs, wraps) or _comma_wrap(ln.text, rs, nxt)
        if through:
            unread.discard(ln.box)
        have = _words(ln.text)
        wider = {_words(r.text) for r in rs if r.score >= _ocr.MIN_SCORE}
        more = [w for w in wider if w.startswith(have) and len(w) > len(have)]
        if len(wider) == 1 and more and set(more[0][len(have) :]) <= set(_TRAILING):
            fixed[ln.box] = ln.text.rstrip() + more[0][len(have) :]
        elif any(len(_CJK.findall(w)) > len(_CJK.findall(have)) for w in wider):
            piece = (ln.box[2], *wide[1:])
            if nxt is None and (on := _read_on(image, ln, level, have, wider)) is not None:
                fixed[ln.box] = on  # the closing phrase the detector missed, still in doubt
            # At a wrap point the red seal may also hide the joining comma: doubt, unless the
            # comma was read and the next row opens a clause (nothing of the line is missing).
            joined = not wraps or _clause_wrap(have, nxt)
            red = joined and _red_lettering(image, have, wider, piece)
            faint = _faint(image, ln, piece)
            goes_on = goes_on or not (red or faint or _lettering(have, wider, piece, rings))
        elif (wraps or len(wider) > 1) and _seal_ink(image, _right_of(ln)) and not (
            through or (not wraps and _ends_closed(image, have, wider))
        ):
            # A seal over a wrap point (where a comma joins the lines) or where the readings
            # differ: what it hides may be lost. An entry's last line that every widened
            # reading ends alike (the red channel sees through the seal) is taken as read.
            goes_on = True
    out = [Line(fixed.get(ln.box, ln.text), ln.score, ln.box) for ln in lines]
    return out, goes_on or bool(unread)


def _read_on(image: Image, ln: Line, row: list[Line], have: str, wider: set[str]) -> str | None:
    """An entry's last line whose box the detector stopped short of its closing phrase (证书
    遗失， with 予以补发 under a seal): read again widened by four character heights, the line
    as it goes on to the end of a closing phrase, when both views read the same words, the
    first widened view's among them, and what they add is remark phrasing ending in a closing
    phrase (what follows it is the seal's lettering and is left out). The entry stays in doubt
    (``goes_on``): the seal over the end may still hide a mark."""
    box = _extension(ln, row, 4 * ln.height)
    if box is None or len(wider) != 1:
        return None
    seen = {_words(r.text) for r in _ocr.readings([(image, box)], red=True)[0]
            if r.score >= _ocr.MIN_SCORE}  # fmt: skip
    (first,) = wider
    if len(seen) != 1 or not first.startswith(have):
        return None
    (w,) = seen
    ends = [w.find(c, len(have)) + len(c) for c in CLOSINGS if w.find(c, len(have)) >= 0]
    added = w[len(have) : min(ends)] if ends and w.startswith(first) else ""
    if not added or not phrased(added.strip("".join(_TRAILING))) or coverage(added) < 2:
        return None
    return ln.text.rstrip() + added


def _joined(lines: Sequence[Line]) -> str:
    return "".join(x.text for x in sorted(lines, key=lambda x: x.box[0]))


def _clause_wrap(have: str, nxt: str | None) -> bool:
    """A row ending in the comma that closes its clause, the next row opening the next one."""
    return have[-1:] in ("，", "；") and nxt is not None and nxt.startswith(CLAUSE_OPENS)


def _comma_wrap(text: str, got: list[Reading], nxt: str | None) -> bool:
    """Whether a line wrapping at a seal was read to its end: it ends in the comma that joins
    its clause to the next, every widened reading says the line or the line short of that
    comma (nothing past it), and the next row opens a clause (经本人申请, 予以 …) — a word the
    seal hid after the comma would leave the next row opening mid-clause (本人申请)."""
    have = _words(text)
    seen = {_words(r.text) for r in got}
    return _clause_wrap(have, nxt) and bool(seen) and all(w in (have, have[:-1]) for w in seen)


def _lettering(have: str, wider: set[str], piece: Box, rings: Sequence[Ring]) -> bool:
    """Whether what the widened readings add past ``have`` (read in ``piece``) is a grey
    seal's lettering: inside a seal's ring and completing no remark phrase (新证 would)."""
    mid = ((piece[0] + piece[2]) / 2, (piece[1] + piece[3]) / 2)
    inside = any((mid[0] - r.cx) ** 2 + (mid[1] - r.cy) ** 2 <= r.r**2 for r in rings)
    return inside and all(coverage(w) <= coverage(have) for w in wider)


def _red_lettering(image: Image, have: str, wider: set[str], piece: Box) -> bool:
    """Whether what one widened reading adds past ``have`` is a red seal's lettering: red ink
    lies there, another reading says exactly the line, and the addition completes no remark
    phrase (a character of the line hidden by the seal would: 新证 + 书)."""
    half = (piece[3] - piece[1]) // 2  # lettering along the rim stands a little off the line
    return (
        (have in wider or _closed(have, wider))
        and _seal_ink(image, (piece[0], piece[1] - half, piece[2], piece[3] + half))
        and all(w.startswith(have) and coverage(w) <= coverage(have) for w in wider)
    )


def _faint(image: Image, ln: Line, piece: Box) -> bool:
    """Whether what the widened views read past a line's end (``piece``) is no writing: its
    ink, in the red channel (a red seal pale there, print dark), stands from the paper less
    than show-through does and far less than the line's own (the other side's 出生 seen
    through the paper beside 予以补发). A grey seal there is as dark as writing: doubt stays."""
    red = image[..., 0] if image.ndim == 3 else image
    x0, y0, x1, y1 = piece
    there = _ink.depth(red, piece) if x1 > x0 and y1 > y0 else 0.0
    return there < _ink.PALE and there < _ink.SHARE * _ink.depth(red, ln.box)


def _ends_closed(image: Image, have: str, wider: set[str]) -> bool:
    """An entry's last line ending in a closing phrase (予以补发, 已更正 …) that no widened view
    reads past — on colour, where the red-channel view sees print through the seal — even if
    the views differ inside the line (a comma, 已更 read as 敷): nothing follows there. A view
    may instead stop short, on a character the line holds before its end, or misread the last
    character, when another reads the line exactly: the seal darkens the end in it, and it
    says nothing of what follows."""
    size = len(_CJK.findall(have))

    def closes(w: str) -> bool:
        short = len(_CJK.findall(w)) < size and w[-1:] in have[:-1] and have in wider
        # The same line with its last character misread in the dark of the seal (已更面 beside
        # 已更正): as many characters as the line, nothing past it.
        slip = len(w) == len(have) and w[:-1] == have[:-1] and have in wider
        return w[-1:] == have[-1:] or short or slip

    return (
        image.ndim == 3
        and have.endswith(CLOSINGS)
        and bool(wider)
        and all(len(_CJK.findall(w)) <= size and closes(w) for w in wider)
    )


def _closed(have: str, wider: set[str]) -> bool:
    """Both views add the same one or two characters after a line that ends a remark with a
    closing phrase (已更正, 予以补发 …): the red-channel view reads print through red ink, so
    what it adds there is red lettering, not words hidden by the seal (民族信息已更正 + 省).
    Two views may catch more or less of the same curved lettering (治 / 自治): one addition
    inside the other is the same lettering."""
    if not have.endswith(CLOSINGS) or not all(w.startswith(have) for w in wider):
        return False
    added = sorted((w[len(have) :] for w in wider), key=len)
    return 0 < len(added[0]) and len(added[-1]) <= 2 and all(a in added[-1] for a in added)


def _read_through(image: Image, text: str, got: list[Reading], wraps: bool) -> bool:
    """Whether a line ending in a seal was read to its end: a colour image (the red channel
    pales the seal), every widened reading sure, one saying the line and none more than it —
    at a wrap point all say the line and the comma that joins it to the next; the others may
    lose the last character to the dark seal — and the line ending in a known remark phrase
    (a seal that hid the last character from every reading leaves 予以换 or 已更)."""
    have, seen = _words(text), {_words(r.text) for r in got}
    if image.ndim != 3 or not seen or any(r.score < _ocr.MIN_SCORE for r in got):
        return False
    if wraps:  # the wrap's comma must be seen, else it may lie under the seal
        (w, *others) = sorted(seen)
        rest = w[len(have) :] if w.startswith(have) else None
        ok = not others and rest in ("", *_TRAILING) and w[-1:] in _TRAILING
    else:
        w = have
        ok = have in seen and all(have.startswith(x) and len(x) >= len(have) - 1 for x in seen)
    return ok and any(w.rstrip(_TRAILING).endswith(p) for p in PHRASES)
