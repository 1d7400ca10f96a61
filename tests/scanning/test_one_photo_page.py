"""A booklet has one photo page: a second page taken for one (handwriting inside a printed
frame read as a framed photo) is read as text after all. It used to be silenced: its remark was
lost without a flag and the booklet accepted without it."""

from __future__ import annotations

import random

from scanning import _photo, _scan
from scanning._pages import Role
from scanning.sample import _degrade as deg
from scanning.sample import _render as rd
from scanning.sample import random_record


def _pages() -> tuple[_scan.Page, _scan.Page]:
    rng = random.Random(5)
    run = rd.PrintRun.pick(rng)
    rec = random_record(rng)
    while not rec.annotations:
        rec = random_record(rng)
    photo_img = deg.to_array(rd.photo_page(150, rng, True, run))
    remarks_img = deg.to_array(rd.remarks_page(150, rng, rec, run))
    photo = _photo.extract(photo_img)
    assert photo is not None
    h, w = remarks_img.shape[:2]
    framed = _photo.Photo(remarks_img[h // 5 : h // 2, w // 4 : 3 * w // 4],
                          (w // 4, h // 5, 3 * w // 4, h // 2))  # fmt: skip
    return (_scan.Page(photo_img, photo_img, [], Role.PHOTO, photo),
            _scan.Page(remarks_img, remarks_img, [], Role.PHOTO, framed))  # fmt: skip


def test_a_second_photo_page_with_writing_is_read_as_text():
    real, taken = _pages()
    pages = _scan._one_photo_page([real, taken])
    assert pages[0] is real
    assert pages[1].role is Role.REMARKS and pages[1].lines and pages[1].photo is None


def test_one_photo_page_is_left_alone():
    real, _ = _pages()
    assert _scan._one_photo_page([real]) == [real]


def test_the_photo_page_s_photo_wins_over_one_found_on_a_page_of_fields():
    real, taken = _pages()
    fields = _scan.Page(taken.image, taken.image, [], Role.INFORMATION, taken.photo)
    got = _scan._holder_photo([fields, real], [fields.image, real.image])
    assert got is not None and real.photo is not None
    assert got.image.shape == real.photo.image.shape  # not the page of fields' "photo"
    alone = _scan._holder_photo([fields], [fields.image])
    assert alone is not None  # no photo page: the page of fields' photo is still used
