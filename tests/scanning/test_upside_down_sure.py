"""Which way up a page lies, read cheaply when the answer is already certain: lines that read
near perfectly upright, with no clear vote of the angle classifier for upside down, are not
read a second time turned over (that read could not change the answer: it would have to
beat the upright read by 0.05, beyond a score's 1.0)."""

from __future__ import annotations

import numpy as np
import pytest

from scanning import _ocr, _pages


def _crops(n: int) -> list[np.ndarray]:
    return [np.full((20, 80, 3), 200 + i, np.uint8) for i in range(n)]


def _patch(monkeypatch: pytest.MonkeyPatch, share: float, upright: float,
           turned: float) -> list[int]:
    """Fake models: the classifier's share, and a score per crop by whether it is turned
    (a turned crop is told by its pixels: the fakes are not symmetric top to bottom)."""
    calls: list[int] = []

    def recognise(crops: list[np.ndarray]) -> list[tuple[str, float]]:
        calls.append(len(crops))
        return [("字", turned if int(c[0, 0, 1]) == 0 else upright) for c in crops]

    monkeypatch.setattr(_ocr, "upside_down_share", lambda crops: share)
    monkeypatch.setattr(_ocr, "recognise", recognise)
    return calls


def _marked(n: int) -> list[np.ndarray]:
    crops = _crops(n)
    for c in crops:
        c[-1, -1] = 0  # the bottom-right pixel comes to the top-left when turned over
    return crops


@pytest.mark.parametrize(("n", "share"), [(3, 0.0), (6, 0.5), (6, 0.3)])
def test_a_sure_upright_read_is_not_read_turned_over(monkeypatch, n, share):
    calls = _patch(monkeypatch, share, upright=0.98, turned=1.0)
    assert _pages._upside_down(_marked(n)) is False  # noqa: SLF001
    assert calls == [n]


@pytest.mark.parametrize(("share", "upright", "turned", "expected"), [
    (0.6, 0.98, 0.99, True),  # the vote leans upside down: the turned read decides with it
    (0.4, 0.90, 0.99, True),  # an unsure upright read: the turned read beats it
    (0.4, 0.90, 0.91, False),
])
def test_an_unsure_read_is_still_read_turned_over(monkeypatch, share, upright, turned, expected):
    calls = _patch(monkeypatch, share, upright, turned)
    assert _pages._upside_down(_marked(6)) is expected  # noqa: SLF001
    assert sum(calls) == 12  # each line read both ways up
