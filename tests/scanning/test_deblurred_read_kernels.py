"""A field read from a phone photo restored from motion blur keeps its warning unless the
value does not hinge on the exact kernel: the photograph, restored again with each kernel
near the measured one, reads the same value in every view (a card drawn in the test)."""

from __future__ import annotations

import numpy as np

from scanning import _deblur
from scanning._fields import RawField
from scanning._pages import Normalised
from scanning._validate import Value
from tests.scanning.test_motion_blur import _PITCH, _TOP, _card, _smear

_ROWS = {"certificate_number": 3}


def _flagged(photo: np.ndarray, smear: _deblur.Smear, values: dict[str, str]) -> set[str]:
    page = _deblur.deblur(photo, smear)
    raw = {k: RawField(v, 0.99, (20, _TOP + _ROWS[k] * _PITCH - 6, 510,
                                 _TOP + _ROWS[k] * _PITCH + 25), 0)
           for k, v in values.items()}  # fmt: skip
    got = {k: Value(v, 0.99) for k, v in values.items()}
    _deblur.flag_restored([Normalised(page, photo, smear)], raw, got)
    return {k for k, v in got.items() if any(f.code == "motion_blur" for f in v.findings)}


def test_a_value_every_near_kernel_reads_needs_no_warning() -> None:
    photo = _smear(_card(17), 8, 100)
    smear = _deblur.Smear(8.0, 100.0, 3.0, 0.2, -0.3)
    assert _flagged(photo, smear, {"certificate_number": "20091328462301387"}) == set()


def test_a_value_the_near_kernels_do_not_read_keeps_its_warning() -> None:
    photo = _smear(_card(17), 8, 100)
    smear = _deblur.Smear(8.0, 100.0, 3.0, 0.2, -0.3)
    assert _flagged(photo, smear, {"certificate_number": "20091328462301887"}) == {
        "certificate_number"}


def test_a_sharp_photograph_restored_by_mistake_keeps_its_warning() -> None:
    # Restoring print that was never smeared rings every stroke: nothing confirms the value.
    photo = _card(17)
    smear = _deblur.Smear(8.0, 100.0, 3.0, 0.2, -0.3)
    assert _flagged(photo, smear, {"certificate_number": "20091328462301387"}) == {
        "certificate_number"}


def test_the_photograph_is_compared_at_the_restored_page_size() -> None:
    small = _card(17)[::2, ::2]  # the file's own pixels, half the reading size
    got = _deblur._photographed(Normalised(_card(17), small, None))
    assert got.shape == _card(17).shape
    assert _deblur._same("issue_date", "2009-08-19", "2009年8月19日")
    assert not _deblur._same("issue_date", "2009-08-19", "2009年8月18日")
