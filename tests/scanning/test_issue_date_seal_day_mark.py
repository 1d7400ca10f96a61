"""A date under a grey seal whose 日 a dark-ink view reads as two strokes (2025年6月611) is
still proved by the other re-reads when their characters stand too close for a lost digit
(no OCR run: the reads and glyph places are given)."""

from __future__ import annotations

import numpy as np
import pytest

from scanning import _info_seal, _seal_reread
from scanning._charbox import Glyph
from scanning._date_measure import placed
from scanning._info_seal import day_mark_split

# The glyph places of a grey-sealed 2025年6月6日 (spacing as read on third 0019 and 0022).
GLYPHS = [Glyph("2", 256.3), Glyph("0", 268.0), Glyph("2", 279.7), Glyph("5", 292.1),
          Glyph("年", 306.5), Glyph("6", 328.3), Glyph("月", 342.5), Glyph("6", 362.8),
          Glyph("日", 380.6)]
READS = [("plain", "2025年6月6日"), ("dark", "2025年6月611"), ("dark", "2025年6月611"),
         ("line", "2025年6月6日"), ("line", "2025年6月6日")]  # third 0022
VALUE = "2025-06-06"


def test_a_day_mark_read_as_two_strokes_is_recognised() -> None:
    assert day_mark_split("2025年6月611", VALUE)
    assert day_mark_split("2025年06月0611", "2025-06-06") is False  # padded day: not this form
    assert day_mark_split("2025年6月1611", "2025-06-16")
    assert not day_mark_split("2025年6月6日", VALUE)  # whole: a read like any other
    assert not day_mark_split("2025年6月711", VALUE)  # another day: a dissent
    assert not day_mark_split("2025年5月611", VALUE)


@pytest.fixture
def given_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_seal_reread, "reads", lambda image, box: list(READS))
    monkeypatch.setattr(_seal_reread, "_measured", lambda image, box, text: placed(GLYPHS, text))


def test_the_reads_prove_the_date_once_the_split_day_mark_is_set_aside(given_reads: None) -> None:
    image = np.full((40, 200, 3), 255, np.uint8)
    assert _seal_reread.prove(image, (0, 0, 200, 40), VALUE) is None  # 611 dissents
    proof = _info_seal._prove(image, (0, 0, 200, 40), VALUE)
    assert proof is not None and proof.measured


def test_room_for_a_lost_digit_still_leaves_the_doubt(
    given_reads: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    wide = [Glyph(g.char, g.x + (12.0 if i > 6 else 0.0)) for i, g in enumerate(GLYPHS)]
    monkeypatch.setattr(_seal_reread, "_measured", lambda image, box, text: placed(wide, text))
    monkeypatch.setattr(_info_seal._date_measure, "from_year_unit",
                        lambda image, box: lambda text: placed(wide, text))
    image = np.full((40, 200, 3), 255, np.uint8)
    assert _info_seal._prove(image, (0, 0, 200, 40), VALUE) is None
