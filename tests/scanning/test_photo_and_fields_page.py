"""A page that holds the holder's photo (or the signature line) and the information lines is
an information page: its fields are read, never dropped because a photo was found on it.

Before, a cover photographed above the photo and information spread came out as one page with
it; the signature line made it the photo page and none of the fields was read.
"""

from __future__ import annotations

import pytest

from scanning._ocr import Line
from scanning._pages import Role
from scanning._roles import classify


def _lines(*texts: str) -> list[Line]:
    return [Line(t, 0.9, (40, 60 + 60 * i, 40 + 30 * len(t), 90 + 60 * i))
            for i, t in enumerate(texts)]


# As read from such a page: the cover's title lines, then the fields in small type, most labels
# lost to blur, the ID number misread.
MERGED = ("中华人民共和国", "教师资格证书", "中华人民共和国教育部制", "教师资格证书",
          "1965年08月14日", "身份证布码", "初级中学教师资格", "邱子梓", "持证人签名", "任格98",
          "语文", "证书编号", "青岛志响山区教育", "2019年11月07日")


@pytest.mark.parametrize("has_photo", [False, True])
def test_a_page_with_the_signature_line_and_the_fields_is_the_information_page(has_photo):
    assert classify(_lines(*MERGED), has_photo=has_photo) is Role.INFORMATION


@pytest.mark.parametrize(
    "texts",
    [("持证人签名",), ("持证人签名", "王小明"), ("持证人签名", "2019年11月07日"),
     ("教师资格证书", "持证人签名", "2020年1月1日")],
)
def test_a_photo_page_with_the_signature_and_a_date_is_still_the_photo_page(texts):
    assert classify(_lines(*texts), has_photo=True) is Role.PHOTO
