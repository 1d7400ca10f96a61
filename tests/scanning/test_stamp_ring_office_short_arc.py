"""A seal's ring read over a short arc names its office when nothing lost before it could make
another office (issue 12).

A seal lettering 永州市道县教育局 over less than half its ring was refused: its first characters
might have been lost without a trace, and 湖南省永州市道县教育局 ends the same. That longer name
is the same office; only a longer name of another office (南京市鼓楼区 / 徐州市鼓楼区 before
鼓楼区) keeps a short read in doubt."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from scanning import _seal_ring, _seal_shape, _stamps
from scanning._office_tail import other_office_ends
from scanning._seal_ring import RingName
from tests.scanning._fonts import seal_mask

PAPER = (244, 241, 233)
RED = (205, 40, 45)


def test_a_name_lengthened_only_by_its_province_is_one_office():
    assert not other_office_ends("永州市道县教育局")  # 湖南省永州市道县教育局: the same office
    assert not other_office_ends("乌海市乌达区教育局")
    assert not other_office_ends("海淀区教育委员会")  # 北京市海淀区: the one 海淀区
    assert not other_office_ends("湖南省教育厅")  # nothing longer ends with it


def test_a_name_a_prefecture_or_another_province_lengthens_stays_in_doubt():
    assert other_office_ends("鼓楼区教育局")  # 南京市, 徐州市, 福州市, 开封市
    assert other_office_ends("道县教育局")  # 永州市道县 (or 零陵地区道县): bare county
    assert other_office_ends("江县教育局")  # 雅江县 and other counties end with 江县
    assert other_office_ends("朝阳区教育局")  # 北京市朝阳区, 长春市朝阳区
    # 广东省海口市 ended in 1988, before the first certificates (EARLIEST_YEAR): no office of
    # another province lengthens 海口市教育局 any more.
    assert not other_office_ends("海口市教育局")


def _seal_page(name: str, span: float) -> np.ndarray:
    """A page with one red round seal lettering ``name`` over ``span`` degrees of its ring."""
    img = Image.new("RGB", (500, 500), PAPER)
    r = 110.0
    layer = seal_mask(r, name, width=7, size=0.22, span=span)
    c = layer.width / 2
    img.paste(Image.new("RGB", layer.size, RED), (int(250 - c), int(250 - c)), layer)
    return np.asarray(img)


def _read(img: np.ndarray) -> RingName:
    view = _stamps.red_view(img)
    assert view is not None
    [ring] = _seal_shape.rings(view)
    return _seal_ring.read_name(view, ring)


@pytest.mark.slow
def test_a_short_arc_naming_its_prefecture_gives_the_office():
    got = _read(_seal_page("永州市道县教育局", 150.0))
    assert got.name == "永州市道县教育局", got.reads


@pytest.mark.slow
def test_a_short_arc_naming_a_bare_district_stays_unread():
    # 鼓楼区教育局 over 120°: 南京市 may have been lost without a trace, and 徐州市鼓楼区,
    # 福州市鼓楼区 and 开封市鼓楼区 end the same: the rule keeps the doubt.
    got = _read(_seal_page("鼓楼区教育局", 120.0))
    assert got.name is None
