"""A dotted leader in a phone photo: at a page's reading size some neighbouring dots run
together into flat marks, and the value starts closer to the last dot than a re-read's
padding (images drawn in the test)."""

from __future__ import annotations

import numpy as np

from scanning._leader import erased, value_box

_PAPER = 230


def _phone_line() -> np.ndarray:
    """姓名……胡福 as a phone photo leaves it: 3 × 2 px dots 4 px apart, every third pair run
    together into one flat mark, the last three run together, the value 2 px after it."""
    img = np.full((36, 340, 3), _PAPER, np.uint8)
    img[9:30, 10:40] = 40  # the label
    x = 60
    for k in range(12):
        wide = 7 if k % 3 == 2 else 3  # a pair run together
        img[26:28, x : x + wide] = 40
        x += wide + 1 + (1 if wide == 3 else 1)
    img[26:28, x : x + 10] = 40  # the last three dots run together
    end = x + 10
    img[8:31, end + 2 : end + 60] = 40  # the value, close after
    return img


def test_dots_run_together_still_make_a_leader() -> None:
    img = _phone_line()
    got = value_box(img, (0, 0, 340, 36))
    assert got is not None and 100 < got[0]


def test_the_leader_is_painted_over_before_the_value_is_read() -> None:
    img = _phone_line()
    found = erased(img, (0, 0, 340, 36))
    assert found is not None
    page, box = found
    # Every dot is gone (the re-read's padding reaches back over them), the value is intact.
    assert (page[20:32, 55 : box[0]] == _PAPER).all()
    assert (page[8:31, box[0] + 5 : box[0] + 40] == 40).all()
    assert (img[26:28, 60:63] == 40).all()  # the page itself is left as it was


def test_a_ruling_of_flat_pieces_is_still_no_leader() -> None:
    img = np.full((40, 480, 3), 255, np.uint8)
    img[8:32, 10:100] = 0
    for x in range(110, 250, 8):  # flat pieces, as wide as two dots run together
        img[34:36, x : x + 7] = 0
    img[8:32, 260:410] = 0
    assert value_box(img, (0, 0, 480, 40)) is None


def test_a_label_stroke_before_the_leader_does_not_break_it() -> None:
    img = np.full((40, 480, 3), 255, np.uint8)
    img[8:32, 10:80] = 0  # the label
    img[22:30, 86:104] = 0  # the flat bottom stroke of its last character (类)
    for k in range(20):
        img[26:29, 110 + k * 6 : 113 + k * 6] = 0
    img[8:32, 260:410] = 0
    got = value_box(img, (0, 0, 480, 40))
    assert got is not None and 110 + 19 * 6 + 3 < got[0] <= 260
