"""A colon the readings read before a name (";熊秀": the label's colon, 姓名：熊秀, read as a
semicolon) is no character of it when the crop shows the label's 名 right before the name past
that small mark: nothing was lost between label and name, and the name is confirmed without
the mark. A mark read otherwise (a dot, which may be a faint surname) keeps the flag, and so
does a colon with a character standing between it and the name."""

from __future__ import annotations

from collections.abc import Iterator

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from core.rules import Finding
from scanning import _name_evidence as evidence
from scanning import _name_glyphs as glyphs
from scanning._ocr import Reading
from scanning._validate import Value
from tests.scanning._fonts import SANS_BOLD as SANS
from tests.scanning._fonts import needs_face

pytestmark = needs_face(SANS)


@pytest.fixture(autouse=True)
def label_read_alone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No recogniser in unit tests: the one cell read alone is the label's, read as 名."""
    monkeypatch.setattr(glyphs, "read_alone", lambda cell: "名")
    yield


def _crop(between: str = "") -> np.ndarray:
    """姓名:熊秀 as a value's line prints it (a half-width colon right after the label), with
    ``between`` printed between colon and name, at 36 px and slightly blurred."""
    font = ImageFont.truetype(SANS, 64, index=2)
    text = ["姓", "名", ":", *between, "熊", "秀"]
    img = Image.new("L", (80 * len(text) + 40, 110), 255)
    draw = ImageDraw.Draw(img)
    x = 20
    for ch in text:
        draw.text((x, 20), ch, fill=0, font=font)
        x += 30 if ch == ":" else 76
    grey = cv2.resize(np.asarray(img), None, fx=36 / 64, fy=36 / 64, interpolation=cv2.INTER_AREA)
    return cv2.GaussianBlur(grey, (0, 0), 0.8)


def _settle(mark: str, between: str = "") -> Value:
    marked = Reading(mark + "熊秀", 0.93, (((mark, 0.42),), (("熊", 1.0),), (("秀", 1.0),)))
    bare = Reading("熊秀", 0.99, ((("熊", 1.0),), (("秀", 1.0),)))
    doubt = Finding("unconfirmed", "name", "姓名“熊秀”请核对", "warning", {})
    flagged = Value("熊秀", 0.5, [doubt])
    return evidence.settle(flagged, {"熊秀": 1.0}, [bare, marked, marked], _crop(between))


def test_a_colon_after_the_label_is_no_character_of_the_name() -> None:
    v = _settle(";")
    assert v.value == "熊秀" and not v.blocking
    assert [f.code for f in v.findings] == ["glyph_checked"]
    assert "冒号" in v.findings[0].message


def test_a_dot_read_before_the_name_keeps_the_flag() -> None:
    assert _settle(".").blocking


def test_a_character_between_colon_and_name_keeps_the_flag() -> None:
    assert _settle(";", between="方").blocking
