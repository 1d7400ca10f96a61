"""Normalise raw OCR values, validate them with ``core.rules``, and correct a single-character
OCR confusion only when exactly one candidate satisfies every constraint."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from core.errors import InvalidInput
from core.rules import (
    Finding,
    Gender,
    check_certificate_number,
    division_name,
    id_number_findings,
    normalize_digits,
    parse_cn_date,
    parse_gender,
    parse_qualification_type,
)
from scanning._places import known_authority, suggest_authority

# Characters a recogniser confuses with each other (shape-alike), both directions listed.
CONFUSIONS: dict[str, str] = {
    "0": "8689DOQ",
    "O": "0",
    "D": "0",
    "Q": "0",
    "o": "0",
    "1": "7I l|",
    "I": "1",
    "l": "1",
    "|": "1",
    "7": "1",
    "2": "Z7",
    "Z": "2",
    "z": "2",
    "3": "8",
    "8": "0369B",
    "B": "8",
    "5": "6S",
    "S": "58",
    "s": "5",
    "6": "58b",
    "b": "6",
    "9": "08g",
    "g": "9",
    "4": "A",
    "A": "4",
    "X": "xK×",
    "x": "X",
    "K": "X",
    "×": "X",
}
_STRAY = re.compile(r"[:：.,，·'\"、]")
DASHES = re.compile(r"^[—\-–－_/无一]*$")  # an empty box, however the dash is read
_CJK = re.compile(r"^[\u4e00-\u9fff]+$")
_AUTHORITY = re.compile(
    r"(教育局|教育厅|教育委员会|教育和体育局|教育体育局|教体局|人民政府|大学|学院)$"
)
KNOWN_SUBJECTS = frozenset(
    "语文 数学 英语 物理 化学 生物 历史 地理 思想政治 音乐 体育 美术 信息技术 学前教育 小学全科 "
    "通用技术 心理健康教育 道德与法治 科学 日语 俄语 书法 体育与健康 艺术 品德与社会 品德与生活 "
    "机械加工技术 会计事务 计算机应用 电子技术应用 汽车运用与维修 烹饪 护理 舞蹈 特殊教育".split()
)


@dataclass
class Value:
    """A normalised field value with its confidence and findings."""

    value: str | None
    confidence: float
    findings: list[str] = field(default_factory=list)

    def fail(self, message: str, cap: float = 0.3) -> None:
        """Record a failed check and cap the confidence."""
        self.findings.append(message)
        self.confidence = min(self.confidence, cap)


def fmt(f: Finding) -> str:
    """A core finding as one findings-list string."""
    return f"{f.code} [{f.field}] {f.message}"


def same_reading(first: str, second: str) -> bool:
    """Two readings agree once stray punctuation (seal and pattern specks) is ignored, and two
    date readings agree when they mean the same day."""
    a, b = _STRAY.sub("", first), _STRAY.sub("", second)
    if a == b or (DASHES.match(a) and DASHES.match(b)):
        return True
    if "年" in a and "年" in b:
        da, db = parse_date(a, 1.0, "date").value, parse_date(b, 1.0, "date").value
        return da is not None and da == db
    return False


def parse_date(raw: str | None, score: float, name: str) -> Value:
    """Chinese or ISO date → ISO; unparsable → null with a finding."""
    if raw is None:
        return Value(None, 0.0, [f"missing [{name}] 未识别到日期"])
    if "年" in raw:
        raw = _STRAY.sub("", raw)  # seal remnants read as stray punctuation inside a date
    try:
        return Value(parse_cn_date(raw, field=name).isoformat(), score)
    except InvalidInput as e:
        return Value(None, 0.0, [f"{e.code} [{name}] {e.message}"])


def parse_name(raw: str | None, score: float) -> Value:
    """2–4 Chinese characters."""
    if raw is None:
        return Value(None, 0.0, ["missing [name] 未识别到姓名"])
    v = Value(raw, score)
    if not (_CJK.match(raw) and 2 <= len(raw) <= 4):
        v.fail(f"name_format [name] 姓名应为 2–4 个汉字：{raw!r}")
    return v


def parse_gender_value(raw: str | None, score: float) -> Value:
    """男/女."""
    if raw is None:
        return Value(None, 0.0, ["missing [gender] 未识别到性别"])
    try:
        return Value(str(parse_gender(raw)), score)
    except InvalidInput as e:
        return Value(None, 0.0, [f"{e.code} [gender] {e.message}"])


def parse_type(raw: str | None, score: float) -> Value:
    """Full qualification-type label; one OCR slip corrected only if one label is that close."""
    if raw is None:
        return Value(None, 0.0, ["missing [qualification_type] 未识别到资格种类"])
    try:
        return Value(parse_qualification_type(raw).label, score)
    except InvalidInput:
        pass
    from core.rules import QualificationType

    near = [q.label for q in QualificationType if _one_off(raw, q.label)]
    if len(near) == 1:
        return Value(
            near[0],
            min(score, 0.92),
            [f"corrected [qualification_type] 资格种类由“{raw}”更正为“{near[0]}”"],
        )
    return Value(raw, 0.0, [f"unknown_qualification_type [qualification_type] 无法识别：{raw!r}"])


def _one_off(a: str, b: str) -> bool:
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1


def parse_subject(raw: str | None, score: float) -> Value:
    """1–8 Chinese characters; an unknown subject goes to review."""
    if raw is None:
        return Value(None, 0.0, ["missing [subject] 未识别到任教学科"])
    v = Value(raw, score)
    if not (_CJK.match(raw) and len(raw) <= 8):
        v.fail(f"subject_format [subject] 任教学科应为不超过 8 个汉字：{raw!r}")
    elif raw not in KNOWN_SUBJECTS:
        v.fail(f"subject_unknown [subject] 任教学科“{raw}”不在常见学科表中，请核对", 0.6)
    return v


def parse_authority(raw: str | None, score: float, name: str = "issuing_authority") -> Value:
    """An education authority's name, spelt from known place names and a known suffix."""
    if raw is None:
        return Value(None, 0.0, [f"missing [{name}] 未识别到发证机关"])
    v = Value(raw, score)
    if not (_CJK.match(raw) and len(raw) <= 24):
        v.fail(f"authority_format [{name}] 机关名称异常：{raw!r}", 0.5)
    elif not known_authority(raw):
        v.fail(f"authority_unknown [{name}] 机关名称“{raw}”不能由行政区划名称拼出，请核对", 0.6)
        suggestion = suggest_authority(raw)
        if suggestion:
            # Shown as the value for the reviewer, but never passed without review.
            v.value = suggestion
            v.findings.append(f"suggested [{name}] 按行政区划名称建议为“{suggestion}”")
    return v


@cache
def _province_names() -> dict[str, str]:
    names = {}
    for p in range(11, 66):
        try:
            name = division_name(f"{p}0000")
        except InvalidInput:
            continue
        if name:
            names[name] = f"{p}"
    return names


def province_of_authority(authority: str | None) -> str | None:
    """Two-digit province code when the authority's name starts with a province's full name.

    Only full names count: 天津市河北区教育局 is in Tianjin although 河北区 starts like 河北.
    """
    if not authority:
        return None
    for name, code in _province_names().items():
        if authority.startswith(name):
            return code
    return None


def single_fixes(
    text: str, ok: Callable[[str], bool], positions: Iterable[int] | None = None
) -> list[tuple[str, int]]:
    """Every string differing from ``text`` in one confusable character that passes ``ok``."""
    out = []
    for i in positions if positions is not None else range(len(text)):
        if i >= len(text):
            continue
        for alt in CONFUSIONS.get(text[i], ""):
            cand = text[:i] + alt + text[i + 1 :]
            if cand != text and ok(cand):
                out.append((cand, i))
    return out


def _constrained(kwargs: Mapping[str, object]) -> list[int]:
    """Positions of the certificate number the record constrains: year, province, type, sex."""
    positions: list[int] = []
    if kwargs["issue_date"] is not None:
        positions += [0, 1, 2, 3]
    if kwargs["province_code"] is not None:
        positions += [4, 5]
    if kwargs["qualification_type"] is not None:
        positions.append(9)
    if kwargs["gender"] is not None:
        positions.append(10)
    return positions


def _iso(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


Errors = Callable[[str], list[Finding]]


def _settle(
    field: str,
    text: str,
    score: float,
    errors: Errors,
    fixes: list[tuple[str, int]],
    why: str,
    alt: str | None,
) -> Value:
    """Keep a valid reading; else take a valid second reading (flagged); else apply the one
    constrained single-character fix (recorded); else flag every failed rule."""
    found = errors(text)
    if not found:
        return Value(text, score)
    if alt and not errors(alt):
        return Value(
            alt, 0.5, [f"second_read [{field}] 首次识别“{text}”未通过校验，采用第二次识别"]
        )
    if len(fixes) == 1:
        fixed, i = fixes[0]
        message = f"corrected [{field}] 第 {i + 1} 位 “{text[i]}”→“{fixed[i]}”：{why}"
        return Value(fixed, min(score, 0.92), [message])
    v = Value(text, score)
    for f in found:
        v.fail(fmt(f))
    if len(fixes) > 1:
        v.findings.append(f"ambiguous [{field}] {len(fixes)} 个候选均可通过校验，未更正")
    return v


def _only_errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "error"]


def check_id(
    raw: str | None, score: float, birth: str | None, gender: str | None, alt: str | None = None
) -> Value:
    """ID number: checksum, division, birth date and gender agreement; unique-fix a confusion."""
    if raw is None:
        return Value(None, 0.0, ["missing [id_number] 未识别到身份证件号码"])
    text = normalize_digits(raw).upper().replace(" ", "")
    sex = Gender(gender) if gender else None

    def errors(t: str) -> list[Finding]:
        return _only_errors(id_number_findings(t, birth_date=_iso(birth), gender=sex))

    # Without the printed birth date and gender the checksum alone is too weak to correct.
    fixes = single_fixes(text, lambda t: not errors(t)) if birth and sex and errors(text) else []
    why = "唯一满足校验位、出生日期与性别的候选"
    return _settle("id_number", text, score, errors, fixes, why, alt)


def check_cert(
    raw: str | None,
    score: float,
    qtype: str | None,
    issued: str | None,
    gender: str | None,
    authority: str | None,
    alt: str | None = None,
) -> Value:
    """Certificate number: 17 digits agreeing with type, year, province and gender."""
    if raw is None:
        return Value(None, 0.0, ["missing [certificate_number] 未识别到证书号码"])
    text = normalize_digits(raw).replace(" ", "")
    kwargs = {
        "qualification_type": parse_qualification_type(qtype) if qtype else None,
        "issue_date": _iso(issued),
        "province_code": province_of_authority(authority),
        "gender": Gender(gender) if gender else None,
    }

    def errors(t: str) -> list[Finding]:
        return _only_errors(check_certificate_number(t, **kwargs))  # type: ignore[arg-type]

    constrained = _constrained(kwargs)
    fixes: list[tuple[str, int]] = []
    if errors(text) and kwargs["qualification_type"] and kwargs["issue_date"]:
        fixes = single_fixes(text, lambda t: not errors(t), constrained)
        letters = [i for i, ch in enumerate(text) if not ch.isdigit()]
        if len(text) == 17 and len(letters) == 1 and letters[0] not in constrained:
            # A letter in an unchecked digit: fix only a letter that looks like one digit.
            i = letters[0]
            fixes = single_fixes(text, lambda t: not errors(t), [i])
            fixes = fixes if len(CONFUSIONS.get(text[i], "")) == 1 else []
    why = "唯一满足资格种类、年份与性别约束的候选"
    return _settle("certificate_number", text, score, errors, fixes, why, alt)
