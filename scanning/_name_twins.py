"""A character's twins: the characters drawn most like it, which a name's crop must also rule out
before a doubted character is settled (a character no reading offered may still be the printed
one). Drawn once for every GB 2312 character into ``_name_twins.json``
(``python -m scanning._name_twins``, ~2 min)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import cv2
import numpy as np

from scanning import _vocab_names as names
from scanning._name_faces import Gray, faces, glyph

_TWINS = 10
_TWINS_ANY = 12
_TWIN_SIZE = 24
_TWIN_FACES = (0, 2)  # a sans and a serif face


def _shapes(chars: Sequence[str]) -> Gray:
    """Each character drawn in the twin faces, stretched to a small square and normalised, one
    row per character (zeros where a face lacks it)."""
    out = np.zeros((len(chars), len(_TWIN_FACES) * _TWIN_SIZE**2), np.float32)
    for k, ch in enumerate(chars):
        parts = []
        for face in _TWIN_FACES:
            g = glyph(ch, face) if face in faces() else None
            v = (cv2.resize(g, (_TWIN_SIZE, _TWIN_SIZE), interpolation=cv2.INTER_AREA).ravel()
                 if g is not None else np.zeros(_TWIN_SIZE**2, np.float32))
            v = v - v.mean()
            parts.append(v / (float(np.linalg.norm(v)) or 1.0))
        out[k] = np.concatenate(parts)
    return out


@cache
def _pool() -> tuple[tuple[str, ...], Gray]:
    chars = tuple(sorted(names.given() | names.single()))
    return chars, _shapes(chars)


_TABLE = Path(__file__).with_name("_name_twins.json")


@cache
def _table() -> dict[str, frozenset[str]]:
    """The twins of every GB 2312 character, drawn once (``python -m scanning._name_twins``):
    drawing the 1 400 name characters takes seconds a scanning worker should not spend."""
    if not _TABLE.exists():
        return {}
    table: dict[str, str] = json.loads(_TABLE.read_text(encoding="utf-8"))
    return {ch: frozenset(near) for ch, near in table.items()}


def twins(ch: str) -> frozenset[str]:
    """The characters drawn most like ``ch`` in a sans and a serif face: name characters
    (surnames and common given-name characters) and, from the table, any GB 2312 ones."""
    return _table().get(ch) or _twins(ch)


@cache
def _twins(ch: str) -> frozenset[str]:
    chars, shapes = _pool()
    sim = shapes @ _shapes([ch])[0]
    order = [chars[k] for k in np.argsort(-sim)[: _TWINS + 1].tolist()]
    return frozenset(c for c in order if c != ch)


def _gb2312() -> list[str]:
    out = []
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                out.append(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return out


def write_table() -> None:
    """Draw the twins of every GB 2312 character into ``_name_twins.json``: the
    :data:`_TWINS` name characters and the :data:`_TWINS_ANY` GB 2312 characters drawn most like
    it (a rare name character is no name character of the list, but still a GB 2312 one)."""
    names_, name_shapes = _pool()
    every = sorted(set(_gb2312()) | set(names_))
    shapes = _shapes(every)
    table: dict[str, str] = {}
    for start in range(0, len(every), 500):
        part = shapes[start : start + 500]
        for k, (by_name, by_any) in enumerate(zip(part @ name_shapes.T, part @ shapes.T,
                                                  strict=True)):
            ch = every[start + k]
            near = [names_[j] for j in np.argsort(-by_name)[: _TWINS + 1].tolist()]
            near += [every[j] for j in np.argsort(-by_any)[: _TWINS_ANY + 1].tolist()]
            table[ch] = "".join(dict.fromkeys(c for c in near if c != ch))
    _TABLE.write_text(json.dumps(table, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write_table()
