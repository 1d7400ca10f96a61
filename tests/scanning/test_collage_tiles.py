"""Collages of phone photos on a flat fill: columns, rows and grids of photos of different
sizes, some pasted askew, are cut into their photos; scanned pages are never cut as photos.

Before, a green cover photo stacked on white above a wider spread photo stayed one "page" with
it (the strip was cut only where it was too long for one picture), and a grid was never cut.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from scanning import _collage, _collage_tiles
from tests.scanning.test_notice_collage import page, photo, stack


def _cover_photo(seed: int, cloth: tuple[int, int, int] = (20, 90, 60)) -> np.ndarray:
    """A closed booklet in cloth of ``cloth`` on a brown desk, a few gold title lines."""
    rng = np.random.default_rng(seed)
    h, w = 820, 640
    desk = (np.array([120, 90, 60], np.float32) + rng.normal(0, 8, (h, w, 3))).clip(0, 255)
    img = desk.astype(np.uint8)
    img[90:730, 110:560] = cloth
    for y, x0, x1 in ((300, 230, 440), (380, 200, 470), (640, 250, 420)):
        img[y : y + 22, x0:x1] = (200, 170, 90)
    return img


def _spread_photo(seed: int) -> np.ndarray:
    """A wider photo: two pages side by side on a dark desk."""
    rng = np.random.default_rng(seed)
    h, w = 700, 1100
    ramp = np.linspace(50, 90, w)[None, :, None]
    desk = (ramp + rng.normal(0, 9, (h, w, 3))).clip(0, 255).astype(np.uint8)
    two = np.concatenate([page(seed)[::2, ::2], page(seed + 1)[::2, ::2]], axis=1)
    desk[140 : 140 + two.shape[0], 260 : 260 + two.shape[1]] = two
    return desk


def _grid(photos: list[np.ndarray], cols: int, fill: tuple[int, int, int], gap: int = 30):
    """Photos in a grid on ``fill``, each centred in its cell; the true boxes (y0, y1, x0, x1)."""
    ch = max(p.shape[0] for p in photos)
    cw = max(p.shape[1] for p in photos)
    rows = -(-len(photos) // cols)
    out = np.empty((gap + rows * (ch + gap), gap + cols * (cw + gap), 3), np.uint8)
    out[:] = fill
    boxes = []
    for k, p in enumerate(photos):
        y = gap + (k // cols) * (ch + gap) + (ch - p.shape[0]) // 2
        x = gap + (k % cols) * (cw + gap) + (cw - p.shape[1]) // 2
        out[y : y + p.shape[0], x : x + p.shape[1]] = p
        boxes.append((y, y + p.shape[0], x, x + p.shape[1]))
    return out, boxes


def _jpeg(img: np.ndarray, quality: int = 60) -> np.ndarray:
    ok, data = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return np.asarray(cv2.imdecode(data, cv2.IMREAD_UNCHANGED), np.uint8)


def test_a_cover_photo_stacked_above_wider_spreads_is_a_picture_of_its_own():
    shots = [_cover_photo(1), _spread_photo(2), _spread_photo(4)]
    cut = _collage.pieces(_jpeg(stack(shots)))
    assert len(cut) == 3  # was 2: the cover and the first spread stayed one "page"
    for piece, shot in zip(cut, shots, strict=True):
        assert piece.shape[:2] == pytest.approx(shot.shape[:2], abs=8)


@pytest.mark.parametrize("fill", [(255, 255, 255), (0, 0, 0), (236, 200, 210)])
def test_a_grid_of_photos_of_different_sizes_is_cut_in_reading_order(fill):
    shots = [_cover_photo(1, (30, 50, 140)), _spread_photo(2), photo(3), _spread_photo(5)]
    collage, boxes = _grid(shots, 2, fill)
    cut = _collage.pieces(_jpeg(collage))
    assert len(cut) == 4  # was 1: a grid is no longer than one picture
    for piece, (y0, y1, x0, x1) in zip(cut, boxes, strict=True):
        assert piece.shape[:2] == pytest.approx((y1 - y0, x1 - x0), abs=8)


def test_photos_side_by_side_are_cut_across():
    shots = [photo(1), _spread_photo(2), photo(3)]
    collage, boxes = _grid(shots, 3, (245, 245, 245), gap=16)
    cut = _collage.pieces(collage)
    assert [p.shape[1] for p in cut] == pytest.approx([x1 - x0 for *_, x0, x1 in boxes], abs=8)


def test_a_photo_pasted_askew_is_cut_out_straight():
    shot = _spread_photo(2)
    h, w = shot.shape[:2]
    big = np.full((h + 400, w + 400, 3), 255, np.uint8)
    mat = cv2.getRotationMatrix2D((w / 2 + 200, h / 2 + 200), 6.0, 1.0)
    mat[:, 2] += (200, 200)
    askew = cv2.warpAffine(shot, mat, big.shape[1::-1], borderMode=cv2.BORDER_CONSTANT,
                           borderValue=(255, 255, 255))
    other = np.full((700, big.shape[1], 3), 255, np.uint8)
    other[:, 300:1200] = photo(1)
    collage = np.concatenate([askew, big[:30], other], axis=0)
    cut = _collage_tiles.tiles(collage)
    assert cut is not None and len(cut) == 2
    assert sorted(cut[0].shape[:2]) == pytest.approx(sorted((h, w)), abs=12)
    corner = cut[0][:20, :20].reshape(-1, 3)
    assert float(np.mean(corner)) < 200  # desk in the corner, not the white fill


def test_a_scanned_page_with_tinted_stickers_is_no_collage():
    img = page(0, paper=250)
    for y in (330, 520):  # two tinted stickers with print, under a heading and a footer
        img[y : y + 170, 70:510] = (252, 246, 222)
        img[y + 40 : y + 56, 100:400] = 40
        img[y + 100 : y + 116, 100:300] = 40
    assert _collage_tiles.tiles(img) is None


@pytest.mark.parametrize("k", [1, 2])
def test_one_photo_or_a_scanned_stack_is_no_collage(k):
    assert _collage_tiles.tiles(photo(k)) is None
    assert _collage_tiles.tiles(_cover_photo(k)) is None
    assert _collage_tiles.tiles(stack([page(j) for j in range(3)])) is None


def test_a_clean_registration_page_with_two_tinted_stickers_is_no_collage():
    """A digital greyscale registration page: a heading, three boxes with thin lines and their
    labels, two grey stickers. Before, the print outside the stickers was under 2 % of the page,
    so the stickers were cut out as two "photos" and the rest of the page was lost (on one such
    page a "photo" 2 px high once shaved made the whole booklet fail)."""
    img = np.full((1593, 1125, 3), 255, np.uint8)
    img[140:165, 470:650] = 30  # the heading 注 册
    for y0, y1 in ((280, 670), (695, 1085), (1110, 1500)):  # three boxes, a label in each
        cv2.rectangle(img, (95, y0), (1030, y1), (150, 150, 150), 1)
        img[y0 + 15 : y0 + 25, 110:210] = 120
    for y in (330, 720):  # two grey stickers with print
        img[y : y + 300, 290:840] = 232
        cv2.rectangle(img, (290, y), (840, y + 300), (40, 40, 40), 3)
        img[y + 40 : y + 70, 320:600] = 40
        img[y + 150 : y + 180, 320:700] = 40
    assert _collage_tiles.tiles(img) is None
    assert len(_collage.pieces(img)) == 1


def test_the_channel_maximum_is_each_pixels_largest_channel():
    """The per-channel maximum that replaces ``max(axis=2)`` (for speed) gives its values."""
    rng = np.random.default_rng(7)
    for channels in (3, 4):
        img = rng.integers(-300, 300, (23, 17, channels)).astype(np.int16)
        assert np.array_equal(_collage_tiles._channel_max(img), img.max(axis=2))


def test_the_fill_colour_is_the_most_frequent_flat_colour_the_first_of_a_tie():
    """Two flat fills of equal extent: the one of the lower colour bin wins, as when the bins
    were counted by sorting (the count by bin number must not change which)."""
    img = np.zeros((60, 80, 3), np.uint8)
    img[:, :40] = (200, 30, 30)
    img[:, 40:] = (30, 30, 200)
    assert _collage_tiles._fill_colour(img).tolist() == [30, 30, 200]
    img[:, :40], img[:, 40:] = (30, 30, 200), (200, 30, 30)
    assert _collage_tiles._fill_colour(img).tolist() == [30, 30, 200]
