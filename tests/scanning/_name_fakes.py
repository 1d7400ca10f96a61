"""Name checks judged on given fits instead of drawn glyphs: a three-character name whose
first two cells fit their characters well and whose last cell fits the characters of ``fits``
as given per face (any other 0.3), the cell alone reading the name's last character."""

from __future__ import annotations

import numpy as np
import pytest

from scanning import _name_glyphs as glyphs
from scanning import _name_prior as prior
from scanning._name_cells import Cell

FACES = (0, 1, 2)


def row(n: int) -> list[Cell]:
    return [Cell(np.ones((20, 18), np.float32), 24 * k, 24 * k + 18) for k in range(n)]


def fake_fits(monkeypatch: pytest.MonkeyPatch, name: str, lead: float,
              fits: dict[str, tuple[float, float, float]]) -> None:  # fmt: skip
    """``name``'s first two characters fit ``lead`` in face 0 (a hundredth less per face);
    its last cell fits each character of ``fits`` as given per face and reads ``name[-1]``."""
    def fit(cell: Cell, ch: str, face: int) -> float:
        k = cell.left // 24
        if k != 2:
            return lead - 0.01 * face if ch == name[k] else 0.3
        return fits.get(ch, (0.3, 0.3, 0.3))[face]
    monkeypatch.setattr(glyphs, "faces", lambda: FACES)
    monkeypatch.setattr(glyphs, "fit", fit)
    monkeypatch.setattr(glyphs, "read_alone", lambda cell: name[-1])
    monkeypatch.setattr(glyphs, "twins", lambda ch: frozenset(fits) - {ch})
    monkeypatch.setattr(prior, "twins", lambda ch: frozenset(fits) - {ch})
    monkeypatch.setattr(glyphs, "ink_of", lambda grey: grey.astype(np.float32))
    monkeypatch.setattr(glyphs, "cells", lambda ink: row(3))
