"""A name that one reading read otherwise (工芳娥 beside 江芳娥 twice: a faint 氵 lost) is
confirmed in the face its crop is printed in, as a unanimous one is, when more readings read it
than read the other: the dissenting character is a rival that face must show the read one far
ahead of. The rival printed, or a dissent as strong as the read value, keeps the flag."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from core.rules import Finding
from scanning import _name_evidence as evidence
from scanning import _name_glyphs as glyphs
from scanning._ocr import Reading
from scanning._validate import Value
from tests.scanning._fonts import name_crop

ZENHEI = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
pytestmark = pytest.mark.skipif(not Path(ZENHEI).exists(), reason="no WenQuanYi Zen Hei face")

_PRINTED = [""]


@pytest.fixture(autouse=True)
def alone_reads_what_is_printed(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No recogniser in unit tests: a cell alone reads as the test's printed character."""
    monkeypatch.setattr(glyphs, "read_alone", lambda cell: _PRINTED[0])
    yield


def _crop(text: str) -> np.ndarray:
    return name_crop(ZENHEI, 0, text, 24, 0.7)


def _settle(name: str, printed: str, other: str, agreeing: int = 2) -> Value:
    """``name`` read ``agreeing`` times (sure of each character), ``other`` once (a reading
    without alternatives), flagged as unconfirmed, settled by the crop of ``printed``."""
    at = next(i for i, (a, b) in enumerate(zip(name, other, strict=True)) if a != b)
    _PRINTED[0] = printed[at]
    sure = Reading(name, 1.0, tuple(((ch, 1.0),) for ch in name))
    readings = [Reading(other, 0.99), *[sure] * agreeing]
    flagged = Value(name, 0.5, [Finding("unconfirmed", "name", f"姓名“{name}”请核对",
                                        "warning", {})])
    return evidence.settle(flagged, {name: 0.999, other: 0.001}, readings, _crop(printed))


def test_an_outvoted_reading_the_print_face_rules_out_is_no_doubt() -> None:
    v = _settle("金颖建", "金颖建", "金颍建")
    assert v.value == "金颖建" and not v.blocking
    assert [f.code for f in v.findings] == ["glyph_checked"]


def test_the_dissenting_character_printed_keeps_the_flag() -> None:
    assert _settle("金颖建", "金颍建", "金颍建").blocking


def test_a_dissent_as_strong_as_the_read_value_keeps_the_flag() -> None:
    assert _settle("金颖建", "金颖建", "金颍建", agreeing=1).blocking
