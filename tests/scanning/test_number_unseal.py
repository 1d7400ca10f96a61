"""A certificate number whose end a red seal covers: the box with the seal's ink divided out
of the print beneath it (``_number_unseal``) gives one more whole reading when every reading
lost digits (images drawn in the test)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from scanning import _widen
from scanning._info_labels import RawField
from scanning._number_unseal import unsealed
from scanning._ocr import Reading

_PAPER = np.array([240.0, 236.0, 226.0])
_PRINT = 0.25  # the print lets a quarter of the light through, in every channel
_SEAL = np.array([0.55, 0.08, 0.2])  # a crimson seal's transmittance per channel
_BOX = (20, 40, 180, 70)


def _page(seal: bool = True) -> np.ndarray:
    """Paper, a row of print (the number) and a seal's band crossing its right half."""
    light = np.ones((120, 260, 3)) * _PAPER
    light[46:64, 30:170] *= _PRINT  # the digits (one dark band)
    light[50:60, 60:70] /= _PRINT  # a gap between two of them, plain paper
    if seal:
        light[30:90, 110:220] *= _SEAL  # the seal over the number's end and the paper
    return light.clip(0, 255).astype(np.uint8)


def test_the_seal_is_divided_out_and_the_print_beneath_it_kept() -> None:
    got = unsealed(_page(), _BOX)
    assert got is not None
    seal_only, print_under, print_free = got[75, 200], got[55, 140], got[55, 40]
    assert (seal_only >= 235).all()  # the seal over paper is paper again
    assert (print_under <= 90).all() and (print_free <= 90).all()  # the print stays dark
    assert abs(int(print_under[0]) - int(print_free[0])) <= 12  # … and alike under the seal
    # the red channel (the second view) keeps the seal as a grey stroke over the paper
    assert _PAPER[0] * _SEAL[0] < 200


def test_no_seal_near_or_no_colour_gives_no_view() -> None:
    assert unsealed(_page(seal=False), _BOX) is None
    grey = _page()[..., :1].repeat(3, axis=2)  # a greyscale scan: no hue to tell seal apart
    assert unsealed(grey, _BOX) is None


def _readers(monkeypatch, page: np.ndarray):  # type: ignore[no-untyped-def]
    seen: list[list[np.ndarray]] = []

    def fake(views, box, key, missing):  # type: ignore[no-untyped-def]
        seen.append(list(views))
        n = len(seen)
        return [Reading(f"2004425383017474{n}", 0.9), Reading(f"2004425383017474{n + 5}", 0.9)]

    monkeypatch.setattr(_widen, "whole_readings", fake)
    pg = SimpleNamespace(image=page, second_view=page)
    raw = {"certificate_number": RawField("20044", 0.9, _BOX, 0)}
    return _widen.number_readers([pg], raw)["certificate_number"], seen  # type: ignore[list-item]


def test_a_number_read_short_gains_one_reading_of_the_unsealed_box(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    read, seen = _readers(monkeypatch, _page())
    got = read(3)
    assert len(seen) == 2 and len(seen[1]) == 1  # the page's views, then the unsealed box
    # its crops are the same pixels: one reading of it, never two that agree with each other
    assert [r.text for r in got] == ["20044253830174741", "20044253830174746",
                                     "20044253830174742"]


def test_a_whole_number_is_not_read_unsealed(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    read, seen = _readers(monkeypatch, _page())
    read(0)  # the stretched confirmation of a number read whole: no new view
    assert len(seen) == 1
