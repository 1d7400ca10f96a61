"""An information page found by its labels that gave no fields, or too few: the fields its
labels did not give are told by their values' shapes on that page, each flagged for review
(hand-made lines, no OCR)."""

from __future__ import annotations

from scanning import _shape_fields as shapes
from scanning import _validate as val
from scanning._fields import RawField
from scanning._pages import Role
from tests.scanning.test_shape_fields import _page

ID = "46020419721207054X"
CERT = "20154620632830379"
VALUES = [
    "中华人民共和国教师资格证书", "郦梅", "女", "1972年12月07日", ID, "初级中学教师资格",
    "西班牙语", CERT, "三亚市教育局", "2015年07月04日",
]  # fmt: skip


def test_an_information_page_that_gave_no_fields_is_read_by_shape() -> None:
    pages = [_page(VALUES, Role.INFORMATION)]
    info, shaped = shapes.complete(pages, (0, {}))
    assert info is not None and info[0] == 0
    assert info[1]["id_number"].text == ID and info[1]["certificate_number"].text == CERT
    assert shaped == frozenset(info[1])
    values = {k: val.Value(v.text, 0.99) for k, v in info[1].items()}
    shapes.flag(pages, info, values, shaped)
    assert all(v.blocking and v.findings[0].code == "found_by_shape" for v in values.values())


def test_fields_its_labels_gave_stay_and_only_the_others_are_flagged() -> None:
    pages = [_page(VALUES, Role.INFORMATION)]
    name = RawField("郦梅", 0.9, pages[0].lines[1].box, 0)
    issue = RawField("2015年07月04日", 0.9, pages[0].lines[9].box, 0)
    info, shaped = shapes.complete(pages, (0, {"name": name, "issue_date": issue}))
    assert info is not None and info[1]["name"] is name and info[1]["issue_date"] is issue
    assert "name" not in shaped and "issue_date" not in shaped and "subject" in shaped
    values = {k: val.Value(v.text, 0.99) for k, v in info[1].items()}
    shapes.flag(pages, info, values, shaped)
    assert not values["name"].findings and values["subject"].blocking


def test_a_line_a_labelled_field_holds_is_no_other_field() -> None:
    pages = [_page(VALUES, Role.INFORMATION)]
    # the labels took the subject's line for the qualification type: it is not used again
    qtype = RawField("西班牙语", 0.9, pages[0].lines[6].box, 0)
    info, shaped = shapes.complete(pages, (0, {"qualification_type": qtype}))
    assert info is not None and "subject" not in info[1] and "subject" not in shaped


def test_no_page_with_an_id_number_keeps_the_labelled_page() -> None:
    # a check character that fails, beside too few other fields' values to mark the page
    bad = ["郦梅", "女", "1972年12月07日", ID[:-1] + "1", "2015年07月04日"]
    pages = [_page(bad, Role.INFORMATION)]
    assert shapes.complete(pages, (0, {})) == ((0, {}), frozenset())
    assert shapes.complete(pages, None) == (None, frozenset())


def test_a_misread_surname_found_by_shape_goes_to_review() -> None:
    from scanning._decide import decode
    from scanning._ocr import Reading

    texts = ["鄙梅" if t == "郦梅" else t for t in VALUES]
    info, _ = shapes.complete([_page(texts, Role.OTHER)], None)
    assert info is not None and info[1]["name"].text == "鄙梅"
    values = decode({k: [Reading(f.text, 0.95)] * 2 for k, f in info[1].items()})
    assert values["name"].blocking and any(f.field == "name" for f in values["name"].findings)
