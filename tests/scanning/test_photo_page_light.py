"""A photo's white background judged under the page's own light: a phone photo dims the whole
page, so a white background reads darker than a scan's white, but as bright as the paper around
the photo; a blue or red background stays far darker or colourful whatever the light."""

from __future__ import annotations

import numpy as np

from scanning import _photo, _photo_standard
from tests.scanning.test_photo_mat import BLUE, RED, _glue, _page, _portrait

WHITE = (248, 248, 248)
AT = (320, 230)


def _dim_page(bg: tuple[int, int, int], light: float = 0.72, tint=(1.0, 1.0, 1.0)) -> np.ndarray:
    """A photo page under a phone's light: every pixel (paper and photo alike) dimmed and tinted."""
    page = _page()
    _glue(page, _portrait(176, 250, bg), *AT)
    gain = light * np.asarray(tint, np.float32)
    return np.clip(page.astype(np.float32) * gain, 0, 255).astype(np.uint8)


def _codes(page: np.ndarray) -> list[str]:
    found = _photo.extract(page)
    assert found is not None
    return [f.code for f in found.findings]


def test_a_white_background_dimmed_with_its_page_is_white() -> None:
    page = _dim_page(WHITE)
    assert "photo_background" not in _codes(page)
    # Judged alone (no paper to compare with), the same crop is too dark for white.
    crop = _photo.extract(page)
    assert crop is not None and not _photo_standard.white_background(crop.image)


def test_a_white_background_under_a_warm_light_is_white() -> None:
    assert "photo_background" not in _codes(_dim_page(WHITE, 0.8, (1.0, 0.93, 0.8)))


def test_blue_and_red_backgrounds_under_the_same_light_are_not_white() -> None:
    for bg in (BLUE, RED):
        assert "photo_background" in _codes(_dim_page(bg))
        assert "photo_background" in _codes(_dim_page(bg, 0.8, (1.0, 0.93, 0.8)))


def test_the_paper_is_measured_around_the_photo_not_in_it() -> None:
    page = _dim_page(BLUE)
    paper = _photo_standard.paper_around(page, (AT[0], AT[1], AT[0] + 176, AT[1] + 250))
    assert paper is not None and paper[0] > 170 and abs(paper[2] - 128) < 6


def test_a_photo_at_the_picture_edge_has_no_paper_to_measure() -> None:
    page = _dim_page(WHITE)
    assert _photo_standard.paper_around(page, (0, 0, page.shape[1], page.shape[0])) is None
