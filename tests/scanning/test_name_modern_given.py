"""Rare characters of modern given names (堃, 湉, 彧, 翀, 赟 …) are given-name characters of the
list (``_vocab_names``), though they lie outside GB 2312 level 1 and some outside GB 2312: read
in a name beside which the readings offered only characters no name holds (郑思堃: 垫 and 壁,
common characters outside the list, and 塾, a rare one under 1 %), the face that draws the name
best confirms it (``_name_prior.only_unnamed``); offered as a rival, one is a name's (a listed
character is never set aside as no name's). The fits are given per cell, face and character."""

from __future__ import annotations

import numpy as np
import pytest

from scanning import _name_evidence as evidence
from scanning import _name_prior as prior
from scanning import _vocab_names as names
from scanning._ocr import Reading
from scanning._validate import Value
from tests.scanning._name_fakes import fake_fits

# 郑思堃 as scanned: 堃 first by 0.08 over the listed look-alike 皇 in the best face, behind
# 塾 in the third (short of the judge's margins everywhere).
FITS = {"堃": (0.578, 0.543, 0.496), "皇": (0.498, 0.432, 0.506), "塾": (0.482, 0.40, 0.499),
        "垫": (0.45, 0.359, 0.41), "壁": (0.44, 0.359, 0.40)}


def _fake(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_fits(monkeypatch, "郑思堃", 0.72, FITS)


def _read(*offered: tuple[str, float]) -> Reading:
    last = (("堃", 0.9), *offered)
    return Reading("郑思堃", 0.99, ((("郑", 1.0),), (("思", 0.996),), last))


def _confirm(readings: list[Reading]) -> Value:
    return evidence.confirm(Value("郑思堃", 0.95, []), readings, (np.zeros((30, 80), np.uint8),))


@pytest.mark.parametrize("ch", "堃湉彧翀赟澍旻垚")
def test_rare_modern_name_characters_are_listed(ch: str) -> None:
    assert ch in names.given() and not names.common(ch) and not names.is_surname(ch)


def test_modern_name_character_beside_no_names_characters_is_confirmed(
        monkeypatch: pytest.MonkeyPatch) -> None:
    _fake(monkeypatch)
    out = _confirm([_read(("垫", 0.007), ("塾", 0.007), ("壁", 0.004)),
                    _read(("垫", 0.002),), _read(("壁", 0.01), ("塾", 0.002))])
    assert not out.blocking
    assert any(f.code == "glyph_checked" and "名用字" in f.evidence["detail"]
               for f in out.findings)


def test_a_name_character_offered_keeps_the_flag(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake(monkeypatch)
    out = _confirm([_read(("皇", 0.02),), _read(("垫", 0.002),), _read(("壁", 0.01),)])
    assert out.blocking


def test_a_modern_name_character_offered_is_a_names_rival() -> None:
    # Beside a read rare name character, 湉 offered is no look-alike to set aside: a name holds it.
    assert not prior.unnamed("胡彧琪", 2, "湉")
    assert not prior.only_unnamed("胡彧琰", 2, [Reading("胡彧琰", 0.98, (
        (("胡", 1.0),), (("彧", 0.99),), (("琰", 0.96), ("湉", 0.005))))], {"琰", "湉"})
