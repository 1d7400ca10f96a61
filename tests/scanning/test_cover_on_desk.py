"""A closed booklet's cover photographed on a desk, or scanned in a bed with a dark lid, without
being cut out of the picture: still the cover (it used to become a page of unread text, and the
booklet went to review for remarks it might have lost)."""

from __future__ import annotations

import numpy as np
import pytest

from scanning import _pages

H, W = 700, 525


def _picture(around: tuple[int, int, int], page: tuple[int, int, int], box: tuple[int, ...]):
    img = np.zeros((H, W, 3), np.uint8)
    img[:] = around
    img[::6] = np.clip(np.array(around) - 25, 0, 255)  # the grain of a desk
    x0, y0, x1, y1 = box
    img[y0:y1, x0:x1] = page
    return img


def test_a_red_cover_on_a_wooden_desk_is_the_cover():
    img = _picture((200, 160, 110), (125, 22, 32), (90, 100, 410, 560))
    img[300:330, 160:340] = (215, 180, 90)  # the gold title
    img[140:250, 200:300] = (200, 90, 110)  # glare on the cloth
    assert _pages.is_cover(img)


def test_a_cover_in_a_scanner_bed_with_a_dark_lid_is_the_cover():
    assert _pages.is_cover(_picture((60, 60, 60), (118, 24, 28), (25, 10, 340, 460)))


def test_a_page_of_paper_on_a_red_desk_is_no_cover():
    assert not _pages.is_cover(_picture((140, 25, 35), (235, 232, 225), (60, 60, 465, 640)))


def test_a_red_photo_background_on_paper_is_no_cover():
    assert not _pages.is_cover(_picture((235, 232, 225), (200, 30, 40), (180, 150, 350, 380)))


def _spread_with_back_cover(rotate: bool) -> np.ndarray:
    import random

    import cv2

    from scanning.sample import _degrade as deg
    from scanning.sample import _render as rd
    from scanning.sample import random_record

    rng = random.Random(5)
    page = deg.to_array(rd.info_page(100, rng, random_record(rng), rd.PrintRun.pick(rng)))
    back = cv2.resize(deg.to_array(rd.cover(100, rng)), (page.shape[1], page.shape[0]))
    spread = np.hstack([page, back])
    return np.ascontiguousarray(np.rot90(spread)) if rotate else spread


@pytest.mark.parametrize("rotate", [False, True])
def test_a_page_beside_the_red_back_cover_is_split_and_read_not_taken_for_the_cover(rotate):
    # The last spread of a booklet scanned open: the registration page beside the back cover.
    # Taken whole for a cover, its registrations were lost without a flag.
    pages = _pages.normalise_full([_spread_with_back_cover(rotate)])
    assert len(pages) == 2
    assert sorted(_pages.is_cover(p) for p, _ in pages) == [False, True]


def test_a_closed_red_booklet_is_still_one_cover():
    closed = _picture((60, 60, 60), (118, 24, 28), (25, 10, 340, 460))
    assert len(_pages.normalise_full([closed])) == 1
