"""A photo page fed sideways: it holds no text to right it, and lying down it is as wide as an
open spread. It is one page turned upright (``_sideways.photo_turn``), not a spread cut at its
"binding" through the photo, which lost the holder's photo."""

from __future__ import annotations

import cv2
import numpy as np

from scanning import _pages, _photo, _sideways
from tests.scanning.test_photo_find import _figure, _page

BOX = (280, 200, 490, 494)


def _photo_page(bg: tuple[int, int, int] = (200, 40, 40)) -> np.ndarray:
    page = _page()
    _figure(page, *BOX[:2], BOX[2] - BOX[0], BOX[3] - BOX[1], bg)
    return page


def _text_page() -> np.ndarray:
    page = _page()
    for row in range(120, 1000, 44):  # rows of print: a page of fields or remarks
        for x in range(60, 720, 30):
            cv2.rectangle(page, (x, row), (x + 18, row + 18), (30, 30, 30), 2)
    return page


def test_a_photo_page_lying_sideways_is_one_page_holding_the_photo():
    for code in (cv2.ROTATE_90_CLOCKWISE, cv2.ROTATE_90_COUNTERCLOCKWISE):
        lying = cv2.rotate(_photo_page(), code)
        assert _photo.extract(lying) is None  # lying down, no figure is found
        pages = _pages.normalise_pages([lying])
        assert len(pages) == 1  # was cut in two at the middle, through the photo
        found = _photo.extract(pages[0].page)
        assert found is not None and pages[0].page.shape[0] > pages[0].page.shape[1]


def test_a_spread_of_the_photo_page_and_a_page_of_text_is_still_cut():
    spread = np.hstack([_photo_page(), _text_page()])
    assert _sideways.photo_turn(spread, _pages.look_copy(spread)) == 0
    assert len(_pages.normalise_pages([spread])) == 2


def test_a_spread_of_print_is_not_searched_for_a_sideways_photo():
    spread = np.hstack([_text_page(), _text_page()])
    assert not _sideways._few_marks(_pages.look_copy(spread))
    assert _sideways.photo_turn(spread, _pages.look_copy(spread)) == 0


def test_a_blank_spread_is_no_photo_page():
    spread = np.hstack([_page(), _page()])
    assert _sideways.photo_turn(spread, _pages.look_copy(spread)) == 0
