"""A picture turns by quarter turns through one table (``scanning._turns``): the page reader and
the sideways-photo check turn alike, and no other module keeps its own copy."""

from __future__ import annotations

from pathlib import Path

import numpy as np

import scanning
from scanning._turns import quarter_turn


def test_quarter_turns_are_clockwise_and_count_modulo_four():
    img = np.arange(2 * 3 * 3, dtype=np.uint8).reshape(2, 3, 3)
    for turns in range(-1, 6):
        assert np.array_equal(quarter_turn(img, turns), np.rot90(img, -turns))
    assert quarter_turn(img, 4) is img


def test_only_the_turns_module_names_opencvs_quarter_rotations():
    root = Path(scanning.__file__).parent
    naming = sorted(
        str(p.relative_to(root))
        for p in root.glob("*.py")
        if "cv2.ROTATE_" in p.read_text(encoding="utf-8")
    )
    assert naming == ["_turns.py"]
