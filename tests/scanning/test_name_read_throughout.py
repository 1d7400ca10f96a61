"""A doubted name character every reading put first and the cell alone reads so, settled by fits
the judge's own margins leave close (``_name_prior``):

- a rare character (嫣) first in every voting face by ``READ_LEAD`` over every look-alike;
- a given-name character (祎) whose only close rivals are look-alikes no name holds (袆, one dot
  apart): the name's own character is chosen by its frequency in names, where the face that
  draws the name best still puts it first.

The fits are given per cell, face and character (no type face needed), so each case is exact."""

from __future__ import annotations

import numpy as np
import pytest

from scanning import _name_evidence as evidence
from scanning import _name_glyphs as glyphs
from scanning import _name_prior as prior
from scanning._name_cells import Cell
from scanning._ocr import Reading
from scanning._validate import Value

FACES = (0, 1, 2)


def _row(n: int) -> list[Cell]:
    return [Cell(np.ones((20, 18), np.float32), 24 * k, 24 * k + 18) for k in range(n)]


def _read(text: str, i: int, rival: str, p: float) -> Reading:
    alts: list[tuple[tuple[str, float], ...]] = [((ch, 0.999),) for ch in text]
    alts[i] = ((text[i], 1.0 - p), (rival, p))
    return Reading(text, 0.99, tuple(alts))


def _fake(monkeypatch: pytest.MonkeyPatch, text: str, i: int,
          fits: dict[str, tuple[float, float, float]], alone: str) -> None:
    """The cells of ``text``: its agreed characters fit 0.88, 0.87, 0.86 in faces 0-2; at ``i`` each
    character of ``fits`` fits as given per face, any other 0.3."""
    def fit(cell: Cell, ch: str, face: int) -> float:
        k = cell.left // 24
        if k != i:
            return 0.88 - 0.01 * face if ch == text[k] else 0.3
        return fits.get(ch, (0.3, 0.3, 0.3))[face]
    monkeypatch.setattr(glyphs, "faces", lambda: FACES)
    monkeypatch.setattr(glyphs, "fit", fit)
    monkeypatch.setattr(glyphs, "read_alone", lambda cell: alone)
    monkeypatch.setattr(glyphs, "twins", lambda ch: frozenset(fits) - {ch})
    monkeypatch.setattr(prior, "twins", lambda ch: frozenset(fits) - {ch})
    monkeypatch.setattr(glyphs, "ink_of", lambda grey: grey.astype(np.float32))
    monkeypatch.setattr(glyphs, "cells", lambda ink: _row(len(text)))


# 董嫣璐 as scanned: 嫣 first in every face, by 0.115 / 0.113 / 0.075 (short of MARGIN, EVERY).
YAN = {"嫣": (0.81, 0.844, 0.766), "婧": (0.695, 0.70, 0.68), "媽": (0.69, 0.731, 0.67),
       "婿": (0.66, 0.70, 0.691)}
YAN_READ = [_read("董嫣璐", 1, "媽", 0.004)] * 3


def test_rare_character_read_throughout_and_leading_every_face_is_confirmed(
        monkeypatch: pytest.MonkeyPatch) -> None:
    _fake(monkeypatch, "董嫣璐", 1, YAN, "嫣")
    places = [{"董"}, {"嫣", "媽"}, {"璐"}]
    assert not glyphs.judge(_row(3), places).chosen  # the judge alone leaves it close
    assert "通读" in prior.confirmed(_row(3), places, "董嫣璐", YAN_READ)


def test_rare_character_with_a_short_lead_in_one_face_stays_in_doubt(
        monkeypatch: pytest.MonkeyPatch) -> None:
    short = {**YAN, "婿": (0.66, 0.70, 0.72)}  # 0.046 behind 嫣 in the third face
    _fake(monkeypatch, "董嫣璐", 1, short, "嫣")
    # 婧, a name character, offered too: the best face alone may not settle it (only_unnamed).
    read = [_read("董嫣璐", 1, "婧", 0.004)] * 3
    assert not prior.confirmed(_row(3), [{"董"}, {"嫣", "媽"}, {"璐"}], "董嫣璐", read)


def test_rare_character_the_cell_alone_does_not_read_stays_in_doubt(
        monkeypatch: pytest.MonkeyPatch) -> None:
    _fake(monkeypatch, "董嫣璐", 1, YAN, "媽")
    assert not prior.confirmed(_row(3), [{"董"}, {"嫣", "媽"}, {"璐"}], "董嫣璐", YAN_READ)


def test_rare_character_one_reading_put_elsewhere_stays_in_doubt(
        monkeypatch: pytest.MonkeyPatch) -> None:
    _fake(monkeypatch, "董嫣璐", 1, YAN, "嫣")
    split = [*YAN_READ[:2], _read("董媽璐", 1, "嫣", 0.3)]
    assert not prior.confirmed(_row(3), [{"董"}, {"嫣", "媽"}, {"璐"}], "董嫣璐", split)


# 谢祎 as scanned: the best face puts 祎 first by 0.081, the next two put 袆 (no name character,
# one dot from 祎) 0.003 and 0.010 ahead; every other look-alike trails by far.
YI = {"祎": (0.909, 0.787, 0.796), "袆": (0.828, 0.790, 0.806), "神": (0.70, 0.66, 0.68),
      "帏": (0.72, 0.70, 0.70)}
YI_READ = [_read("谢祎", 1, "袆", 0.003)] * 3


def test_unnamed_look_alike_is_one_no_name_holds() -> None:
    assert prior.unnamed("谢祎", 1, "袆")
    assert not prior.unnamed("谢祎", 1, "神")  # a common character: the glyphs must tell
    assert not prior.unnamed("谢祎", 1, "瑾")  # a given-name character
    assert not prior.unnamed("郗明", 0, "郝")  # a surname at the surname's place


def test_name_character_tied_only_with_a_look_alike_no_name_holds_is_confirmed(
        monkeypatch: pytest.MonkeyPatch) -> None:
    _fake(monkeypatch, "谢祎", 1, YI, "祎")
    v = evidence.confirm(Value("谢祎", 0.95, []), YI_READ, (np.zeros((30, 60), np.uint8),))
    assert not v.blocking
    assert any("姓名用字" in str(f.evidence.get("detail")) for f in v.findings)


def test_tie_is_not_settled_when_the_best_face_puts_the_look_alike_first(
        monkeypatch: pytest.MonkeyPatch) -> None:
    _fake(monkeypatch, "谢祎", 1, {**YI, "袆": (0.92, 0.790, 0.806)}, "祎")
    v = evidence.confirm(Value("谢祎", 0.95, []), YI_READ, (np.zeros((30, 60), np.uint8),))
    assert v.blocking


def test_tie_is_not_settled_when_a_name_character_is_close(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # 炜 is a given-name character: only the glyphs may rule it out, and they do not clearly.
    _fake(monkeypatch, "谢祎", 1, {**YI, "炜": (0.80, 0.74, 0.75)}, "祎")
    assert not prior.confirmed(_row(2), [{"谢"}, {"祎", "袆", "炜"}], "谢祎", YI_READ)


def test_common_character_is_not_chosen_over_a_rare_one_outside_the_list(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # 赟 printed is read 赞 by the recogniser's prior; 赟 is a name character the list lacks.
    fits = {"赞": (0.909, 0.787, 0.796), "赟": (0.828, 0.790, 0.806)}
    _fake(monkeypatch, "段沅赞", 2, fits, "赞")
    read = [_read("段沅赞", 2, "赟", 0.003)] * 3
    assert not prior.confirmed(_row(3), [{"段"}, {"沅"}, {"赞", "赟"}], "段沅赞", read)
