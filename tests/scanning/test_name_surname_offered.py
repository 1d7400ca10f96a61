"""A name whose first character was read as no surname (起梅刚) is shown with the one surname
every reading offered there (赵) when the crop draws that surname better; it stays flagged."""

from __future__ import annotations

import numpy as np

from core.rules import Finding
from scanning import _name_evidence as evidence
from scanning import _name_glyphs as glyphs
from scanning import _name_surname_offered as surname_offered
from scanning._ocr import Reading
from scanning._validate import Value
from tests.scanning._fonts import needs_serif, serif_name_crop

needs_face = needs_serif


def _crop(text: str) -> np.ndarray:
    return serif_name_crop(text)


def _reading(first: tuple[tuple[str, float], ...], text: str = "起梅刚") -> Reading:
    return Reading(text, 0.85, (first, (("梅", 0.99),), (("刚", 0.8), ("测", 0.1))))


_QI_ZHAO = tuple(_reading((("起", p), ("赵", 1 - p - 0.003), ("越", 0.003)))
                 for p in (0.8, 0.93, 0.85))


def test_the_one_surname_every_reading_offered() -> None:
    assert surname_offered.offered("起梅刚", _QI_ZHAO) == "赵"
    # 越 offered too little to count; a second surname offered enough is a doubt of its own.
    two = (*_QI_ZHAO[:2], _reading((("起", 0.8), ("赵", 0.1), ("越", 0.1))))
    assert surname_offered.offered("起梅刚", two) == ""
    # One reading without 赵: no agreement on the surname.
    assert surname_offered.offered("起梅刚", (*_QI_ZHAO[:2], _reading((("起", 0.99),)))) == ""
    assert surname_offered.offered("赵梅刚", _QI_ZHAO) == ""  # a surname read: nothing to do


@needs_face
def test_the_crop_must_draw_the_surname_better_than_the_read_character() -> None:
    row = glyphs.cells(glyphs.ink_of(_crop("赵梅刚")))
    assert surname_offered.shown(row, "起梅刚", "赵")
    row = glyphs.cells(glyphs.ink_of(_crop("起梅刚")))
    assert surname_offered.shown(row, "起梅刚", "赵") == ""


def test_the_name_is_shown_with_the_surname_and_stays_flagged(monkeypatch) -> None:
    monkeypatch.setattr(surname_offered, "shown", lambda row, value, surname: "0:赵 fits")
    flagged = Value("起梅刚", 0.5, [Finding("unconfirmed", "name", "无规则可校验", "warning")])
    v = evidence._surname_offered(flagged, _QI_ZHAO, [])
    assert v.value == "赵梅刚" and v.blocking
    assert [f.evidence.get("rule") for f in v.findings] == ["姓氏更正"]
