"""The second view of a field's re-reads: its red channel where that changes the crop (a seal
paled), else the crop at another scale, so that a greyscale crop is not read twice from the
same pixels (identical readings confirm once, and such fields could never be confirmed)."""

from __future__ import annotations

import numpy as np
import pytest

from scanning import _ocr
from tests.scanning._drawn import field as _field

TEXT = "20190412345678901"


def _grey(img: np.ndarray) -> np.ndarray:
    """The page's red channel as the re-reads get it (a greyscale scan, or any page)."""
    return _ocr.red_channel(img)


BOX = (10, 5, 40 + 32 * len(TEXT) - 10, 55)


@pytest.mark.usefixtures("fonts_available")
def test_a_crop_with_a_seal_is_read_again_from_its_red_channel() -> None:
    img = _field(TEXT, seal=True)
    normal = _ocr._upscaled(img, BOX, _ocr.REREAD_SCALE)
    assert np.array_equal(_ocr.second_view(img, BOX, normal), _ocr.red_channel(normal))


@pytest.mark.usefixtures("fonts_available")
def test_a_grey_crop_is_read_again_at_another_scale() -> None:
    img = _grey(_field(TEXT))
    normal = _ocr._upscaled(img, BOX, _ocr.REREAD_SCALE)
    assert np.array_equal(_ocr.red_channel(normal), normal)  # the red channel changes nothing
    second = _ocr.second_view(img, BOX, normal)
    ratio = _ocr.SECOND_SCALE / _ocr.REREAD_SCALE
    assert abs(second.shape[1] - normal.shape[1] * ratio) <= 2


@pytest.mark.slow
@pytest.mark.usefixtures("fonts_available")
def test_the_two_readings_of_a_grey_crop_are_distinct_and_read_it() -> None:
    (views,) = _ocr.readings([(_grey(_field(TEXT)), BOX)])
    assert len(views) == 2 and views[0] != views[1]  # not the same pixels read twice
    assert [v.text for v in views] == [TEXT, TEXT]
