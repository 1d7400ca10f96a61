"""Which way up a sparse page lies: a remarks page with a printed heading, two hand-written
entries each under a grey seal, and the next page showing through mirrored (a greyscale scan).

The seal's star and single characters give roundish boxes that read about as well either way
up, and hand-written lines fool the angle classifier: before session 10 such a page fed in
sideways came out upside down and its remarks were lost without a flag.
"""

from __future__ import annotations

import dataclasses
import random

import cv2
import numpy as np
import pytest

from scanning import _pages
from scanning.sample import _degrade as deg
from scanning.sample import _fonts
from scanning.sample import _wide_capture as cap
from scanning.sample._records import TruthRecord
from scanning.sample._wide_draw import BLACK, Style
from scanning.sample._wide_info import info_page
from scanning.sample._wide_pages import Hand, cover, remarks_page

pytestmark = pytest.mark.slow

_RECORD = TruthRecord(
    name="孔煜骞",
    gender="女",
    birth_date="2001-07-16",
    id_number="361123200107163424",
    qualification_type="中等职业学校实习指导教师资格",
    subject="化学",
    certificate_number="20233669962341227",
    issuing_authority="江西省教育厅",
    issue_date="2023-08-29",
    annotations=[
        {"date": "2024-01-29", "text": "民族信息已更正"},
        {"date": "2025-02-12", "text": "证书污损，经本人申请予以换发"},
    ],
)


def _remarks_scan(seed: int) -> np.ndarray:
    """A greyscale scan of a hand-written remarks page with the information page bleeding
    through, as the scanner delivered it (upright)."""
    rng = random.Random(seed)
    style = dataclasses.replace(
        Style.pick(rng, 2023), label_family="Noto Serif CJK SC", date_style="pad"
    )
    hand = Hand(_fonts.KAI[0], BLACK, True)
    page = deg.to_array(remarks_page(240, rng, _RECORD, style, "before", hand))
    other = deg.to_array(info_page(240, rng, _RECORD, style, "rows"))
    return cap.grey(cap.bleed(page, other, rng))


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("turns", [1, 2, 3])
def test_a_sparse_hand_written_remarks_page_comes_upright_from_any_turn(seed, turns):
    page = _remarks_scan(seed)
    _, used = _pages.upright(deg.rotate(page, turns))
    assert (used + turns) % 4 == 0


def test_an_upright_sparse_remarks_page_is_left_alone():
    assert _pages.upright(_remarks_scan(1))[1] == 0


def test_roundish_boxes_do_not_vote_while_text_lines_exist():
    line = np.full((40, 200, 3), 255, np.uint8)
    star = np.full((50, 55, 3), 255, np.uint8)
    line[10:30, 10:190] = 0
    quads = [
        np.array([[0, 0], [200, 0], [200, 40], [0, 40]], np.float32),
        np.array([[0, 50], [55, 50], [55, 100], [0, 100]], np.float32),
    ]
    img = np.full((120, 220, 3), 255, np.uint8)
    img[:40, :200] = line
    img[50:100, :55] = star
    crops = _pages._line_crops(img, quads)
    assert [c.shape[:2] for c in crops] == [(40, 200)]


def _cover_scan(seed: int) -> np.ndarray:
    rng = random.Random(seed)
    style = Style.pick(rng, 2015)
    return cap.scanner(cover(200, rng, style), rng, greyscale=seed % 2 == 0, other=None)


def _closeness(a: np.ndarray, b: np.ndarray) -> float:
    """Mean grey difference of two pages brought to one small size (lower is closer)."""
    size = (64, 96)
    ga = cv2.resize(cv2.cvtColor(a, cv2.COLOR_RGB2GRAY), size).astype(np.float32)
    gb = cv2.resize(cv2.cvtColor(b, cv2.COLOR_RGB2GRAY), size).astype(np.float32)
    return float(np.abs(ga - gb).mean())


@pytest.mark.parametrize("seed", [3, 4])
@pytest.mark.parametrize("turns", [1, 3])
def test_a_cover_fed_sideways_either_way_comes_upright(seed, turns):
    scan = _cover_scan(seed)
    (upright,) = _pages.normalise([scan])
    (fixed,) = _pages.normalise([deg.rotate(scan, turns)])
    assert fixed.shape[0] > fixed.shape[1]
    assert _closeness(fixed, upright) < _closeness(deg.rotate(fixed, 2), upright)
