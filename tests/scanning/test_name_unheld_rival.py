"""A name's character the engine doubted only for characters no name holds there is not doubted
(诸 beside 诺 in 诸葛敏宇, 宇 beside 字); a character outside the name lists, or one beside a rare
rival, still is."""

from __future__ import annotations

from datetime import date

import numpy as np

from scanning import _decide
from scanning import _name_evidence as evidence
from scanning._ocr import Reading

TODAY = date(2024, 6, 1)
# Blank paper: the glyph check settles nothing on it, so a doubted place stays doubted.
BLANK = np.full((56, 190), 235, np.uint8)


def _read(text: str, doubt: dict[int, tuple[tuple[str, float], ...]]) -> Reading:
    return Reading(text, 0.9, tuple(doubt.get(i, ((ch, 0.9998),)) for i, ch in enumerate(text)))


def _flags(readings: tuple[Reading, ...]) -> list[str]:
    v = _decide._name(_decide.prepare("name", readings, TODAY), BLANK)
    return [f.code for f in v.findings if f.blocking]


# Three readings of one 120 dpi scan (诸葛敏宇 in 楷体): 诺葛 is no surname, 字 no given name.
_ZHU_YU = (
    {0: (("诸", 0.8324), ("诺", 0.1492), ("谐", 0.0062)), 3: (("宇", 0.9084), ("字", 0.0912))},
    {0: (("诸", 0.8262), ("诺", 0.1527), ("诣", 0.0097)), 3: (("宇", 0.8097), ("字", 0.1901))},
    {0: (("诸", 0.8220), ("诺", 0.1575), ("诣", 0.0101)), 3: (("宇", 0.7898), ("字", 0.2100))},
)


def test_doubt_on_characters_no_name_holds_is_no_doubt() -> None:
    readings = tuple(_read("诸葛敏宇", d) for d in _ZHU_YU)
    assert evidence.doubted("诸葛敏宇", readings) == []
    assert _flags(readings) == []


def test_a_character_outside_the_name_lists_stays_doubted() -> None:
    # 活 is no given-name character: it may be a rare one (湉) the engine never offered.
    readings = (_read("夏活彧", {1: (("活", 0.85), ("话", 0.14))}),) * 3
    assert evidence.doubted("夏活彧", readings) == [1]
    assert _flags(readings) == ["unconfirmed"]


def test_a_rare_rival_offered_at_all_keeps_the_doubt() -> None:
    # 颐 beside 赜 at 0.3 %: the prior holds the rare name character down.
    readings = (_read("尹颐", {1: (("颐", 0.90), ("颈", 0.097), ("赜", 0.003))}),) * 3
    assert evidence.doubted("尹颐", readings) == [1]


def test_the_read_character_must_keep_most_of_the_belief() -> None:
    readings = (_read("诸葛敏宇", {0: (("诸", 0.6), ("诺", 0.4))}),) * 3
    assert evidence.doubted("诸葛敏宇", readings) == [0]
    # … and without it, 颈 (no given-name character) is no doubt.
    alone = (_read("尹颐", {1: (("颐", 0.90), ("颈", 0.097))}),) * 3
    assert evidence.doubted("尹颐", alone) == []
