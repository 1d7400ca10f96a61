"""A white-background photo whose holder wears a pale shirt (only hair, face and neck differ from
the background, which darkens towards the bottom), and a photo page left uncut in a scanner's A4
bed, where the photo is smaller than a photo is on a page: found beside the signature label."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from scanning import _photo, _photo_figure, _photo_head, _photo_sign
from scanning._ocr import Line

PAPER = (246, 243, 232)
BED = (250, 250, 250)


def _page(h: int = 1100, w: int = 780, colour: tuple[int, int, int] = PAPER) -> np.ndarray:
    page = np.full((h, w, 3), colour, np.uint8)
    noise = np.random.default_rng(12).normal(0, 1.5, page.shape)
    return np.clip(page + noise, 0, 255).astype(np.uint8)


def _pale_shirt(w: int, h: int) -> np.ndarray:
    """A 2020-standard photo: a white background darker away from the face (the studio's
    light), a white shirt."""
    cx = w // 2
    y, x = np.mgrid[0:h, 0:w] / h
    shade = 252 - 45 * np.clip((y - 0.45) / 0.55, 0, 1) * (0.4 + 1.2 * abs(x - cx / h) * h / w)
    img = np.repeat(shade[..., None], 3, axis=2).astype(np.uint8)
    cv2.rectangle(img, (cx - w // 11, h * 50 // 100), (cx + w // 11, h * 76 // 100),
                  (205, 165, 140), -1)  # neck
    cv2.ellipse(img, (cx, h * 72 // 100 + h // 2), (w * 50 // 100, h // 2), 0, 180, 360,
                (246, 246, 246), -1)  # the shirt, as white as the background
    cv2.ellipse(img, (cx, h * 36 // 100), (w * 22 // 100, h * 19 // 100), 0, 0, 360,
                (215, 175, 150), -1)  # face
    cv2.ellipse(img, (cx, h * 27 // 100), (w * 23 // 100, h * 11 // 100), 0, 180, 360,
                (25, 20, 20), -1)  # hair
    return img


def _glue(page: np.ndarray, photo: np.ndarray, x: int, y: int) -> tuple[int, int, int, int]:
    h, w = photo.shape[:2]
    page[y : y + h, x : x + w] = photo
    cv2.rectangle(page, (x - 1, y - 1), (x + w, y + h), (150, 150, 150), 1)  # a printed edge
    return (x, y, x + w, y + h)


def _iou(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    ix = max(0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0, min(a[3], b[3]) - max(a[1], b[1]))
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - ix * iy
    return ix * iy / union


def test_a_white_photo_with_a_pale_shirt_is_found_by_its_head() -> None:
    page = _page()
    truth = _glue(page, _pale_shirt(190, 266), 300, 230)
    photo = _photo.extract(page)
    assert photo is not None and _iou(photo.box, truth) > 0.8
    assert not any(f.code == "photo_background" for f in photo.findings)


def test_without_the_head_rule_the_pale_shirt_hides_the_figure(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = _page()
    _glue(page, _pale_shirt(190, 266), 300, 230)
    monkeypatch.setattr(_photo_figure, "head_ok", lambda crop: False)
    # nor the box a head that wide has (``_around_head``): the blob's own box ends at the neck
    monkeypatch.setattr(_photo, "_around_head", lambda small, blob: blob.box)
    assert _photo.extract(page) is None


def test_a_head_is_one_round_solid_shape_not_a_card_a_ring_or_text() -> None:
    head = _pale_shirt(100, 140)
    assert _photo_head.head_ok(head)
    card = np.full((140, 100, 3), 250, np.uint8)
    cv2.rectangle(card, (25, 25), (75, 80), (90, 90, 200), -1)  # flat on top
    ring = np.full((140, 100, 3), 250, np.uint8)
    cv2.circle(ring, (50, 50), 28, (200, 40, 40), 4)  # a seal's ring is hollow
    text = np.full((140, 100, 3), 250, np.uint8)
    for y in range(25, 80, 12):
        cv2.line(text, (25, y), (75, y), (20, 20, 20), 3)  # lines of print
    assert not any(_photo_head.head_ok(c) for c in (card, ring, text))


def _in_a4_bed(photos: int = 1) -> tuple[np.ndarray, list[tuple[int, int, int, int]], Line]:
    """A photo page left in the middle of a scanner's A4 bed: the page 0.65 of the image, the
    photo 0.16 of it (too small for a photo on a page); the signature label read below it."""
    img = _page(colour=BED)
    img[40:760, 30:560] = _page(720, 530)
    boxes = [_glue(img, _pale_shirt(126, 176), x, 150) for x in (230, 380)[:photos]]
    label = Line("持证人签名：", 0.99, (90, 380, 205, 410))
    cv2.putText(img, "sign", (95, 405), cv2.FONT_HERSHEY_SIMPLEX, 0.9, (30, 30, 30), 2)
    return img, boxes, label


def test_a_photo_on_a_page_left_in_the_scanner_bed_is_found_beside_the_signature() -> None:
    img, (truth,), label = _in_a4_bed()
    assert _photo.extract(img) is None  # too small for a photo on a page of this height
    photo = _photo_sign.beside_signature(img, [label])
    assert photo is not None and _iou(photo.box, truth) > 0.8
    assert not any(f.code == "photo_ambiguous" for f in photo.findings)


def test_without_a_signature_label_nothing_is_looked_for() -> None:
    img, _, label = _in_a4_bed()
    other = Line("注册记录", 0.99, label.box)
    assert _photo_sign.beside_signature(img, [other]) is None


def test_two_photos_beside_the_signature_are_flagged_not_chosen_silently() -> None:
    img, _, label = _in_a4_bed(photos=2)
    photo = _photo_sign.beside_signature(img, [label])
    assert photo is not None
    assert [f.code for f in photo.findings if f.severity == "warning"] == ["photo_ambiguous"]


def test_a_photo_page_without_its_photo_yields_none_not_a_pattern() -> None:
    img, _, label = _in_a4_bed(photos=0)
    rng = np.random.default_rng(3)
    for _ in range(12):  # a guilloche's loops and the steel seal's ring
        c = (int(rng.integers(60, 500)), int(rng.integers(60, 700)))
        cv2.circle(img, c, int(rng.integers(20, 90)), (200, 205, 190), 2)
    cv2.circle(img, (300, 330), 60, (175, 175, 170), 3)
    assert _photo_sign.beside_signature(img, [label]) is None



def _seen_through() -> np.ndarray:
    """A photo of the facing page seen through the paper: every tone faint, nothing dark."""
    img = _pale_shirt(100, 140)
    for was, now in (((25, 20, 20), (210, 190, 190)), ((215, 175, 150), (236, 212, 200)),
                     ((205, 165, 140), (236, 212, 200))):
        img[(img == was).all(axis=2)] = now
    return img


def test_a_photo_seen_through_the_paper_is_no_head() -> None:
    assert not _photo_head.head_ok(_seen_through())


def test_without_the_dark_print_rule_a_faint_head_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_photo_head, "_DARK", 0)
    assert _photo_head.head_ok(_seen_through())
