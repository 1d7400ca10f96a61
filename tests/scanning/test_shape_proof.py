"""A page found by its values' shapes alone (every label unread) is proven the information page
when its values cross-check by every rule (ID check character, birth date = ID, gender = ID
order digit, certificate number's year, type, province and gender digits): then its fields
carry no ``found_by_shape`` warning; short of that, each still does (hand-made lines, no OCR)."""

from __future__ import annotations

from scanning import _shape_fields as shapes
from scanning import _validate as val
from scanning._pages import Role
from tests.scanning.test_shape_fields import CERT, ID, _page

# ID: female (order digit 4); CERT: 2015, Hainan (46), 初级中学 (3), female (2)
LINES = [
    "中华人民共和国教师资格证书", "郦梅", "女", "1972年12月07日", ID, "初级中学教师资格",
    "英语", CERT, "三亚市教育局", "2015年07月04日",
]  # fmt: skip
DECODED = {
    "name": "郦梅", "gender": "女", "birth_date": "1972-12-07", "id_number": ID,
    "qualification_type": "初级中学教师资格", "subject": "英语", "certificate_number": CERT,
    "issuing_authority": "三亚市教育局", "issue_date": "2015-07-04",
}  # fmt: skip


def _flagged(
    decoded: dict[str, str], lines: list[str] = LINES
) -> tuple[dict[str, val.Value], Role]:
    pages = [_page(lines, Role.OTHER)]
    info, shaped = shapes.complete(pages, None)
    assert info is not None and shaped == frozenset(DECODED)
    values = {k: val.Value(decoded[k], 0.99) for k in info[1]}
    shapes.flag(pages, info, values, shaped)
    return values, pages[0].role


def test_a_page_whose_values_cross_check_is_the_information_page() -> None:
    values, role = _flagged(DECODED)
    assert not any(v.findings for v in values.values())
    assert all(v.confidence == 0.99 for v in values.values())
    assert role is Role.INFORMATION


def test_one_broken_cross_rule_leaves_every_field_flagged() -> None:
    # the certificate number's year (2015) is not the issue date's year
    values, role = _flagged(DECODED | {"issue_date": "2016-07-04"})
    assert all(v.blocking and v.findings[0].code == "found_by_shape" for v in values.values())
    assert role is Role.OTHER


def test_a_field_in_doubt_of_its_own_leaves_the_page_unproven() -> None:
    pages = [_page(LINES, Role.OTHER)]
    info, shaped = shapes.complete(pages, None)
    assert info is not None
    values = {k: val.Value(DECODED[k], 0.99) for k in info[1]}
    values["issuing_authority"].findings.append(
        val.Finding("unconfirmed", "issuing_authority", "doubt", "warning"))
    shapes.flag(pages, info, values, shaped)
    assert values["gender"].blocking and values["name"].blocking


def test_an_unlisted_subject_and_a_name_below_other_fields_stay_flagged() -> None:
    lines = [LINES[0], "女", "郦梅", *LINES[3:6], "汽车运用", *LINES[7:]]
    values, role = _flagged(DECODED | {"subject": "汽车运用"}, lines)
    assert role is Role.INFORMATION
    assert values["name"].blocking and values["subject"].blocking
    assert not values["gender"].findings and not values["certificate_number"].findings
