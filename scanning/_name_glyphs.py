"""Image evidence for a holder's name: the name's own crop against each candidate character drawn
in the type faces on the machine.

A name has no rule to check it, so when the readings disagree (郦明湉 / 郦明活) or a rare surname
looks like a common one (郗 / 郝) only the booklet itself can tell. The value box is cut into
character cells (a name is printed in one face at one pitch, so its cells are evenly spaced), the
face that best draws the characters every candidate agrees on is found, and at each doubted
place each candidate character is drawn in that face and compared with the cell. A candidate is
chosen only when the agreed characters fit well (the cells and the face are right) and it fits
clearly better than every rival, in the best face and in the next best one — or, a lead too
small for that, first in every voting face by a large part of what tells it from each near
rival (佘 / 余 differ by one short stroke) — and about as well as the agreed characters do (a
character no candidate holds fits none of them well). Rivals are
the candidates, the characters drawn most like the best one, and what the recogniser reads in
the cell alone; a rival that fits best is never chosen (no reading offered it), so the name
then stays for a person.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np

from core.rules import HAN
from scanning import _ocr
from scanning import _vocab_names as names
from scanning._name_cells import UPRIGHT as UPRIGHT
from scanning._name_cells import Cell as Cell
from scanning._name_cells import cells as cells
from scanning._name_cells import drop_rules as drop_rules
from scanning._name_cells import ink_of as ink_of
from scanning._name_cells import longest_run as longest_run
from scanning._name_faces import faces, glyph
from scanning._name_twins import twins
from scanning._ocr import Reading


def fit(cell: Cell, ch: str, face: int) -> float:
    """How well ``ch`` in ``face`` draws the cell: the best correlation of the glyph shrunk to
    the cell's ink box and blurred to its sharpness, over one-pixel shifts."""
    g = glyph(ch, face)
    if g is None:
        return -1.0
    h, w = cell.ink.shape
    if h < 6 or w < 3:
        return -1.0
    small = cv2.resize(g, (w, h), interpolation=cv2.INTER_AREA)
    pad = 2
    target = cv2.copyMakeBorder(cell.ink, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=0)
    best = -1.0
    for sigma in (0.0, 0.8, 1.4):
        tpl = cv2.GaussianBlur(small, (0, 0), sigma) if sigma else small
        if float(tpl.std()) < 1e-6:
            continue
        res = cv2.matchTemplate(target, tpl, cv2.TM_CCOEFF_NORMED)
        best = max(best, float(res.max()))
    return best


def rank_faces(row: Sequence[Cell], agreed: Sequence[tuple[int, str]]) -> list[tuple[float, int]]:
    """Faces by how well they draw the agreed characters (mean fit; of several characters
    offered for one place, the best), best first."""
    scored = [
        (float(np.mean([max(fit(row[i], c, face) for c in chars) for i, chars in agreed])), face)
        for face in faces()
    ]
    return sorted(scored, reverse=True)


# Calibrated on the kept benchmark runs' names: the agreed characters of
# a right cutting fit at 0.65–0.9 in the best face; below this the cells or the face are wrong.
AGREED = 0.6
# The winner's lead over the best rival in the best face, and in the next best face.
MARGIN = 0.12
MARGIN_NEXT = 0.05
# The winner may fit this much worse than the agreed characters do, no more.
SHORTFALL = 0.2


@dataclass(frozen=True)
class Verdict:
    """What the crop says: the characters it chose per doubted place, or why it chose none."""

    chosen: dict[int, str]
    reason: str = ""
    detail: str = ""


def judge(row: Sequence[Cell], places: Sequence[set[str]]) -> Verdict:
    """Choose at each place holding more than one candidate character the one the crop's cells
    show, or nothing: every doubted place must be decided, and the agreed ones must fit."""
    n = len(places)
    agreed = [(i, next(iter(s))) for i, s in enumerate(places) if len(s) == 1]
    doubted = [i for i, s in enumerate(places) if len(s) > 1]
    if not doubted or len(row) < n:
        return Verdict({}, "no_doubt")
    # Without an agreed character, each place's best-fitting candidate finds the cells and face.
    anchor = agreed or [(i, "".join(sorted(s))) for i, s in enumerate(places)]
    windows = [(rank_faces(row[s : s + n], anchor), s) for s in range(len(row) - n + 1)]
    faces, start = max(windows, key=lambda w: w[0][0][0])
    if faces[0][0] < AGREED or len(faces) < 2:
        return Verdict({}, "no_fit", f"{faces[0][0]:.3f}")
    win = row[start : start + n]
    chosen: dict[int, str] = {}
    detail = ""
    for i in doubted:
        first = max((fit(win[i], c, faces[0][1]), c) for c in places[i])[1]
        # A character no reading offered may still be the printed one: the winner must also
        # beat the characters that look most like it, and the one the recogniser reads in the
        # cell alone (without its neighbours, the language prior of a line is gone: a printed
        # character outside every list is often read so).
        alone = read_alone(win[i])
        wider = places[i] | twins(first) | ({alone} if HAN.fullmatch(alone) else set())
        voters = [f for _, f in faces[:VOTERS]]
        ranked = [sorted(((fit(win[i], c, f), c) for c in wider), reverse=True)
                  for f in voters]
        detail = f"{i}:" + " ".join(f"{b[0][1]} {b[0][0]:.3f}/{b[1][0]:.3f}" for b in ranked)
        detail += f" agreed {faces[0][0]:.3f} alone {alone or '-'}"
        reason = _doubt(ranked, places[i], faces[0][0])
        if reason == "close" and (why := _every(ranked) or _apart(win[i], ranked, voters)):
            reason = _doubt(ranked, places[i], faces[0][0], clear=True)
            detail += f" {why}"
        if reason:
            return Verdict({}, reason, detail)
        chosen[i] = ranked[0][0][1]
    return Verdict(chosen, "", detail)


def read_alone(cell: Cell) -> str:
    """The recogniser's reading of one cell on its own (white margin, 48 px high): a view of
    the character without its neighbours, independent of the faces the fits are drawn in."""
    pad = max(2, cell.ink.shape[0] // 4)
    paper = (255 - np.clip(cell.ink, 0.0, 1.0) * 255).astype(np.uint8)
    framed = cv2.copyMakeBorder(paper, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=255)
    scale = _ALONE / framed.shape[0]
    big = cv2.resize(framed, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    return _ocr.recognise_all([_ocr.u8(big)])[0].text


_ALONE = 48


VOTERS = 3  # faces whose fits are weighed at a doubted place, best first


def _doubt(ranked: Sequence[Sequence[tuple[float, str]]], offered: set[str],
           agreed: float, clear: bool = False) -> str:
    """Why the fits, per face best first (each face's best and runner-up), choose no
    character; "" when they choose the best face's winner (``clear``: its lead is already
    shown, by :func:`_apart`)."""
    (s1, c1), (r1, _) = ranked[0][0], ranked[0][1]
    (s2, c2), (r2, _) = ranked[1][0], ranked[1][1]
    if not clear and (c1 != c2 or s1 - r1 < MARGIN or s2 - r2 < MARGIN_NEXT):
        return "close"
    if c1 not in offered:
        # A look-alike no reading offered fits best: the print is not what was read, and what
        # it is, only a person can say (the printed character may be in no list).
        return "unoffered"
    if s1 < agreed - SHORTFALL:
        return "poor"
    return ""


# A lead smaller than MARGIN still tells two look-alikes apart when it is a large part of what
# tells them apart: the lead over a rival, divided by how unlike the two glyphs are in that face
# (1 - the fit of one drawn as the other), is at least APART in every voting face, and the lead
# itself at least LEAD (佘 / 余 differ by one short stroke: their glyphs fit each other at 0.88,
# so a lead of 0.05 is 0.4 of their difference).
APART = 0.3
LEAD = 0.02
_RIVALS = 4  # runners-up per face weighed by their difference from the winner


def _apart(cell: Cell, ranked: Sequence[Sequence[tuple[float, str]]],
           voters: Sequence[int]) -> str:
    """"apart" when every voting face puts the same character first, ahead of each of its
    nearest rivals by :data:`LEAD` and by :data:`APART` of the two glyphs' own difference."""
    winner = ranked[0][0][1]
    for scores, face in zip(ranked, voters, strict=True):
        if scores[0][1] != winner:
            return ""
        for s, rival in scores[1 : 1 + _RIVALS]:
            lead = scores[0][0] - s
            unlike = 1.0 - alike(winner, rival, face, cell.ink.shape)
            if lead < LEAD or lead < APART * unlike:
                return ""
    return "apart"


# A lead under MARGIN in the best face is still clear when every one of the VOTERS faces puts the
# same character first by at least this. Calibrated on the names of the tuning booklets (sessions
# 23 and 24, all five generators, 952 name characters, each against its twins, the read one and
# the twins of every face's winner; the booklet's own face and its bold or regular sibling left
# out of the vote, as a real booklet's face is none of ours): a character other than the printed
# one was first in all three faces by 0.054 at most (怡 printed, 恰 first, in a scan), the
# printed one by 0.08 or more in 283 (the best-two margins alone: 344 of 952, with this 382).
# Margin: right confirmed / wrong confirmed 672/7 at 0, 467/1 at 0.04, 375/0 at 0.06,
# 283/0 at 0.08, 155/0 at 0.12.
EVERY = 0.08


def _every(ranked: Sequence[Sequence[tuple[float, str]]]) -> str:
    """"every" when each of :data:`VOTERS` faces puts the same character first by
    :data:`EVERY` over its runner-up; "" otherwise."""
    winner = ranked[0][0][1]
    if len(ranked) < VOTERS or any(len(s) < 2 for s in ranked):
        return ""
    clear = all(s[0][1] == winner and s[0][0] - s[1][0] >= EVERY for s in ranked)
    return "every" if clear else ""


def alike(a: str, b: str, face: int, shape: tuple[int, ...]) -> float:
    """How well ``a`` fits ``b`` drawn in ``face`` at a cell's ``shape`` (1.0 the same glyph):
    how much of a cell's fit the two share."""
    g = glyph(b, face)
    if g is None:
        return 0.0
    h, w = shape[:2]
    drawn = cv2.resize(g, (w, h), interpolation=cv2.INTER_AREA)
    return max(0.0, fit(Cell(drawn.astype(np.float32), 0, w - 1), a, face))


def locate(row: Sequence[Cell], name: str) -> tuple[int, float] | None:
    """Where ``name`` stands in the row (first cell, pitch) when its characters fit there in
    some face and stand evenly spaced; else None."""
    n = len(name)
    if n < 2 or len(row) < n:
        return None
    # A flat 一 fits no glyph (its cell is a stroke): the others place the name.
    agreed = [(i, ch) for i, ch in enumerate(name) if ch not in FLAT] or [(0, name[0])]
    score, start = max((rank_faces(row[s : s + n], agreed)[0][0], s)
                       for s in range(len(row) - n + 1))
    steps = [row[start + k + 1].left - row[start + k].left for k in range(n - 1)]
    pitch = float(np.mean(steps))
    if score < AGREED or pitch <= 0 or max(steps) - min(steps) > 0.25 * pitch:
        return None
    return start, pitch


# Characters printed as one flat stroke, whose cell no glyph's fit measures.
FLAT = frozenset("一")
# An engine's alternative (or a decoder's candidate) below this probability is no candidate
# worth drawing.
OFFERED = 0.02


def _offered(p: float, weight: float) -> bool:
    """An alternative the engine gave probability ``p`` is a candidate: likely enough, and a
    character a name holds there — or one the decoder counts as doubt once weighed (a rare
    character beside a common read one counts ten times: 淼 at 1.5 % beside 森)."""
    return (p >= OFFERED and weight > 0) or p * weight >= OFFERED


def offered_texts(texts: Iterable[str] | Mapping[str, Any]) -> list[str]:
    """The candidate names a decoder gave (its candidates with their shares, or plain texts),
    less those it gave under :data:`OFFERED`: no name the readings made."""
    if isinstance(texts, Mapping):
        return [t for t, c in texts.items() if getattr(c, "share", 1.0) >= OFFERED]
    return list(texts)


def places(
    value: str, texts: Iterable[str] | Mapping[str, Any], readings: Sequence[Reading]
) -> list[set[str]]:
    """Per character of ``value``, the characters a name may hold there: the readings' and the
    candidates' of the same length (a candidate the readings' alternatives make less than
    :data:`OFFERED` likely, 泰 beside 秦 read at 99 %, is no doubt), each reading's
    alternatives a name could hold (see ``_vocab_names.weight``), and a common surname the read
    rare one looks like (郝 for 郗)."""
    out = [{ch} for ch in value]
    for text in [*offered_texts(texts), *(r.text for r in readings)]:
        if len(text) == len(value):
            for i, ch in enumerate(text):
                out[i].add(ch)
    for r in readings:
        if len(r.text) == len(value) and len(r.alternatives) == len(value):
            for i, alts in enumerate(r.alternatives):
                out[i] |= {c for c, p in alts if _offered(p, names.weight(value, i, c))}
    alike = names.commoner_lookalike(value)
    if alike and out:
        out[0].add(alike)
    return out
