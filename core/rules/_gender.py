"""Gender (性别) as printed on the booklet and as typed in imports."""

from __future__ import annotations

from enum import StrEnum

from core.errors import InvalidInput

from ._text import squeeze


class Gender(StrEnum):
    """Gender of the holder; the value is the printed Chinese character."""

    MALE = "男"
    FEMALE = "女"

    @property
    def english(self) -> str:
        """The word on English pages: male / female."""
        return "male" if self is Gender.MALE else "female"


_FORMS: dict[str, Gender] = {
    "男": Gender.MALE,
    "男性": Gender.MALE,
    "m": Gender.MALE,
    "male": Gender.MALE,
    "女": Gender.FEMALE,
    "女性": Gender.FEMALE,
    "f": Gender.FEMALE,
    "female": Gender.FEMALE,
}


def parse_gender(text: str, *, field: str = "gender") -> Gender:
    """Parse 男/女, M/F or male/female (any case, full-width tolerated)."""
    gender = _FORMS.get(squeeze(text).casefold()) if isinstance(text, str) else None
    if gender is None:
        raise InvalidInput(
            f"无法识别的性别：{text!r}（应为“男”或“女”）", field=field, rule="unknown_gender"
        )
    return gender
