"""The photo search's paper level is the per-tile 90th percentile surface, to the bit, however
the tiles' percentiles are computed."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from scanning._photo_blobs import _paper_level, _tile_levels


def _tile_by_tile(lum: np.ndarray, rows: int, cols: int) -> np.ndarray:
    h, w = lum.shape
    return np.array([[float(np.percentile(lum[i * h // rows : (i + 1) * h // rows,
                                              j * w // cols : (j + 1) * w // cols], 90))
                      for j in range(cols)] for i in range(rows)])  # fmt: skip


def _lum(h: int, w: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    img = cv2.GaussianBlur(rng.integers(0, 256, (h, w, 3), dtype=np.uint8), (0, 0), 3)
    img[h // 3 : h // 2, w // 4 : w // 2] = (40, 60, 200)  # a dark block: tiles unlike the rest
    return cv2.cvtColor(img, cv2.COLOR_RGB2LAB).astype(np.float32)[..., 0]


@pytest.mark.parametrize(("h", "w"), [(550, 391), (550, 400), (37, 23), (103, 800)])
def test_tile_levels_are_numpys_percentile_of_each_tile(h: int, w: int) -> None:
    lum = _lum(h, w, h * w)
    assert np.array_equal(_tile_levels(lum, 10, 8), _tile_by_tile(lum, 10, 8))


def test_a_vignetted_page_gives_a_surface_brighter_in_the_middle() -> None:
    h, w = 300, 220
    gy, gx = np.mgrid[0:h, 0:w]
    lum = (230 - 40 * (((gy - h / 2) / h) ** 2 + ((gx - w / 2) / w) ** 2)).astype(np.float32)
    level = _paper_level(np.round(lum))
    assert level[h // 2, w // 2] > level[0, 0] + 10
    assert abs(float(level[h // 2, w // 2]) - 230) < 2
