"""A photo page scanned upside down: it holds no text to right it, so the photo is searched on
the page turned half a turn too (``_photo.extract``)."""

from __future__ import annotations

import cv2
import numpy as np

from scanning import _photo
from tests.scanning.test_photo_find import _figure, _overlap, _page

BOX = (280, 200, 490, 494)


def _photo_page() -> np.ndarray:
    page = _page()
    _figure(page, *BOX[:2], BOX[2] - BOX[0], BOX[3] - BOX[1], (250, 250, 250))
    return page


def test_upside_down_photo_page_still_gives_the_photo_upright():
    upright = _photo_page()
    turned = np.ascontiguousarray(upright[::-1, ::-1])
    assert _photo.candidates(turned) == []  # a figure is only found head up
    found = _photo.extract(turned)
    assert found is not None and found.turned
    h, w = turned.shape[:2]
    # The box is on the page as given; the image is the photo upright.
    assert _overlap(found.box, (w - BOX[2], h - BOX[3], w - BOX[0], h - BOX[1])) > 0.8
    again = _photo.extract(upright)
    assert again is not None and not again.turned
    assert abs(found.image.astype(int).mean() - again.image.astype(int).mean()) < 3
    top = found.image[: found.image.shape[0] // 3].mean()
    bottom = found.image[-found.image.shape[0] // 4 :].mean()
    assert bottom < top  # dark clothes below, as in the upright crop


def test_turned_photo_at_full_resolution_is_cut_upright_too():
    turned = np.ascontiguousarray(_photo_page()[::-1, ::-1])
    found = _photo.extract(turned)
    assert found is not None
    full = cv2.resize(turned, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)
    sharp = _photo.at_resolution(found, turned, full)
    assert sharp.turned and sharp.image.shape[0] > found.image.shape[0]
    n = sharp.image.shape[0]
    assert sharp.image[-n // 4 :].mean() < sharp.image[: n // 3].mean()


def test_page_of_text_is_not_searched_upside_down_for_a_figure():
    page = _photo_page()
    for row in range(560, 1000, 40):  # rows of print below the photo: a page of text
        for x in range(60, 720, 30):
            cv2.rectangle(page, (x, row), (x + 18, row + 18), (30, 30, 30), 2)
    assert _photo.extract(np.ascontiguousarray(page[::-1, ::-1])) is None
