"""Page geometry and the photo: orientation, spreads, booklet outline, photo standard."""

from __future__ import annotations

import random

import numpy as np
import pytest

from scanning import _pages, _photo
from scanning._places import suggest_authority
from scanning.sample import _degrade as deg
from scanning.sample import _render as rd
from scanning.sample import random_record


def _page(kind: str, white: bool = True, seed: int = 3) -> np.ndarray:
    rng = random.Random(seed)
    run = rd.PrintRun.pick(rng)
    if kind == "photo":
        return deg.to_array(rd.photo_page(150, rng, white, run))
    return deg.to_array(rd.info_page(150, rng, random_record(rng), run))


@pytest.mark.parametrize("white", [True, False])
def test_photo_located_cropped_and_checked(white):
    photo = _photo.extract(_page("photo", white))
    assert photo is not None
    h, w = photo.image.shape[:2]
    assert abs(w / h - _photo.STANDARD_ASPECT) < 0.06
    assert any(f.code == "photo_background" for f in photo.findings) is (not white)


def test_no_photo_on_information_page():
    assert _photo.locate(_page("info")) is None


def test_saved_photo_meets_upload_standard(tmp_path):
    photo = _photo.extract(_page("photo"))
    assert photo is not None
    _photo.save(photo, tmp_path / "p.jpg")
    data = (tmp_path / "p.jpg").read_bytes()
    assert data[:2] == b"\xff\xd8" and len(data) < _photo.MAX_BYTES


def test_spread_split_at_binding():
    left, right = _page("photo"), _page("info")
    from PIL import Image

    spread = deg.to_array(deg.spread(Image.fromarray(left), Image.fromarray(right)))
    parts = _pages.split(spread)
    assert len(parts) == 2
    assert abs(parts[0].shape[1] - left.shape[1]) < left.shape[1] * 0.05
    assert _pages.split(left) == [left] or len(_pages.split(left)) == 1


def test_booklet_found_in_phone_photo_and_not_in_scan():
    from PIL import Image

    spread = deg.spread(Image.fromarray(_page("photo")), Image.fromarray(_page("info")))
    photo = deg.phone(spread, random.Random(4))
    quad = _pages.booklet_quad(photo)
    assert quad is not None
    flat = _pages.unwarp(photo, quad)
    assert abs(flat.shape[1] / flat.shape[0] - 205 / 145) < 0.02
    assert _pages.booklet_quad(deg.scanner(spread, random.Random(4))) is None


def test_cover_and_blank_pages_recognised_without_ocr():
    assert _pages.is_cover(deg.to_array(rd.cover(100, random.Random(1))))
    assert not _pages.is_cover(_page("info"))
    assert _pages.is_blank(np.full((400, 300, 3), 245, np.uint8))


def test_authority_suggestion_only_when_unique():
    assert suggest_authority("新疆维吾尔白治区教育厅") == "新疆维吾尔自治区教育厅"
    assert suggest_authority("甘各县教育局") is None  # 甘洛县 or 甘谷县: never guess


@pytest.mark.slow
@pytest.mark.parametrize("turns", [0, 1, 2, 3])
def test_upright_undoes_any_quarter_turn(turns):
    page = _page("info")
    turned = deg.rotate(page, turns)
    fixed, used = _pages.upright(turned)
    assert (used + turns) % 4 == 0
    assert fixed.shape == page.shape
