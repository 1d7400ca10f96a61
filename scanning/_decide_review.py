"""The review decision for one decoded field: accepted, corrected (a ``note`` the rules
proved), or sent to review with the reason (a ``warning``), or a broken rule (an ``error``).

A field is accepted without review only when one candidate holds (nearly) all of the
likelihood of the combinations the rules allow and, where rules leave part of the value free
(a name, a serial, the day of a date), independent readings agree on it (each reading's doubt
there, and which readings are outvoted: ``scanning._decide_doubt``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any

from core.rules import AUTHORITY_SUFFIXES, Finding, normalize_digits
from scanning import _candidates as cands
from scanning import _date_no_rival as no_rival
from scanning import _decide_doubt as doubts
from scanning import _decide_fixed as fixed
from scanning import _name_minority as minority
from scanning import _number_views as number_views
from scanning import _third_dissent as third_dissent
from scanning import _variants as variants
from scanning import _vocab as vocab
from scanning import _vocab_names as names
from scanning._date_cn import CN_NUMERALS, ZERO_FORMS
from scanning._date_rules import year_lost_span
from scanning._decide_doubt import CONFIRM_SCORE, DISPUTE, OUTVOTED_P
from scanning._decide_field import Field
from scanning._ocr import Reading
from scanning._validate import Value

ACCEPT = 0.9  # share of the allowed likelihood the chosen value must hold
CORRECT = 0.97  # … when no reading read it as is (a correction must be near certain)
OWN = 0.5  # a reading on its own reads a value when it holds more than this share
SURE = 0.95  # … and confirms a free part only this sure when the engine gave alternatives
MISREAD_P = 0.01  # an engine alternative this likely makes a replaced character a misread
# Numbers read character for character, where a correction must be explainable as a misread.
_DIGITS = {"id_number", "certificate_number"}
# Fields a third view of other pixels may confirm (``_third_reads``).
_VIEWED = {"certificate_number", "issue_date", "id_number", "birth_date"}
_ZERO = "〇0O" + ZERO_FORMS  # the zero's forms: one digit, no rival to each other
FIELD_LABELS = {
    "name": "姓名", "gender": "性别", "birth_date": "出生日期", "id_number": "身份证件号码",
    "qualification_type": "资格种类", "subject": "任教学科", "certificate_number": "证书号码",
    "issuing_authority": "发证机关", "issue_date": "批准日期",
}  # fmt: skip


def decide(
    f: Field, marg: Mapping[str, float] | None, proven: bool,
    cautious: Mapping[str, float] | None = None,
) -> Value:
    """The field's value and findings: accepted, corrected (note) or sent to review. A value
    no reading read as is must also hold ``CORRECT`` of the ``cautious`` shares."""
    name = FIELD_LABELS.get(f.key, f.key)
    if not f.readings:
        return Value(None, 0.0, [Finding("missing", f.key, f"未识别到{name}")])
    shares = marg if marg else {v: c.share for v, c in f.options.items()}
    if not shares:
        return _broken(f, name)
    total = sum(shares.values())
    ranked = sorted(shares.items(), key=lambda kv: -kv[1])
    value, share = ranked[0][0], ranked[0][1] / total
    evidence = _evidence(f, ranked, total)
    findings: list[Finding] = []
    option = f.options.get(value)
    sure = share >= ACCEPT
    if option is None or not option.support:
        sure = sure and _correction_sure(f, value, cautious)
    if not sure:
        rivals = "、".join(f"“{v}”" for v, _ in ranked[:3])
        findings.append(Finding("ambiguous", f.key, f"{name}有多个候选均满足规则：{rivals}，"
                                "未自动选择", "warning", evidence))
    findings += _provenance(f, value, name, evidence, proven, sure)
    blocking = any(x.blocking for x in findings)
    confidence = min(share, 0.5) if blocking else max(share, ACCEPT)
    return Value(_shown(f, value, sure), round(confidence, 3), findings)


def _correction_sure(f: Field, value: str, cautious: Mapping[str, float] | None) -> bool:
    """A value nobody read as is: the readings count as one, and it must beat every rival
    that needs no more changed characters (a rival with more is this one plus a slip)."""
    weights = cautious if cautious else {v: c.cautious for v, c in f.options.items()}
    edits = f.options[value].edits if value in f.options else 0
    rivals = sum(w for v, w in weights.items() if v in f.options and f.options[v].edits <= edits)
    return weights.get(value, 0.0) >= CORRECT * (rivals or 1.0)


def _shown(f: Field, value: str, sure: bool) -> str | None:
    """The value a person sees: an ambiguous choice nobody read is never shown as if it were
    read — the raw reading is (a date, which must be ISO, is left empty)."""
    option = f.options.get(value)
    if sure or (option is not None and option.support > 0):
        return value
    if f.key.endswith("_date"):
        return None
    return _start_lost(f) or _read_whole(f) or f.best_read


def _read_whole(f: Field) -> str | None:
    """The likeliest number some reading read as it is, when the first reading is no number
    (1999361171085498: a seal's stroke through 70 read as one digit): the clerk is shown a
    whole number the page was read as, not digits short of one. Shown, not accepted: the
    field stays flagged, its candidates named."""
    if f.key not in _DIGITS or f.spec is None or f.spec.value(f.best_read) is not None:
        return None
    read = [(c.share, v) for v, c in f.options.items() if c.support > 0]
    return max(read)[1] if read else None


def _start_lost(f: Field) -> str | None:
    """The one candidate authority that every reading is the end of (市大城县教育局 of
    廊坊市大城县教育局): a name whose start the box's edge or a seal took keeps its end as
    printed, while a rival that needs characters put inside the read end (教育体育局 for 教育局)
    contradicts what was read. Shown, not accepted: the field stays flagged. A reading that is
    itself a name (大城县教育局) is shown as read."""
    if f.key != "issuing_authority" or not f.readings:
        return None
    if any(c.support for c in f.options.values()):
        return None
    ends = {v for v in f.options
            if all(len(v) > len(r.text) and v.endswith(r.text) for r in f.readings)}
    return ends.pop() if len(ends) == 1 else None


def _confirms(f: Field, reading: Reading, own: dict[str, float], value: str) -> bool:
    """A sure reading that, on its own, reads the value's free part the same."""
    if reading.score < CONFIRM_SCORE:
        return False
    kind = doubts.kind(f, value)
    doubt = doubts.engine_doubt(kind, reading, value) if reading.alternatives else None
    if doubt is not None:
        return doubt < 1.0 - SURE
    if not own and (at := doubts.checked_digit_lost(f, reading, value)) is not None:
        # A digit a rule checks was lost (the year's first): the free digits were read whole.
        return sum(doubts.rival(reading, i, doubts.digit_only) for i in at) < 1.0 - SURE
    if not own and (span := _year_lost(f.key, reading.text, value)):
        # Its year lost a character (二一六年): what it read of month and day still counts.
        return sum(doubts.rival(reading, i) for i in range(*span)) < 1.0 - SURE
    part = doubts.free(kind, value)
    agree = sum(s for v, s in own.items() if doubts.free(kind, v) == part)
    # The engine's own doubt (a runner-up character) counts; look-alike priors alone do not.
    return agree > (SURE if reading.alternatives else OWN)


def _year_lost(key: str, text: str, value: str) -> tuple[int, int] | None:
    """Where an issue-date reading whose year lost a character writes the value's month and
    day whole (``_date_rules.year_lost_span``); None for other fields and readings."""
    return year_lost_span(text, value) if key == "issue_date" else None


def _dissents(f: Field, reading: Reading, own: dict[str, float], value: str) -> bool:
    """A reading that, on its own, clearly reads the value's free part otherwise, or whose
    engine gave another character there a real chance (户 at 67 %, 卢 at 33 %): sure
    re-readings of the same print do not outvote that doubt."""
    kind = doubts.kind(f, value)
    part = doubts.free(kind, value)
    if no_rival.no_rival(f.key, value, reading.text):
        return False
    if any(s > OWN and doubts.free(kind, v) != part for v, s in own.items()):
        return True
    doubt = doubts.engine_doubt(kind, reading, value) if reading.alternatives else None
    return doubt is not None and doubt >= DISPUTE


_OFFERED = 0.25  # an engine's runner-up this likely is a character it saw, not a faint guess


def _longer_names(f: Field, value: str) -> set[str]:
    """Longer authority names the readings may be cut from, when none of them read the value's
    last character (nor offered it as a likely runner-up): an office name runs on past 教育
    (教育和体育局, 教育体育局), so a read ending in a stray character (莲都区教育机, where the
    engine's runners-up were 和 and 杠) is no sure 教育局."""
    if f.key != "issuing_authority" or not value:
        return set()
    end = value[-1]
    for r in f.readings:
        last = r.alternatives[len(r.text) - 1] if len(r.alternatives) >= len(r.text) else ()
        offered = any(ch == end and p >= _OFFERED for ch, p in last)
        if r.text.endswith(end) or offered or _office_end(r.text):
            return set()  # the name's end was seen: an office's last character (厅 for 局)
    return {n for r in f.readings if len(r.text) > 2 for n in vocab.cut_authorities(r.text[:-1])
            if len(n) > len(value) and n.endswith(value[-1])} - {value}


def _office_end(text: str) -> bool:
    """Whether ``text`` ends in a character some office name ends in (局, 厅, 会)."""
    return bool(text) and text[-1] in {s[-1] for s in AUTHORITY_SUFFIXES}


def _likest(names: set[str], value: str) -> str:
    """The name sharing the longest start with ``value`` (the same place), for the message."""
    return max(sorted(names), key=lambda n: len(os.path.commonprefix([n, value])))


def _provenance(
    f: Field, value: str, name: str, evidence: dict[str, Any], proven: bool, sure: bool
) -> list[Finding]:
    """How the value came about: read as is, proven by a correction (note), contradicted by
    the field's own reading (warning), or read once only where rules leave it free (warning)."""
    option = f.options.get(value)
    exact = option is not None and option.support > 0
    clear = [(r, v) for r, own in zip(f.readings, f.own, strict=True)
             for v, s in own.items() if s > OWN]
    if not exact and clear and value not in (v for _, v in clear):
        misread = [v for r, v in clear if fixed.fixed_misread(f, r, v, value, OUTVOTED_P)
                   or fixed.cut_short(f, r, v, value)
                   or (sure and fixed.glyph_misread(f, r, v, value))]
        if len(misread) < len(clear):
            return [Finding("conflict", f.key, f"{name}读作“{clear[0][1]}”，但与其他字段矛盾，"
                            f"按规则应为“{value}”，请核对", "warning", evidence)]
    out = []
    if not exact and sure and clear and value not in (v for _, v in clear):
        out.append(fixed.correction(f, clear[0], value, name, evidence))
    elif not exact and sure and value in f.restored:
        rule = f.restored[value]
        out.append(Finding("corrected", f.key, f"{name}“{f.best_read}”有字符被遮挡，按{rule}"
                           f"补全为“{value}”（规则唯一确定）", "note", {**evidence, "rule": rule}))
    elif not exact and sure and f.key in _DIGITS and not _misread(f, value):
        return [Finding("misprint", f.key, f"{name}清晰读作“{f.best_read}”，未通过校验；按规则应为"
                        f"“{value}”，可能是证书印错或涂改，请核对原件", "warning", evidence)]
    elif not exact and sure and f.snapped and (longer := _longer_names(f, value)):
        like = _likest(longer, value)
        out.append(Finding("suggested", f.key, f"{name}读作“{f.best_read}”，末字未读出，建议为"
                           f"“{value}”，但名称可能更长（如“{like}”），请核对", "warning",
                           {**evidence, "rule": "词表", "longer": sorted(longer)[:5]}))
    elif not exact and sure:
        rule = "词表" if f.snapped else "校验规则"
        out.append(Finding("corrected", f.key, f"{name}由“{f.best_read}”更正为“{value}”"
                           f"（{rule}唯一确定）", "note", {**evidence, "rule": rule}))
    # Identical readings are the same pixels read twice (a greyscale crop and its red
    # channel): one confirmation, not two.
    votes = [k and _confirms(f, r, own, value)
             for r, own, k in zip(f.readings, f.own, _first_seen(f.readings), strict=True)]
    # Sureness the engine measured (its alternatives) can outvote a reading that doubted itself.
    measured = [v and bool(r.alternatives) for v, r in zip(votes, f.readings, strict=True)]
    against = [
        r for i, (r, own) in enumerate(zip(f.readings, f.own, strict=True))
        if doubts.reads_other_digit(f, r, value)
        or (_dissents(f, r, own, value)
            and not (sum(measured) - measured[i] >= 2 and doubts.self_doubted(f, r, value))
            and not doubts.doubt_outvoted(f, r, value))
    ]
    dissent = bool(against)
    if not proven and (sum(votes) < 2 or dissent) and (seen := _third_reads(f, value)):
        out.append(Finding("view_checked", f.key, f"{name}“{value}”经原始分辨率图像再次识别确认",
                           "note", {**evidence, "rule": "第三视图", "read": seen}))
    elif not proven and (sum(votes) < 2 or dissent) and (seen := number_views.stretched_reads(
            f, value)):
        out.append(_stretched_note(f.key, value, name, evidence, seen))
    elif not proven and (sum(votes) < 2 or dissent):
        at = doubts.doubted_digits(f, value)
        where = f"第 {'、'.join(str(i + 1) for i in at)} 位" if at else ""
        lost = no_rival.lost_digit(f.key, value, [r.text for r in against], sum(votes))
        out.append(Finding("unconfirmed", f.key, f"{name}“{value}”{where}无规则可校验，且未得到两次"
                           "一致的可靠识别，请核对", "warning",
                           {**evidence, **({"positions": [i + 1 for i in at]} if at else {}),
                            **({no_rival.LOST: lost} if lost else {})}))
    elif f.key == "name" and not names.surname_length(value):
        out.append(_no_surname(value, name, evidence))
    elif f.key == "name" and (alike := names.commoner_lookalike(value)):
        out.append(Finding("unconfirmed", f.key, f"{name}“{value}”的姓氏与常见姓氏“{alike}”"
                           "字形相近，请核对", "warning", {**evidence, "rule": "姓氏字形"}))
    elif f.key == "name" and names.given_only(value):
        out.append(Finding("unconfirmed", f.key, f"{name}“{value}”的首字少用作姓氏、常用于名字，"
                           "可能漏识了姓氏，请核对", "warning", {**evidence, "rule": "漏识姓氏"}))
    return out


def _no_surname(value: str, name: str, evidence: dict[str, Any]) -> Finding:
    """What a name the readings agree on says with no known Han surname: a name of transcribed
    words (扎西顿珠: ``_name_minority``) is one; a single such word (卓玛) may have lost its
    surname, as a given name alone may; else a surname outside the list is more often a
    misread (褶 for 禤) than a rare surname."""
    said = minority.words(value)
    if len(said) >= 2:
        return Finding("minority_name", "name", f"{name}“{value}”无汉族姓氏，由少数民族姓名的"
                       f"音译词（{'、'.join(said)}）组成", "note", {**evidence, "rule": "民族姓名"})
    if said:
        return Finding("unconfirmed", "name", f"{name}“{value}”为少数民族姓名的一个音译词，"
                       "可能漏识了姓氏，请核对", "warning", {**evidence, "rule": "漏识姓氏"})
    return Finding("unconfirmed", "name", f"{name}“{value}”的姓氏不在常见姓氏表中，请核对",
                   "warning", {**evidence, "rule": "姓氏表"})


def _first_seen(readings: list[Reading]) -> list[bool]:
    """Per reading, whether no earlier reading is identical to it (text, score and every
    alternative): only those can confirm a value."""
    seen: set[Reading] = set()
    out = []
    for r in readings:
        out.append(r not in seen)
        seen.add(r)
    return out


def _third_reads(f: Field, value: str) -> str | None:
    """The third view's text when it reads ``value`` on its own, sure of every digit (no
    runner-up digit worth ``1 - SURE`` in all): other pixels than the re-reads', so its
    agreement is a vote of its own; against a reading that read another digit, only when no
    view of the value offers that digit there (``_third_dissent``). Only numbers and dates: a
    name's look-alikes (活 for 湉) are read alike from any pixels, and only its glyphs settle
    it (``_name_evidence``)."""
    if f.key not in _VIEWED or f.third is None or f.spec is None:
        return None
    r = f.third()
    if r is None or r.score < CONFIRM_SCORE:
        return None
    r = f.spec.tidy(variants.reading(r))
    text = normalize_digits(r.text).upper()
    digits = [i for i, ch in enumerate(text) if _numeral(ch)]
    if f.key in _DIGITS and text != value or f.spec.value(text) != value:
        return None
    if f.key == "issue_date" and _year_fixed(f, value):
        digits = digits[4:]  # the number's sure year proves the year; the view vouches for the rest
    weigh = _numeral_rival(r)
    doubt = sum(doubts.rival(r, i, weigh) for i in digits)
    return r.text if doubt < 1.0 - SURE and third_dissent.ruled_out(f, value, r) else None


def _numeral(ch: str) -> bool:
    """A character that carries a digit of a number or date: an Arabic digit or a Chinese
    numeral (二〇一一年十二月二十三日 holds no Arabic digit, yet each numeral is one)."""
    return ch.isdigit() or ch in CN_NUMERALS


def _numeral_rival(r: Reading) -> Callable[[int, str], float]:
    """How much a runner-up at a position of ``r`` counts as another digit: a digit or letter
    (as ``doubts.digit_only``) or a Chinese numeral (五 beside 三) fully, another form of the
    zero read (○ or 0 beside 〇) not at all."""
    def weigh(i: int, ch: str) -> float:
        if ch in _ZERO and i < len(r.text) and r.text[i] in _ZERO:
            return 0.0
        return 1.0 if ch in CN_NUMERALS else doubts.digit_only(i, ch)
    return weigh


def _year_fixed(f: Field, value: str) -> bool:
    """The date's year is the one the certificate number's readings fix, each sure of it
    (``_decide_fixed.fix_year``): a rule then proves the year, as it proves a reading's."""
    return len(f.fixed) == 4 and "".join(f.fixed[i] for i in range(4)) == value[:4]


def _misread(f: Field, value: str) -> bool:
    """True when some reading becomes ``value`` only by characters the engine doubted (an
    alternative it offered) or that look alike: a misread. A character read with certainty
    and replaced by an unlike one means the paper itself may say otherwise (a misprint, an
    alteration), which a person must see."""
    for r in f.readings:
        text = normalize_digits(r.text).upper()
        if len(text) != len(value):
            continue
        pairs = enumerate(zip(text, value, strict=True))
        if all(a == b or _offered(r, i, a, b) for i, (a, b) in pairs):
            return True
    return False


def _offered(r: Reading, i: int, read: str, meant: str) -> bool:
    alternatives = r.alternatives[i] if i < len(r.alternatives) else ()
    if any(ch == meant and p >= MISREAD_P for ch, p in alternatives):
        return True
    return meant in cands.CONFUSIONS.get(read, "") or read in cands.CONFUSIONS.get(meant, "")


def _broken(f: Field, name: str) -> Value:
    """No candidate is valid: report what the rules say about the best reading."""
    found = f.spec.explain(f.best_read) if f.spec else []
    found = found or [Finding("unreadable", f.key, f"{name}“{f.best_read}”不符合格式")]
    evidence = {"readings": [r.text for r in f.readings]}
    shown = None if f.key.endswith("_date") else f.best_read or None
    return Value(
        shown, 0.0,
        [Finding(x.code, f.key, x.message, "error", evidence) for x in found],
    )


def _evidence(f: Field, ranked: list[tuple[str, float]], total: float) -> dict[str, Any]:
    return {
        "readings": [r.text for r in f.readings],
        "candidates": [[v, round(s / total, 4)] for v, s in ranked[:4]],
    }


def _stretched_note(key: str, value: str, name: str, evidence: dict[str, Any],
                    seen: str) -> Finding:
    """The note of a number confirmed by a stretched re-read, or by its print's glyphs."""
    if number_views.by_glyphs(seen):
        return Finding("glyph_checked", key, f"{name}“{value}”经与证书上的字形比对确认", "note",
                       {**evidence, "rule": number_views.GLYPHS, "read": value})
    return Finding("view_checked", key, f"{name}“{value}”经放大拉伸后再次识别确认", "note",
                   {**evidence, "rule": "放大重读", "read": seen})
