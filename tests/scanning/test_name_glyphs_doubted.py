"""A doubted name settled by its crop (session 12): only the places the readings doubt are
judged, touching characters are cut apart, and nothing no reading offered is ever chosen."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from scanning import _decide
from scanning import _name_glyphs as glyphs
from scanning._ocr import Reading

SERIF = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
pytestmark = pytest.mark.skipif(not Path(SERIF).exists(), reason="no Noto Serif CJK face")
TODAY = date(2024, 6, 1)


def _crop(text: str, pitch: int = 32) -> np.ndarray:
    """The name's crop: ``text`` in Noto Serif at 26 px, one character every ``pitch`` px
    (22: the characters touch), slightly blurred as a 150 dpi scan is."""
    font = ImageFont.truetype(SERIF, 26, index=2)
    img = Image.new("L", (60 + pitch * len(text), 60), 235)
    for i, ch in enumerate(text):
        ImageDraw.Draw(img).text((20 + i * pitch, 16), ch, fill=30, font=font)
    grey = cv2.GaussianBlur(np.asarray(img), (0, 0), 0.7)
    page = cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR)
    return _decide.name_evidence.crop(page, (14, 10, 22 + pitch * len(text), 52))


def _read(text: str, doubt: dict[int, tuple[tuple[str, float], ...]] | None = None) -> Reading:
    alts = tuple((doubt or {}).get(i, ((ch, 0.99),)) for i, ch in enumerate(text))
    return Reading(text, 0.9, alts)


def _name(readings: tuple[Reading, ...], crop: np.ndarray | None):
    return _decide._name(_decide.prepare("name", readings, TODAY), crop)


# 秦 read at 99 % beside 泰 and 奏 (neither makes a surname, so no doubt of the decoder); 翀
# read beside 肿 and 钟 in every reading.
_QIN = (("秦", 0.99), ("泰", 0.008), ("奏", 0.002))
_CHONG = (("翀", 0.6), ("肿", 0.3), ("钟", 0.1))
_QIN_CHONG = (
    _read("秦翀翀", {0: _QIN, 1: _CHONG, 2: _CHONG}),
    _read("秦肿翀", {0: _QIN, 1: (("肿", 0.5), ("翀", 0.4), ("钟", 0.1)), 2: _CHONG}),
    _read("秦翀翀", {0: _QIN, 1: _CHONG, 2: _CHONG}),
)


def test_only_the_places_the_readings_doubt_are_judged() -> None:
    field = _decide.prepare("name", _QIN_CHONG, TODAY)
    places = glyphs.places("秦翀翀", field.options, field.readings)
    assert places[0] == {"秦"}  # 泰 at 1 %: no doubt the crop must settle
    assert {"翀", "肿"} <= places[1]
    # Every candidate text counted (the rule off): 秦 must then beat 泰 and 奏, which it
    # cannot by a margin (they are drawn almost alike), and the name stays flagged.
    assert len(glyphs.places("秦翀翀", list(field.options), field.readings)[0]) > 1
    v = _name(_QIN_CHONG, _crop("秦翀翀"))
    assert v.value == "秦翀翀" and not v.blocking
    assert [x.code for x in v.findings] == ["glyph_checked"]


def test_a_rare_alternative_stays_a_doubt_as_the_decoder_weighs_it() -> None:
    # 淼 at 1.5 % beside 森: below the plain cut, but a rare character beside a common one
    # counts ten times for the decoder, so the crop must settle this place too.
    reading = Reading("张森", 0.9, ((("张", 0.99),), (("森", 0.985), ("淼", 0.015))))
    assert glyphs.places("张森", [], [reading])[1] == {"森", "淼"}


def test_characters_that_touch_are_cut_apart() -> None:
    crop = _crop("叶珩翀", pitch=22)  # one run of ink: a phone's blur joins the characters
    assert len(glyphs.cells(glyphs.ink_of(crop))) == 3
    doubt = {2: (("翀", 0.55), ("种", 0.45))}
    readings = (_read("叶珩翀", doubt), _read("叶珩种"), _read("叶珩种", {2: (("种", 0.55),
                                                                    ("翀", 0.45))}))
    assert _name(readings, None).blocking
    v = _name(readings, crop)
    assert v.value == "叶珩翀" and not v.blocking


def test_one_wide_character_is_not_cut() -> None:
    row = glyphs.cells(glyphs.ink_of(_crop("鄢翊宇", pitch=34)))
    assert len(row) == 3


def test_a_look_alike_no_reading_offered_is_not_chosen() -> None:
    # Printed 白; the readings offer only 自 and 目. 白 is drawn like 自 (a twin) and fits the
    # print best, but a name is never changed to a character no reading offered: the printed
    # one may be in no list, and then the best-fitting look-alike would be wrong.
    doubt = {0: (("自", 0.6), ("目", 0.4))}
    readings = (_read("自立奕", doubt), _read("目立奕"), _read("自立奕", doubt))
    v = _name(readings, _crop("白立奕"))
    assert v.blocking and v.value != "白立奕"


def test_a_correction_never_makes_an_unknown_surname() -> None:
    # Printed 自 (no surname); read 白 in doubt, one reading 自: the crop shows 自, but a name
    # whose surname no list holds is left for a person.
    readings = (_read("白立奕", {0: (("白", 0.5), ("自", 0.5))}), _read("自立奕"), _read("白立奕"))
    v = _name(readings, _crop("自立奕"))
    assert v.blocking and v.value == "白立奕"


def test_a_confirmed_name_still_needs_a_known_surname() -> None:
    # Read 自立奕 (no surname) in doubt beside 白: the doubt's finding hid the surname check, and
    # the crop confirming 自 must not let the name through.
    doubt = {0: (("白", 0.6), ("自", 0.4))}
    readings = (_read("白立奕", doubt), _read("自立奕"), _read("白立奕", doubt))
    v = _name(readings, _crop("自立奕"))
    assert v.blocking and v.value == "自立奕"


def test_a_printed_character_in_no_list_is_seen_by_the_recogniser_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Printed 晓, which (as if it were a rare character in no list) is no twin of anything; the
    # readings offer only 哓 and 烧. The line's readings never said 晓, but the recogniser shown
    # the cell alone does: 晓 joins the rivals, fits best, and since no reading offered it, the
    # name stays flagged instead of being accepted as 付哓婷.
    twins = glyphs.twins
    monkeypatch.setattr(glyphs, "twins", lambda ch: twins(ch) - {"晓"})
    doubt = {1: (("哓", 0.6), ("烧", 0.4))}
    readings = (_read("付哓婷", doubt), _read("付烧婷"), _read("付哓婷", doubt))
    v = _name(readings, _crop("付晓婷"))
    assert v.blocking and v.value != "付晓婷"
