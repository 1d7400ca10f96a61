"""Two look-alikes a name's crop tells apart by a lead that is small but a large part of their
own difference (session 16): settled only when every voting face agrees, in a face the judge
does not hold (the booklet's type face is never one of ours)."""

from __future__ import annotations

from collections.abc import Iterator

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from scanning import _name_glyphs as glyphs
from tests.scanning._fonts import SANS, judge_without, needs_face

pytestmark = needs_face(SANS)


@pytest.fixture
def without_sans(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The judge without the face the test prints in (face 0, Noto Sans Regular)."""
    judge_without(monkeypatch, 0)
    yield


def _row(text: str, height: int = 24, face: str = SANS) -> list[glyphs.Cell]:
    """``text`` printed in ``face`` (Noto Sans) at ``height`` px, cut into cells."""
    font = ImageFont.truetype(face, 64, index=2)
    img = Image.new("L", (64 * (len(text) + 2), 110), 255)
    ImageDraw.Draw(img).text((40, 20), text, fill=0, font=font)
    grey = cv2.resize(np.asarray(img), None, fx=height / 64, fy=height / 64,
                      interpolation=cv2.INTER_AREA)
    return glyphs.cells(glyphs.ink_of(grey))


def test_a_small_lead_that_is_most_of_two_look_alikes_difference_settles(
    without_sans: None,
) -> None:
    # 妹 leads 姝 by less than MARGIN in the best face, but in every voting face by most of
    # what tells the two glyphs apart.
    verdict = glyphs.judge(_row("麦堃妹"), [{"麦"}, {"堃"}, {"姝", "妹"}])
    assert verdict.chosen == {2: "妹"}
    assert "apart" in verdict.detail


def test_the_rarer_look_alike_printed_is_never_taken_for_the_common_one(
    without_sans: None,
) -> None:
    verdict = glyphs.judge(_row("麦堃姝"), [{"麦"}, {"堃"}, {"姝", "妹"}])
    assert verdict.chosen.get(2) != "妹"


def _cell(ch: str, face: int = 2, size: int = 26) -> glyphs.Cell:
    g = glyphs.glyph(ch, face)
    assert g is not None
    ink = cv2.resize(g, (size, size), interpolation=cv2.INTER_AREA).astype(np.float32)
    return glyphs.Cell(ink, 0, size - 1)


def test_faces_that_disagree_tell_nothing_apart() -> None:
    ranked = [[(0.90, "佘"), (0.85, "余")], [(0.86, "佘"), (0.82, "余")],
              [(0.84, "余"), (0.83, "佘")]]
    assert not glyphs._apart(_cell("佘"), ranked, [2, 4, 7])


def test_a_lead_is_weighed_against_how_unlike_the_rival_is() -> None:
    # 佘 and 余 share most of their strokes: a lead of 0.05 is most of their difference.
    near = [[(0.90, "佘"), (0.85, "余")], [(0.86, "佘"), (0.81, "余")],
            [(0.84, "佘"), (0.79, "余")]]
    assert glyphs._apart(_cell("佘"), near, [2, 4, 7])
    # 佘 and 金 share far less: the same lead over 金 is a small part of what parts them.
    far = [[(s, "佘"), (s - 0.05, "金")] for s in (0.90, 0.86, 0.84)]
    assert not glyphs._apart(_cell("佘"), far, [2, 4, 7])
    # A lead under LEAD is no evidence, however alike the rivals are.
    thin = [[(s, "佘"), (s - 0.015, "余")] for s in (0.90, 0.86, 0.84)]
    assert not glyphs._apart(_cell("佘"), thin, [2, 4, 7])
