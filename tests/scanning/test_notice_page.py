"""The instructions page (说明 / 注意事项): printed numbered notes about the certificate.

Its words are the remarks' words (补发, 换发, 遗失, 损坏), so before session 10 it was read as a
remarks page holding one long dateless remark, and every booklet with one went to review
(`annotation_text`). A page with a date or a 备注 heading must still reach the remarks reader.
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image as PILImage
from PIL import ImageDraw

from scanning import _notice, _roles
from scanning._ocr import Line
from scanning._pages import Role
from scanning._roles import classify
from scanning.sample import _fonts

NOTES = ["一、本证书是持证人具备国家认定的教师", "资格的法定凭证。",
         "二、本证书由国务院教育行政部门统一", "印制，由教师资格认定机构颁发。",
         "三、本证书应妥善保管，不得涂改、转借。",
         "四、本证书遗失或损坏，持证人应及时", "向原发证机关申请补发或换发。"]  # fmt: skip


def lines(*texts: str) -> list[Line]:
    return [Line(t, 0.99, (60, 100 + 60 * i, 900, 140 + 60 * i)) for i, t in enumerate(texts)]


def without_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_roles, "is_notice", lambda lines, titled: False)


@pytest.mark.parametrize("heading", ["说　明", "注意事项", None])
def test_a_printed_instructions_page_is_no_remarks_page(heading, monkeypatch):
    page = lines(*([heading] if heading else []), *NOTES)
    assert classify(page, has_photo=False) is Role.NOTICE
    without_rule(monkeypatch)  # the raw read: a remarks page (补发, 换发, 遗失 …)
    assert classify(page, has_photo=False) is Role.REMARKS


def test_arabic_numbering_counts_but_a_date_is_no_paragraph_number():
    assert classify(lines("1. 本证书应妥善保管，不得涂改。", "2. 遗失或损坏应申请补发或换发。"),
                    has_photo=False) is Role.NOTICE  # fmt: skip
    # 2016.03.20 starts with no paragraph number; with its date it is a remark, and stays one.
    dated = lines("2016.03.20 原证书遗失，予以补发", "2019.05.06 证书损坏，予以换发")
    assert classify(dated, has_photo=False) is Role.REMARKS


@pytest.mark.parametrize(
    "extra",
    [
        "2021年3月4日 原证书遗失，予以补发",  # a dated entry written under the notes
        "2024129日",  # what is left of a date the recogniser broke
        "备注",  # a 备注 heading: the page is (also) the remarks page
    ],
)
def test_a_page_with_a_date_or_a_remarks_heading_stays_with_the_remarks_reader(extra):
    assert classify(lines("说明", *NOTES, extra), has_photo=False) is Role.REMARKS


def test_numbered_remarks_under_a_heading_stay_remarks_even_without_dates():
    # Hand-written, numbered, dates lost: the 备注 heading keeps them for the reader and its net.
    page = lines("备　注", "1、原证书遗失，予以补发", "2、姓名更正为张珊")
    assert not _notice.is_notice(page, remarks_heading=True)
    assert classify(page, has_photo=False) is Role.REMARKS


def test_one_numbered_line_alone_is_not_enough():
    # a single "一、…" could be a remark's own numbering: two paragraphs, 1 and 2, are needed
    page = lines("一、原证书遗失，经本人申请予以补发")
    assert not _notice.is_notice(page, remarks_heading=False)


def test_a_sticker_page_with_numbered_instructions_stays_a_registration_page():
    page = lines("定期注册", "1. 注册结论：注册合格", "2. 注册有效期至：", "注册机关")
    assert classify(page, has_photo=False) is Role.REGISTRATION


def _draw(texts: list[tuple[str, str]]) -> np.ndarray:
    """A 145 × 205 mm page at 150 dpi, each (family, text) on its own line."""
    img = PILImage.new("RGB", (856, 1210), (250, 248, 242))
    d = ImageDraw.Draw(img)
    for i, (family, text) in enumerate(texts):
        size = 44 if i == 0 else 34
        d.text((90 if i else 340, 150 + 62 * i), text, font=_fonts.face(family, size),
               fill=(30, 30, 30))  # fmt: skip
    return np.asarray(img)


@pytest.mark.slow
def test_a_drawn_instructions_page_yields_no_remark_and_no_flag():
    from scanning._scan import _analyse
    from scanning._sections import read_annotations

    serif = "Noto Serif CJK SC"
    page = _analyse(_draw([(serif, "说　明"), *((serif, t) for t in NOTES)]))
    assert page.role is Role.NOTICE
    notes, value = read_annotations([page], "2015-09-01")
    assert notes == [] and value.findings == []


@pytest.mark.slow
def test_a_drawn_page_with_a_hand_written_dated_entry_is_still_read():
    from scanning._scan import _analyse
    from scanning._sections import read_annotations

    serif, kai = "Noto Serif CJK SC", _fonts.KAI[0]
    texts = [(serif, "说　明"), *((serif, t) for t in NOTES[:4]),
             (kai, "2021年3月4日"), (kai, "原证书遗失，予以补发")]  # fmt: skip
    page = _analyse(_draw(texts))
    assert page.role is Role.REMARKS
    notes, _ = read_annotations([page], "2015-09-01")
    assert any(n["date"] == "2021-03-04" for n in notes)


# -- a page whose text the seal-dropping wiped out ------------------------------------------------


def _text_page(texts: list[str]) -> np.ndarray:
    return _draw([("Noto Sans CJK SC", t) for t in texts])


@pytest.mark.slow
def test_a_page_of_no_kind_with_text_but_no_line_read_is_flagged():
    from types import SimpleNamespace

    from scanning import _remark_guard
    from scanning._sections import read_annotations

    img = _text_page(["注册记录", "定期注册合格", "2019年1月9日至2024年1月8日"])
    # Which section the page held is unknown: both are named, a lost 注册不合格 as much as a remark.
    remark, registration = _remark_guard.wiped([(4, img)])
    assert (remark.code, remark.field) == ("remarks_unread", "annotations")
    assert (registration.code, registration.field) == ("remarks_unread", "registrations")
    assert all("第 5 页" in f.message for f in (remark, registration))
    assert "定期注册记录" in registration.message
    lost = SimpleNamespace(role=Role.OTHER, lines=[], image=img)
    notes, value = read_annotations([lost], "2015-09-01")  # type: ignore[list-item]
    assert notes == [] and [x.field for x in value.findings] == ["annotations", "registrations"]


@pytest.mark.slow
def test_a_blank_page_of_no_kind_is_not_flagged():
    from scanning import _remark_guard

    blank = np.full((1210, 856, 3), (250, 248, 242), np.uint8)
    assert _remark_guard.wiped([(4, blank)]) == []
