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
