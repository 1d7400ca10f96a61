"""A number's readings before the joint decision, and what the clerk is told of them after.

Before: the seal's lettering run on after a certificate number's digits is cut (a greyscale
scan keeps the seal: …60847育局), and a number every reading of which lacks digits gains the
readings that hold it whole (its third view, its box stretched and widened: ``_widen``).
After: both are recorded as notes beside the value, and a number decided whole is flagged
when a first reading is not that value with digits dropped.

During: the province rule (digits 5–6 against the authority's place) corrects a number only
from an authority its own readings decide (``province_rule``); an undecided one (rival
candidates, or one no reading supports) says nothing of a province none of its candidates
lie in, and a number so left unchecked is flagged (``flag_unchecked_province``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from core.rules import (
    BUREAU_SUFFIX,
    CERTIFYING_SEAL_WORDING,
    COMMISSION_SUFFIX,
    DIVISION_ENDS,
    HAN_RANGE,
    PROVINCE_SUFFIX,
    Finding,
    normalize_digits,
)
from scanning import _authority_support as support
from scanning import _cross_rules as cross
from scanning import _number_runs as runs
from scanning import _vocab_registry as reg
from scanning import _widen as widen
from scanning._decide_field import Field
from scanning._decide_review import ACCEPT
from scanning._ocr import Reading
from scanning._validate import Value

FAR_SHORT = 2  # digits a first reading may lack and still weigh in beside whole readings


def seal_cut(readings: Mapping[str, Sequence[Reading]]) -> dict[str, Sequence[Reading]]:
    """``readings`` with each certificate-number reading cut of the seal's lettering."""
    authority = readings.get("issuing_authority", ())
    return {**readings, "certificate_number": [
        _cut(r, authority) for r in readings.get("certificate_number", ())]}


def note_whole(v: Value, key: str, short: Sequence[Reading]) -> None:
    """A number every first reading of which lacked digits, decided whole from re-readings:
    noted with what was read first, or flagged when a first reading of digits only is not
    the value with digits dropped (the readings disagree on a digit, not only on its count)."""
    if not v.value or v.blocking or len(v.value) != runs.LENGTHS[key] or not short:
        return
    name = "证书号码" if key == "certificate_number" else "身份证件号码"
    clean = [r.text for r in short if r.text.isascii() and r.text.isalnum()]
    apart = [t for t in clean if not _dropped_from(_digits(t), v.value)]
    if apart:
        v.fail(Finding("unconfirmed", key, f"{name}首次识别为“{apart[0]}”，缺少数字且与重新识别的"
                       f"完整号码“{v.value}”有数字不一致，请核对", "warning",
                       {"rule": "整号重读", "read": apart[0]}), 0.5)
        return
    v.findings.append(Finding("view_checked", key, f"{name}首次识别为“{short[0].text}”，缺少数字；"
                              f"经拉宽、放大重新识别得到完整号码“{v.value}”，各项规则均满足",
                              "note", {"rule": "整号重读", "read": short[0].text}))


def _dropped_from(short: str, whole: str) -> bool:
    """Whether ``short`` is ``whole`` with some characters dropped (in order, none changed)."""
    rest = iter(whole)
    return all(ch in rest for ch in short)


def complete(
    readings: Mapping[str, Sequence[Reading]], third: Mapping[str, Callable[[], Reading | None]],
    whole: Mapping[str, widen.Whole],
) -> tuple[dict[str, Sequence[Reading]], set[str], set[str]]:
    """A number field every reading of which lacks digits (a doubled digit merged, digits a
    seal kept out of the box) gains the readings that hold it whole: its third view and its
    box read stretched and widened (``_widen.whole_readings``), each distinct one once. A
    third view taken as a reading no longer confirms (it would vote twice); the fields whose
    third view was so used, and those that gained readings, are returned. First readings
    that lack more than ``FAR_SHORT`` digits are then left out of the decision; so are, beside
    a reading that holds the number whole, those far short whose digits add nothing
    (``beside_whole``)."""
    out, used, added = dict(readings), set(), set()
    for key in runs.LENGTHS:
        have = list(readings.get(key, ()))
        missing = runs.short(key, have)
        if have and not missing:
            out[key] = beside_whole(key, have)
        if not have or not missing:
            continue
        more: list[Reading] = []
        view = third.get(key)
        seen = view() if view is not None else None
        run = runs.digit_run(seen, runs.LENGTHS[key]) if seen is not None else None
        if run is not None:
            more.append(run)
            used.add(key)
        for r in whole[key](missing) if key in whole else ():
            if r not in more:
                more.append(r)
        if any(r not in have for r in more):
            added.add(key)
            # A reading far short (a seal hid half the number) neither confirms nor disputes
            # the whole value, but aligning it costs every candidate each digit it lost, which
            # drowns what the whole readings read: it is set aside (``note_whole`` checks it).
            have = [r for r in have if runs.short(key, [r]) <= FAR_SHORT]
        out[key] = [*have, *(r for r in more if r not in have)]
    return out, used, added


def beside_whole(key: str, readings: Sequence[Reading]) -> list[Reading]:
    """``readings`` of a number some of which hold it whole, without those far short of it
    (lacking more than ``FAR_SHORT`` digits: 201445°3.8 beside 20144536821828162) whose digits
    every whole reading holds in order. Such a reading tells nothing of which digits the
    number holds, yet aligning it costs each candidate every digit it lost, at the odds its
    engine gave its stray characters (° with 9 at 1 %): it picked a digit no whole reading
    read. One whose digits a whole reading contradicts is kept: it disputes that reading. So
    are all beside a single whole reading: the value then rests on that one reading, and the
    far-short ones' disarray is what keeps its share from looking sure (a phone photo's
    2010e947 and 20103516166947 beside 20103513614669947, printed …11650047)."""
    length = runs.LENGTHS[key]
    whole = list(dict.fromkeys(
        w.text for r in readings if (w := runs.digit_run(r, length)) is not None))
    if len(whole) < 2:
        return list(readings)
    return [r for r in readings if not _adds_nothing(_digits(r.text), whole, length)]


def _adds_nothing(digits: str, whole: Sequence[str], length: int) -> bool:
    return len(digits) < length - FAR_SHORT and all(_dropped_from(digits, w) for w in whole)


def _digits(text: str) -> str:
    """The digits of a reading, in order (an ID's check character X counts as one; another
    letter among them is a stray mark: 350112199T10115989X)."""
    return "".join(ch for ch in normalize_digits(text).upper() if ch.isdigit() or ch == "X")


# A greyscale scan keeps the seal, whose lettering runs on after the number (…60847育局): the
# seal's words and the authority's own characters. What is cut is only what no number holds
# (a CJK run after ten digits or more); the digits left must still make the whole number.
_NUMBER_THEN_LETTERS = re.compile(rf"^([0-9０-９\s]{{10,}})([{HAN_RANGE}]+)$")
_SEAL_WORDS = (DIVISION_ENDS + "自治" + CERTIFYING_SEAL_WORDING + BUREAU_SUFFIX + PROVINCE_SUFFIX
               + COMMISSION_SUFFIX + "教育体育局")


def _cut(r: Reading, authority: Sequence[Reading]) -> Reading:
    """A number reading without the seal's lettering run on after its digits: every cut
    character but one (a misread) is the seal's wording or the authority's as read."""
    m = _NUMBER_THEN_LETTERS.match(r.text)
    seal = set(_SEAL_WORDS + "".join(a.text for a in authority))
    if not m or sum(c not in seal for c in m.group(2)) > 1:
        return r
    end = len(m.group(1).rstrip())
    return Reading(r.text[:end], r.score, r.alternatives[:end] if r.alternatives else ())


def note_seal_cut(v: Value, raw: Sequence[Reading], cut: Mapping[str, Sequence[Reading]]) -> None:
    """The seal's lettering cut from a number is recorded, so a clerk sees what was read."""
    pairs = [(a.text, b.text) for a, b in zip(raw, cut.get("certificate_number", ()), strict=False)
             if a.text != b.text]
    if pairs and v.value:
        read, kept = pairs[0]
        v.findings.append(Finding("corrected", "certificate_number", f"证书号码读作“{read}”，"
                                  f"其后的“{read[len(kept):]}”是印章或机关名称的文字，已去除",
                                  "note", {"rule": "印章文字"}))


def settled(authority: Field, known: reg.Known = reg.NONE) -> bool:
    """Whether the authority's own readings decide it: one candidate holds ``ACCEPT`` of
    their likelihood and some reading shows it (as ``_decide`` accepts an authority)."""
    ranked = sorted(authority.options.values(), key=lambda c: -c.share)
    total = sum(c.share for c in ranked)
    if not ranked or ranked[0].share < ACCEPT * total:
        return False
    best = ranked[0]
    return best.support > 0 or support.supported(best.text, authority.readings, known)


def _named(authority: Field, known: reg.Known) -> frozenset[str]:
    """Every province code some candidate of the authority lies in."""
    return frozenset().union(
        *(cross.authority_provinces(a, known) for a in authority.options))


def province_rule(
    authority: Field, known: reg.Known = reg.NONE, read: str | None = None
) -> Callable[[str, str], bool]:
    """The province rule between a certificate number and an authority for the joint decision.
    A decided authority's place checks the number's digits 5–6. An undecided one (矿区教育
    read, its candidates 东矿区… all of province 13) may be none of its candidates: when the
    number's readings are sure of a province (``read``, ``_decide_restore.sure_province``)
    none of them lie in, the number keeps what its readings say (14 read thrice is no misread
    of 13) and the authority is flagged on its own. Otherwise the rule still picks among the
    candidates (西省教育 + 36 → 江西省教育厅; 孟县 or 盂县 for a number of 山西). The choice is
    made once for the field, not per candidate number: a rule waived only for the numbers
    whose province no candidate holds would favour those numbers over the one read."""
    def agrees(cert: str, name: str) -> bool:
        return cross.province_agrees(cert, name, known)

    if settled(authority, known) or read is None or read in _named(authority, known):
        return agrees
    return lambda _cert, _name: True


def flag_unchecked_province(v: Value, authority: Field, known: reg.Known = reg.NONE) -> None:
    """A number the undecided authority could not check (``province_rule``): its province
    digits rest on its own readings alone, so it is flagged beside the authority (the
    booklet is in review for the authority already; the clerk checks both)."""
    cert = v.value or ""
    if not cross.CERT_SHAPE.match(cert) or v.blocking or settled(authority, known):
        return
    named = _named(authority, known)
    if not named or cert[4:6] in named:
        return
    v.fail(Finding("unconfirmed", "certificate_number",
                   f"证书号码第 5–6 位省份代码 {cert[4:6]} 无法与发证机关核对（发证机关未能确定，"
                   f"其候选所在省份为 {'、'.join(sorted(named))}），请核对", "warning",
                   {"rule": cross.PROVINCE_RULE}), 0.5)


def province_after_seal(values: Mapping[str, Value], known: reg.Known = reg.NONE) -> None:
    """A number flagged because the undecided authority could not check its province digits
    (``flag_unchecked_province``), once the seal's lettering has settled the authority
    (``_seal_authority.settle``, the one step after the decision that may): that office's
    province equal to digits 5–6 is the check the flag was waiting for, so the flag gives
    way to a note. The number was sure on its own before the flag (an unsure one is never
    so flagged), so it regains the accepting confidence; a province that differs keeps it."""
    cert, authority = values.get("certificate_number"), values.get("issuing_authority")
    if cert is None or authority is None or not isinstance(authority.value, str):
        return
    waiting = [f for f in cert.findings
               if f.code == "unconfirmed" and f.evidence.get("rule") == cross.PROVINCE_RULE]
    if not waiting or authority.blocking:  # still undecided: the flag stands
        return
    number = cert.value or ""
    if number[4:6] not in cross.authority_provinces(authority.value, known):
        return
    cert.findings = [f for f in cert.findings if f not in waiting]
    cert.findings.append(Finding(
        "settled_reading", "certificate_number",
        f"证书号码第 5–6 位省份代码 {number[4:6]} 与按印章确定的发证机关“{authority.value}”一致",
        "note", {"rule": cross.PROVINCE_RULE}))
    if not cert.blocking:
        cert.confidence = max(cert.confidence, ACCEPT)
