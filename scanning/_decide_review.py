"""The review decision for one decoded field: accepted, corrected (a ``note`` the rules
proved), or sent to review with the reason (a ``warning``), or a broken rule (an ``error``).

A field is accepted without review only when one candidate holds (nearly) all of the
likelihood of the combinations the rules allow and, where rules leave part of the value free
(a name, a serial, the day of a date), independent readings agree on it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from core.rules import Finding, normalize_digits
from scanning import _candidates as cands
from scanning import _decide_fixed as fixed
from scanning import _decide_restore as _restore
from scanning import _variants as variants
from scanning import _vocab_names as names
from scanning._decide_field import Field
from scanning._ocr import Reading
from scanning._validate import Value

ACCEPT = 0.9  # share of the allowed likelihood the chosen value must hold
CORRECT = 0.97  # … when no reading read it as is (a correction must be near certain)
CONFIRM_SCORE = 0.75  # a reading this sure counts as an independent confirmation
OWN = 0.5  # a reading on its own reads a value when it holds more than this share
SURE = 0.95  # … and confirms a free part only this sure when the engine gave alternatives
DISPUTE = 0.2  # a reading whose engine doubts a free part this much disputes it
OUTVOTED_P = 0.05  # a dissenting character whose engine offered the value's this likely
OUTVOTED_DOUBT = 0.35  # … and a reading of the value doubting a digit at most this (not 户/卢)
MISREAD_P = 0.01  # an engine alternative this likely makes a replaced character a misread
# Numbers read character for character, where a correction must be explainable as a misread.
_DIGITS = {"id_number", "certificate_number"}
# Fields a third view of other pixels may confirm (``_third_reads``).
_VIEWED = {"certificate_number", "issue_date", "id_number", "birth_date"}
# Fields whose value is their reading's text, character for character.
_ALIGNED = {"name", "certificate_number", "certificate_serial", "subject"}
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
    return None if f.key.endswith("_date") else f.best_read


def _kind(f: Field, value: str) -> str:
    """What rules leave free in ``value``: a certificate number whose digits 5–9 are the code
    the registry holds for its authority has only its serial free."""
    if f.key == "certificate_number" and value[4:9] in f.codes:
        return "certificate_serial"
    return f.key


def _free(key: str, value: str) -> str:
    """The part of a value no rule checks: a certificate's authority code and serial, the
    month and day of the issue date; all of a name or an unlisted subject."""
    if key == "certificate_number":
        return value[6:9] + value[11:]
    if key == "certificate_serial":
        return value[11:]
    if key == "issue_date":
        return value[5:]
    return value


def _confirms(f: Field, reading: Reading, own: dict[str, float], value: str) -> bool:
    """A sure reading that, on its own, reads the value's free part the same."""
    if reading.score < CONFIRM_SCORE:
        return False
    kind = _kind(f, value)
    doubt = _engine_doubt(kind, reading, value) if reading.alternatives else None
    if doubt is not None:
        return doubt < 1.0 - SURE
    part = _free(kind, value)
    agree = sum(s for v, s in own.items() if _free(kind, v) == part)
    # The engine's own doubt (a runner-up character) counts; look-alike priors alone do not.
    return agree > (SURE if reading.alternatives else OWN)


def _free_positions(key: str, length: int) -> range | list[int]:
    """The positions of :func:`_free` in a value of ``length`` characters."""
    if key == "certificate_number":
        return [*range(6, 9), *range(11, length)]
    if key == "certificate_serial":
        return range(11, length)
    return range(length)


def _engine_doubt(key: str, reading: Reading, value: str) -> float | None:
    """How likely the engine found another character anywhere in the value's free part (its
    runner-ups there, summed); None when this is not measurable so (a date, read in another
    form than its ISO value; a reading that is not the value character for character). Only
    the engine's own alternatives count: a floor for characters it never offered would make
    a long number doubtful for its length alone."""
    text = normalize_digits(reading.text).upper()
    if key not in _ALIGNED or len(text) != len(value) or _free(key, text) != _free(key, value):
        return None
    # In a name, a runner-up no name would hold there (肿 for 翀, a digit) is no doubt, and a
    # rare one beside a common read character more doubt than the engine says.
    weigh = (lambda i, ch: names.weight(value, i, ch)) if key == "name" else None
    if key in ("certificate_number", "certificate_serial"):
        # Only another digit is a rival number: a runner-up "+" or "." is no digit it could be.
        weigh = _digit_only
    return sum(_rival(reading, i, weigh) for i in _free_positions(key, len(value)))


def _doubted_digits(f: Field, value: str) -> list[int]:
    """The positions of a certificate number's unchecked digits that a reading read otherwise
    or where its engine offered another digit: where the clerk should look (no rule checks
    the authority's code or the serial, whatever the authority's name says of the province)."""
    if f.key != "certificate_number":
        return []
    free = _free_positions(_kind(f, value), len(value))
    at: set[int] = set()
    for r in f.readings:
        text = normalize_digits(r.text).upper()
        if len(text) == len(value):
            at |= {i for i in free
                   if text[i] != value[i] or _rival(r, i, _digit_only) >= OUTVOTED_P}
    return sorted(at)


def _digit_only(_i: int, ch: str) -> float:
    """A digit, or a letter that may be one (O, Z, S): punctuation and specks are not."""
    return 1.0 if ch.isascii() and ch.isalnum() else 0.0


def _rival(
    reading: Reading, i: int, weigh: Callable[[int, str], float] | None = None
) -> float:
    """The engine's probability of any other character at position ``i``, each weighed by
    ``weigh`` (width variants and the traditional form of the read character are the same
    character)."""
    alternatives = reading.alternatives[i] if i < len(reading.alternatives) else ()
    read = _same(reading.text[i])
    return sum(
        p * (1.0 if weigh is None else weigh(i, _same(ch)))
        for ch, p in alternatives if _same(ch) != read
    )


def _same(ch: str) -> str:
    return variants.simplified(normalize_digits(ch).upper())


def _dissents(f: Field, reading: Reading, own: dict[str, float], value: str) -> bool:
    """A reading that, on its own, clearly reads the value's free part otherwise, or whose
    engine gave another character there a real chance (户 at 67 %, 卢 at 33 %): sure
    re-readings of the same print do not outvote that doubt."""
    kind = _kind(f, value)
    part = _free(kind, value)
    if _separators_lost(f.key, value, reading.text):
        return False
    if any(s > OWN and _free(kind, v) != part for v, s in own.items()):
        return True
    doubt = _engine_doubt(kind, reading, value) if reading.alternatives else None
    return doubt is not None and doubt >= DISPUTE


def _reads_other_digit(f: Field, reading: Reading, value: str) -> bool:
    """A reading of a certificate number, of the value's length, that reads another digit at
    an unchecked position and gives the value's digit there less than ``DISPUTE`` (0 at 40 %,
    2 at 38 %, 8 at 7 % where the chosen value has 8 and the print 3): the digit is one the
    engine could not make out, and sure re-readings of the same crop do not outvote that."""
    if f.key != "certificate_number":
        return False
    text = normalize_digits(reading.text).upper()
    if len(text) != len(value):
        return False
    alts = reading.alternatives
    return any(
        text[i] != value[i]
        and sum(p for ch, p in (alts[i] if i < len(alts) else ()) if _same(ch) == value[i])
        < DISPUTE
        for i in _free_positions(_kind(f, value), len(value))
    )


def _self_doubted(f: Field, reading: Reading, value: str) -> bool:
    """A reading that differs from ``value`` only where its own engine offered the value's
    character (5 at 0.60 with 3 at 0.40 where two sure re-reads read 3), and doubts nothing
    else it read alike: two sure readings outvote it. A reading that reads the value but
    doubts it (户 at 67 % beside 卢) is not outvoted: that doubt is about the value itself."""
    if f.key not in ("certificate_number", "issue_date"):
        return False
    text = normalize_digits(reading.text).upper()
    forms = [value] if f.key == "certificate_number" else _restore.date_forms(value)
    return any(_only_offered(reading, text, form) for form in forms if len(form) == len(text))


def _only_offered(reading: Reading, text: str, form: str) -> bool:
    differ = [i for i, (a, b) in enumerate(zip(text, form, strict=True)) if a != b]
    if not differ or any(not form[i].isdigit() or not text[i].isdigit() for i in differ):
        return False
    alts = reading.alternatives
    offered = all(
        any(_same(ch) == form[i] and p >= OUTVOTED_P for ch, p in alts[i])
        for i in differ if i < len(alts)
    ) and all(i < len(alts) for i in differ)
    rest = sum(_rival(reading, i) for i in range(len(form)) if i not in differ)
    return offered and rest < DISPUTE


def _doubt_outvoted(f: Field, reading: Reading, value: str) -> bool:
    """A reading of a certificate number that reads ``value`` digit for digit but whose engine
    gave another digit a chance (under ``OUTVOTED_DOUBT``) at some unchecked positions, and
    doubts nothing else: outvoted when, at each of those positions, two other distinct
    readings (the third view among them) that read the whole value are sure of the digit (no
    rival digit at ``OUTVOTED_P``): identical readings are the same pixels read twice. A
    reading that reads another digit there is never outvoted so."""
    if f.key != "certificate_number" or normalize_digits(reading.text).upper() != value:
        return False
    free = list(_free_positions(_kind(f, value), len(value)))
    doubt = {i: _rival(reading, i, _digit_only) for i in free}
    at = [i for i, p in doubt.items() if p >= OUTVOTED_P]
    rest = sum(p for i, p in doubt.items() if i not in at)
    if not at or any(doubt[i] >= OUTVOTED_DOUBT for i in at) or rest >= OUTVOTED_P:
        return False
    others = [r for r in f.readings if r != reading]
    if (third := _third_reading(f)) is not None:
        others.append(third)
    sure = {
        r for r in others
        if r.score >= CONFIRM_SCORE and r.alternatives
        and normalize_digits(r.text).upper() == value
        and all(_rival(r, i, _digit_only) < OUTVOTED_P for i in at)
    }
    return len(sure) >= 2


def _third_reading(f: Field) -> Reading | None:
    """The field's third view, tidied as its readings are (None when it has none)."""
    if f.third is None or f.spec is None:
        return None
    r = f.third()
    return None if r is None else f.spec.tidy(variants.reading(r))


def _separators_lost(key: str, value: str, text: str) -> bool:
    """A date reading that is one of the value's written forms with only separators lost
    (2021.0617 for 2021.06.17): it read the value's digits as they are, and what its own
    corrections guess from the broken text (2021-06-07) is no rival reading. It does not
    confirm the value either (the same digits may be another date: 2021.117)."""
    if not key.endswith("_date") or not value or not text:
        return False
    digits = [ch for ch in text if ch.isdigit()]
    forms = _restore.date_forms(value)
    return any(
        [ch for ch in form if ch.isdigit()] == digits and _restore.lost_only(form, text, 3)
        for form in forms
    )


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
        misread = [v for r, v in clear if fixed.fixed_misread(f, r, v, value, OUTVOTED_P)]
        if len(misread) < len(clear):
            return [Finding("conflict", f.key, f"{name}读作“{clear[0][1]}”，但与其他字段矛盾，"
                            f"按规则应为“{value}”，请核对", "warning", evidence)]
    out = []
    if not exact and sure and clear and value not in (v for _, v in clear):
        read = clear[0][1]
        digits = "、".join(str(i + 1) for i, ch in enumerate(read) if ch != value[i])
        out.append(Finding("corrected", f.key, f"{name}读作“{read}”，第 {digits} 位（年份）"
                           f"识别存疑；批准日期的年份经多次识别一致，按规则更正为“{value}”",
                           "note", {**evidence, "rule": "证书号码年份与批准日期"}))
    elif not exact and sure and value in f.restored:
        rule = f.restored[value]
        out.append(Finding("corrected", f.key, f"{name}“{f.best_read}”有字符被遮挡，按{rule}"
                           f"补全为“{value}”（规则唯一确定）", "note", {**evidence, "rule": rule}))
    elif not exact and sure and f.key in _DIGITS and not _misread(f, value):
        return [Finding("misprint", f.key, f"{name}清晰读作“{f.best_read}”，未通过校验；按规则应为"
                        f"“{value}”，可能是证书印错或涂改，请核对原件", "warning", evidence)]
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
    dissent = any(
        _reads_other_digit(f, r, value)
        or (_dissents(f, r, own, value)
            and not (sum(measured) - measured[i] >= 2 and _self_doubted(f, r, value))
            and not _doubt_outvoted(f, r, value))
        for i, (r, own) in enumerate(zip(f.readings, f.own, strict=True))
    )
    if not proven and (sum(votes) < 2 or dissent) and (seen := _third_reads(f, value)):
        out.append(Finding("view_checked", f.key, f"{name}“{value}”经原始分辨率图像再次识别确认",
                           "note", {**evidence, "rule": "第三视图", "read": seen}))
    elif not proven and (sum(votes) < 2 or dissent):
        at = _doubted_digits(f, value)
        where = f"第 {'、'.join(str(i + 1) for i in at)} 位" if at else ""
        out.append(Finding("unconfirmed", f.key, f"{name}“{value}”{where}无规则可校验，且未得到两次"
                           "一致的可靠识别，请核对", "warning",
                           {**evidence, "positions": [i + 1 for i in at]} if at else evidence))
    elif f.key == "name" and not names.surname_length(value):
        # A surname outside the list is more often a misread (褶 for 禤) than a rare surname.
        out.append(Finding("unconfirmed", f.key, f"{name}“{value}”的姓氏不在常见姓氏表中，"
                           "请核对", "warning", {**evidence, "rule": "姓氏表"}))
    elif f.key == "name" and (alike := names.commoner_lookalike(value)):
        out.append(Finding("unconfirmed", f.key, f"{name}“{value}”的姓氏与常见姓氏“{alike}”"
                           "字形相近，请核对", "warning", {**evidence, "rule": "姓氏字形"}))
    elif f.key == "name" and names.given_only(value):
        out.append(Finding("unconfirmed", f.key, f"{name}“{value}”的首字少用作姓氏、常用于名字，"
                           "可能漏识了姓氏，请核对", "warning", {**evidence, "rule": "姓氏表"}))
    return out


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
    agreement is a vote of its own. Only numbers and dates: a name's look-alikes (活 for 湉)
    are read alike from any pixels, and only its glyphs settle it (``_name_evidence``)."""
    if f.key not in _VIEWED or f.third is None or f.spec is None:
        return None
    r = f.third()
    if r is None or r.score < CONFIRM_SCORE:
        return None
    r = f.spec.tidy(variants.reading(r))
    text = normalize_digits(r.text).upper()
    digits = [i for i, ch in enumerate(text) if ch.isdigit()]
    if f.key in _DIGITS and text != value or f.spec.value(text) != value:
        return None
    doubt = sum(_rival(r, i, _digit_only) for i in digits)
    return r.text if doubt < 1.0 - SURE else None


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
