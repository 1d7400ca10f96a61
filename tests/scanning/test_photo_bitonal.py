"""The holder's photo on bitonal (1-bit) and greyscale scans: a face as pale as its background is
lost to the threshold, leaving hair, eyes and dark clothes; the photo is still found by its
head, never a seal, text or a pattern; and its background colour, which such a scan cannot show,
is a note, not a reason for review."""

from __future__ import annotations

import random

import cv2
import numpy as np
import pytest

from scanning import _pages, _photo, _photo_head
from scanning._photo_features import features_head
from scanning.sample import _degrade as deg
from scanning.sample import _render as rd
from scanning.sample import random_record
from tests.scanning.test_photo import _seal_page, _text_block

H, W = 1100, 780


def _portrait(w: int, h: int, face: int = 225, shoulders: bool = True) -> np.ndarray:
    """A grey head-and-shoulders photo on white: dark hair, a pale face with dark eyes."""
    img = np.full((h, w), 250, np.uint8)
    cx, head_w = w // 2, int(0.46 * w)
    top = int(0.16 * h)
    cv2.ellipse(img, (cx, top + int(0.3 * h)), (head_w // 2 - 4, int(0.27 * h)), 0, 0, 360,
                face, -1)
    cv2.ellipse(img, (cx, top + head_w // 2), (head_w // 2, head_w // 2), 0, 180, 360, 20, -1)
    ey = top + int(0.3 * h)
    for ex in (cx - head_w // 5, cx + head_w // 5):
        cv2.circle(img, (ex, ey), max(3, w // 40), 15, -1)
    cv2.ellipse(img, (cx, ey + int(0.1 * h)), (w // 14, h // 50), 0, 20, 160, 40, 3)
    if shoulders:
        cv2.ellipse(img, (cx, h), (int(0.48 * w), int(0.28 * h)), 0, 180, 360, 30, -1)
        cv2.rectangle(img, (cx - w // 14, top + int(0.55 * h)), (cx + w // 14, h - int(0.25 * h)),
                      face, -1)
    return img


def _page_with(photo: np.ndarray, x: int = 300, y: int = 230, frame: bool = False) -> np.ndarray:
    page = np.full((H, W), 252, np.uint8)
    h, w = photo.shape
    page[y : y + h, x : x + w] = photo
    if frame:
        cv2.rectangle(page, (x - 6, y - 6), (x + w + 6, y + h + 6), 90, 2)
    cv2.circle(page, (x + w, y + h), 70, 120, 2)  # the steel seal's ring over the corner
    return page


def _bitonal(gray: np.ndarray) -> np.ndarray:
    return np.repeat(np.where(gray < 128, 0, 255).astype(np.uint8)[..., None], 3, axis=2)


def _dithered(gray: np.ndarray) -> np.ndarray:
    """Ordered (Bayer 4×4) dither: mid-tones become dots, as a 1-bit scanner prints them."""
    bayer = np.array([[0, 8, 2, 10], [12, 4, 14, 6], [3, 11, 1, 9], [15, 7, 13, 5]]) * 16 + 8
    h, w = gray.shape
    thr = np.tile(bayer, (h // 4 + 1, w // 4 + 1))[:h, :w]
    return np.repeat(np.where(gray < thr, 0, 255).astype(np.uint8)[..., None], 3, axis=2)


def _overlap(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    ix = max(0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0, min(a[3], b[3]) - max(a[1], b[1]))
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - ix * iy
    return ix * iy / union


TRUTH = (300, 230, 480, 482)


def test_a_bitonal_photo_whose_face_became_paper_is_found() -> None:
    page = _bitonal(_page_with(_portrait(180, 252)))
    photo = _photo.extract(page)
    assert photo is not None and _overlap(photo.box, TRUTH) > 0.7
    assert [f.code for f in photo.findings if f.code.startswith("photo_b")] == []


def test_a_framed_bitonal_photo_in_a_white_shirt_is_found_by_hair_and_eyes() -> None:
    page = _bitonal(_page_with(_portrait(180, 252, shoulders=False), frame=True))
    photo = _photo.extract(page)
    assert photo is not None and _overlap(photo.box, TRUTH) > 0.8


def test_a_bitonal_white_photo_in_a_white_shirt_without_a_frame_is_found_by_its_head() -> None:
    # Only the hair, the eyes and the mouth remain: no figure, no frame, no edge.
    page = _bitonal(_page_with(_portrait(180, 252, shoulders=False)))
    photo = _photo.extract(page)
    assert photo is not None and _overlap(photo.box, TRUTH) > 0.6


def test_a_bitonal_photo_with_long_hair_beside_the_face_is_found() -> None:
    photo = _portrait(180, 252)
    cx, top = 90, int(0.16 * 252)
    for x in (cx - 46, cx + 32):  # hair falling from the crown down beside the face
        cv2.rectangle(photo, (x, top + 30), (x + 14, top + 120), 20, -1)
    photo[top + 20 : top + 40, cx - 46 : cx + 46] = 20
    photo = _page_with(photo)
    assert _photo.extract(_bitonal(photo)) is not None


def _on_colour(w: int, h: int) -> np.ndarray:
    """A photo on a blue or red background as a threshold leaves it: all black but the face and
    neck, with the eyes as holes in it."""
    img = np.zeros((h, w), np.uint8)
    cx, top = w // 2, int(0.3 * h)
    cv2.rectangle(img, (cx - w // 6, top), (cx + w // 6, top + int(0.3 * h)), 255, -1)
    cv2.rectangle(img, (cx - w // 14, top + int(0.3 * h)), (cx + w // 14, int(0.8 * h)), 255, -1)
    for ex in (cx - w // 14, cx + w // 14):
        cv2.circle(img, (ex, top + int(0.1 * h)), max(3, w // 40), 0, -1)
    return img


def test_a_bitonal_photo_on_a_coloured_background_is_found_by_its_light_face() -> None:
    page = _bitonal(_page_with(_on_colour(180, 252)))
    photo = _photo.extract(page)
    assert photo is not None and _overlap(photo.box, TRUTH) > 0.8
    assert "photo_colour_unknown" in [f.code for f in photo.findings]


def test_a_black_card_with_a_light_window_is_no_face() -> None:
    card = np.zeros((252, 180), np.uint8)
    cv2.rectangle(card, (60, 70), (120, 150), 255, -1)  # a window, no eyes in it
    assert _photo.locate(_bitonal(_page_with(card))) is None


def test_a_dithered_photo_is_found() -> None:
    page = _dithered(_page_with(_portrait(180, 252, face=200)))
    photo = _photo.extract(page)
    assert photo is not None and _overlap(photo.box, TRUTH) > 0.7


def test_without_the_eyes_a_dark_cap_is_no_head() -> None:
    # A dark half-disc over a blank (a printed emblem, a seal's filled top): no face under it.
    crop = _bitonal(_portrait(180, 252))
    assert features_head(crop[:, :, 0].copy()[..., None].repeat(3, axis=2))
    blank = crop.copy()
    blank[int(0.35 * 252) : int(0.6 * 252)] = 255
    assert not features_head(blank)


def _booklet_pages() -> list[np.ndarray]:
    rng = random.Random(11)
    run = rd.PrintRun.pick(rng)
    rec = random_record(rng)
    return [deg.to_array(rd.info_page(150, rng, rec, run)),
            deg.to_array(rd.remarks_page(150, rng, rec, run)),
            deg.to_array(rd.registration_page(150, rng, rec.registrations[:2], run))]  # fmt: skip


@pytest.mark.parametrize("binarise", [_bitonal, _dithered], ids=["threshold", "dither"])
def test_a_seal_a_text_block_or_a_printed_pattern_in_bitonal_is_no_photo(binarise) -> None:
    for page in [_seal_page(), _text_block(), *_booklet_pages()]:
        gray = cv2.cvtColor(_pages.to_height(page), cv2.COLOR_RGB2GRAY)
        assert _photo.locate(binarise(gray)) is None


def test_a_blue_background_on_a_greyscale_scan_is_a_note_not_a_reason_for_review() -> None:
    photo_img = np.full((252, 180, 3), (67, 142, 219), np.uint8)
    photo_img[60:] = (60, 60, 60)
    grey = np.repeat(cv2.cvtColor(photo_img, cv2.COLOR_RGB2GRAY)[..., None], 3, axis=2)
    codes = [(f.code, f.severity) for f in _photo.check(grey)]
    assert ("photo_colour_unknown", "note") in codes and "photo_background" not in dict(codes)
    photo = _photo.Photo(grey, (0, 0, 180, 252), _photo.check(grey))
    assert not _photo.photo_value(photo, "2022-05-01").blocking
    # In colour the same background is judged: after 2020, a reason for review.
    assert _photo.photo_value(_photo.Photo(photo_img, (0, 0, 180, 252), _photo.check(photo_img)),
                              "2022-05-01").blocking


@pytest.mark.parametrize(
    ("rgb", "is_white"),
    [((250, 250, 248), True), ((205, 205, 200), True), ((235, 232, 220), True),
     ((180, 180, 180), False), ((67, 142, 219), False), ((200, 40, 40), False),
     ((170, 205, 235), False)],
)
def test_one_measure_of_white_for_the_standard_and_the_head_test(rgb, is_white) -> None:
    img = np.full((60, 44, 3), rgb, np.uint8)
    lab = cv2.cvtColor(img, cv2.COLOR_RGB2LAB).astype(np.float32).reshape(-1, 3)
    assert _photo_head.white(lab) is is_white
    assert _photo.white_background(img) is is_white
