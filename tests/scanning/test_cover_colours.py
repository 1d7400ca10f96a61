"""Covers in cloth of any colour: green, blue, light blue, brown, teal, printed flat or
photographed on a desk under uneven light and glare, are covers; paper is never one, however
warm its tint.

Before, only red cloth or cloth darker than grey 110 counted: a mid-green, blue or brown cover
became a page of unread text, and stacked above the information spread it was read as one page
with it.
"""

from __future__ import annotations

import numpy as np
import pytest

from scanning import _spreads

H, W = 1100, 780
CLOTHS = {
    "green": (30, 120, 70),
    "blue": (25, 50, 130),
    "light blue": (60, 110, 180),
    "brown": (110, 70, 40),
    "light brown": (150, 100, 60),
    "teal": (20, 110, 110),
    "dark red": (110, 20, 25),
}


def _cover(cloth: tuple[int, int, int]) -> np.ndarray:
    """A printed cover: the cloth, an emblem ring and three gold title lines."""
    img = np.empty((H, W, 3), np.uint8)
    img[:] = cloth
    gold = (205, 175, 95)
    img[150:160, 300:480] = gold  # the emblem's ring, top and bottom
    img[300:310, 300:480] = gold
    for y, x0, x1 in ((400, 250, 530), (520, 200, 580), (950, 280, 500)):
        img[y : y + 30, x0:x1] = gold
    return img


def _photographed(img: np.ndarray, desk: tuple[int, int, int], seed: int = 0) -> np.ndarray:
    """The page on a grained desk, light falling off across the photo, a glare spot."""
    rng = np.random.default_rng(seed)
    h, w = img.shape[:2]
    out = (np.array(desk, np.float32) + rng.normal(0, 8, (h + 300, w + 300, 3))).clip(0, 255)
    out[150 : 150 + h, 150 : 150 + w] = img
    yy, xx = np.mgrid[0 : h + 300, 0 : w + 300].astype(np.float32)
    out *= (0.75 + 0.3 * np.exp(-((xx / (w + 300)) ** 2 + (yy / (h + 300)) ** 2) * 2))[..., None]
    glare = np.exp(-(((xx - 0.6 * w) / 90) ** 2 + ((yy - 0.3 * h) / 60) ** 2))
    out += (255 - out) * (0.6 * glare)[..., None]
    return out.clip(0, 255).astype(np.uint8)


def _page(paper: tuple[int, int, int]) -> np.ndarray:
    """A page of print on tinted paper."""
    img = np.empty((H, W, 3), np.uint8)
    img[:] = paper
    for y in range(120, 1000, 60):
        img[y : y + 22, 90 : 90 + 200 + (y * 7) % 380] = 35
    return img


@pytest.mark.parametrize("cloth", CLOTHS.values(), ids=CLOTHS.keys())
def test_a_cover_of_any_cloth_colour_is_the_cover(cloth):
    assert _spreads.is_cover(_cover(cloth))


@pytest.mark.parametrize("cloth", CLOTHS.values(), ids=CLOTHS.keys())
def test_a_photographed_cover_not_cut_out_of_the_photo_is_the_cover(cloth):
    assert _spreads.is_cover(_photographed(_cover(cloth), (185, 175, 160)))


@pytest.mark.parametrize("paper", [(245, 243, 236), (250, 245, 220), (215, 195, 160),
                                   (220, 180, 120), (232, 240, 250)])
def test_a_page_of_tinted_paper_is_no_cover(paper):
    assert not _spreads.is_cover(_page(paper))
    assert not _spreads.is_cover(_photographed(_page(paper), (120, 90, 60)))


@pytest.mark.parametrize("cloth", [(30, 120, 70), (60, 110, 180)])
def test_a_cover_beside_a_page_of_print_is_split_and_the_page_read(cloth):
    spread = np.hstack([_page((245, 243, 236)), _cover(cloth)])
    assert _spreads.opens_on_a_page(spread)
    left, right = _spreads.split(spread)
    assert abs(left.shape[1] - W) < 0.03 * W
    assert not _spreads.is_cover(left) and _spreads.is_cover(right)
