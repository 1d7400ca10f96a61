"""A booklet photographed on a pale grey desk (as light as a grey scanner lid, but darker than
the paper): its outline is found from the page's edges, so the page is flattened and read at
its own size rather than as a small part of the whole photo. A white lid still has none."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from scanning import _pages
from scanning.sample import _degrade as deg
from tests.scanning.test_phone_pages import _on_desk, _page


def _spread() -> np.ndarray:
    return deg.to_array(deg.spread(Image.fromarray(_page("photo")),
                                   Image.fromarray(_page("info"))))


def test_a_page_on_a_pale_grey_desk_is_flattened():
    photo, truth = _on_desk(_spread(), (218, 216, 210), 0.9)
    quad = _pages.booklet_quad(photo)
    assert quad is not None  # was None: a border this light was taken for a scanner lid
    assert float(np.abs(quad - truth).max()) < 0.015 * photo.shape[0]


def test_a_page_on_a_white_lid_has_no_outline():
    photo, _ = _on_desk(_spread(), (252, 252, 250), 0.9)
    assert _pages.booklet_quad(photo) is None


def test_a_page_scanned_on_a_grey_lid_is_left_as_scanned():
    """A grey lid as light as that desk, the page only turned (a scanner images it straight
    on): no perspective, so no outline; the scan is read as it was."""
    import cv2

    spread = _spread()
    h, w = spread.shape[:2]
    canvas = np.full((int(h * 1.3), int(w * 1.2), 3), (218, 216, 210), np.uint8)
    y0, x0 = (canvas.shape[0] - h) // 2, (canvas.shape[1] - w) // 2
    canvas[y0:y0 + h, x0:x0 + w] = spread
    centre = (canvas.shape[1] / 2, canvas.shape[0] / 2)
    turned = cv2.warpAffine(canvas, cv2.getRotationMatrix2D(centre, 3.0, 1.0),
                            (canvas.shape[1], canvas.shape[0]),
                            borderValue=(218, 216, 210))
    assert _pages.booklet_quad(np.asarray(turned)) is None



@pytest.mark.parametrize("seed", [2, 49, 71])
def test_a_curled_spread_on_a_grey_lid_is_not_cut_to_one_page(seed):
    """A spread whose pages curl up at the binding, scanned on a grey lid with a binding
    shadow: the outline of the edges can run along the shadow and hold one page only, its
    sides unequal like a camera's view. The facing page, lighter than the lid, lies outside
    that outline: it is refused, and no page of the spread is lost (these seeds each gave a
    one-page outline before)."""
    import random

    from scanning.sample import _wide_capture as wc

    rng = random.Random(seed)
    spread = wc.spread(Image.fromarray(_page("photo")), Image.fromarray(_page("info")), rng)
    scan = wc.scanner(Image.fromarray(wc.curl(wc.to_array(spread), rng)), rng,
                      greyscale=False, other=None)
    quad = _pages.booklet_quad(scan)
    if quad is not None:  # an outline, if any, holds both pages
        assert float(np.ptp(quad[:, 0])) > 0.9 * spread.size[0]
