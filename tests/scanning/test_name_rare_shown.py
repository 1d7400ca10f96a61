"""A rare name character every reading read as the common one it looks like (胡彧湉 read 胡彧活
three times, 湉 offered at under 1 %) is restored when every view of the crop shows it; one
view alone, or a print of the common character, leaves the name as read."""

from __future__ import annotations

import numpy as np

from scanning import _name_evidence as evidence
from scanning import _name_glyphs as glyphs
from scanning import _name_rare_shown as rare_shown
from scanning._ocr import Reading
from scanning._validate import Value
from tests.scanning._fonts import needs_serif, serif_name_crop

needs_face = needs_serif


def _crop(text: str, size: int = 26) -> np.ndarray:
    """The name's crop: ``text`` in Noto Serif at ``size`` px, slightly blurred as a scan is."""
    return serif_name_crop(text, size)


def _readings() -> list[Reading]:
    hu, yu = (("胡", 1.0),), (("彧", 0.995), ("或", 0.005))
    return [Reading("胡彧活", 0.98, (hu, yu, (("活", p), ("潜", 0.02), ("湉", 0.006))))
            for p in (0.9, 0.88, 0.86)]


def _confirm(crops: tuple[np.ndarray | None, ...]) -> Value:
    return evidence.confirm(Value("胡彧活", 0.95, []), _readings(), crops)


@needs_face
def test_every_view_showing_the_rare_character_restores_it() -> None:
    v = _confirm((_crop("胡彧湉"), _crop("胡彧湉", 34)))
    assert v.value == "胡彧湉" and not v.blocking
    assert [f.code for f in v.findings] == ["corrected"]


@needs_face
def test_one_view_alone_leaves_the_name_for_a_person() -> None:
    v = _confirm((_crop("胡彧湉"), None))
    assert v.value == "胡彧活" and v.blocking


@needs_face
def test_a_printed_common_character_is_never_turned_rare() -> None:
    v = _confirm((_crop("胡彧活"), _crop("胡彧活", 34)))
    assert v.value == "胡彧活"


def test_only_a_rare_character_every_reading_offered_replaces_a_common_read_one() -> None:
    chose = glyphs.Verdict({2: "湉"})
    assert rare_shown.shown("胡彧活", [2], [chose, chose], _readings()) == "胡彧湉"
    assert rare_shown.shown("胡彧活", [2], [chose, glyphs.Verdict({2: "活"})], _readings()) == ""
    assert rare_shown.shown("胡彧活", [2], [chose], _readings()) == ""  # one view
    one_short = [*_readings()[:2], Reading("胡彧活", 0.98, (((("胡", 1.0),)), (("彧", 1.0),),
                                                         (("活", 0.99), ("潜", 0.01))))]
    assert rare_shown.shown("胡彧活", [2], [chose, chose], one_short) == ""
    common = glyphs.Verdict({2: "话"})  # a common character chosen: no prior to undo
    assert rare_shown.shown("胡彧活", [2], [common, common], _readings()) == ""
