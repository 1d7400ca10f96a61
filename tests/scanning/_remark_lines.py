"""Remark lines as the detector gives them, and the remark re-reader run on them with set
readings per box, for tests of the remark reader's rules."""

from __future__ import annotations

from typing import Any

import pytest

from scanning import _ocr, _remarktext
from scanning._ocr import Line, Reading
from scanning._remarks import entries
from scanning._sections import reread_remark

ISSUED = "2012-07-01"


def sure(text: str) -> Reading:
    return Reading(text, 0.99, tuple(((c, 0.99),) for c in text))


def ln(text: str, x: int, y: int, w: int = 500, h: int = 30) -> Line:
    return Line(text, 0.96, (x, y, x + w, y + h), ())


TITLE = ln("备注", 400, 20, 120, 40)


def reread(monkeypatch: pytest.MonkeyPatch, by_box: dict[str, list[Reading]], lines: list[Line]):
    """The one entry of ``lines`` re-read, each box read as ``by_box`` says (no widening)."""

    def readings(pieces: list[tuple[Any, Any]], red: bool = True) -> list[list[Reading]]:
        return [by_box.get(str(box), [Reading("", 0.0)]) for _, box in pieces]

    monkeypatch.setattr(_ocr, "readings", readings)
    monkeypatch.setattr(
        _remarktext, "extend", lambda image, lines, ends=frozenset(), rings=(): (lines, False)
    )
    [entry] = entries([TITLE, *lines], ISSUED)
    return reread_remark(None, entry, 0, ISSUED)  # type: ignore[arg-type]
