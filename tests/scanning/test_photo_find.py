"""The holder's photo where the figure falls apart or competes: a pale face on a white background
(hair and clothes are separate blobs), a coloured photo whose box carries a sliver of paper, two
photo-like regions on one page, and dark shapes that only look stacked."""

from __future__ import annotations

import cv2
import numpy as np

from scanning import _photo, _photo_figure

PAPER = (236, 231, 216)  # a pale cream page
PALE_SKIN = (242, 226, 214)  # within a few levels of the paper: no blob of its own


def _page() -> np.ndarray:
    page = np.full((1100, 780, 3), PAPER, np.uint8)
    rng = np.random.default_rng(7)
    noise = rng.normal(0, 1.5, page.shape)
    return np.clip(page + noise, 0, 255).astype(np.uint8)


def _figure(page: np.ndarray, x: int, y: int, w: int, h: int, bg: tuple[int, int, int]) -> None:
    """A 1-inch photo at (x, y): plain background, dark hair, a pale face and neck, dark clothes."""
    cv2.rectangle(page, (x, y), (x + w, y + h), bg, -1)
    cx = x + w // 2
    cv2.ellipse(page, (cx, y + h * 36 // 100), (w * 26 // 100, h * 24 // 100), 0, 0, 360,
                (40, 35, 30), -1)  # hair, seen round the face
    cv2.ellipse(page, (cx, y + h * 42 // 100), (w * 21 // 100, h * 20 // 100), 0, 0, 360,
                PALE_SKIN, -1)
    cv2.rectangle(page, (cx - w // 12, y + h * 58 // 100), (cx + w // 12, y + h * 78 // 100),
                  PALE_SKIN, -1)  # neck
    cv2.ellipse(page, (cx, y + h), (w * 48 // 100, h * 22 // 100), 0, 180, 360, (35, 45, 80), -1)


def _overlap(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    inter = max(0, w) * max(0, h)
    return inter / ((b[2] - b[0]) * (b[3] - b[1]))


def test_pale_face_on_white_photo_is_found_from_hair_over_clothes():
    page = _page()
    _figure(page, 280, 200, 210, 294, (250, 250, 250))
    found = _photo.extract(page)
    assert found is not None
    assert _overlap(found.box, (280, 200, 490, 494)) > 0.8
    assert not [f for f in found.findings if f.severity != "note"]


def test_coloured_photo_box_with_a_sliver_of_paper_still_holds_a_figure():
    page = _page()
    _figure(page, 280, 200, 210, 294, (90, 150, 225))
    # A frameless estimate a few pixels too wide: a sliver of paper down each side would join
    # the figure and pass for a head as wide as the photo.
    crop = cv2.resize(page[200:495, 273:498], None, fx=0.5, fy=0.5)
    assert not _photo_figure.figure_ok(crop, False)
    assert _photo_figure.figure_ok(crop, False, trim=True)
    assert _photo.extract(page) is not None


def test_two_photo_like_regions_go_to_review_naming_the_photo():
    page = _page()
    _figure(page, 90, 200, 210, 294, (250, 250, 250))
    _figure(page, 470, 200, 210, 294, (250, 250, 250))
    found = _photo.extract(page)
    assert found is not None
    doubt = [f for f in found.findings if f.code == "photo_ambiguous"]
    assert len(doubt) == 1 and doubt[0].field == "photo" and doubt[0].severity == "warning"
    assert len(doubt[0].evidence["boxes"]) == 2


def test_a_dark_disc_beside_a_dark_bar_is_no_head_over_shoulders():
    page = _page()
    cv2.circle(page, (200, 260), 50, (40, 35, 30), -1)  # off to the side of the bar below
    cv2.rectangle(page, (330, 340), (600, 420), (35, 45, 80), -1)
    assert _photo.extract(page) is None


def test_a_page_without_a_photo_keeps_photo_missing():
    assert _photo.extract(_page()) is None
    value = _photo.photo_value(None, "2021-05-01")
    assert [(f.code, f.field, f.severity) for f in value.findings] == [
        ("photo_missing", "photo", "error")
    ]
