"""What each information field must be on its own (its ``Spec``), from ``core.rules``: GB
11643 ID numbers, certificate-number structure, dates (``scanning._date_rules``), gender,
qualification types, and the vocabularies of ``scanning._vocab``. The cross-field rules live
in ``scanning._cross_rules`` and are re-exported here for the decoder."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache

from core.errors import InvalidInput
from core.rules import (
    DIVISION_ENDS,
    EARLIEST_YEAR,
    HAN_RANGE,
    HAN_RUN,
    LEADERS,
    Finding,
    check_certificate_number,
    id_number_findings,
    parse_gender,
)
from scanning import _vocab
from scanning import _vocab_glyphs as glyphs
from scanning import _vocab_registry as reg
from scanning._candidates import DATE_CONFUSIONS, Allowed
from scanning._cross_rules import (
    ADULT_AT_ISSUE,
    CERT_SHAPE,
    GENDER_DIGITS_ONLY,
    GROUP_RULES,
    ID_SHAPE,
    PROVINCE_RULE,
    authority_provinces,
    broken_rules,
    cert_gender_agrees,
    cross_findings,
    id_gender,
    in_subjects,
    plausibility,
    province_agrees,
    qtype,
    shared_place,
    type_digit,
    type_value,
)
from scanning._date_rules import (
    cut_date_tail,
    cut_leaders,
    date_value,
    slice_reading,
    tidy_date,
)
from scanning._labels import QUALIFIER_WORDS
from scanning._number_runs import LENGTHS, cut_label_end
from scanning._ocr import Reading

__all__ = [
    "ADULT_AT_ISSUE", "GENDER_DIGITS_ONLY", "GROUP_RULES", "PROVINCE_RULE", "Spec",
    "authority_provinces", "broken_rules", "cert_gender_agrees", "cross_findings",
    "cut_date_tail", "cut_leaders", "cut_seal_tail", "id_gender", "in_subjects", "label_head",
    "plausibility", "province_agrees", "qtype", "shared_place", "spec", "type_digit",
]

_EARLIEST_BIRTH = 1900
_DIGITS = "0123456789"


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


def _id_value(today: date) -> Callable[[str], str | None]:
    def value(t: str) -> str | None:
        if not ID_SHAPE.match(t):
            return None
        return None if id_number_findings(t, birth_date=None, gender=None, today=today) else t

    return value


_EDGES = re.compile(r"^[^0-9A-Za-z]+|[^0-9A-Za-z]+$")


def _trimmed(t: str) -> set[str]:
    """A number whose box caught a neighbour's characters (20063368720996561市教): the
    number without them, a candidate like any other (confirmed or flagged as usual)."""
    core = _EDGES.sub("", t)
    return {core} if core and core != t else set()


def _cert_tidy(r: Reading) -> Reading:
    """A certificate-number reading without the leaders, and the label's end, read before it
    (``_number_runs.cut_label_end``: 码20065310220046212 read where the box met 证书号码)."""
    return cut_label_end(cut_leaders(r), LENGTHS["certificate_number"])


def _id_allowed(i: int, c: str) -> bool:
    return c.isdigit() and c.isascii() or (i == 17 and c == "X")


def _digit_allowed(_i: int, c: str) -> bool:
    return c.isascii() and c.isdigit()


def _cert_value(today: date) -> Callable[[str], str | None]:
    def value(t: str) -> str | None:
        ok = CERT_SHAPE.match(t) and "1" <= t[9] <= "7" and t[10] in "012"
        ok = ok and (t[10] != "0" or int(t[:4]) < GENDER_DIGITS_ONLY)
        return t if ok and EARLIEST_YEAR <= int(t[:4]) <= today.year else None

    return value


def _gender_value(t: str) -> str | None:
    try:
        return str(parse_gender(t))
    except InvalidInput:
        return None


# A transcribed ethnic-minority name (维吾尔族、哈萨克族 …) as an ID card prints it: words of two
# or more Han characters joined by "·" (热依拉·艾力, 阿依古丽·买买提), longer than a Han name.
_JOINED_NAME = re.compile(rf"^[{HAN_RANGE}]{{2,}}(?:·[{HAN_RANGE}]{{2,}})+$")
_JOINED_LONGEST = 20


def _free_subject(text: str) -> str | None:
    """A subject outside the list: Han characters alone, no longer than the longest subject."""
    return text if HAN_RUN.fullmatch(text) and len(text) <= SUBJECT_MAX else None


def _name_value(t: str) -> str | None:
    """A Han name of 2–4 characters, or a transcribed name whose words "·" joins."""
    if HAN_RUN.fullmatch(t) and 2 <= len(t) <= 4:
        return t
    return t if _JOINED_NAME.match(t) and len(t) <= _JOINED_LONGEST else None


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
    return slice_reading(r, 0, m.start()) if m and m.start() >= 3 else r


_QUALIFIER = r"(?:[(（](?:" + "|".join(QUALIFIER_WORDS) + r")[)）])?"
# The label a value box caught before the value (教师资格 初级中学教师资格, （专业）英语): the
# label words of the field, its bracketed qualifier, a colon. A qualification type's head is cut
# only where exactly a type form follows (what is left must be an entry as read, so the cut
# never leads to a snap); a subject's only where a bracket opens or closes a whole qualifier
# word (（专业幼儿园: the closing bracket lost).
_LEADER_MARKS = re.escape(LEADERS)  # for the character classes below
_LABEL_HEADS = {
    "qualification_type": re.compile(
        r"^\s*(?:教师资格种类|教师资格类别|资格种类|资格类别|教师资格)\s*" + _QUALIFIER
        + r"\s*[:：]?\s*(?=(?:" + "|".join(sorted(_vocab.type_entries(), key=len, reverse=True))
        + r")\s*$)"),
    "subject": re.compile(
        r"^\s*(?:任教学科|学科)?\s*(?:(?:[(（](?:" + "|".join(QUALIFIER_WORDS) + r")[)）]?|(?:"
        + "|".join(QUALIFIER_WORDS) + r")[)）])[\s" + _LEADER_MARKS + r"]*[:：]?[\s" + _LEADER_MARKS
        + rf"]*(?=[{HAN_RANGE}])|[(（](?:" + "|".join(sorted({w[0] for w in QUALIFIER_WORDS}))
        + r")(?=(?:" + "|".join(sorted(_vocab.SUBJECTS, key=len, reverse=True)) + r")$))"),
}


def label_head(key: str, text: str) -> str:
    """The label text a reading of ``key`` starts with before its value ("" if none)."""
    m = _LABEL_HEADS[key].match(text) if key in _LABEL_HEADS else None
    return m.group(0) if m else ""


def _cut_label_head(key: str) -> Callable[[Reading], Reading]:
    def tidy(r: Reading) -> Reading:
        head = label_head(key, r.text)
        return slice_reading(r, len(head), len(r.text)) if head else r

    return tidy


def _tidy_subject(r: Reading) -> Reading:
    """A subject reading without its label and without the leaders a form prints around the
    value (-电气工程及其自动化): no subject holds a dash or a dot."""
    return cut_leaders(_cut_label_head("subject")(cut_leaders(r)))


# The longest subject the rules let stand as free text: a university major runs past eight
# characters (电气工程及其自动化, 机械设计制造及其自动化), so the list's longest entry and a margin.
SUBJECT_MAX = max(12, max(len(s) for s in _vocab.SUBJECTS))


def _stray_cuts(t: str) -> set[str]:
    """An authority reading without what a neighbour added: the seal's lettering after it, one
    stray character before it (the label's last, a seal glyph: 教广东省教育厅) unless it ends
    a division (``DIVISION_ENDS``: read before an office's place it ends a higher division
    whose name was lost, 省杭州市教育局 for 浙江省杭州市教育局). What is left is only a
    candidate: it must still be a vocabulary entry and agree with the number."""
    cuts = {_SEAL_TAIL.sub("", t)} if _SEAL_TAIL.search(t) else set()
    if len(t) >= 5 and t[0] not in DIVISION_ENDS:
        cuts.add(t[1:])
    return {c for c in cuts if len(c) >= 3}


@cache
def spec(key: str, today: date, known: reg.Known = reg.NONE) -> Spec:
    """The rules one field must satisfy on its own (``known``: the registry's authorities)."""
    specs = {
        "id_number": Spec(_id_value(today), _id_allowed, alphabet=_DIGITS + "X", near=_trimmed,
                          explain=_explain_id(today), tidy=cut_leaders),
        "birth_date": Spec(date_value(_EARLIEST_BIRTH, today), extra=DATE_CONFUSIONS,
                           alphabet=_DIGITS, tidy=tidy_date,
                           explain=_explain("date_format", "birth_date", "无法识别的日期：{}")),
        "issue_date": Spec(date_value(EARLIEST_YEAR, today), extra=DATE_CONFUSIONS,
                           alphabet=_DIGITS, tidy=tidy_date,
                           explain=_explain("date_format", "issue_date",
                                            f"无法识别的日期或不在 {EARLIEST_YEAR} 年至今：{{}}")),
        "gender": Spec(_gender_value, near=lambda _t: {"男", "女"},
                       explain=_explain("unknown_gender", "gender", "无法识别的性别：{}")),
        "certificate_number": Spec(_cert_value(today), _digit_allowed, alphabet=_DIGITS,
                                   near=_trimmed, tidy=_cert_tidy,
                                   explain=lambda t: check_certificate_number(t, today=today)),
        "qualification_type": Spec(type_value, near=_vocab.near_types, vocabulary=True,
                                   tidy=_cut_label_head("qualification_type"), explain=_explain(
            "unknown_qualification_type", "qualification_type", "无法识别的资格种类：{}")),
        "issuing_authority": Spec(
            _authority_value(known), near=_near_authorities(known), similar=glyphs.misread_p,
            vocabulary=True, tidy=cut_seal_tail,
            explain=_explain("authority_unknown", "issuing_authority",
                             "机关名称“{}”不能由行政区划与教育部门名称拼出"
                             + ("，也不是已登记的机关" if known else "") + "，请核对", "warning")),
        "name": Spec(_name_value, explain=_explain(
            "name_format", "name", "姓名应为 2–4 个汉字，或以“·”连接的译名：{}", "warning")),
        "subject": Spec(lambda t: t if t in _vocab.SUBJECTS else None, near=_vocab.near_subjects,
                        vocabulary=True, tidy=_tidy_subject),
        "subject_free": Spec(_free_subject, tidy=_tidy_subject,
                             explain=_explain("subject_format", "subject",
                                              f"任教学科应为不超过 {SUBJECT_MAX} 个汉字：{{}}")),
    }  # fmt: skip
    return specs[key]
