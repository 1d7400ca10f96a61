"""Qualification types (资格种类) and their codes, as printed and as typed by clerks."""

from __future__ import annotations

from enum import IntEnum

from core.errors import InvalidInput

from ._text import squeeze

_SUFFIX = "教师资格"


class QualificationType(IntEnum):
    """The seven qualification types; the value is digit 10 of the certificate number."""

    KINDERGARTEN = 1
    PRIMARY = 2
    JUNIOR_SECONDARY = 3
    SENIOR_SECONDARY = 4
    VOCATIONAL = 5
    VOCATIONAL_PRACTICE = 6
    HIGHER = 7

    @property
    def short(self) -> str:
        """Short form used in rosters and statistics tables, e.g. 高级中学."""
        return _SHORT[self]

    @property
    def label(self) -> str:
        """Full legal name, e.g. 高级中学教师资格."""
        return _SHORT[self] + _SUFFIX

    @property
    def english(self) -> str:
        """The name on English pages, e.g. Senior secondary school teacher qualification."""
        return _ENGLISH[self]


_SHORT: dict[QualificationType, str] = {
    QualificationType.KINDERGARTEN: "幼儿园",
    QualificationType.PRIMARY: "小学",
    QualificationType.JUNIOR_SECONDARY: "初级中学",
    QualificationType.SENIOR_SECONDARY: "高级中学",
    QualificationType.VOCATIONAL: "中等职业学校",
    QualificationType.VOCATIONAL_PRACTICE: "中等职业学校实习指导",
    QualificationType.HIGHER: "高等学校",
}

_ENGLISH: dict[QualificationType, str] = {
    QualificationType.KINDERGARTEN: "Kindergarten teacher qualification",
    QualificationType.PRIMARY: "Primary school teacher qualification",
    QualificationType.JUNIOR_SECONDARY: "Junior secondary school teacher qualification",
    QualificationType.SENIOR_SECONDARY: "Senior secondary school teacher qualification",
    QualificationType.VOCATIONAL: "Secondary vocational school teacher qualification",
    QualificationType.VOCATIONAL_PRACTICE: (
        "Secondary vocational school practical-training instructor qualification"),
    QualificationType.HIGHER: "Higher-education teacher qualification",
}

# Everyday abbreviations seen on forms and rosters (高中, 中职 …), after the suffix is removed.
_ALIASES: dict[str, QualificationType] = {
    **{short: qtype for qtype, short in _SHORT.items()},
    "幼儿": QualificationType.KINDERGARTEN,
    "初中": QualificationType.JUNIOR_SECONDARY,
    "高中": QualificationType.SENIOR_SECONDARY,
    "中职": QualificationType.VOCATIONAL,
    "中专": QualificationType.VOCATIONAL,
    "中职实习指导": QualificationType.VOCATIONAL_PRACTICE,
    "高校": QualificationType.HIGHER,
}
# Longest first, so that 教师资格证书 is removed whole rather than leaving 证书 behind.
_SUFFIXES = ("教师资格证书", "教师资格证", "教师资格", "资格", "教师")


def _unknown(value: object) -> InvalidInput:
    return InvalidInput(
        f"无法识别的资格种类：{value!r}（应为代码 1–7 或名称，如“高级中学教师资格”）",
        field="qualification_type",
        rule="unknown_qualification_type",
    )


def _from_code(code: int, original: object) -> QualificationType:
    try:
        return QualificationType(code)
    except ValueError:
        raise _unknown(original) from None


def parse_qualification_type(value: str | int) -> QualificationType:
    """Parse a code (1–7, int or text) or a full, short or abbreviated name."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise _unknown(value)
    if isinstance(value, int):
        return _from_code(value, value)
    text = squeeze(value)
    if text.isascii() and text.isdigit():
        return _from_code(int(text), value)
    for suffix in ("", *_SUFFIXES):
        if text.endswith(suffix):
            stem = text[: len(text) - len(suffix)] if suffix else text
            if stem in _ALIASES:
                return _ALIASES[stem]
    raise _unknown(value)
