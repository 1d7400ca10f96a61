"""The rendered booklet PDF: pages and their fields, embedded fonts, a vector QR that decodes."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime

import cv2
import numpy as np
import pymupdf
import pytest
import zxingcpp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import InvalidInput
from issuer._pdf import render_booklet_pdf
from tests.issuer._pdf_support import (
    AUTHORITY,
    make_view,
    opencv_reads,
    qr_matrix,
    qr_text,
)

COVER, PHOTO, INFO, REMARKS, REGISTRATION, VERIFY = range(6)


def _read_qr(image):
    """QR codes only, as the verifier reads (a 1D reader can find a false ITF code in one)."""
    return zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)


@pytest.fixture(scope="module")
def view():
    return make_view()


@pytest.fixture(scope="module")
def doc(view):
    document = pymupdf.open(stream=render_booklet_pdf(view), filetype="pdf")
    yield document
    document.close()


def _open(pdf: bytes) -> pymupdf.Document:
    return pymupdf.open(stream=pdf, filetype="pdf")


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _page_text(doc: pymupdf.Document, index: int) -> str:
    """The page's text in reading order: spans grouped by baseline, then left to right."""
    spans = [
        (round(span["origin"][1]), span["origin"][0], span["text"])
        for block in doc[index].get_text("dict")["blocks"]
        for line in block.get("lines", [])
        for span in line["spans"]
    ]
    return _flat("".join(text for _, _, text in sorted(spans)))


def test_six_pages_of_25kai_size(doc):
    assert doc.page_count == 6
    for page in doc:
        assert page.rect.width == pytest.approx(145 / 25.4 * 72, abs=0.5)
        assert page.rect.height == pytest.approx(205 / 25.4 * 72, abs=0.5)


def test_cover(doc):
    text = _page_text(doc, COVER)
    for words in ("中华人民共和国", "教师资格证书", "教育部制"):
        assert words in text


def test_photo_page_shows_the_photo_and_signature_line(doc):
    assert len(doc[PHOTO].get_images()) == 1
    text = _page_text(doc, PHOTO)
    assert "持证人签名" in text
    assert "无照片" not in text


def test_photo_page_without_photo_has_a_placeholder():
    document = _open(render_booklet_pdf(make_view(photo_jpeg=None)))
    assert document[PHOTO].get_images() == []
    assert "无照片" in _page_text(document, PHOTO)


def test_information_page_has_every_label_and_value(doc, view):
    text = _page_text(doc, INFO)
    expected = {
        "姓名": view.name,
        "性别": view.gender,
        "民族": "汉族",
        "身份证件号码": view.masked_id,
        "资格种类": view.qualification_label,
        "任教学科": view.subject,
        "证书号码": view.certificate_number,
        "发证机关": view.authority_name,
        "颁发日期": "2024年6月30日",
    }
    for label, value in expected.items():
        assert _flat(label + value) in text, label


def test_information_page_omits_an_absent_ethnicity():
    document = _open(render_booklet_pdf(make_view(ethnicity=None)))
    assert "民族" not in _page_text(document, INFO)


def test_remarks_page_lists_each_annotation(doc, view):
    text = _page_text(doc, REMARKS)
    assert text.startswith("备注")
    for when, kind, body, authority in view.annotations:
        assert f"{when.year}年{when.month}月{when.day}日{kind}" in text
        assert _flat(body) in text
        assert authority in text


def test_registration_page_is_a_table_of_conclusions(doc):
    text = _page_text(doc, REGISTRATION)
    assert text.startswith("定期注册")
    # the period cell has two lines, so reading order interleaves it with its row
    assert "注册合格自2021.09.01" + AUTHORITY + "2021.08.20至2026.08.31" in text
    assert "暂缓注册—" + AUTHORITY + "2026.09.10" in text


def test_empty_remarks_and_registrations_say_so():
    document = _open(render_booklet_pdf(make_view(annotations=[], registrations=[])))
    assert document.page_count == 6
    assert "暂无备注" in _page_text(document, REMARKS)
    assert "暂无注册记录" in _page_text(document, REGISTRATION)


def test_verification_page(doc, view):
    text = _page_text(doc, VERIFY)
    assert "用手机相机扫描二维码核验真伪与注册状态" in text
    assert _flat("Scan with a phone camera to verify") in text
    assert view.certificate_number in text
    assert "2026-11-2210:20:30+08:00" in text
    assert "证照版本2Credentialversion" in text
    assert "有效" in text


def test_every_page_but_the_cover_has_a_numbered_footer(doc, view):
    for index in range(1, doc.page_count):
        assert f"第{index + 1}页/共6页" in _page_text(doc, index)


def test_long_remarks_and_registrations_continue_on_more_pages():
    annotations = [
        (
            date(2020, 1, i + 1),
            "更正",
            f"第{i}条备注：" + "姓名用字更正，核对户籍证明。" * 4,
            AUTHORITY,
        )
        for i in range(14)
    ]
    registrations = [
        (
            "注册合格",
            date(1990 + 5 * i, 9, 1),
            date(1995 + 5 * i, 8, 31),
            AUTHORITY,
            date(1990, 8, 1),
        )
        for i in range(30)
    ]
    document = _open(
        render_booklet_pdf(make_view(annotations=annotations, registrations=registrations))
    )
    assert document.page_count > 6
    full = "".join(_page_text(document, i) for i in range(document.page_count))
    for i in range(14):
        assert f"第{i}条备注" in full
    for i in range(30):
        assert f"自{1990 + 5 * i}.09.01" in full
    assert "备注（续）" in full and "定期注册（续）" in full
    total = document.page_count
    assert f"第{total}页/共{total}页" in _page_text(document, total - 1)


def test_fonts_are_embedded_and_subsetted(doc):
    seen = set()
    for page in doc:
        for xref, ext, _type, basefont, _name, _enc, _ref in page.get_fonts(full=True):
            assert ext != "n/a", f"font {basefont} is not embedded"
            assert re.match(r"^[A-Z]{6}\+", basefont), f"font {basefont} is not subsetted"
            seen.add(xref)
    assert seen


def test_the_file_is_small(view):
    assert len(render_booklet_pdf(view)) < 120_000


def test_rare_characters_outside_the_main_font_still_render():
    # 䶮 (CJK Ext A) is missing from Droid Sans Fallback; the Noto CJK fallback draws it
    document = _open(render_booklet_pdf(make_view(name="刘䶮")))
    assert "刘䶮" in _page_text(document, INFO)
    for page in document:
        assert all(font[1] != "n/a" for font in page.get_fonts(full=True))


def test_output_is_deterministic_and_dated_from_issued_at(view):
    first = render_booklet_pdf(view)
    assert render_booklet_pdf(view) == first
    meta = _open(first).metadata
    assert meta["creationDate"].startswith("D:20261122102030+08'00")
    later = render_booklet_pdf(replace(view, issued_at=datetime(2027, 1, 2, 3, 4, 5)))
    assert _open(later).metadata["creationDate"].startswith("D:20270102030405+00'00")


def _decode_both(page: pymupdf.Page) -> tuple[list[str], str]:
    pix = page.get_pixmap(dpi=150)
    img = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, pix.n)
    zxing = [result.text for result in _read_qr(img)]
    opencv, _, _ = cv2.QRCodeDetector().detectAndDecode(img)
    return zxing, opencv


def test_qr_is_vector_and_decodes_at_150_dpi(doc, view):
    page = doc[VERIFY]
    assert page.get_images(full=True) == []
    assert any(d["fill"] == (0.0, 0.0, 0.0) for d in page.get_drawings())
    zxing, opencv = _decode_both(page)
    assert zxing == [view.qr_text]
    assert opencv == view.qr_text


def _page_image(view) -> np.ndarray:
    pix = _open(render_booklet_pdf(view))[VERIFY].get_pixmap(dpi=150)
    return np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, pix.n)


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), digits=st.integers(300, 430))
def test_any_qr_matrix_is_drawn_exactly(seed, digits):
    # zxing-cpp reads every correctly drawn symbol: this is the renderer's property
    text = qr_text(seed, digits)
    image = _page_image(make_view(qr_text=text, qr_matrix=qr_matrix(text)))
    assert [result.text for result in _read_qr(image)] == [text]


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), digits=st.integers(300, 430))
def test_opencv_reads_the_page_for_some_mask_of_any_payload(seed, digits):
    # OpenCV 5's classic QRCodeDetector misses a few percent of perfect v9–v10 symbols on a
    # full 150-dpi page (it shrinks the image to ~512 px first), whatever the drawn size; which
    # ones depends on the mask pattern, so the credential's QR builder can choose a mask it reads.
    text = qr_text(seed, digits)
    for mask in (None, *range(8)):
        image = _page_image(make_view(qr_text=text, qr_matrix=qr_matrix(text, mask)))
        if cv2.QRCodeDetector().detectAndDecode(image)[0] == text:
            return
    pytest.fail(f"OpenCV reads no mask pattern of {text[:40]}…")


def test_a_symbol_opencv_cannot_detect_even_clean_is_a_mask_choice():
    # recorded so the credential package can pick masks OpenCV reads (issue 4 needs both readers)
    text = qr_text(344781, 366)
    assert not opencv_reads(qr_matrix(text), text)
    assert opencv_reads(qr_matrix(text, mask=0), text)


_HANZI = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)


@settings(max_examples=15, deadline=None)
@given(
    name=st.text(_HANZI, min_size=1, max_size=4),
    subject=st.text(_HANZI, min_size=1, max_size=8),
    authority=st.text(_HANZI, min_size=4, max_size=30),
)
def test_any_name_subject_and_authority_is_printed(name, subject, authority):
    document = _open(
        render_booklet_pdf(make_view(name=name, subject=subject, authority_name=authority))
    )
    text = _page_text(document, INFO)
    assert "姓名" + name in text
    assert "任教学科" + subject in text
    assert authority in text


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"gender": "M"}, "gender"),
        ({"name": "  "}, "name"),
        ({"qr_matrix": [[True] * 5] * 5}, "qr_matrix"),
        ({"qr_matrix": [[True] * 21] * 20}, "qr_matrix"),
        ({"qr_text": ""}, "qr_text"),
        ({"credential_version": 0}, "credential_version"),
    ],
)
def test_bad_view_is_refused_with_the_field(overrides, field):
    with pytest.raises(InvalidInput) as caught:
        make_view(**overrides)
    assert caught.value.field == field


@pytest.mark.parametrize("photo", [b"not a jpeg", b"\xff\xd8\xff\xe0 truncated"])
def test_bad_photo_is_refused(photo):
    with pytest.raises(InvalidInput) as caught:
        render_booklet_pdf(make_view(photo_jpeg=photo))
    assert caught.value.field == "photo_jpeg"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": "张\ue000"}, "name"),  # private-use code point: no font has it
        ({"subject": "数学\x00"}, "subject"),
        ({"annotations": [(date(2025, 1, 1), "更正", "𫝀", AUTHORITY)]}, "annotations[0]"),
    ],
)
def test_characters_no_font_can_draw_are_refused_not_boxed(overrides, field):
    with pytest.raises(InvalidInput) as caught:
        render_booklet_pdf(make_view(**overrides))
    assert caught.value.field == field
    assert caught.value.rule == "printable"
