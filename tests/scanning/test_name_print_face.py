"""A name printed in a face the crop shows clearly: the read character is confirmed in that face
alone when it draws its cell far better than every rival (金颖建 over 颍, 葛 over the common 莫,
with a flat 一 left out of finding the face); a printed rival, or a print in no face that stands
out, keeps the flag."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from core.rules import Finding
from scanning import _name_evidence as evidence
from scanning import _name_glyphs as glyphs
from scanning import _name_print_face as print_face
from scanning._ocr import Reading
from scanning._validate import Value
from tests.scanning._fonts import name_crop

ZENHEI = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
pytestmark = pytest.mark.skipif(not Path(ZENHEI).exists(), reason="no WenQuanYi Zen Hei face")


@pytest.fixture(autouse=True)
def alone_reads_what_is_printed(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No recogniser in unit tests: a cell alone reads as the test's printed character."""
    monkeypatch.setattr(glyphs, "read_alone", lambda cell: _PRINTED[0])
    yield


_PRINTED = [""]


def _crop(text: str, height: int = 24) -> np.ndarray:
    """``text`` printed in WenQuanYi Zen Hei at ``height`` px on white, slightly blurred."""
    return name_crop(ZENHEI, 0, text, height, 0.7)


def _settle(name: str, printed: str, doubt: dict[int, str], rule: str | None = None,
            height: int = 24) -> Value:
    """``name`` read three times, each with the engine's runner-up ``doubt`` at its place,
    flagged as ``rule`` says, settled by the crop of ``printed``."""
    _PRINTED[0] = printed[next(iter(doubt), 0)]
    alts = tuple(((ch, 0.97), (doubt[i], 0.012)) if i in doubt else ((ch, 0.99),)
                 for i, ch in enumerate(name))
    readings = [Reading(name, 0.98, alts)] * 3
    evidence_ = {"rule": rule} if rule else {}
    flagged = Value(name, 0.5, [Finding("unconfirmed", "name", f"姓名“{name}”请核对", "warning",
                                        evidence_)])
    return evidence.settle(flagged, {name: 1.0}, readings, _crop(printed, height))


def test_a_character_the_print_face_draws_clearly_is_confirmed() -> None:
    v = _settle("金颖建", "金颖建", {1: "颍"})
    assert v.value == "金颖建" and not v.blocking
    assert [f.code for f in v.findings] == ["glyph_checked"]


def test_the_rival_printed_keeps_the_flag() -> None:
    assert _settle("金颖建", "金颍建", {1: "颍"}).blocking


def test_a_rare_surname_beside_a_flat_one_is_told_from_the_common_one() -> None:
    # 一 is one flat stroke no glyph fit measures: the face is found by 少 alone.
    v = _settle("葛一少", "葛一少", {}, "姓氏字形", 28)
    assert v.value == "葛一少" and not v.blocking


def test_the_common_surname_printed_keeps_the_flag() -> None:
    assert _settle("葛一少", "莫一少", {}, "姓氏字形", 28).blocking


def test_no_face_stands_out_without_the_print_face(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without Zen Hei and its sibling Micro Hei, no face draws the print well enough to stand
    # for it: the several-face judge's doubt stands.
    held = [f for f in glyphs.faces() if f < 7]
    monkeypatch.setattr(glyphs, "faces", lambda: held)
    row = glyphs.cells(glyphs.ink_of(_crop("金颖建")))
    assert print_face.face(row, "金颖建", [1])[0] == -1
    assert _settle("金颖建", "金颖建", {1: "颍"}).blocking
