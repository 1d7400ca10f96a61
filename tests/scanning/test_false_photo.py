"""A page taken for the photo page by a "photo" with little print beside it is still read when
its print stands in rows of text, or when another page is the photo page by its signature line:
a false photo must never silence a page of text."""

from __future__ import annotations

import random

import pytest

from scanning import _page_marks, _photo, _scan
from scanning._ocr import Line
from scanning._pages import Role
from scanning.sample import _degrade as deg
from scanning.sample import _render as rd
from scanning.sample import random_record


def _images() -> tuple[object, object]:
    rng = random.Random(5)
    run = rd.PrintRun.pick(rng)
    rec = random_record(rng)
    while not rec.annotations:
        rec = random_record(rng)
    return (deg.to_array(rd.photo_page(150, rng, True, run)),
            deg.to_array(rd.remarks_page(150, rng, rec, run)))  # fmt: skip


def test_a_photo_page_s_signature_is_no_rows_of_text() -> None:
    photo_img, _ = _images()
    photo = _photo.extract(photo_img)
    assert photo is not None
    assert _page_marks.text_rows(photo_img, photo.box) < _page_marks.TEXT_ROWS


def test_remarks_beside_a_false_photo_are_rows_of_text() -> None:
    _, remarks_img = _images()
    h, w = remarks_img.shape[:2]
    box = (w // 4, h // 2, 3 * w // 4, h // 2 + h // 8)  # a "photo" below the remarks
    assert _page_marks.text_rows(remarks_img, box) >= _page_marks.TEXT_ROWS


def test_a_false_photo_on_a_page_of_text_rows_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    _, remarks_img = _images()
    h, w = remarks_img.shape[:2]
    box = (w // 4, h // 2, 3 * w // 4, h // 2 + h // 8)
    false = _photo.Photo(remarks_img[box[1] : box[3], box[0] : box[2]], box)
    monkeypatch.setattr(_photo, "extract", lambda img: false)
    monkeypatch.setattr(_photo, "PHOTO_PAGE_MARKS", 10**6)  # few marks, as if a photo page
    read: list[object] = []
    monkeypatch.setattr(_scan, "_read_page", lambda img, photo: read.append(img) or _scan.Page(
        img, img, [Line("备注", 0.9, (0, 0, 50, 20))], Role.REMARKS, photo))
    page = _scan._analyse(remarks_img)
    assert read and page.role is Role.REMARKS and page.lines


def test_a_photo_page_by_its_signature_gets_the_other_photo_page_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    photo_img, remarks_img = _images()
    photo = _photo.extract(photo_img)
    assert photo is not None
    signed = _scan.Page(photo_img, photo_img, [Line("持证人签名", 0.9, (0, 0, 90, 20))], Role.PHOTO)
    taken = _scan.Page(remarks_img, remarks_img, [], Role.PHOTO, photo)
    monkeypatch.setattr(_scan, "_read_page", lambda img, ph: _scan.Page(
        img, img, [Line("备注 2015年1月1日 补发", 0.9, (0, 0, 90, 20))], Role.REMARKS, ph))
    out = _scan._one_photo_page([signed, taken])
    assert out[0] is signed and out[1].role is Role.REMARKS and out[1].lines


def test_a_lone_photo_page_is_left_unread(monkeypatch: pytest.MonkeyPatch) -> None:
    photo_img, _ = _images()
    photo = _photo.extract(photo_img)
    assert photo is not None
    only = _scan.Page(photo_img, photo_img, [], Role.PHOTO, photo)
    cover = _scan.Page(photo_img, photo_img, [], Role.COVER)
    monkeypatch.setattr(_scan, "_read_page", lambda img, ph: pytest.fail("read"))
    assert _scan._one_photo_page([cover, only]) == [cover, only]
