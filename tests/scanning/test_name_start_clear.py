"""A two-character name that may have lost its surname (时晓, 云嘉) is taken as read when its
crop shows nothing before it: a table's rule, or blank paper wider than a lost character could
leave blank. A surname the box lost, even faint, at the crop's edge keeps the flag."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from core.rules import Finding
from scanning import _name_evidence as evidence
from scanning import _name_start as name_start
from scanning._ocr import Reading
from scanning._validate import Value
from tests.scanning._fonts import SANS_BOLD, SERIF, needs_face

pytestmark = needs_face(SERIF)
_EM = 64


def _crop(text: str, name_at: int, pad: int, *, face: str = SERIF, rule: int | None = None,
          light: int = 0, height: int = 24) -> np.ndarray:
    """``text`` printed at ``height`` px, cut as a value box starting at the ink of character
    ``name_at`` (what came before it lost by the box), widened by ``pad`` px; the characters
    before it printed ``light`` grey, and a table's rule ``rule`` px (at 64 px) before it."""
    font = ImageFont.truetype(face, _EM, index=2)
    img = Image.new("L", (_EM * (len(text) + 4), 110), 255)
    draw = ImageDraw.Draw(img)
    x0 = 2 * _EM
    for k, ch in enumerate(text):
        draw.text((x0 + k * _EM, 20), ch, fill=light if k < name_at else 0, font=font)
    if rule is not None:
        draw.line([(x0 + name_at * _EM - rule, 0), (x0 + name_at * _EM - rule, 110)], fill=0,
                  width=3)
    page = np.asarray(img)
    at = x0 + name_at * _EM
    first = at + int(np.flatnonzero(page[:, at : at + _EM].min(axis=0) < 128)[0])
    f = height / _EM
    grey = cv2.GaussianBlur(cv2.resize(page, None, fx=f, fy=f, interpolation=cv2.INTER_AREA),
                            (0, 0), 0.8)
    return grey[:, max(0, int(first * f) - pad) :]


def _flagged(name: str) -> Value:
    return Value(name, 0.5, [Finding("unconfirmed", "name", f"姓名“{name}”请核对", "warning",
                                     {"rule": "漏识姓氏"})])


def _settle(name: str, grey: np.ndarray) -> Value:
    reading = Reading(name, 0.99, tuple(((ch, 0.99),) for ch in name))
    return evidence.settle(_flagged(name), {name: 1.0}, [reading], grey)


def test_blank_paper_before_the_name_shows_nothing_was_lost() -> None:
    grey = _crop("时晓", 0, 20)
    assert name_start.clear_before(grey, "时晓").startswith("blank")
    v = _settle("时晓", grey)
    assert v.value == "时晓" and not v.blocking
    assert [f.code for f in v.findings] == ["glyph_checked"]


def test_a_table_rule_before_the_name_shows_nothing_was_lost() -> None:
    grey = _crop("云嘉", 0, 20, rule=20)
    assert name_start.clear_before(grey, "云嘉").startswith("rule")
    assert not _settle("云嘉", grey).blocking


@pytest.mark.parametrize("face", [SERIF, SANS_BOLD])
@pytest.mark.parametrize("surname", list("王李张陈卜刁丁"))
def test_a_surname_the_box_lost_keeps_the_flag(surname: str, face: str) -> None:
    for pad in (12, 20, 24):
        grey = _crop(surname + "时晓", 1, pad, face=face)
        assert name_start.clear_before(grey, "时晓") == "", (surname, pad)
    assert _settle("时晓", _crop(surname + "时晓", 1, 16, face=face)).blocking


def test_a_faint_lost_surname_keeps_the_flag() -> None:
    for light in (150, 200):
        assert name_start.clear_before(_crop("王伍怡", 1, 20, light=light), "伍怡") == ""


def test_a_surname_between_the_rule_and_the_name_keeps_the_flag() -> None:
    grey = _crop("王云嘉", 1, 24, rule=80)
    assert name_start.clear_before(grey, "云嘉") == ""


def test_too_little_paper_in_the_crop_proves_nothing() -> None:
    # 6 px of blank at a 24 px character: a lost surname could hold its ink beyond it.
    assert name_start.clear_before(_crop("时晓", 0, 6), "时晓") == ""


def _tail(text: str, keep: int, pad: int) -> np.ndarray:
    """``text`` printed, cut as a value box that ends at character ``keep`` and is widened by
    ``pad`` px on the right (the crop's right margin): what a box that lost the end shows."""
    font = ImageFont.truetype(SERIF, _EM, index=2)
    img = Image.new("L", (_EM * (len(text) + 4), 110), 255)
    draw = ImageDraw.Draw(img)
    for k, ch in enumerate(text):
        draw.text((2 * _EM + k * _EM, 20), ch, fill=0, font=font)
    page = np.asarray(img)
    f = 24 / _EM
    grey = cv2.GaussianBlur(cv2.resize(page, None, fx=f, fy=f, interpolation=cv2.INTER_AREA),
                            (0, 0), 0.8)
    end = int((2 * _EM + keep * _EM) * f)
    return grey[:, int(_EM * f) : end + pad]


def test_a_one_stroke_character_lost_at_the_end_keeps_the_flag() -> None:
    # 时玉一 read 时玉: the box ended at 玉, but the crop's margin holds 一's stroke.
    grey = _tail("时玉一", 2, 30)
    assert name_start.clear_before(grey, "时玉")
    assert name_start.clear_after(grey, "时玉") == ""
    assert _settle("时玉", grey).blocking


def test_blank_paper_after_the_name_is_clear() -> None:
    grey = _tail("时玉", 2, 30)
    assert name_start.clear_after(grey, "时玉")
    assert not _settle("时玉", grey).blocking



def test_an_underline_after_the_name_is_no_lost_character() -> None:
    # A value's rule under the name and past it (as printed on forms) is paper, not a stroke.
    grey = _tail("时晓", 2, 40)
    y = 31  # just under the characters (they end at about 29 px)
    grey = grey.copy()
    grey[y : y + 2, :] = 90
    assert name_start.clear_after(grey, "时晓")
