"""A rare given-name character of the list beside which the readings offered only characters
no name holds (瑜: 输, a common character outside the list, and 谕, a rare one outside it, each
under 1 %) is confirmed when the face that draws the name best puts it first and the cell alone
reads it, though a listed look-alike (璋) comes close in another face (``_name_prior``). A name
character offered beside it, an unlisted one the engine gave 2 % or more, or a best face that
puts the rival first keeps the flag. The fits are given per cell, face and character."""

from __future__ import annotations

import numpy as np
import pytest

from scanning import _name_evidence as evidence
from scanning import _name_prior as prior
from scanning._ocr import Reading
from scanning._validate import Value
from tests.scanning._name_fakes import fake_fits

# 谭钰瑜 as photographed: 瑜 first by 0.093 in the best face, 0.014 ahead of 谕 in the next,
# 0.068 ahead of the listed 璋 in the third (both short of the judge's margins).
FITS = {"瑜": (0.744, 0.763, 0.680), "谕": (0.651, 0.749, 0.55), "输": (0.617, 0.676, 0.50),
        "璋": (0.644, 0.60, 0.612)}


def _fake(monkeypatch: pytest.MonkeyPatch, fits: dict[str, tuple[float, float, float]]) -> None:
    fake_fits(monkeypatch, "谭钰瑜", 0.82, fits)


def _read(*offered: tuple[str, float]) -> Reading:
    last = (("瑜", 0.997), *offered)
    return Reading("谭钰瑜", 0.99, ((("谭", 0.9993),), (("钰", 0.9998),), last))


def _confirm(readings: list[Reading]) -> Value:
    # A blank crop is as blurred as crops come: the rare rival stays in play.
    return evidence.confirm(Value("谭钰瑜", 0.95, []), readings, (np.zeros((30, 80), np.uint8),))


def test_only_characters_no_name_holds_offered_the_best_face_confirms(
        monkeypatch: pytest.MonkeyPatch) -> None:
    _fake(monkeypatch, FITS)
    v = _confirm([_read(("谕", 0.001)), _read(("输", 0.0012))])
    assert not v.blocking
    assert any("名用字" in str(f.evidence.get("detail")) for f in v.findings)


def test_a_name_character_offered_keeps_the_flag(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake(monkeypatch, FITS)
    assert _confirm([_read(("谕", 0.001)), _read(("璋", 0.0012))]).blocking


def test_an_unlisted_character_offered_clearly_keeps_the_flag(
        monkeypatch: pytest.MonkeyPatch) -> None:
    _fake(monkeypatch, FITS)
    assert _confirm([_read(("谕", 0.025)), _read(("输", 0.0012))]).blocking


def test_a_best_face_that_puts_the_rival_first_keeps_the_flag(
        monkeypatch: pytest.MonkeyPatch) -> None:
    _fake(monkeypatch, {**FITS, "谕": (0.76, 0.749, 0.55)})
    assert _confirm([_read(("谕", 0.001)), _read(("输", 0.0012))]).blocking


def test_only_unnamed_asks_a_rare_listed_character_in_the_given_name() -> None:
    read = [_read(("谕", 0.001))]
    assert prior.only_unnamed("谭钰瑜", 2, read, {"瑜", "谕"})
    assert not prior.only_unnamed("谭钰瑜", 2, read, {"瑜", "谕", "璋"})  # a candidate's 璋
    assert not prior.only_unnamed("谭钰瑜", 2, [_read(("璋", 0.001))], {"瑜"})
    common = [Reading("尹颐", 0.99, ((("尹", 1.0),), (("颐", 0.997), ("赜", 0.003))))]
    # A common read character: a printed rare one (赜) is read as it.
    assert not prior.only_unnamed("尹颐", 1, common, {"颐", "赜"})
