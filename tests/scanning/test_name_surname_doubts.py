"""A name's surname doubts its own crop answers: a rare surname the readings agree
on that looks like a common one (阙 / 阎) is accepted when every voting face shows the rare one
clearly, and a two-character name that may have lost its surname (左墨) when the label's 名 stands
right before it. Printed in a face the judge does not hold (a booklet's face is never ours)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest

from core.rules import Finding
from scanning import _name_evidence as evidence
from scanning import _name_glyphs as glyphs
from scanning._ocr import Reading
from scanning._validate import Value
from tests.scanning._fonts import judge_without, name_crop

SERIF = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
SERIF_FACE = 2  # its number among the judge's faces
pytestmark = pytest.mark.skipif(not Path(SERIF).exists(), reason="no Noto Serif CJK face")


@pytest.fixture(autouse=True)
def without_sans(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The judge without the face the test prints in (Noto Serif Regular)."""
    judge_without(monkeypatch, SERIF_FACE, alone="名")
    yield


def _crop(text: str, height: int = 24) -> np.ndarray:
    """``text`` printed in Noto Serif at ``height`` px on white, slightly blurred."""
    return name_crop(SERIF, 2, text, height, 0.8)


def _flagged(name: str, rule: str) -> Value:
    return Value(name, 0.5, [Finding("unconfirmed", "name", f"姓名“{name}”请核对", "warning",
                                     {"rule": rule})])


def _settle(name: str, rule: str, printed: str) -> Value:
    reading = Reading(name, 0.99, tuple(((ch, 0.99),) for ch in name))
    return evidence.settle(_flagged(name, rule), {name: 1.0}, [reading], _crop(printed))


def test_a_rare_surname_the_crop_shows_clearly_is_accepted() -> None:
    # The judge's general test finds 阙 too close to an unoffered twin (阉, no surname); only
    # whether it is the common 阎 is in doubt, and every voting face says clearly it is not.
    v = _settle("阙红钊", "姓氏字形", "阙红钊")
    assert v.value == "阙红钊" and not v.blocking
    assert [f.code for f in v.findings] == ["glyph_checked"]


def test_the_common_surname_printed_keeps_the_flag() -> None:
    # The readings' rare surname over a printed common one (阎 read as 阙): never accepted.
    v = _settle("阙红钊", "姓氏字形", "阎红钊")
    assert v.blocking


def test_a_given_name_right_after_the_label_is_accepted() -> None:
    v = _settle("左墨", "漏识姓氏", "姓名：左墨")
    assert v.value == "左墨" and not v.blocking


def test_a_surname_between_label_and_name_keeps_the_flag() -> None:
    # 方全力 read as 全力: the cell before 全 is 方, not the label's 名.
    assert _settle("全力", "漏识姓氏", "姓名：方全力").blocking


def test_without_the_label_in_the_crop_the_flag_stays() -> None:
    assert _settle("左墨", "漏识姓氏", "左墨").blocking


def test_touching_characters_are_counted_by_their_own_height() -> None:
    # Three bold characters that touch, after a leader whose dots sit below their baseline (the
    # text band is taller than the characters): cut into three cells, not two.
    size, x0 = 22, 40
    ink = np.zeros((size + 20, size * 3 + 60), np.float32)
    for k, ch in enumerate("余真素"):
        g = glyphs.glyph(ch, 1)
        assert g is not None
        x = x0 + k * (size - 2)
        part = cv2.resize(g, (size, size), interpolation=cv2.INTER_AREA)
        ink[8 : 8 + size, x : x + size] = np.maximum(ink[8 : 8 + size, x : x + size], part)
    for x in range(2, x0 - 4, 3):
        ink[6 + size : 12 + size, x : x + 2] = 1.0
    name = [c for c in glyphs.cells(ink) if c.left >= x0]
    assert len(name) == 3
    assert all(abs(c.ink.shape[1] - size) <= 5 for c in name)
