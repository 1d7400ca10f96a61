"""Readings of one field from several views, for hand-built decoding tests."""

from __future__ import annotations

from dataclasses import replace

from scanning._ocr import Reading


def views(r: Reading, n: int) -> list[Reading]:
    """``r`` as read from ``n`` different views (another crop or preprocessing): each a little
    less sure, so no two are identical — identical readings are the same pixels read twice,
    and count once."""
    return [replace(r, score=round(r.score - 0.005 * k, 4)) for k in range(n)]


def doubting(text: str, score: float, doubt: dict[int, tuple[tuple[str, float], ...]]) -> Reading:
    """A reading sure of every character but those ``doubt`` gives runner-ups for (by index)."""
    return Reading(text, score, tuple(doubt.get(i, ((c, 1.0),)) for i, c in enumerate(text)))
