"""A name's 一 is one flat stroke no glyph fit can weigh (every face fits it at -1): a 一 the
recogniser split with a dash and blank in every reading (岑月一: 一 at 47 %, — at 18 %) is
confirmed when its crop shows one stroke at the name's pitch across the line's middle; a
second stroke (二, 三, 土) or no evenly spaced cell leaves it for a person."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from scanning import _name_evidence as evidence
from scanning import _name_stroke as stroke
from scanning._ocr import Reading
from scanning._validate import Value

SERIF = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
KAI = "/usr/share/fonts/truetype/arphic/ukai.ttc"
pytestmark = pytest.mark.skipif(not Path(SERIF).exists(), reason="no Noto Serif CJK face")


def _crop(text: str, face: str = SERIF, px: int = 24, blur: float = 0.0) -> np.ndarray:
    font = ImageFont.truetype(face, 64, index=2 if face == SERIF else 0)
    img = Image.new("L", (64 * (len(text) + 2), 110), 255)
    ImageDraw.Draw(img).text((40, 20), text, fill=0, font=font)
    out = cv2.resize(np.asarray(img), None, fx=px / 64, fy=px / 64, interpolation=cv2.INTER_AREA)
    return cv2.GaussianBlur(out, (0, 0), blur) if blur else out


def _readings() -> list[Reading]:
    doubted = (("一", 0.47), ("—", 0.18), ("-", 0.01))
    return [Reading("岑月一", 0.8, ((("岑", 0.997),), (("月", 0.975),), doubted)),
            Reading("岑月一", 0.8, ((("岑", 0.935),), (("月", 0.981),), (("一", 0.44),
                                                                       ("—", 0.17))))]


def test_a_doubted_one_shown_as_one_stroke_is_confirmed() -> None:
    v = evidence.confirm(Value("岑月一", 0.95, []), _readings(), (_crop("岑月一"),))
    assert v.value == "岑月一" and not v.blocking
    assert v.findings[-1].code == "glyph_checked"


@pytest.mark.parametrize("printed", ["岑月二", "岑月三", "岑月土"])
def test_a_second_stroke_leaves_the_doubt(printed: str) -> None:
    v = evidence.confirm(Value("岑月一", 0.95, []), _readings(), (_crop(printed),))
    assert v.blocking and v.findings[-1].code == "unconfirmed"


@pytest.mark.parametrize(
    ("face", "px", "blur"), [(SERIF, 20, 0.0), (SERIF, 34, 1.0), (KAI, 26, 0.0)]
)
@pytest.mark.parametrize(("name", "place"), [("岑月一", 2), ("毛一淑", 1)])
def test_one_is_one_stroke_at_the_names_pitch(
    face: str, px: int, blur: float, name: str, place: int
) -> None:
    if not Path(face).exists():
        pytest.skip("face not installed")
    assert stroke.shown(_crop(name, face, px, blur), name, place)
    other = name.replace("一", "二")
    assert not stroke.shown(_crop(other, face, px, blur), name, place)


def test_one_standing_apart_from_the_name_is_not_its_one() -> None:
    # A filler mark a gap after the name is no character at the name's pitch.
    assert not stroke.shown(_crop("岑月   一"), "岑月一", 2)


def test_only_a_one_is_judged_by_its_stroke() -> None:
    assert stroke.shown(_crop("岑月一"), "岑月二", 2) == ""


def _crossed(crop: np.ndarray, at: int) -> np.ndarray:
    """``crop`` with a security pattern's faint line crossing its text line at column ``at``
    (it joins the stroke it crosses: only the stroke's faint edge grows with it)."""
    out = crop.copy()
    cv2.line(out, (at - 12, 0), (at + 12, out.shape[0]), 200, 1)
    return np.minimum(out, crop)


def test_a_patterns_faint_line_across_the_stroke_leaves_it_one_stroke() -> None:
    # 一 stands at columns 64-85 of the 24 px crop.
    assert stroke.shown(_crossed(_crop("岑月一"), 75), "岑月一", 2)
    assert not stroke.shown(_crossed(_crop("岑月二"), 75), "岑月一", 2)
