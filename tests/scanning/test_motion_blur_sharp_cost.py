"""A sharp page is known as no smear before the smear's length is looked for: ``restore``
stops at the first measure that rules a clear smear out (anisotropy, then reach), and it
decides exactly as the whole measure does."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from scanning import _deblur
from tests.scanning.test_motion_blur import _TOP, _card, _smear


def _ruled() -> np.ndarray:
    page = _card(17).copy()  # rules and lines of text: a layout in one direction, no smear
    for i in range(7):
        cv2.line(page, (20, _TOP - 8 + i * 48), (500, _TOP - 8 + i * 48), (60, 60, 60), 2)
    return page


def _counted(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    lags: list[float] = []
    alike = _deblur._alike

    def spy(grad: np.ndarray, ux: float, uy: float, lag: float) -> float:
        lags.append(lag)
        return alike(grad, ux, uy, lag)

    monkeypatch.setattr(_deblur, "_alike", spy)
    return lags


def test_a_sharp_page_costs_no_length_search(monkeypatch: pytest.MonkeyPatch) -> None:
    lags = _counted(monkeypatch)
    page = _card(17)
    assert _deblur.restore(page)[1] is None
    assert len(lags) <= 1  # at most the reach, never the ~20 lags of the length's curve


@pytest.mark.parametrize("make", [
    lambda: _card(17), _ruled, lambda: _smear(_card(17), 8, 100),
    lambda: _smear(_card(17), 7, 60), lambda: _smear(_card(15), 3, 20),
])
def test_the_short_measure_decides_as_the_whole_one(make) -> None:
    page = make()
    whole, short = _deblur.measure(page), _deblur._measure(page, whole=False)
    assert whole.clear == short.clear
    if whole.clear:
        assert whole == short
