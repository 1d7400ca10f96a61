"""A labelled field whose value cannot be its field's (a subject read as a run of digits: the
certificate number's line taken under the subject's label, whose own value line was read as
its label) is no value: the field is looked for by its value's shape instead (fifth generator,
caption layout on a coarse bitonal scan; hand-made lines, no OCR)."""

from __future__ import annotations

from scanning import _shape_fields as shapes
from scanning._fields import RawField
from scanning._pages import Role
from scanning._shape_form import misfit
from tests.scanning.test_shape_fields import _page

ID = "450321198312235705"
VALUES = ["顾哲", "女", "1983.12.23", ID, "小学教师资格", "科学", "202045593220560",
          "环江毛南族自治县教育局", "2020.7.29"]  # fmt: skip


def test_a_subject_read_as_digits_is_found_by_its_shape_instead() -> None:
    pages = [_page(VALUES, Role.INFORMATION)]
    digits = RawField("202045593220560", 1.0, pages[0].lines[6].box, 0)
    birth = RawField("1983.12.23", 1.0, pages[0].lines[2].box, 0)
    info, shaped = shapes.complete(pages, (0, {"subject": digits, "birth_date": birth}))
    assert info is not None and info[1]["subject"].text == "科学"
    assert "subject" in shaped and info[1]["birth_date"] is birth


def test_a_value_of_its_fields_form_stays() -> None:
    pages = [_page(VALUES, Role.INFORMATION)]
    subject = RawField("科学", 1.0, pages[0].lines[5].box, 0)
    info, shaped = shapes.complete(pages, (0, {"subject": subject}))
    assert info is not None and info[1]["subject"] is subject and "subject" not in shaped


def test_what_fits_no_form() -> None:
    assert misfit("subject", "202045593220560") and misfit("name", "1983.12.23")
    assert misfit("issuing_authority", "2020.7.29") and misfit("qualification_type", "0415")
    # a read with any Han character, or a short stray, is the decoder's to judge
    assert not misfit("subject", "科学1") and not misfit("subject", "1")
    assert not misfit("certificate_number", "202045593220560") and not misfit("issue_date", "")
