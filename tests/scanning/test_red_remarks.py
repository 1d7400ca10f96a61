"""Remarks stamped or written in red ink: the page reader drops red to free the print under
round seals, so such a remark vanished with the seals and the booklet was accepted without it
(no finding at all). Red text outside every seal ring is now read and paired like print."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from scanning import _red_remarks
from scanning._roles import Role
from scanning._scan import _read_page
from scanning._sections import read_annotations
from tests.scanning._fonts import cjk_font

PAPER = (244, 246, 240)
RED = (165, 30, 55)
W, H = 780, 1100


def _page(
    stamped: bool, paper: tuple[int, int, int] = PAPER, red: tuple[int, int, int] = RED
) -> np.ndarray:
    """A remarks page: black heading and ruled boxes, a red round seal with its lettering, and
    (``stamped``) a remark chopped in a red box: two text rows and its date."""
    img = Image.new("RGB", (W, H), paper)
    d = ImageDraw.Draw(img)
    d.text((345, 70), "备 注", font=cjk_font(36), fill=(20, 20, 20))
    for top in (170, 470, 770):
        d.rectangle((90, top, 690, top + 260), outline=(150, 160, 150), width=2)
    if stamped:
        d.rectangle((110, 185, 600, 380), outline=red, width=4)
        d.text((135, 210), "照片脱落，重新粘贴照片并加盖钢", font=cjk_font(28), fill=red)
        d.text((135, 255), "印", font=cjk_font(28), fill=red)
        d.text((440, 330), "2025.05.10", font=cjk_font(26), fill=red)
    d.ellipse((480, 560, 650, 730), outline=red, width=7)
    d.regular_polygon((565, 645, 28), 5, fill=red)
    for k, ch in enumerate("某某县教育局"):
        a = np.pi * (1.1 + 0.16 * k)
        d.text((555 + 62 * np.cos(a), 635 + 62 * np.sin(a)), ch, font=cjk_font(20), fill=red)
    return np.asarray(img)


@pytest.mark.slow
def test_a_remark_stamped_in_red_is_read_with_its_date():
    page = _read_page(_page(stamped=True), None)
    assert page.role is Role.REMARKS
    notes, _ = read_annotations([page], "2012-06-30")
    want = [("2025-05-10", "照片脱落，重新粘贴照片并加盖钢印")]
    assert [(n["date"], n["text"]) for n in notes] == want


def test_a_page_whose_only_red_is_its_seal_is_not_read_again():
    view, rings = _red_remarks.outside_seals(_page(stamped=False))
    assert view is None and rings == ()


def test_red_text_beside_a_seal_is_found():
    view, rings = _red_remarks.outside_seals(_page(stamped=True))
    assert view is not None and len(rings) == 1


def test_a_crimson_stamp_on_a_dimly_lit_page_is_found():
    # A phone photo in dim light: paper (187, 185, 173), the stamp's ink (121, 55, 65) is less
    # red than a red view asks until the paper is made white.
    dim = _page(stamped=True, paper=(187, 185, 173), red=(121, 55, 65))
    view, rings = _red_remarks.outside_seals(dim)
    assert view is not None and len(rings) == 1
    added = _red_remarks.added(dim, [])
    assert any("2025.05.10" in ln.text for ln in added)
    assert any("照片脱落" in ln.text for ln in added)


def _scaled_pixel_by_pixel(page: np.ndarray) -> np.ndarray:
    paper = np.percentile(page[::4, ::4].reshape(-1, 3), _red_remarks.PAPER, axis=0)
    scaled = page.astype(np.float32) * (255.0 / np.maximum(paper, 1.0))
    return scaled.clip(0, 255).astype(np.uint8)


def test_the_paper_is_whitened_level_by_level_without_a_float_copy_of_the_page():
    # Every level of every channel, on dim warm paper: the same values as scaling each pixel
    # (float64 per channel, clipped), made per level: no float copy of the page, whose
    # float64 product took a remarks page 190 ms of CPU.
    import tracemalloc

    rng = np.random.default_rng(7)
    page = np.empty((1100, 1024, 3), np.uint8)  # a page's size: a float copy would dwarf the rest
    page[..., 0] = np.arange(1024) % 256
    page[..., 1] = 255 - np.arange(1024) % 256
    page[..., 2] = rng.integers(0, 256, 1024, dtype=np.uint8)
    page[300:] = (187, 185, 173)  # paper as dim light leaves it
    _red_remarks._white_paper(page)  # one-time costs of the first call left out
    tracemalloc.start()
    got = _red_remarks._white_paper(page)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert np.array_equal(got, _scaled_pixel_by_pixel(page))
    mirrored = page[:, ::-1]  # a view, not contiguous
    assert np.array_equal(_red_remarks._white_paper(mirrored), _scaled_pixel_by_pixel(mirrored))
    assert peak < 2 * page.nbytes
