"""The holder's photo inside its frame: a photo glued into a printed frame larger than itself (a
paper margin all round, a steel seal over a corner), a photo left tilted by a phone, a page seen
on a desk (a rectangle around the photo, not the photo), and a plain card in a frame."""

from __future__ import annotations

import cv2
import numpy as np

from scanning import _photo, _photo_figure
from scanning._photo_mat import unmatted

PAPER = (238, 236, 228)
DESK = (120, 105, 85)
RED, BLUE = (200, 30, 35), (70, 140, 220)


def _page(h: int = 1100, w: int = 780, colour: tuple[int, int, int] = PAPER) -> np.ndarray:
    page = np.full((h, w, 3), colour, np.uint8)
    noise = np.random.default_rng(11).normal(0, 1.5, page.shape)
    return np.clip(page + noise, 0, 255).astype(np.uint8)


def _portrait(w: int, h: int, bg: tuple[int, int, int]) -> np.ndarray:
    """A 1-inch head and shoulders on a plain background."""
    img = np.full((h, w, 3), bg, np.uint8)
    cx = w // 2
    cv2.ellipse(img, (cx, h * 40 // 100), (w * 24 // 100, h * 22 // 100), 0, 0, 360,
                (215, 180, 160), -1)  # face
    cv2.ellipse(img, (cx, h * 30 // 100), (w * 25 // 100, h * 14 // 100), 0, 180, 360,
                (30, 25, 25), -1)  # hair on top of the head
    cv2.rectangle(img, (cx - w // 12, h * 58 // 100), (cx + w // 12, h * 80 // 100),
                  (215, 180, 160), -1)  # neck
    cv2.ellipse(img, (cx, h), (w * 48 // 100, h * 22 // 100), 0, 180, 360, (60, 30, 30), -1)
    return img


def _glue(page: np.ndarray, photo: np.ndarray, x: int, y: int, margin: int = 0) -> None:
    """The photo at (x, y), in a printed frame line ``margin`` pixels outside it."""
    h, w = photo.shape[:2]
    page[y : y + h, x : x + w] = photo
    if margin:
        cv2.rectangle(page, (x - margin, y - margin), (x + w + margin, y + h + margin),
                      (60, 60, 60), 2)


def _grey(page: np.ndarray) -> np.ndarray:
    return np.repeat(cv2.cvtColor(page, cv2.COLOR_RGB2GRAY)[..., None], 3, axis=2)


def _overlap(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """The shared area as a share of the larger box: 1 only where the boxes agree."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    area = max((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return max(0, w) * max(0, h) / area


def test_a_red_photo_glued_in_a_larger_frame_is_found_inside_its_margin() -> None:
    page = _page()
    # A margin this narrow joins the frame line and the photo's edge into one rectangle.
    _glue(page, _portrait(176, 250, RED), 320, 230, margin=8)
    for r in (30, 42):  # a steel seal's rings over the lower corner, pressed into the paper
        cv2.circle(page, (490, 470), r, (250, 250, 250), 2)
    found = _photo.extract(_grey(page))
    assert found is not None
    assert _overlap(found.box, (320, 230, 496, 480)) > 0.9
    # The margin is not the photo's background: the grey of a red background is no white;
    # on a scan without colour that is a note that the colour cannot be judged.
    assert not _photo.white_background(found.image)
    assert "photo_colour_unknown" in [f.code for f in found.findings]


def test_a_photo_left_tilted_by_a_phone_is_found() -> None:
    page = _page()
    _glue(page, _portrait(150, 212, RED), 330, 300, margin=6)
    rot = cv2.getRotationMatrix2D((405, 406), 4.0, 1.0)
    page = cv2.warpAffine(page, rot, (780, 1100), borderValue=PAPER)
    found = _photo.extract(page)
    assert found is not None
    assert _overlap(found.box, (330, 300, 480, 512)) > 0.75
    assert "photo_background" in [f.code for f in found.findings]


def test_a_page_seen_on_a_desk_is_not_taken_for_the_photo() -> None:
    image = _page(1100, 1200, colour=DESK)
    image[200:860, 300:740] = _page(660, 440)  # the page, taller than half the picture
    _glue(image, _portrait(130, 182, RED), 455, 300, margin=5)
    cv2.line(image, (420, 560), (640, 560), (40, 40, 40), 2)  # the signature line
    # A phone left it turned a little: its top edge slants like the crown of a head.
    rot = cv2.getRotationMatrix2D((520, 530), 5.0, 1.0)
    image = cv2.warpAffine(image, rot, (1200, 1100), borderValue=DESK)
    box = _photo.locate(image)
    assert box is not None
    assert _overlap(box, (440, 285, 600, 500)) > 0.6


def test_a_plain_coloured_card_in_a_frame_is_no_photo() -> None:
    page = _page()
    _glue(page, np.full((250, 176, 3), BLUE, np.uint8), 320, 230, margin=16)
    assert _photo.extract(page) is None


def test_two_framed_photos_with_margins_go_to_review_naming_both() -> None:
    page = _page()
    _glue(page, _portrait(176, 250, BLUE), 110, 230, margin=16)
    _glue(page, _portrait(176, 250, BLUE), 480, 230, margin=16)
    found = _photo.extract(page)
    assert found is not None
    doubt = [f for f in found.findings if f.code == "photo_ambiguous"]
    assert len(doubt) == 1 and doubt[0].field == "photo" and doubt[0].severity == "warning"
    assert len(doubt[0].evidence["boxes"]) == 2


def test_the_margin_is_cut_to_the_photo_edge_and_a_white_background_is_left_alone() -> None:
    page = _page()
    _glue(page, _portrait(176, 250, BLUE), 320, 230, margin=16)
    assert _overlap(unmatted(page, (306, 216, 510, 494)), (320, 230, 496, 480)) > 0.95
    white = _page()
    _glue(white, _portrait(176, 250, PAPER), 320, 230)
    # The background is the paper's colour: no edge within reach above or beside the head, and
    # the clothes along the bottom are the photo's content, not the end of a margin.
    assert unmatted(white, (306, 216, 510, 494)) == (306, 216, 510, 494)


def test_a_rectangle_is_no_head() -> None:
    crop = np.full((280, 200, 3), PAPER, np.uint8)
    head = crop.copy()
    cv2.rectangle(crop, (40, 60), (160, 200), RED, -1)  # a photo seen whole, inside a page
    cv2.ellipse(head, (100, 130), (60, 70), 0, 0, 360, RED, -1)
    assert _photo_figure.figure_ok(head, shoulders=False)
    assert not _photo_figure.figure_ok(crop, shoulders=False)


def test_a_rectangle_taller_than_half_the_page_is_no_photo_frame() -> None:
    page = _page()
    cv2.rectangle(page, (200, 150), (600, 750), (60, 60, 60), 2)  # a page's edge, 600 tall
    assert _photo._framed(page) == []
    cv2.rectangle(page, (300, 850), (480, 1100 - 2), (60, 60, 60), 2)
    assert len(_photo._framed(page)) == 1
