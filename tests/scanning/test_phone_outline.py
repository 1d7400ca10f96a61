"""A booklet photographed on a pale desk under uneven light: the page in shadow is darker than
the desk in the lit corner, so no brightness threshold separates them; the outline is found
from the page's edges. A frame printed on a scanned page (paper on both sides) is no outline."""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

from scanning import _pages
from scanning.sample import _degrade as deg
from tests.scanning.test_phone_pages import _on_desk, _page


def _pale_desk_under_falling_light(fall: tuple[float, float]) -> tuple[np.ndarray, np.ndarray]:
    spread = deg.to_array(deg.spread(Image.fromarray(_page("photo")),
                                     Image.fromarray(_page("info"))))
    photo, truth = _on_desk(spread, (206, 204, 198), 0.9)
    h, w = photo.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    light = fall[0] + (fall[1] - fall[0]) * (xx / w * 0.7 + yy / h * 0.3)
    lit = (photo.astype(np.float32) * light[..., None]).clip(0, 255).astype(np.uint8)
    return lit, truth


def test_a_page_on_a_pale_desk_under_falling_light_is_flattened():
    photo, truth = _pale_desk_under_falling_light((1.12, 0.8))
    quad = _pages.booklet_quad(photo)
    assert quad is not None  # was None: the page was read unflattened, in its perspective
    assert float(np.abs(quad - truth).max()) < 0.015 * photo.shape[0]


def test_a_frame_printed_on_a_scanned_page_is_no_outline():
    page = np.full((1400, 1000, 3), (222, 216, 200), np.uint8)  # beige paper, no lid round it
    cv2.rectangle(page, (180, 300), (820, 1100), (40, 40, 40), 3)
    for y in range(380, 1060, 80):
        cv2.line(page, (180, y), (820, y), (60, 60, 60), 2)
        cv2.putText(page, "1998 0116", (220, y - 20), cv2.FONT_HERSHEY_SIMPLEX, 1.2,
                    (30, 30, 30), 2)
    assert _pages.booklet_quad(page) is None


def test_a_scan_with_a_white_lid_still_has_no_outline():
    photo, _ = _pale_desk_under_falling_light((1.0, 1.0))
    white = photo.copy()
    white[(photo.astype(int).sum(axis=2) < 3 * 215)] = 250  # the desk as white as a lid
    assert _pages.booklet_quad(np.asarray(white)) is None
