"""A band re-read for a value the detector missed is cut to the print inside it: a lone faint
character in a wide band reads as nothing (images drawn in the test)."""

from __future__ import annotations

import numpy as np

from scanning._band_ink import print_box


def _band(value: bool = True) -> np.ndarray:
    img = np.full((50, 400, 3), 225, np.uint8)
    img[:, 200:] = 200  # a photo's shadow: the paper darker on the right
    img[44:47, 20:400] = 150  # the row's ruling under the value
    if value:
        for y in (12, 24, 36):  # a faint character's strokes (三 with a stroke through)
            img[y : y + 3, 100:128] = 185
        img[12:39, 113:116] = 185
    return img


def test_a_band_is_cut_to_its_print() -> None:
    got = print_box(_band(), (0, 0, 400, 50), 30)
    assert got is not None and 80 <= got[0] <= 100 and 128 <= got[2] <= 150
    assert (got[1], got[3]) == (0, 50)


def test_a_band_of_paper_and_ruling_is_left_as_it_is() -> None:
    assert print_box(_band(value=False), (0, 0, 400, 50), 30) is None


def test_the_band_is_what_is_reread(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from scanning import _info
    from scanning._fields import RawField
    from scanning._pages import Role
    from scanning._scan import Page

    img = np.full((200, 500, 3), 225, np.uint8)
    img[100:150, 100:500] = _band()
    page = Page(img, img, [], Role.INFORMATION)
    raw = {"gender": RawField("", 0.0, (100, 100, 500, 150), 0, label=(10, 105, 90, 135)),
           "name": RawField("张三", 0.9, (100, 20, 200, 50), 0)}  # fmt: skip
    got = _info.print_bands(page, raw)
    assert list(got) == ["gender"] and got["gender"].box[0] >= 180 and got["gender"].box[2] <= 250



def test_a_long_value_band_is_not_cut() -> None:
    # An authority's band under a seal: characters the seal's strokes join would be cut off as
    # pattern (…城固县教 for …城固县教育局), so only short values' bands are cut.
    from scanning import _info
    from scanning._fields import RawField
    from scanning._pages import Role
    from scanning._scan import Page

    img = np.full((200, 500, 3), 225, np.uint8)
    img[100:150, 100:500] = _band()
    page = Page(img, img, [], Role.INFORMATION)
    band = RawField("", 0.0, (100, 100, 500, 150), 0, label=(10, 105, 90, 135))
    assert _info.print_bands(page, {"issuing_authority": band}) == {}
    assert list(_info.print_bands(page, {"gender": band})) == ["gender"]
