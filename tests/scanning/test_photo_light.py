"""The holder's photo under uneven light and on uncut scans: a coloured background lit brighter on
one side, darker towards the bottom, or crossed by a phone's glare spot is still one background;
a bitonal photo whose long hair falls beside the face is still a head; a photo page left in a
scanner's bed, its edge shaded by the binding, is still the photo page."""

from __future__ import annotations

import cv2
import numpy as np

from scanning import _photo, _photo_figure, _photo_sign
from scanning._photo_features import head_boxes
from tests.scanning.test_photo_bitonal import _bitonal, _on_colour, _page_with
from tests.scanning.test_photo_bitonal import _portrait as _grey_portrait
from tests.scanning.test_photo_head import _in_a4_bed, _iou
from tests.scanning.test_photo_mat import RED, _glue, _overlap, _page, _portrait

TRUTH = (320, 230, 496, 480)


def _lit(photo: np.ndarray, light: np.ndarray) -> np.ndarray:
    """The photo under a light: each pixel's brightness scaled by ``light`` (1 = as printed)."""
    return np.clip(photo.astype(np.float32) * light[..., None], 0, 255).astype(np.uint8)


def _photo_page(photo: np.ndarray) -> np.ndarray:
    page = _page()
    _glue(page, photo, TRUTH[0], TRUTH[1])
    return page


def test_a_red_photo_lit_brighter_on_one_side_is_found() -> None:
    # Left corner about 35 Lab units lighter than the right: no longer "one colour".
    x = np.linspace(0, 1, 176, dtype=np.float32)[None, :].repeat(250, axis=0)
    found = _photo.extract(_photo_page(_lit(_portrait(176, 250, RED), 1.45 - 0.6 * x)))
    assert found is not None and _overlap(found.box, TRUTH) > 0.85
    assert "photo_background" in [f.code for f in found.findings]


def test_a_red_photo_darker_towards_the_bottom_is_found() -> None:
    y = np.linspace(0, 1, 250, dtype=np.float32)[:, None].repeat(176, axis=1)
    found = _photo.extract(_photo_page(_lit(_portrait(176, 250, RED), 1.3 - 0.6 * y)))
    assert found is not None and _overlap(found.box, TRUTH) > 0.85


def test_a_red_photo_under_a_glare_spot_on_one_side_is_found() -> None:
    yy, xx = np.mgrid[0:250, 0:176].astype(np.float32)
    glare = 1.0 + 0.9 * np.exp(-(((xx - 10) / 45) ** 2 + ((yy - 70) / 40) ** 2))
    found = _photo.extract(_photo_page(_lit(_portrait(176, 250, RED), glare)))
    assert found is not None and _overlap(found.box, TRUTH) > 0.85


def test_paper_beside_a_coloured_card_is_no_one_background() -> None:
    crop = np.full((250, 176, 3), (238, 236, 228), np.uint8)
    crop[:, 88:] = RED  # half paper, half a red card: two colours, not one lit unevenly
    lab = cv2.cvtColor(crop, cv2.COLOR_RGB2LAB).astype(np.float32)
    assert list(_photo_figure.backgrounds(lab, 25, 25)) == []
    assert not _photo_figure.figure_ok(crop)


def _long_haired(w: int = 180, h: int = 252) -> np.ndarray:
    """A grey photo on white, white shirt: a crown of hair with fringe, the hair falling in two
    locks beside the face down to the shoulders, joined to the crown."""
    img = _grey_portrait(w, h, shoulders=False)
    cx, top = w // 2, int(0.16 * h)
    for x in (cx - 48, cx + 34):
        cv2.rectangle(img, (x, top + 30), (x + 14, top + 150), 20, -1)
    return img


def test_a_bitonal_head_with_long_hair_gives_a_photo_box() -> None:
    page = _bitonal(_page_with(_long_haired()))
    small, _ = _photo._work(page)
    assert head_boxes(small)  # the hair is solid in its crown, hollow below it
    found = _photo.extract(page)
    assert found is not None
    assert _iou(found.box, (300, 230, 480, 482)) > 0.4


def _shaded_edge(img: np.ndarray) -> None:
    """The page's side shaded by the binding where it lies on the bed, broken by the ruled
    lines into a column of character-sized pieces."""
    for y in range(45, 755, 10):
        img[y : y + 8, 552:560] = (120, 118, 112)


def test_a_photo_beside_the_signature_on_a_page_with_a_shaded_edge_is_found() -> None:
    img, (truth,), label = _in_a4_bed()
    _shaded_edge(img)
    assert _photo.text_beside(img, truth) > _photo.PHOTO_PAGE_MARKS  # marks, but no rows
    photo = _photo_sign.beside_signature(img, [label])
    assert photo is not None and _iou(photo.box, truth) > 0.8


def test_a_photo_beside_the_signature_on_a_page_of_text_rows_is_not_taken() -> None:
    img, (truth,), label = _in_a4_bed()
    for y in (450, 500, 550, 600):  # rows of print below the signature line
        cv2.putText(img, "abcdefghij", (60, y), cv2.FONT_HERSHEY_SIMPLEX, 0.9, (30, 30, 30), 2)
    assert _photo_sign.beside_signature(img, [label]) is None



def test_hair_reaching_the_sides_is_not_taken_for_the_background() -> None:
    # A box estimated as wide as the hair: long hair fills both side strips below the crown.
    crop = np.full((140, 100, 3), 250, np.uint8)
    crop[40:, 4:24] = 20
    crop[40:, 76:96] = 20
    lab = cv2.cvtColor(crop, cv2.COLOR_RGB2LAB).astype(np.float32)
    # No model, or one that keeps the paper's white where the hair is: never the hair.
    models = list(_photo_figure.backgrounds(lab, 14, 14))
    assert all(float(model[60, 10, 0]) > 200 for model, _ in models)


def test_a_bitonal_photo_on_colour_with_a_white_shirt_out_at_its_edges_is_found() -> None:
    # A red background thresholded to black; the white shirt runs out at the photo's bottom
    # edge and, at the shoulders, its sides: only the face and neck are clear of the edges.
    photo = _on_colour(180, 252)
    cv2.ellipse(photo, (90, 252), (100, 60), 0, 180, 360, 255, -1)
    page = _bitonal(_page_with(photo, frame=True))
    found = _photo.extract(page)
    assert found is not None and _iou(found.box, (300, 230, 480, 482)) > 0.8


def test_a_seal_crossing_the_sides_is_no_lit_background() -> None:
    # Paper in the corners; below them a seal's tint (its ink and lettering) across both
    # sides: the sides are not the background, so no model of it is made from them.
    crop = np.full((112, 94, 3), (238, 236, 228), np.uint8)
    cv2.circle(crop, (47, 95), 75, (232, 160, 160), -1)
    lab = cv2.cvtColor(crop, cv2.COLOR_RGB2LAB).astype(np.float32)
    assert list(_photo_figure.backgrounds(lab, 11, 13)) == []
