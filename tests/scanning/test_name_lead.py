"""Where a name begins: a leader's last dot read as a mark before the name (".方华荣", decoded
as 方方华荣 from the mark's runner-up) is dropped when the crop shows the dots and nothing else
before the name; a surname one reading saw (方全力 beside 全力 twice) is kept when the crop shows
it. Where the mark is a misread surname, or the crop shows no surname, the flag stays."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from core.rules import Finding
from scanning import _name_evidence as evidence
from scanning import _name_glyphs as glyphs
from scanning import _name_lead as lead
from scanning._ocr import Reading
from scanning._validate import Value
from tests.scanning._fonts import judge_without

SERIF = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
SERIF_FACE = 2  # its number among the judge's faces
pytestmark = pytest.mark.skipif(not Path(SERIF).exists(), reason="no Noto Serif CJK face")


@pytest.fixture(autouse=True)
def no_recogniser(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The judge without the face the test prints in; the recogniser's views stubbed: a cell
    alone reads as the printed character, a re-read as what the test says was printed."""
    judge_without(monkeypatch, SERIF_FACE, alone="")
    yield


def _crop(parts: list[tuple[str, int]], height: int = 24) -> np.ndarray:
    """Text pieces (text, grey level) printed one after another in Noto Serif at ``height``
    px on white, slightly blurred (a scan); "…" pieces are a leader's dots on the baseline."""
    font = ImageFont.truetype(SERIF, 64, index=2)
    img = Image.new("L", (64 * 12, 110), 255)
    draw = ImageDraw.Draw(img)
    x = 20
    for text, level in parts:
        if text == "…":
            for _ in range(6):
                draw.rectangle((x, 76, x + 5, 81), fill=level)
                x += 14
            x += 8
            continue
        draw.text((x, 20), text, fill=level, font=font)
        x += 64 * len(text)
    grey = cv2.resize(np.asarray(img)[:, : x + 40], None, fx=height / 64, fy=height / 64,
                      interpolation=cv2.INTER_AREA)
    return cv2.GaussianBlur(grey, (0, 0), 0.8)


def _sure(text: str, first: tuple[tuple[str, float], ...] | None = None) -> Reading:
    alts = tuple(((ch, 0.99),) for ch in text)
    return Reading(text, 0.9, ((first,) + alts[1:]) if first else alts)


def _flagged(name: str) -> Value:
    return Value(name, 0.5, [
        Finding("corrected", "name", f"姓名更正为“{name}”", "note", {"rule": "校验规则"}),
        Finding("unconfirmed", "name", f"姓名“{name}”请核对", "warning", {})])


def _settle(value: str, texts: list[str], printed: list[tuple[str, int]],
            monkeypatch: pytest.MonkeyPatch, reread: str = "") -> Value:
    monkeypatch.setattr(lead, "reread", lambda grey: _sure(reread))
    readings = [_sure(t, ((t[0], 0.6), (value[0], 0.3)) if not t[0].isalpha() else None)
                for t in texts]
    return evidence.settle(_flagged(value), {value: 1.0}, readings, _crop(printed))


def test_a_leaders_last_dot_read_before_the_name_is_dropped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # ".方华荣" twice, decoded as 方方华荣 (the dot's runner-up is the next character).
    v = _settle("方方华荣", [".方华荣", ".方华荣"], [("姓名", 0), ("…", 0), ("方华荣", 0)],
                monkeypatch, reread="方华荣")
    assert v.value == "方华荣" and not v.blocking
    assert [f.code for f in v.findings] == ["corrected"]


def test_a_surname_read_as_a_dot_is_not_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    # ".华荣": the mark is the surname 方 (printed, after the leader): 华荣 is never taken;
    # the crop shows 方 where the dot was read (the glyph judge's own test).
    v = _settle("方华荣", [".华荣", ".华荣"], [("…", 0), ("方华荣", 0)], monkeypatch,
                reread="华荣")
    assert v.value == "方华荣"


def test_a_faint_surname_between_dots_and_name_is_not_dropped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A light print: the surname's strokes fall below the ink mask but are seen faintly.
    v = _settle("方华荣", [".华荣", ".华荣"], [("…", 0), ("方", 170), ("华荣", 0)],
                monkeypatch, reread="华荣")
    assert v.value != "华荣"
    assert v.blocking


def test_a_surname_one_reading_saw_is_kept_when_the_crop_shows_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    v = _settle("全力", ["全力", "全力", "方全力"], [("姓名", 0), ("…", 0), ("方全力", 0)],
                monkeypatch, reread="方全力")
    assert v.value == "方全力" and not v.blocking


def test_a_surname_no_print_shows_is_not_added(monkeypatch: pytest.MonkeyPatch) -> None:
    # One reading's 方 came from nowhere the crop shows (the label's 名 stands before 全力).
    v = _settle("全力", ["全力", "全力", "方全力"], [("姓名", 0), ("…", 0), ("全力", 0)],
                monkeypatch, reread="方全力")
    assert v.value == "全力" and v.blocking


def test_the_leaders_dots_are_marks_and_the_name_keeps_its_cells() -> None:
    grey = _crop([("…", 0), ("方华荣", 0)])
    assert lead.leader_before(grey, "方华荣")
    assert not lead.leader_before(grey, "华荣")
    assert [len(c) for c in [glyphs.cells(glyphs.ink_of(lead.undotted(grey)))]] == [3]
