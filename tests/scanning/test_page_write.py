"""Page images are saved whatever their size: a page too large for JPEG (65,500 px a side) is
saved scaled down to fit, its evidence boxes scaled alike, and the scan goes on."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from core.scanned import FieldEvidence, ScannedRecord
from scanning import _scan_batch
from scanning._model import ScanResult

JPEG_MAX_SIDE = 65_500  # libjpeg's limit on a side


def _result(page: np.ndarray) -> ScanResult:
    h, w = page.shape[:2]
    box = (w // 2, h // 2, w - 1, h - 1)
    record = ScannedRecord.assemble("x.png", {}, findings=[], confidence={},
                                    evidence={"name": FieldEvidence(0, box)})
    small = np.full((40, 30, 3), 255, np.uint8)
    return ScanResult("x.png", record, 2, [page, small], ["other", "other"])


@pytest.mark.parametrize("shape", [(JPEG_MAX_SIDE + 500, 3, 3), (2, JPEG_MAX_SIDE + 500, 3)])
def test_a_page_too_large_for_jpeg_is_saved_scaled_down(tmp_path: Path,
                                                        shape: tuple[int, int, int]) -> None:
    page = np.full(shape, 255, np.uint8)
    page[: shape[0] // 2, : shape[1] // 2] = 0
    record = _scan_batch._write_images(_result(page), tmp_path, "big")
    assert len(record.pages) == 2
    saved = cv2.imread(str(tmp_path / record.pages[0]))
    assert saved is not None and max(saved.shape[:2]) <= JPEG_MAX_SIDE
    assert cv2.imread(str(tmp_path / record.pages[1])).shape[:2] == (40, 30)
    ev = record.evidence["name"]
    sh, sw = saved.shape[:2]
    assert ev.image == record.pages[0]
    assert ev.box[2] <= sw and ev.box[3] <= sh  # the box stays on the saved image
    assert abs(ev.box[0] - sw // 2) <= 1 and abs(ev.box[1] - sh // 2) <= 1


def test_a_page_that_fits_is_saved_as_it_is() -> None:
    page = np.zeros((1100, 1600, 3), np.uint8)
    img, fx, fy = _scan_batch.fit_jpeg(page)
    assert img is page and (fx, fy) == (1.0, 1.0)


def _strip(height: int, width: int) -> np.ndarray:
    """A long strip of paper with a mark every 97 px: cut at every plain band between them."""
    rng = np.random.default_rng(1)
    img = np.full((height, width, 3), 235, np.uint8)
    img += rng.integers(0, 20, img.shape, dtype=np.uint8)
    for x in range(20, width - 40, 97):
        img[height // 3 : height // 3 + 12, x : x + 10] = 20
    return img


def test_a_strip_cut_into_more_pages_than_allowed_is_refused_before_reading() -> None:
    from core.errors import InvalidInput
    from scanning import _pages

    with pytest.raises(InvalidInput) as err:
        _pages.normalise_full([_strip(150, 3000)], max_pages=8)  # 14 pieces
    assert err.value.rule == "too_many_pages"


def test_a_strip_is_scanned_and_refused_with_its_reason(tmp_path: Path) -> None:
    from scanning import scan_paths
    from scanning._limits import IngestLimits

    path = tmp_path / "strip.png"
    cv2.imwrite(str(path), _strip(150, 3000))
    summary = scan_paths([path], tmp_path / "out", workers=1,
                         limits=IngestLimits(max_pages=8))
    assert summary.records == 0
    assert [e["rule"] for e in summary.errors] == ["too_many_pages"]


def test_a_page_is_never_normalised_wider_than_a_row_of_pages() -> None:
    from scanning import _pages

    wide = _pages.to_height(np.zeros((100, 20_000, 3), np.uint8))
    assert wide.shape[1] <= _pages.MAX_WIDTH * _pages.PAGE_HEIGHT
    assert _pages.to_height(np.zeros((6000, 1, 3), np.uint8)).shape[:2] == (1100, 1)
    assert _pages.to_height(np.zeros((2200, 1600, 3), np.uint8)).shape[:2] == (1100, 800)
