"""A rare surname whose given name is a lone 一 (廉一): the flat stroke gives the glyph fits
nothing to find the print's face by, so the surname's own cell, drawn as the read surname and
as the common one it looks like (廖), finds it. The rare surname is accepted when every voting
face shows it clearly; the common one printed keeps the flag. Printed in a face the judge does
not hold (a booklet's face is never ours)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from core.rules import Finding
from scanning import _name_evidence as evidence
from scanning._ocr import Reading
from scanning._validate import Value
from tests.scanning._fonts import judge_without, name_crop

UMING = "/usr/share/fonts/truetype/arphic/uming.ttc"
UMING_FACE = 4  # its number among the judge's faces
pytestmark = pytest.mark.skipif(not Path(UMING).exists(), reason="no AR PL UMing face")


@pytest.fixture(autouse=True)
def without_uming(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The judge without the face the test prints in."""
    judge_without(monkeypatch, UMING_FACE, alone="名")
    yield


def _settle(name: str, printed: str, height: int = 26) -> Value:
    """``name`` flagged for its surname, settled by its crop (``printed``, blank either side)."""
    flagged = Value(name, 0.5, [Finding("unconfirmed", "name", f"姓名“{name}”请核对", "warning",
                                        {"rule": "姓氏字形"})])
    reading = Reading(name, 0.99, tuple(((ch, 0.99),) for ch in name))
    crop = name_crop(UMING, 0, f"　　{printed}　　", height, 0.8)  # blank before and after
    return evidence.settle(flagged, {name: 1.0}, [reading], crop)


@pytest.mark.parametrize("height", [22, 28])
def test_a_rare_surname_before_a_lone_stroke_is_accepted(height: int) -> None:
    v = _settle("廉一", "廉一", height)
    assert v.value == "廉一" and not v.blocking
    assert [f.code for f in v.findings] == ["glyph_checked"]


@pytest.mark.parametrize("height", [22, 28])
def test_the_common_surname_printed_keeps_the_flag(height: int) -> None:
    assert _settle("廉一", "廖一", height).blocking
