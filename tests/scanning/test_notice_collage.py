"""Single-image captures: pages stacked in one long image, and phone JPEGs turned by EXIF.

Before session 10 a collage (every page of a booklet stacked in one tall image, as collage apps
and long-image scanners make them) was taken for one page and all nine fields were missing.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image as PILImage

from scanning import _collage, _pages
from scanning._decode import load_images

W, H = 580, 820  # a 145 × 205 mm page at 100 dpi


def page(k: int, seed: int = 0, paper: int = 244) -> np.ndarray:
    """A page with a block of print near its top and a long blank stretch under it (a blank
    band inside a page must not be taken for the end of a page)."""
    rng = np.random.default_rng(seed + k)
    img = np.full((H, W, 3), paper, np.uint8)
    for row in range(60 + 15 * k, 300, 34):
        img[row : row + 14, 60 : 60 + int(rng.integers(200, 460))] = 40
    img[700:716, 100:300] = 60  # a footer line
    return img


def stack(images: list[np.ndarray], gap: int = 24) -> np.ndarray:
    """Images end to end on white, gap between them (narrower ones padded with white)."""
    width = max(i.shape[1] for i in images)
    parts = []
    for n, img in enumerate(images):
        pad = np.full((img.shape[0], width, 3), 255, np.uint8)
        pad[:, : img.shape[1]] = img
        parts.append(pad)
        if n < len(images) - 1:
            parts.append(np.full((gap, width, 3), 255, np.uint8))
    return np.concatenate(parts)


def photo(k: int) -> np.ndarray:
    """A phone photo: the page smaller, on a textured desk with light falling off."""
    rng = np.random.default_rng(k)
    h, w = 700, 900
    ramp = np.linspace(90, 150, w)[None, :, None]
    desk = (ramp + rng.normal(0, 9, (h, w, 1))).clip(0, 255).astype(np.uint8).repeat(3, axis=2)
    small = page(k)[::2, ::2]
    desk[100 : 100 + small.shape[0], 250 : 250 + small.shape[1]] = small
    return desk


def test_a_scanned_stack_is_cut_at_each_page_end():
    pages = [page(k) for k in range(5)]
    cut = _collage.pieces(stack(pages))
    assert [p.shape[0] for p in cut] == pytest.approx([H + 24 * 0.8] * 5, abs=24)
    # each piece holds its own page's print block whole (rows 60+15k … 300)
    for k, p in enumerate(cut):
        ink = np.flatnonzero((p[:, :, 0] < 100).any(axis=1))
        assert ink.max() - ink.min() == pytest.approx(716 - (60 + 15 * k), abs=2)


def test_a_stack_turned_a_quarter_is_cut_across():
    strip = np.ascontiguousarray(np.rot90(stack([page(k) for k in range(4)])))
    cut = _collage.pieces(strip)
    assert len(cut) == 4 and all(p.shape[0] == W for p in cut)


def test_phone_photos_end_to_end_are_cut_at_the_seams():
    photos = [photo(k) for k in range(4)]
    cut = _collage.pieces(stack(photos))
    assert [p.shape[0] for p in cut] == pytest.approx([700 + 12] * 4, abs=14)


def test_normalisation_reads_a_collage_as_its_pages(monkeypatch):
    strip = stack([page(k) for k in range(5)])
    assert len(_pages.normalise([strip])) == 5
    monkeypatch.setattr(_collage, "pieces", lambda img: [img])  # the rule off: one long page
    assert len(_pages.normalise([strip])) == 1


@pytest.mark.parametrize("img", [page(0), np.concatenate([page(0), page(1)], axis=1)])
def test_a_page_or_a_spread_is_left_whole(img):
    assert len(_collage.pieces(img)) == 1


def test_a_long_image_without_a_plain_band_is_left_whole():
    # no seam and no page ends anywhere: which cut is right cannot be told, so none is made
    rng = np.random.default_rng(5)
    strip = rng.integers(0, 255, (3000, 600, 3), dtype=np.uint8)
    assert len(_collage.pieces(strip)) == 1


@pytest.mark.parametrize(("tag", "turn"), [(6, 90), (8, 270), (3, 180)])
def test_a_phone_jpeg_is_turned_by_its_exif_orientation(tag, turn):
    upright = np.full((400, 300, 3), 255, np.uint8)
    upright[:60, :60] = 0  # a dark corner at the top left, the way the page is shown
    stored = PILImage.fromarray(upright).rotate(turn, expand=True)  # as the phone stores it
    exif = PILImage.Exif()
    exif[0x0112] = tag
    buf = io.BytesIO()
    stored.save(buf, "JPEG", quality=95, exif=exif.tobytes())
    [img] = load_images(buf.getvalue(), "IMG_0001.jpg")
    assert img.shape[:2] == (400, 300)
    assert img[:60, :60].mean() < 40 and img[-60:, -60:].mean() > 200
    # the stored pixels themselves are turned: only the tag tells the way up
    assert np.asarray(stored)[:60, :60].mean() > 200
