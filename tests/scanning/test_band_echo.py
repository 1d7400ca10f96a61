"""A value read only from a band of the information page (no line the detector found holds
it) must be confirmed by other pixels: its band read and the field's re-read of the same box
are one crop read twice, and the re-read's second view of a greyscale crop stretched again is
that crop once more. No recogniser runs here: ``_ocr.readings`` is a stand-in."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from scanning import _info, _ocr
from scanning._fields import RawField
from scanning._ocr import Box, Image, Line, Reading
from scanning._pages import Role
from scanning._scan import Page

BOX: Box = (40, 100, 400, 140)
OTHER: Box = (40, 200, 400, 240)


def _page() -> Page:
    img = np.full((300, 500, 3), 243, np.uint8)
    img[110:130, 60:380] = 30  # a line of print
    return Page(img, img, [Line("姓名：张三", 0.97, OTHER)], Role.INFORMATION)


def _stand_in(calls: list[bool]) -> Any:
    def readings(pieces: list[tuple[Image, Box]], red: bool = True, ruled: bool = False,
                 apart: bool = False) -> list[list[Reading]]:
        calls.extend(apart for _ in pieces)
        texts = {BOX: "2019年07月2日", OTHER: "张三"}
        return [[Reading(texts[box], 0.95), Reading(texts[box], 0.9)] for _, box in pieces]

    return readings


def test_a_band_read_value_has_no_reading_of_its_own_and_is_reread_apart(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 批准日期's row missed by the detector, read in its band (a day's digit lost: 2日 for
    # 21日): the band read is the field's first re-read again, pixel for pixel, so it is no
    # reading of its own, and the second re-read must be of other pixels.
    calls: list[bool] = []
    monkeypatch.setattr(_ocr, "readings", _stand_in(calls))
    raw = {"issue_date": RawField("2019年07月2日", 0.95, BOX, 0, reread=True),
           "name": RawField("张三", 0.97, OTHER, 0)}
    got = _info.field_readings([_page()], raw)
    assert got["issue_date"][0].text == ""  # no own reading to echo the re-read
    assert [r.text for r in got["name"]] == ["张三", "张三", "张三"]  # the detector's line stays
    assert sorted(calls) == [False, True]  # the band field's re-read apart, the line's not


def test_a_band_with_nothing_read_is_reread_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[bool] = []
    monkeypatch.setattr(_ocr, "readings", _stand_in(calls))
    _info.field_readings([_page()], {"issue_date": RawField("", 0.0, BOX, 0)})
    assert calls == [True]


def test_the_other_view_of_a_grey_crop_is_never_the_crop_stretched_again() -> None:
    # A grey page's crop (its three channels equal) whose paper is not quite white: its "red
    # channel" is the same pixels with the paper whitened, which reads what the crop reads.
    img = np.full((60, 300, 3), 230, np.uint8)
    img[20:40, 20:280] = 40
    normal = _ocr._upscaled(img, (10, 10, 290, 50), _ocr.REREAD_SCALE)
    assert not np.array_equal(_ocr.second_view(img, (10, 10, 290, 50), normal), normal)
    other = _ocr.other_view(img, (10, 10, 290, 50), normal)
    ratio = _ocr.SECOND_SCALE / _ocr.REREAD_SCALE
    assert abs(other.shape[1] - normal.shape[1] * ratio) <= 2  # resampled: other pixels


def test_the_other_view_of_a_colour_crop_is_its_red_channel() -> None:
    img = np.full((60, 300, 3), 243, np.uint8)
    img[20:40, 20:280] = (200, 40, 40)  # red seal ink over the line
    normal = _ocr._upscaled(img, (10, 10, 290, 50), _ocr.REREAD_SCALE)
    assert np.array_equal(_ocr.other_view(img, (10, 10, 290, 50), normal),
                          _ocr.red_channel(normal))
