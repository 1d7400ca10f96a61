"""A stamp's border that a phone photo bends by a pixel leaves a sliver of its inner edge inside
the area searched: that is the border, not ink the rows read do not account for (issue 12).

A red 定期注册合格 / 2016.07.27—2021.07.26 stamp alone in its box, photographed, had the top
side of its border step one pixel lower over a few dozen columns; the step was taken for a
lost row and the stamp's missing date and office stayed blocking. A stroke reaching further in
from the border (a lost row's character touching it) is still not accounted for."""

from __future__ import annotations

import numpy as np

from scanning import _stamp_frame
from tests.scanning.test_stamp_border_blank import _bordered_box as bordered_box


def _bordered_box() -> tuple[np.ndarray, tuple[int, int, int, int], list]:
    """The blank-border test's stamp, its box found round the border's inner contour so that
    it holds two pixels of each side."""
    img, _, rows = bordered_box()
    return img, (22, 22, 378, 178), rows


def test_a_border_stepping_a_pixel_inward_is_still_the_border():
    img, frame, rows = _bordered_box()
    img[24:26, 30:80] = 0  # the top side a pixel thicker over 50 columns
    img[174:176, 300:360] = 0  # and the bottom side
    img[40:120, 374:376] = 0  # and the right side
    assert _stamp_frame.holds_only(img, frame, rows)


def test_a_stroke_reaching_in_from_the_border_is_not_the_border():
    img, frame, rows = _bordered_box()
    img[24:26, 30:80] = 0
    img[24:40, 150:156] = 0  # a lost character's stroke hanging from the top side
    assert not _stamp_frame.holds_only(img, frame, rows)
    img, frame, rows = _bordered_box()
    img[150:172, 200:230] = 0  # a lost row standing on the bottom side
    assert not _stamp_frame.holds_only(img, frame, rows)
