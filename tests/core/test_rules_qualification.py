"""QualificationType and Gender: labels and tolerant parsing."""

import pytest

from core.errors import InvalidInput
from core.rules import Gender, QualificationType, parse_gender, parse_qualification_type

EXPECTED = [
    (1, "幼儿园", "幼儿园教师资格"),
    (2, "小学", "小学教师资格"),
    (3, "初级中学", "初级中学教师资格"),
    (4, "高级中学", "高级中学教师资格"),
    (5, "中等职业学校", "中等职业学校教师资格"),
    (6, "中等职业学校实习指导", "中等职业学校实习指导教师资格"),
    (7, "高等学校", "高等学校教师资格"),
]


@pytest.mark.parametrize(("code", "short", "label"), EXPECTED)
def test_codes_and_labels(code, short, label):
    qtype = QualificationType(code)
    assert (qtype.short, qtype.label) == (short, label)
    for form in (code, str(code), short, label, f" {label} ", chr(ord("０") + code)):
        assert parse_qualification_type(form) is qtype


def test_member_names():
    assert QualificationType.KINDERGARTEN == 1 and QualificationType.HIGHER == 7
    assert QualificationType.VOCATIONAL_PRACTICE.short == "中等职业学校实习指导"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("高级中学教师资格证书", QualificationType.SENIOR_SECONDARY),
        ("高 级 中 学　教 师 资 格", QualificationType.SENIOR_SECONDARY),
        ("高中", QualificationType.SENIOR_SECONDARY),
        ("初中教师资格", QualificationType.JUNIOR_SECONDARY),
        ("中职", QualificationType.VOCATIONAL),
        ("中等职业学校实习指导教师", QualificationType.VOCATIONAL_PRACTICE),
        ("中职实习指导教师资格", QualificationType.VOCATIONAL_PRACTICE),
        ("高校教师资格", QualificationType.HIGHER),
        ("幼儿园教师", QualificationType.KINDERGARTEN),
        ("  ４ ", QualificationType.SENIOR_SECONDARY),
    ],
)
def test_tolerant_forms(text, expected):
    assert parse_qualification_type(text) is expected


@pytest.mark.parametrize(
    "value", [0, 8, -1, "0", "8", "", "初级", "大学教师资格", "教师资格", True, "4.0", None, 4.0]
)
def test_unknown_qualification_type(value):
    with pytest.raises(InvalidInput) as caught:
        parse_qualification_type(value)
    assert (caught.value.field, caught.value.rule) == (
        "qualification_type",
        "unknown_qualification_type",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("男", Gender.MALE),
        ("女", Gender.FEMALE),
        ("M", Gender.MALE),
        ("f", Gender.FEMALE),
        ("Male", Gender.MALE),
        ("FEMALE", Gender.FEMALE),
        (" 女 ", Gender.FEMALE),
        ("Ｍ", Gender.MALE),
        ("男性", Gender.MALE),
    ],
)
def test_parse_gender(text, expected):
    assert parse_gender(text) is expected


@pytest.mark.parametrize("text", ["", "x", "男女", "unknown", "1"])
def test_parse_gender_refuses(text):
    with pytest.raises(InvalidInput) as caught:
        parse_gender(text, field="holder.gender")
    assert (caught.value.field, caught.value.rule) == ("holder.gender", "unknown_gender")


def test_gender_values_are_printed_characters():
    assert Gender.MALE == "男" and Gender.FEMALE == "女"
