"""What each information field must be on its own (its ``Spec``) and the cross-field rules,
all from ``core.rules``: GB 11643 ID numbers, certificate-number structure, dates, gender,
qualification types, and the vocabularies of ``scanning._vocab``."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import TYPE_CHECKING

from core.errors import InvalidInput
from core.rules import (
    EARLIEST_YEAR,
    GENDER_DIGIT_SINCE,
    Finding,
    Gender,
    QualificationType,
    check_certificate_number,
    id_number_findings,
    parse_cn_date,
    parse_gender,
    parse_qualification_type,
)
from scanning import _vocab
from scanning import _vocab_glyphs as glyphs
from scanning import _vocab_registry as reg
from scanning._candidates import DATE_CONFUSIONS, Allowed
from scanning._labels import QUALIFIER_WORDS
from scanning._ocr import Reading

if TYPE_CHECKING:
    from scanning._validate import Value

_ID_SHAPE = re.compile(r"^[0-9]{17}[0-9X]$")
_CERT_SHAPE = re.compile(r"^[0-9]{17}$")
_CJK = re.compile(r"^[\u4e00-\u9fff]+$")
_STRAY = re.compile(r"[:：.,，·'\"、]")
_EARLIEST_BIRTH = 1900
_DIGITS = "0123456789"
ADULT_AT_ISSUE = 18
PROVINCE_RULE = "证书号码省份代码与发证机关"
# The gender digit took over "about 2009": a few years' grace before 0/1 stop being candidates.
GENDER_DIGITS_ONLY = GENDER_DIGIT_SINCE + 3


@dataclass(frozen=True)
class Spec:
    """One field's own rules: the value a text means (None: not valid), which characters may
    stand where, extra look-alikes, vocabulary entries near a reading, and the rule findings
    to show when nothing is valid."""

    value: Callable[[str], str | None]
    allowed: Allowed | None = None
    extra: dict[str, str] | None = None
    near: Callable[[str], set[str]] | None = None
    alphabet: str = ""  # every single substitution from it is a candidate too
    vocabulary: bool = False  # ``near`` proposes entries of a closed list (a snap)
    explain: Callable[[str], list[Finding]] = lambda _t: []
    tidy: Callable[[Reading], Reading] = lambda r: r  # a reading without what cannot belong
    similar: Callable[[str, str], float | None] | None = None  # P(read | meant), unoffered


_DATE_TAIL = re.compile(r"^(.*[0-9]\s*日|[0-9]{4}[.\-/][0-9]{1,2}[.\-/][0-9]{1,2})([^0-9]+)$")
_DATE_HEAD = re.compile(r"^[\u4e00-\u9fff:：]{1,2}(?=[0-9]{4}\s*年)")


def cut_date_tail(r: Reading) -> Reading:
    """A date box that caught a seal's lettering after 日 or the day (2024年8月20日用章,
    2020.10.07专用章) or its label's last character before the year (期2009年11月20日): a
    written date starts with its year's digits and ends at its 日 or day, so the reading is
    cut there (a tail holding a digit is left: 日 may be a misread digit)."""
    head = _DATE_HEAD.match(r.text)
    if head:
        r = _slice(r, head.end(), len(r.text))
    m = _DATE_TAIL.match(r.text)
    if not m or "年" in m.group(1) and "月" not in m.group(1):
        return r
    return _slice(r, 0, len(m.group(1)))


# Dot leaders a form prints between a label and its value (出生年月……1990年1月), read before
# or after the value: no number or date holds them.
_LEADERS = "…‥⋯·•∙．.。_＿\\-—–~～"
_LEADING = re.compile(f"^[{_LEADERS}\\s]+")
_TRAILING = re.compile(f"[{_LEADERS}\\s]+$")


def cut_leaders(r: Reading, trailing: bool = True) -> Reading:
    """A number or date reading without the dot leaders read before it (and, for a number,
    after it): ……513232196304126406 is the number 513232196304126406 read as it is."""
    head = _LEADING.match(r.text)
    tail = _TRAILING.search(r.text) if trailing else None
    start, end = head.end() if head else 0, tail.start() if tail else len(r.text)
    return _slice(r, start, end) if (start or end < len(r.text)) and start < end else r


def _dated(r: Reading) -> Reading:
    return cut_date_tail(cut_leaders(r, trailing=False))


def _slice(r: Reading, start: int, end: int) -> Reading:
    return Reading(r.text[start:end], r.score, r.alternatives[start:end] if r.alternatives else ())


def _id_value(today: date) -> Callable[[str], str | None]:
    def value(t: str) -> str | None:
        if not _ID_SHAPE.match(t):
            return None
        return None if id_number_findings(t, birth_date=None, gender=None, today=today) else t

    return value


_EDGES = re.compile(r"^[^0-9A-Za-z]+|[^0-9A-Za-z]+$")


def _trimmed(t: str) -> set[str]:
    """A number whose box caught a neighbour's characters (20063368720996561市教): the
    number without them, a candidate like any other (confirmed or flagged as usual)."""
    core = _EDGES.sub("", t)
    return {core} if core and core != t else set()


def _id_allowed(i: int, c: str) -> bool:
    return c.isdigit() and c.isascii() or (i == 17 and c == "X")


def _digit_allowed(_i: int, c: str) -> bool:
    return c.isascii() and c.isdigit()


def _date_value(earliest: int, today: date) -> Callable[[str], str | None]:
    def value(t: str) -> str | None:
        t = _STRAY.sub("", t) if "年" in t else t
        try:
            d = parse_cn_date(t)
        except InvalidInput:
            return None
        return d.isoformat() if earliest <= d.year and d <= today else None

    return value


def _cert_value(today: date) -> Callable[[str], str | None]:
    def value(t: str) -> str | None:
        ok = _CERT_SHAPE.match(t) and "1" <= t[9] <= "7" and t[10] in "012"
        ok = ok and (t[10] != "0" or int(t[:4]) < GENDER_DIGITS_ONLY)
        return t if ok and EARLIEST_YEAR <= int(t[:4]) <= today.year else None

    return value


def _gender_value(t: str) -> str | None:
    try:
        return str(parse_gender(t))
    except InvalidInput:
        return None


def _type_value(t: str) -> str | None:
    try:
        return parse_qualification_type(t).label
    except InvalidInput:
        return None


def _name_value(t: str) -> str | None:
    return t if _CJK.match(t) and 2 <= len(t) <= 4 else None


def _explain_id(today: date) -> Callable[[str], list[Finding]]:
    return lambda t: id_number_findings(t, birth_date=None, gender=None, today=today)


def _explain(code: str, field: str, message: str, severity: str = "error") -> Callable[
    [str], list[Finding]
]:
    return lambda t: [Finding(code, field, message.format(t), severity)]  # type: ignore[arg-type]


def _authority_value(known: reg.Known) -> Callable[[str], str | None]:
    return lambda t: t if _vocab.is_authority(t) or t in reg.names(known) else None


# The seal's lettering read after the name (吉林省教育序用章: …厅 under 教师资格认定专用章).
_SEAL_TAIL = re.compile(r"(?:教师资格认定)?专?用章$")


def _near_authorities(known: reg.Known) -> Callable[[str], set[str]]:
    def near(t: str) -> set[str]:
        out: set[str] = set()
        for text in {t, *_stray_cuts(t)}:
            out |= _vocab.near_authorities(text) | reg.near(known, text)
        return out

    return near


def cut_seal_tail(r: Reading) -> Reading:
    """An authority reading that ran on into the seal's lettering (吉林省教育用章): no
    authority's name ends in 用章, so the reading is cut before it."""
    m = _SEAL_TAIL.search(r.text)
    return _slice(r, 0, m.start()) if m and m.start() >= 3 else r


_QUALIFIER = r"(?:[(（](?:" + "|".join(QUALIFIER_WORDS) + r")[)）])?"
# The label a value box caught before the value (教师资格 初级中学教师资格, （专业）英语): the
# label words of the field, its bracketed qualifier, a colon. A qualification type's head is cut
# only where exactly a type form follows (what is left must be an entry as read, so the cut
# never leads to a snap); a subject's only where a bracket opens or closes a whole qualifier
# word (（专业幼儿园: the closing bracket lost).
_LABEL_HEADS = {
    "qualification_type": re.compile(
        r"^\s*(?:教师资格种类|教师资格类别|资格种类|资格类别|教师资格)\s*" + _QUALIFIER
        + r"\s*[:：]?\s*(?=(?:" + "|".join(sorted(_vocab.type_entries(), key=len, reverse=True))
        + r")\s*$)"),
    "subject": re.compile(
        r"^\s*(?:任教学科|学科)?\s*(?:[(（](?:" + "|".join(QUALIFIER_WORDS) + r")[)）]?|(?:"
        + "|".join(QUALIFIER_WORDS) + r")[)）])\s*[:：]?\s*(?=[\u4e00-\u9fff])"),
}


def label_head(key: str, text: str) -> str:
    """The label text a reading of ``key`` starts with before its value ("" if none)."""
    m = _LABEL_HEADS[key].match(text) if key in _LABEL_HEADS else None
    return m.group(0) if m else ""


def _cut_label_head(key: str) -> Callable[[Reading], Reading]:
    def tidy(r: Reading) -> Reading:
        head = label_head(key, r.text)
        return _slice(r, len(head), len(r.text)) if head else r

    return tidy


def _stray_cuts(t: str) -> set[str]:
    """An authority reading without what a neighbour added: the seal's lettering after it, one
    stray character before it (the label's last, a seal glyph: 教广东省教育厅). What is left
    is only a candidate: it must still be a vocabulary entry and agree with the number."""
    cuts = {_SEAL_TAIL.sub("", t)} if _SEAL_TAIL.search(t) else set()
    if len(t) >= 5:
        cuts.add(t[1:])
    return {c for c in cuts if len(c) >= 3}


@cache
def spec(key: str, today: date, known: reg.Known = reg.NONE) -> Spec:
    """The rules one field must satisfy on its own (``known``: the registry's authorities)."""
    specs = {
        "id_number": Spec(_id_value(today), _id_allowed, alphabet=_DIGITS + "X", near=_trimmed,
                          explain=_explain_id(today), tidy=cut_leaders),
        "birth_date": Spec(_date_value(_EARLIEST_BIRTH, today), extra=DATE_CONFUSIONS,
                           alphabet=_DIGITS, tidy=_dated,
                           explain=_explain("date_format", "birth_date", "无法识别的日期：{}")),
        "issue_date": Spec(_date_value(EARLIEST_YEAR, today), extra=DATE_CONFUSIONS,
                           alphabet=_DIGITS, tidy=_dated,
                           explain=_explain("date_format", "issue_date",
                                            f"无法识别的日期或不在 {EARLIEST_YEAR} 年至今：{{}}")),
        "gender": Spec(_gender_value, near=lambda _t: {"男", "女"},
                       explain=_explain("unknown_gender", "gender", "无法识别的性别：{}")),
        "certificate_number": Spec(_cert_value(today), _digit_allowed, alphabet=_DIGITS,
                                   near=_trimmed, tidy=cut_leaders,
                                   explain=lambda t: check_certificate_number(t, today=today)),
        "qualification_type": Spec(_type_value, near=_vocab.near_types, vocabulary=True,
                                   tidy=_cut_label_head("qualification_type"), explain=_explain(
            "unknown_qualification_type", "qualification_type", "无法识别的资格种类：{}")),
        "issuing_authority": Spec(
            _authority_value(known), near=_near_authorities(known), similar=glyphs.misread_p,
            vocabulary=True, tidy=cut_seal_tail,
            explain=_explain("authority_unknown", "issuing_authority",
                             "机关名称“{}”不能由行政区划与教育部门名称拼出"
                             + ("，也不是已登记的机关" if known else "") + "，请核对", "warning")),
        "name": Spec(_name_value, explain=_explain("name_format", "name",
                                                   "姓名应为 2–4 个汉字：{}", "warning")),
        "subject": Spec(lambda t: t if t in _vocab.SUBJECTS else None, near=_vocab.near_subjects,
                        vocabulary=True, tidy=_cut_label_head("subject")),
        "subject_free": Spec(lambda t: t if _CJK.match(t) and len(t) <= 8 else None,
                             tidy=_cut_label_head("subject"),
                             explain=_explain("subject_format", "subject",
                                              "任教学科应为不超过 8 个汉字：{}")),
    }  # fmt: skip
    return specs[key]


def id_gender(ident: str) -> str:
    """The gender the ID's order digit (17th character) encodes."""
    return str(Gender.MALE if int(ident[16]) % 2 else Gender.FEMALE)


def qtype(label: str) -> QualificationType:
    """The qualification type of a full label."""
    return parse_qualification_type(label)


@cache
def type_digit(label: str) -> str:
    """Digit 10 of the certificate number for a qualification type's label."""
    return str(int(parse_qualification_type(label)))


def authority_provinces(authority: str, known: reg.Known = reg.NONE) -> frozenset[str]:
    """Province codes an authority may lie in: its place chain's, and the registry's codes."""
    return _vocab.authority_provinces(authority) | reg.provinces(known, authority)


def province_agrees(cert: str, authority: str, known: reg.Known = reg.NONE) -> bool:
    """The number's province digits name a province the authority's place lies in."""
    provinces = authority_provinces(authority, known)
    return not provinces or cert[4:6] in provinces


def cert_gender_agrees(cert: str, gender: Gender) -> bool:
    """Digit 11: 1 male / 2 female since about 2009 (from 2012 on nothing else is read as a
    valid number); older books used 0/1, where 1 proves nothing."""
    digit, year = cert[10], int(cert[:4])
    if digit == "2":
        return gender is Gender.FEMALE
    if digit == "1" and year >= GENDER_DIGIT_SINCE:
        return gender is Gender.MALE
    return digit in "01" and year < GENDER_DIGITS_ONLY


def in_subjects(value: str | None) -> bool:
    """A subject from the list of common subjects."""
    return value in _vocab.SUBJECTS


def _iso(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _province_finding(cert: str, authority: str | None, known: reg.Known) -> Finding | None:
    """The number's province digits name none of the provinces the authority's place may lie
    in (西区教育局: 43 or 51; a number of 36 fits neither)."""
    provinces = authority_provinces(authority, known) if authority else frozenset()
    if not provinces or cert[4:6] in provinces:
        return None
    return Finding("cert_province_mismatch", "certificate_number",
                   f"证书号码第 5–6 位省份代码 {cert[4:6]} 与发证机关“{authority}”所在省份 "
                   f"{'、'.join(sorted(provinces))} 不一致", "error",
                   {"rule": PROVINCE_RULE})


def cross_findings(out: Mapping[str, Value], today: date, known: reg.Known = reg.NONE) -> None:
    """No combination satisfies every rule: name each cross-field rule the chosen values break."""
    ident, cert = out["id_number"].value, out["certificate_number"].value
    if ident and _ID_SHAPE.match(ident):
        gender = out["gender"].value
        for f in id_number_findings(ident, birth_date=_iso(out["birth_date"].value),
                                    gender=gender if gender in ("男", "女") else None, today=today):
            _blame(out, f, {"id_birth_date_mismatch": "birth_date", "id_gender_mismatch": "gender"})
    if cert and _CERT_SHAPE.match(cert):
        label, gender = _type_value(out["qualification_type"].value or ""), out["gender"].value
        found = check_certificate_number(
            cert,
            qualification_type=qtype(label) if label else None,
            issue_date=_iso(out["issue_date"].value),
            gender=gender if gender in ("男", "女") else None,
            today=today,
        )
        province = _province_finding(cert, out["issuing_authority"].value, known)
        found += [province] if province else []
        other = {"cert_year_mismatch": "issue_date", "cert_type_mismatch": "qualification_type",
                 "cert_province_mismatch": "issuing_authority", "cert_gender_mismatch": "gender"}
        for f in found:
            _blame(out, f, other)


def _blame(out: Mapping[str, Value], f: Finding, other: Mapping[str, str]) -> None:
    """A broken cross rule flags the field it was checked on and the field it compares with."""
    if any(x.code == f.code for x in out[f.field].findings):
        return
    out[f.field].fail(f, 0.3 if f.severity == "error" else 0.5)
    if f.code in other:
        peer = other[f.code]
        out[peer].fail(Finding(f.code, peer, f.message, f.severity), 0.5)


def plausibility(out: Mapping[str, Value], today: date) -> None:
    """A holder is an adult when the certificate is granted."""
    born, issued = _iso(out["birth_date"].value), _iso(out["issue_date"].value)
    if born and issued and (issued.year - born.year - ((issued.month, issued.day) <
                                                        (born.month, born.day))) < ADULT_AT_ISSUE:
        message = f"批准日期 {issued} 时持证人不满 {ADULT_AT_ISSUE} 周岁（出生日期 {born}）"
        for key in ("birth_date", "issue_date"):
            out[key].fail(Finding("implausible_age", key, message), 0.3)


GROUP_RULES = {"certificate_number": "证书号码与批准日期、资格种类、发证机关、性别",
               "id_number": "身份证号码出生日期段与性别位"}


def broken_rules(
    out: Mapping[str, Value], group: tuple[str, ...], known: reg.Known = reg.NONE
) -> list[str]:
    """The cross rules the shown values of a group break (only where both values are well
    formed enough to compare)."""
    if group[0] == "certificate_number":
        return _cert_breaks(out, known)
    ident, born, gender = (out[k].value or "" for k in ("id_number", "birth_date", "gender"))
    if not _ID_SHAPE.match(ident):
        return []
    broken = ["身份证号码出生日期段"] if born and ident[6:14] != born.replace("-", "") else []
    return broken + (["身份证号码性别位"] if gender in ("男", "女") and id_gender(ident) != gender
                     else [])


def _cert_breaks(out: Mapping[str, Value], known: reg.Known) -> list[str]:
    cert = out["certificate_number"].value or ""
    if not _CERT_SHAPE.match(cert):
        return []
    issued, label = out["issue_date"].value, _type_value(out["qualification_type"].value or "")
    authority, gender = out["issuing_authority"].value, out["gender"].value
    checks = [
        ("证书号码年份与批准日期", bool(issued) and cert[:4] != (issued or "")[:4]),
        ("证书号码资格种类代码", bool(label) and cert[9] != type_digit(label or "")),
        (PROVINCE_RULE, bool(authority) and not province_agrees(cert, authority or "", known)),
        ("证书号码性别位", gender in ("男", "女") and not cert_gender_agrees(cert, Gender(gender))),
    ]
    return [rule for rule, broken in checks if broken]
