"""Decode the information page: each field's value is the most likely candidate that satisfies
every rule, chosen jointly with the fields it must agree with; review is decided per field in
``scanning._decide_review``.

Two groups are decoded jointly: (ID number, birth date, gender) — the ID's birth segment and
order-digit parity — and (certificate number, issue date, qualification type, authority) — the
number's year, type digit, province digits and gender digit. A correction the rules proved is
a ``note``; doubt is a ``warning``; a broken rule an ``error``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date
from functools import cache

from core.rules import Finding, Gender
from scanning import _authority_support as support
from scanning import _birth_cut as birth_cut
from scanning import _birth_from_id as birth_from_id
from scanning import _decide_fixed as fixed
from scanning import _decide_numbers as numbers
from scanning import _decide_restore as restore
from scanning import _name_evidence as name_evidence
from scanning import _rulesets as rs
from scanning import _vocab
from scanning import _vocab_registry as reg
from scanning import _widen as widen
from scanning._date_pad import flag_uneven
from scanning._decide_doubt import CONFIRM_SCORE
from scanning._decide_field import Field, prepare
from scanning._decide_review import ACCEPT, FIELD_LABELS, decide
from scanning._ocr import Reading
from scanning._subject import decide_subject
from scanning._validate import Value

__all__ = ["ACCEPT", "Field", "decide", "decode", "prepare", "star"]

GROUP_ID = ("id_number", "birth_date", "gender")
GROUP_CERT = ("certificate_number", "issue_date", "qualification_type", "issuing_authority")
# Fields whose rules leave part of the value free: two readings must agree on it.
_FREE = {"name", "certificate_number", "issue_date"}
# Fields proven by their closed vocabulary, with or without a number to agree with.
_VOCABULARY = {"qualification_type", "issuing_authority"}

Pair = Callable[[str, str], bool]


def _top(f: Field, limit: int, cautious: bool) -> list[tuple[str, float]]:
    ranked = sorted(f.options.values(), key=lambda c: -c.share)[:limit]
    return [(c.text, c.cautious if cautious else c.share) for c in ranked]


def star(
    center: Field, leaves: Sequence[tuple[Field, Pair]], limit: int = 400, cautious: bool = False
) -> dict[str, dict[str, float]]:
    """Per field, each value's share of the likelihood of the combinations the rules allow,
    where every rule ties the ``center`` (a number) to one leaf (a date, a gender …). A field
    without candidates takes no part; without a center the leaves stand alone. ``cautious``
    weighs the readings as one (see ``Candidate.cautious``)."""
    marg: dict[str, dict[str, float]] = {center.key: {}, **{f.key: {} for f, _ in leaves}}
    options = [(f, ok, _top(f, limit, cautious)) for f, ok in leaves]
    if not center.options:
        for f, _, opts in options:
            marg[f.key] = dict(opts)
        return marg
    for c, w in _top(center, limit, cautious):
        sums = [sum(s for v, s in opts if ok(c, v)) if opts else 1.0 for _, ok, opts in options]
        if w * math.prod(sums) == 0.0:
            continue
        marg[center.key][c] = w * math.prod(sums)
        for k, (f, ok, opts) in enumerate(options):
            rest = w * math.prod(sums[:k] + sums[k + 1 :])
            for v, s in opts:
                if ok(c, v):
                    marg[f.key][v] = marg[f.key].get(v, 0.0) + rest * s
    return marg


def _birth_ok(ident: str, birth: str) -> bool:
    return ident[6:14] == birth.replace("-", "")


def _gender_ok(ident: str, gender: str) -> bool:
    return rs.id_gender(ident) == gender


def _year_ok(cert: str, issued: str) -> bool:
    return cert[:4] == issued[:4]


def _type_ok(cert: str, label: str) -> bool:
    return cert[9] == rs.type_digit(label)


def decode(
    readings: Mapping[str, Sequence[Reading]], today: date | None = None,
    known: reg.Known = reg.NONE, name_crop: name_evidence.Crop | None = None,
    third: Mapping[str, Callable[[], Reading | None]] | None = None,
    name_full: name_evidence.Crop | None = None,
    whole: Mapping[str, widen.Whole] | None = None,
) -> dict[str, Value]:
    """Every information field's value, decided against the rules it must satisfy
    (``known``: the registry's authorities, names and codes; ``name_crop``: the name's value
    box on the page, the evidence that settles a doubted name, and ``name_full`` the same box
    cut from the page as scanned; ``third``: per field, a third reading from other pixels,
    asked for only where the readings leave a doubt; ``whole``: per number field, readings of
    its box stretched and widened, asked for only where every reading lacks digits)."""
    today = today or date.today()
    keys = (*GROUP_ID, *GROUP_CERT, "name", "subject")
    raw = readings
    cut = numbers.seal_cut(readings)
    readings, used, short = numbers.complete(cut, third or {}, whole or {})
    fields = {k: prepare(k, readings.get(k, ()), today, known=known) for k in keys}
    for key, view in (third or {}).items():
        if key in fields and key not in used:
            fields[key].third = view
    for key, reader in (whole or {}).items():
        if key in fields and key not in short:  # readings it gave vote once, not twice
            fields[key].whole = reader
    out: dict[str, Value] = {}
    solved_id = _decode_id(fields, out)
    solved_cert = _decode_cert(fields, out, known)
    out["name"] = _name(fields["name"], name_crop, name_full)
    seal = "".join(r.text for r in readings.get("issuing_authority", ()))
    out["subject"] = decide_subject(fields["subject"], readings.get("subject", ()), today, seal)
    if not (solved_id and solved_cert):
        rs.cross_findings(out, today, known)
    for group, solved in ((GROUP_ID, solved_id), (GROUP_CERT, solved_cert)):
        if not solved:
            _unsolved(out, group, known)
    _shared_conflict(out, GROUP_CERT)
    birth_from_id.settle(readings.get("birth_date", ()), fields["id_number"], out)
    rs.plausibility(out, today)
    rs.shared_place(out, known)  # 市中区教育局: which city's?
    flag_uneven(readings, out)  # 2017年09月1日: a digit of the day may be lost
    for key in ("qualification_type", "subject"):
        _label_cut(out[key], readings.get(key, ()), key)
    numbers.note_seal_cut(out["certificate_number"], raw.get("certificate_number", ()), cut)
    for key in short:  # the first readings, as read (before a seal's lettering was cut)
        numbers.note_whole(out[key], key, raw.get(key, ()))
    return out


def _label_cut(v: Value, readings: Sequence[Reading], key: str) -> None:
    """A value read with its label's words before it (教师资格初级中学教师资格, （专业）英语): the
    cut is recorded as a correction, so a clerk sees what was read."""
    heads = [(r.text, h.strip()) for r in readings if (h := rs.label_head(key, r.text))]
    if not heads or not v.value or any(f.code == "corrected" for f in v.findings):
        return
    name = "资格种类" if key == "qualification_type" else "任教学科"
    read, head = heads[0]
    v.findings.append(Finding("corrected", key, f"{name}读作“{read}”，其中“{head}”是标签的"
                              f"文字，已去除，值为“{v.value}”", "note", {"rule": "标签变体"}))


def _unsolved(out: dict[str, Value], group: tuple[str, ...], known: reg.Known) -> None:
    """A group no combination of candidates satisfied: when nothing in it is flagged yet
    (each field decided alone may look sure, and a cross rule may not be checkable on the
    values shown), its first field is, naming the rules the shown values break — a group
    that broke a rule never passes silently."""
    if any(out[k].blocking for k in group):
        return
    rules = rs.broken_rules(out, group, known) or [rs.GROUP_RULES[group[0]]]
    label = "证书号码" if group[0] == "certificate_number" else "身份证件号码"
    rule = "、".join(rules)
    out[group[0]].fail(Finding("unsolved", group[0], f"{label}与相关字段的识别结果无法同时满足规则"
                               f"（{rule}），请核对", "warning", {"rule": rule}), 0.5)


def _shared_conflict(out: dict[str, Value], group: tuple[str, ...]) -> None:
    """A field of the group whose clear reading the rules overrode (``conflict``: 2012 read
    twice, changed to 2017 for a certificate number read 2017) says the readings contradict
    each other, not which one is wrong: every other field of the group the rules matched it
    to is flagged too, unless something already sends it to a person (the booklet is in
    review anyway; no wrong value of the group may look settled)."""
    against = [k for k in group if any(f.code == "conflict" for f in out[k].findings)]
    if not against:
        return
    names = "、".join(FIELD_LABELS.get(k, k) for k in against)
    for key in group:
        v = out[key]
        if key in against or v.blocking or not v.value:
            continue
        v.fail(Finding("conflict", key, f"{FIELD_LABELS.get(key, key)}与{names}的识别结果互相"
                       "矛盾，无法确定哪一项误识，请核对", "warning",
                       {"rule": "字段间规则", "with": against}), 0.5)


def _decode_group(
    center: Field, leaves: list[tuple[Field, Pair]], free: set[str], out: dict[str, Value],
    solvable: bool = True,
) -> bool:
    """Decide a number and the fields it must agree with; False when no combination of
    their candidates satisfies every rule (each field is then decided on its own)."""
    group = [center, *(f for f, _ in leaves)]
    marg = star(center, leaves)
    cautious = star(center, leaves, cautious=True)
    solved = solvable and all(marg[f.key] or not f.options for f in group)
    has_center = bool(marg[center.key])
    for f in group:
        proven = f.key not in free and (
            f is center or f.key in _VOCABULARY or has_center and bool(marg[f.key])
        )
        out[f.key] = decide(f, marg[f.key] if solved else None, proven,
                            cautious[f.key] if solved else None)
    return solved


def _decode_id(fields: dict[str, Field], out: dict[str, Value]) -> bool:
    """ID number, birth date (its birth segment) and gender (its order digit's parity);
    characters a seal hid in one are restored from the other (``_decide_restore``)."""
    ident, birth = fields["id_number"], fields["birth_date"]
    restore.restore_birth(birth, restore.read_twice(ident))
    birth_cut.restore_cut(birth, ident)  # 1967年2月2: its day's end lost under a seal
    if ident.spec is not None:
        restore.restore_id(ident, restore.read_twice(birth), ident.spec.value)
    leaves: list[tuple[Field, Pair]] = [(fields["birth_date"], _birth_ok),
                                        (fields["gender"], _gender_ok)]
    solved = _decode_group(fields["id_number"], leaves, set(), out)
    # a seal over both can leave a valid but wrong date (1991年11月2 for …21日)
    _unchecked(ident, out, "birth_date", "身份证号码出生日期段")
    return solved


def _unchecked(number: Field, out: dict[str, Value], key: str, rule: str) -> None:
    """The number was read but lost or broke digits (its candidates, if any, were made from
    the date ``key`` itself): the date has nothing independent to agree with, and readings of
    it can be misread alike (a seal over both; a coarse, compressed page read 2007.7.24 as
    2000.7.24 each time). A date that looked sure on its own readings is flagged, naming the
    check it lost."""
    unread = not number.options or set(number.options) <= set(number.restored)
    v = out[key]
    if number.readings and unread and out[number.key].blocking and v.value and not v.blocking:
        name, digits = FIELD_LABELS.get(key, key), FIELD_LABELS.get(number.key, number.key)
        v.fail(Finding("unconfirmed", key, f"{name}“{v.value}”无法与{digits}核对（号码未能识别），"
                       "请核对", "warning", {"rule": rule}), 0.5)  # fmt: skip


def _name(
    f: Field, crop: name_evidence.Crop | None = None, full: name_evidence.Crop | None = None
) -> Value:
    """The holder's name; one whose box caught a neighbouring label's first character is
    flagged. A doubt the name's ``crop`` (its value box on the page) settles clearly is
    settled: the candidates' characters compared with the printed ones. What the normalised
    page's crop leaves in doubt, the ``full`` one (the scan's own pixels, up to 2.5× as
    many per character) may settle, by the same strict test."""
    v = decide(f, None, False)
    if v.value and _vocab.glued_label(v.value) and not v.blocking:
        v.fail(Finding("unconfirmed", "name", f"姓名“{v.value}”末字可能是相邻标签的首字，请核对",
                       "warning", {"rule": "相邻标签"}), 0.5)
    if not v.blocking:
        return name_evidence.confirm(v, f.readings, (crop, full))
    settled = name_evidence.settle(v, f.options, f.readings, crop)
    return settled if settled is not v else name_evidence.settle(v, f.options, f.readings, full)


def _decode_cert(fields: dict[str, Field], out: dict[str, Value], known: reg.Known) -> bool:
    """Certificate number, issue date (year), type (digit 10), authority (province digits);
    the gender, once decided, rules out numbers whose digit 11 says otherwise. The registry's
    code for the likeliest authority proves digits 5–9 of a number that carries it."""
    gender = out["gender"]
    sure = gender.value if gender.value in ("男", "女") and not gender.blocking else None
    cert = fields["certificate_number"]
    names = [*_vocab.authority_names(), *reg.names(known)]
    restore.restore_authority(fields["issuing_authority"], names)
    restore.restore_authority_tail(fields["issuing_authority"],
                                   _tail_names(fields["issuing_authority"], known),
                                   restore.sure_province(cert),
                                   lambda a: rs.authority_provinces(a, known))
    restore.restore_type(fields["qualification_type"], _vocab.type_entries())
    if cert.spec is not None:
        restore.restore_cert(cert, _bound(fields, sure, known), cert.spec.value)
    agreeing = {
        v: c for v, c in cert.options.items()
        if sure is None or rs.cert_gender_agrees(v, Gender(sure))
    }
    solvable = bool(agreeing or not cert.options)
    cert.options = agreeing or cert.options
    leaves: list[tuple[Field, Pair]] = [
        (fields["issue_date"], _year_ok), (fields["qualification_type"], _type_ok),
        (fields["issuing_authority"],
         numbers.province_rule(fields["issuing_authority"], known, restore.sure_province(cert))),
    ]
    authority = max(fields["issuing_authority"].options.values(), key=lambda c: c.share,
                    default=None)
    cert.codes = reg.codes(known, authority.text) if authority else frozenset()
    issue = fields["issue_date"]
    if issue.spec is not None:
        years = [v[:4] for v in restore.read_twice(cert)]
        restore.restore_issue_date(issue, years, issue.spec.value)
    fixed.fix_year(cert, issue)  # a clear reading of another year may be the misread
    fixed.fix_year(issue, cert)  # … and the number's sure year fixes the date's
    fixed.fix_province(cert, fields["issuing_authority"],  # … as a sure authority its province
                       lambda a: rs.authority_provinces(a, known), CONFIRM_SCORE)
    solved = _decode_group(cert, leaves, _FREE, out, solvable)
    _unchecked(cert, out, "issue_date", "证书号码年份")
    numbers.flag_unchecked_province(out["certificate_number"], fields["issuing_authority"], known)
    _refuse_unsupported(fields["issuing_authority"], out, known)
    return solved


def _tail_names(f: Field, known: reg.Known) -> Iterator[str]:
    """The authority names ``restore_authority_tail`` may find for ``f``, made only when it
    looks (it stops before iterating them when a reading is valid). A reading that lost one
    or two leading characters of a name starts with the next two characters of the name's
    place (at least two of the place's are read), so only names holding the first reading's
    two first characters at 1–2 or 2–3 can be its tail, and the other suffixes of such a
    name's place (its rivals) share them: the same names found as among all 137k, without a
    test of each."""
    start = f.readings[0].text[:2] if f.readings else ""
    if len(start) < 2:
        return
    yield from _by_inner_start().get(start, ())
    yield from (n for n in reg.names(known) if start in (n[1:3], n[2:4]))


@cache
def _by_inner_start() -> dict[str, tuple[str, ...]]:
    """The vocabulary's authority names by their characters 1–2 and 2–3 (made once)."""
    index: dict[str, list[str]] = {}
    for name in _vocab.authority_names():
        for key in {name[1:3], name[2:4]}:
            index.setdefault(key, []).append(name)
    return {k: tuple(v) for k, v in index.items()}


def _refuse_unsupported(f: Field, out: dict[str, Value], known: reg.Known) -> None:
    """An authority nobody read as is, chosen from the vocabulary on readings that do not
    show it (``scanning._authority_support``): the reading is shown as read, flagged."""
    v = out["issuing_authority"]
    option = f.options.get(v.value or "")
    if v.blocking or option is None or option.support or support.supported(
            option.text, f.readings, known):
        return
    read = "、".join(f"“{r.text}”" for r in f.readings)
    out["issuing_authority"] = Value(f.best_read or None, 0.0, [Finding(
        "authority_unknown", "issuing_authority",
        f"发证机关读作{read}，所读字符不足以确定为词表中的“{v.value}”，未自动更正，请核对",
        "warning", {"readings": [r.text for r in f.readings], "candidates": [[v.value, 1.0]],
                    "rule": "机关名称须由所读字符支持"})])


def _bound(fields: dict[str, Field], gender: str | None, known: reg.Known) -> dict[int, set[str]]:
    """Per position of a certificate number, the digits the other fields' values (each read
    twice as is) allow there: year, province, qualification type, gender."""
    bound: dict[int, set[str]] = {}
    for year in restore.read_twice(fields["issue_date"]):
        for i in range(4):
            bound.setdefault(i, set()).add(year[i])
    for a in restore.read_twice(fields["issuing_authority"]):
        for code in rs.authority_provinces(a, known):
            bound.setdefault(4, set()).add(code[0])
            bound.setdefault(5, set()).add(code[1])
    for label in restore.read_twice(fields["qualification_type"]):
        bound.setdefault(9, set()).add(rs.type_digit(label))
    if gender:
        bound[10] = {"0", "1", "2"}  # which of them the gender and year allow is checked after
    return bound
