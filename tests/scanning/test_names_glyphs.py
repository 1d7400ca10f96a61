"""The holder's name settled by its own crop: characters compared with the printed glyphs."""

from __future__ import annotations

from dataclasses import replace
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


def _page(text: str, gaps: dict[int, int] | None = None, blend: dict[int, str] | None = None):
    """A grey value box with ``text`` printed in Noto Serif at 26 px, evenly spaced (``gaps``:
    extra pixels before character i; ``blend``: character i printed half as itself, half as
    another), slightly blurred as a 150 dpi scan is; and the value box on it."""
    font = ImageFont.truetype(SERIF, 26, index=2)
    img = Image.new("L", (60 + 34 * len(text) + sum((gaps or {}).values()), 60), 235)
    x = 20
    for i, ch in enumerate(text):
        x += (gaps or {}).get(i, 0)
        if blend and i in blend:
            a, b = (Image.new("L", (30, 40), 235) for _ in range(2))
            ImageDraw.Draw(a).text((0, 2), ch, fill=30, font=font)
            ImageDraw.Draw(b).text((0, 2), blend[i], fill=30, font=font)
            img.paste(Image.blend(a, b, 0.5), (x, 14))
        else:
            ImageDraw.Draw(img).text((x, 16), ch, fill=30, font=font)
        x += 32
    grey = cv2.GaussianBlur(np.asarray(img), (0, 0), 0.7)
    page = cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR)
    return page, (14, 10, x + 2, 52)


def _crop(text: str, **kw):
    page, box = _page(text, **kw)
    return _decide.name_evidence.crop(page, box)


def _field(*readings: Reading):
    """The name field read from each view (distinct readings: identical ones count once)."""
    return _decide.prepare("name", [replace(r, score=r.score - 0.005 * i)
                                    for i, r in enumerate(readings)], TODAY)


def _read(text: str, doubt: dict[int, tuple[tuple[str, float], ...]] | None = None) -> Reading:
    alts = tuple((doubt or {}).get(i, ((ch, 0.99),)) for i, ch in enumerate(text))
    return Reading(text, 0.9, alts)


# Read 岑活活 twice and 岑湉活 once, the engine offering 湉 beside 活: no reading is surely right.
_DOUBTED = (
    _read("岑活活", {1: (("活", 0.6), ("湉", 0.4)), 2: (("活", 0.6), ("湉", 0.4))}),
    _read("岑活活", {1: (("活", 0.6), ("湉", 0.4)), 2: (("活", 0.6), ("湉", 0.4))}),
    _read("岑湉活", {1: (("湉", 0.55), ("活", 0.45)), 2: (("活", 0.6), ("湉", 0.4))}),
)


def test_misread_rare_characters_are_corrected_by_the_printed_glyphs() -> None:
    f = _field(*_DOUBTED)
    assert _decide._name(f).blocking  # the rule switched off: a person looks
    v = _decide._name(_field(*_DOUBTED), _crop("岑湉湉"))
    assert v.value == "岑湉湉" and not v.blocking
    assert [x.code for x in v.findings] == ["corrected"]
    assert v.findings[0].evidence["rule"] == "字形比对"


def test_a_right_read_in_doubt_is_confirmed() -> None:
    readings = (_read("叶珩翀", {2: (("翀", 0.5), ("种", 0.5))}), _read("叶珩种"), _read("叶珩翀"))
    assert _decide._name(_field(*readings)).blocking
    v = _decide._name(_field(*readings), _crop("叶珩翀"))
    assert v.value == "叶珩翀" and not v.blocking


def test_two_candidates_that_fit_alike_stay_flagged() -> None:
    # The printed character is as much 活 as 湉 (half of each): the crop cannot choose.
    v = _decide._name(_field(*_DOUBTED), _crop("岑活活", blend={1: "湉", 2: "湉"}))
    assert v.blocking
    assert {x.code for x in v.findings} >= {"unconfirmed"}


def test_a_character_no_candidate_holds_stays_flagged() -> None:
    # Printed 翀; the readings offer only 种 and 钟: neither fits as the agreed 叶珩 do.
    readings = (_read("叶珩种", {2: (("种", 0.6), ("钟", 0.4))}), _read("叶珩钟"), _read("叶珩种"))
    v = _decide._name(_field(*readings), _crop("叶珩翀"))
    assert v.blocking and v.value != "叶珩翀"


def test_a_label_character_past_the_name_is_dropped() -> None:
    readings = (_read("魏然昊性"), _read("魏然昊性"), _read("魏然昊性"))
    assert _decide._name(_field(*readings)).blocking
    v = _decide._name(_field(*readings), _crop("魏然昊性", gaps={3: 90}))
    assert v.value == "魏然昊" and not v.blocking
    assert v.findings[0].evidence["rule"] == "相邻标签"


def test_a_last_character_at_the_names_pitch_is_kept_flagged() -> None:
    readings = (_read("魏然昊性"), _read("魏然昊性"), _read("魏然昊性"))
    v = _decide._name(_field(*readings), _crop("魏然昊性"))
    assert v.value == "魏然昊性" and v.blocking


def test_cells_are_found_evenly_spaced_under_an_underline() -> None:
    page, box = _page("郗璟丹")
    cv2.line(page, (16, 47), (box[2], 47), (60, 60, 60), 2)
    row = glyphs.cells(glyphs.ink_of(_decide.name_evidence.crop(page, box)))
    assert len(row) == 3
    steps = [b.left - a.left for a, b in zip(row, row[1:], strict=False)]
    assert max(steps) - min(steps) <= 3


def test_twins_hold_the_look_alike_name_characters() -> None:
    assert "郗" in glyphs.twins("郝") and "白" in glyphs.twins("由") and "佘" in glyphs.twins("余")


# Every reading agrees on 夏活彧, the engine never sure of 活 (0.84-0.89, 括 and 沥 beside it):
# the decoder alone accepts the common character a rare printed one looks like.
_UNSURE = tuple(
    _read("夏活彧", {1: (("活", p), ("括", 0.05), ("沥", 0.04))}) for p in (0.89, 0.84, 0.85)
)


def test_an_agreed_name_the_recogniser_doubted_is_flagged_when_the_print_differs() -> None:
    v = _decide._name(_field(*_UNSURE), _crop("夏湉彧"))
    assert v.value == "夏活彧" and v.blocking
    flag = next(f for f in v.findings if f.blocking)
    assert flag.code == "unconfirmed" and flag.evidence["rule"] == "字形比对"
    assert "“活”" in flag.message


def test_an_agreed_name_the_recogniser_doubted_is_kept_when_the_print_shows_it() -> None:
    v = _decide._name(_field(*_UNSURE), _crop("夏活彧"))
    assert v.value == "夏活彧" and not v.blocking
    assert [f.code for f in v.findings] == ["glyph_checked"]


def test_a_sure_name_is_not_looked_at() -> None:
    v = _decide._name(_field(_read("夏活彧"), _read("夏活彧")), _crop("夏湉彧"))
    assert v.value == "夏活彧" and not v.findings
