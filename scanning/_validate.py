"""A field's result (``Value``: value, confidence, typed findings) and the small parsers the
remarks and registration pages share. The information page is decoded in ``scanning._decide``."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from core.errors import InvalidInput
from core.rules import HAN_RUN, Finding, division_name, parse_cn_date
from scanning._candidates import CONFUSIONS
from scanning._date_rules import STRAY as _STRAY  # one set of stray marks for every date
from scanning._places import suggest_authority
from scanning._vocab import is_authority

__all__ = [
    "CONFUSIONS", "DASHES", "Findings", "Value", "parse_authority", "parse_date", "same_reading",
]

DASHES = re.compile(r"^[—\-–－_/无一]*$")  # an empty box, however the dash is read
Findings = list[Finding]


class Value:
    """A normalised field value with its confidence and findings."""

    def __init__(
        self, value: str | None, confidence: float, findings: Iterable[Finding] = ()
    ) -> None:
        self.value = value
        self.confidence = confidence
        self.findings: Findings = list(findings)

    def __repr__(self) -> str:
        return f"Value({self.value!r}, {self.confidence!r}, {list(self.findings)!r})"

    @property
    def blocking(self) -> bool:
        """True when a finding sends the record to review."""
        return any(f.blocking for f in self.findings)

    def fail(self, finding: Finding, cap: float = 0.3) -> None:
        """Record a failed check and cap the confidence."""
        self.findings.append(finding)
        self.confidence = min(self.confidence, cap)


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
        return Value(None, 0.0, [Finding("missing", name, "未识别到日期")])
    if "年" in raw:
        raw = _STRAY.sub("", raw)  # seal remnants read as stray punctuation inside a date
    try:
        return Value(parse_cn_date(raw, field=name).isoformat(), score)
    except InvalidInput as e:
        return Value(None, 0.0, [Finding(e.rule or e.code, name, e.message)])


def parse_authority(raw: str | None, score: float, name: str = "issuing_authority") -> Value:
    """An education authority's name, spelt from known place names and a known suffix."""
    if raw is None:
        return Value(None, 0.0, [Finding("missing", name, "未识别到发证机关")])
    v = Value(raw, score)
    if not (HAN_RUN.fullmatch(raw) and len(raw) <= 24):
        v.fail(Finding("authority_format", name, f"机关名称异常：{raw!r}", "warning"), 0.5)
    elif not is_authority(raw):
        v.fail(Finding("authority_unknown", name, f"机关名称“{raw}”不能由行政区划名称拼出，"
                       "请核对", "warning"), 0.6)
        suggestion = suggest_authority(raw)
        if suggestion:
            # Shown as the value for the reviewer, but never passed without review.
            v.value = suggestion
            v.findings.append(Finding("suggested", name, f"按行政区划名称建议为“{suggestion}”",
                                      "warning"))
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
