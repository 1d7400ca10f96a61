"""Phone photos of booklets: the binding of a spread under light falling off, a page running
off the photo, a collage's fill round a narrower photo, a remarks heading half under a seal.

Each rule has a case where the old reading was wrong and one that must stay as it was.
"""

from __future__ import annotations

import random

import cv2
import numpy as np
import pytest
from PIL import Image

from scanning import _collage, _pages
from scanning._ocr import Line
from scanning._pages import Role
from scanning._roles import classify
from scanning.sample import _degrade as deg
from scanning.sample import _render as rd
from scanning.sample import random_record
from tests.scanning.test_notice_collage import stack


def _page(kind: str, seed: int = 3) -> np.ndarray:
    rng = random.Random(seed)
    run = rd.PrintRun.pick(rng)
    if kind == "photo":
        return deg.to_array(rd.photo_page(150, rng, True, run))
    return deg.to_array(rd.info_page(150, rng, random_record(rng), run))


def _spread(light: tuple[float, float], tint: float = 1.0, left_share: float = 0.5) -> tuple:
    """Photo page and information page side by side, with light falling linearly across the
    spread from ``light[0]`` to ``light[1]`` and the right page's paper ``tint`` as bright as
    the left's (no binding shadow); the binding's column."""
    left, right = _page("photo"), _page("info")
    h = left.shape[0]
    lw = int(2 * left.shape[1] * left_share)
    left = cv2.resize(left, (lw, h))
    right = cv2.resize(right, (2 * left.shape[1] - lw if left_share == 0.5 else right.shape[1], h))
    a = np.concatenate([left, (right.astype(np.float32) * tint).astype(np.uint8)], axis=1)
    fall = np.linspace(light[0], light[1], a.shape[1], dtype=np.float32)[None, :, None]
    return (a.astype(np.float32) * fall).clip(0, 255).astype(np.uint8), lw


@pytest.mark.parametrize("light", [(1.0, 0.8), (0.8, 1.0), (1.0, 0.7)])
def test_a_spread_darkening_towards_one_side_is_cut_in_the_middle(light):
    spread, w = _spread(light)
    left, _ = _pages.split(spread)
    assert abs(left.shape[1] - w) < 0.02 * w  # was cut at the window's end (±10 % off)


def test_two_paper_tones_meeting_off_the_middle_are_cut_where_they_meet():
    spread, w = _spread((1.0, 0.85), tint=0.93, left_share=0.53)
    left, _ = _pages.split(spread)
    assert abs(left.shape[1] - w) < 0.015 * w


def test_a_binding_shadow_still_wins_over_light_falling_off():
    spread, w = _spread((1.0, 0.8))
    x = np.arange(spread.shape[1], dtype=np.float32)
    shade = 1 - 0.3 * np.exp(-(((x - w) / (w * 0.03)) ** 2))
    spread = (spread.astype(np.float32) * shade[None, :, None]).astype(np.uint8)
    left, _ = _pages.split(spread)
    assert abs(left.shape[1] - w) < 0.02 * w


def _on_desk(a: np.ndarray, desk: tuple[int, int, int], right: float) -> tuple:
    """The booklet on a desk, slightly tilted, its right edge at ``right`` of the photo's width
    (beyond 1.0 the page runs off the photo); the true corners."""
    h, w = a.shape[:2]
    ch, cw = int(h * 1.5), int(w / (right - 0.15))
    base = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    x0, y0 = 0.15 * cw, (ch - h) / 2
    dst = base + [x0, y0] + np.array([[0, 12], [0, -12], [0, 10], [0, -8]], np.float32)
    mat = cv2.getPerspectiveTransform(base, dst.astype(np.float32))
    rng = np.random.default_rng(0)
    photo = (np.array(desk, np.float32) + rng.normal(0, 6, (ch, cw, 3))).clip(0, 255)
    photo = photo.astype(np.uint8)
    mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), mat, (cw, ch)) > 127
    photo[mask] = cv2.warpPerspective(a, mat, (cw, ch))[mask]
    return np.asarray(cv2.GaussianBlur(photo, (3, 3), 0.8), np.uint8), dst


def test_a_page_running_off_one_side_of_the_photo_is_still_flattened():
    spread = deg.to_array(deg.spread(Image.fromarray(_page("photo")),
                                     Image.fromarray(_page("info"))))
    photo, truth = _on_desk(spread, (70, 70, 75), 1.06)
    quad = _pages.booklet_quad(photo)
    assert quad is not None  # was None: the border's paper was taken for desk
    tol = 0.015 * spread.shape[0]
    assert float(np.abs(quad[[0, 3]] - truth[[0, 3]]).max()) < tol  # the left corners
    assert float(np.abs(quad[[1, 2], 0] - (photo.shape[1] - 1)).max()) < tol  # the photo's edge


def test_a_page_wholly_inside_the_photo_keeps_its_own_corners():
    spread = deg.to_array(deg.spread(Image.fromarray(_page("photo")),
                                     Image.fromarray(_page("info"))))
    photo, truth = _on_desk(spread, (120, 90, 60), 0.9)
    quad = _pages.booklet_quad(photo)
    assert quad is not None
    assert float(np.abs(quad - truth).max()) < 0.015 * spread.shape[0]


def test_a_collage_fill_round_a_narrower_photo_is_trimmed_and_its_booklet_found():
    info = _page("info")
    narrow, truth = _on_desk(info, (60, 60, 70), 0.85)
    wide = _on_desk(deg.to_array(deg.spread(Image.fromarray(_page("photo")),
                                            Image.fromarray(info))), (60, 60, 70), 0.85)[0]
    strip = stack([narrow, wide, narrow])  # on white, the narrower ones padded
    pieces = _collage.pieces(strip)
    assert len(pieces) == 3
    assert abs(pieces[0].shape[1] - narrow.shape[1]) <= 4  # the white fill is gone
    quad = _pages.booklet_quad(pieces[0])
    assert quad is not None  # with the fill, the fill was taken for paper beside the page
    assert float(np.abs(quad - truth).max()) < 0.02 * info.shape[0]


def _lines(*texts: str) -> list[Line]:
    return [Line(t, 0.9, (40, 60 + 60 * i, 40 + 30 * len(t), 90 + 60 * i))
            for i, t in enumerate(texts)]


def test_a_remarks_heading_half_under_a_seal_still_makes_a_remarks_page():
    lines = _lines("注", "2009.02.01身份证号码已升位，经核对无误")
    assert classify(lines, has_photo=False) is Role.REMARKS  # was OTHER: the remark was lost


@pytest.mark.parametrize("texts", [
    ("注", "身份证号码已升位，经核对无误"),  # no dated entry: nothing says remarks
    ("注", "册", "2019年5月1日"),  # 注　册: a registration heading
    ("姓名", "注", "2009.02.01"),  # the lone character is not the page's heading
])
def test_a_lone_heading_character_alone_makes_no_remarks_page(texts):
    assert classify(_lines(*texts), has_photo=False) is not Role.REMARKS


def test_a_glare_spot_on_the_desk_against_a_corner_leaves_the_outline_straight():
    spread = deg.to_array(deg.spread(Image.fromarray(_page("photo")),
                                     Image.fromarray(_page("info"))))
    photo, truth = _on_desk(spread, (75, 50, 40), 0.9)
    # A soft glare, as light as the paper at its centre, on the desk over the top-right corner.
    h, w = photo.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    cx, cy = truth[1] + [0.04 * w, -0.03 * h]
    g = np.exp(-(((xx - cx) / (0.06 * w)) ** 2 + ((yy - cy) / (0.05 * h)) ** 2))[..., None]
    photo = (photo + (255 - photo.astype(np.float32)) * 0.95 * g).astype(np.uint8)
    quad = _pages.booklet_quad(photo)
    assert quad is not None  # the blob bulged the hull: a wrong corner, then no outline
    assert float(np.abs(quad - truth).max()) < 0.02 * spread.shape[0]


def _glared_with_gutter(rule_rows: slice | None = None) -> tuple:
    """A spread whose left page glare turns white, its right page's light falling fast just
    past the gutter, and a thin grey line down the gutter (or, with ``rule_rows``, a table's
    rule of that height a little left of it instead); the binding's column."""
    spread, w = _spread((1.0, 1.0))
    a = spread.astype(np.float32)
    a[:, :w] = np.minimum(255, a[:, :w] * 1.4)  # glare: the left page's paper is pure white
    x = np.arange(a.shape[1], dtype=np.float32)
    fall = np.clip((x - 1.08 * w) / (0.12 * w), 0, 1)  # 1 → 0.86 over the right page's edge
    a *= (1 - 0.14 * fall)[None, :, None]
    if rule_rows is None:
        a[:, w - 1 : w + 1] = 190  # the gutter's line
    else:
        a[rule_rows, int(0.9 * w) : int(0.9 * w) + 2] = 60
    return a.clip(0, 255).astype(np.uint8), w


def test_a_gutter_line_beside_glare_is_the_binding_not_the_lights_fall():
    spread, w = _glared_with_gutter()
    left, _ = _pages.split(spread)
    assert abs(left.shape[1] - w) < 0.01 * w  # was cut inside the right page, past the gutter


def test_a_tables_rule_short_of_the_page_is_no_gutter():
    h = _glared_with_gutter()[0].shape[0]
    spread, w = _glared_with_gutter(slice(int(0.1 * h), int(0.9 * h)))  # 80 % of the height
    left, _ = _pages.split(spread)
    assert abs(left.shape[1] - 0.9 * w) > 0.05 * w  # never at the table's rule
