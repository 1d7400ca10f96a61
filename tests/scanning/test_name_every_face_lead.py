"""A doubted name character whose lead is under MARGIN in the best face but clear in every voting
face is settled (the calibrated EVERY lead); a lead that one face does not share, or that is
thinner than EVERY in any face, leaves the place in doubt."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scanning import _name_glyphs as glyphs
from tests.scanning._fonts import judge_without
from tests.scanning.test_name_apart_small_lead import _row as printed_row

SERIF_BOLD = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc"
pytestmark = pytest.mark.skipif(not Path(SERIF_BOLD).exists(), reason="no Noto Serif CJK face")


@pytest.fixture
def without_print_face(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The judge without the face the test prints in (face 3, Noto Serif Bold): a booklet's
    type face is never one of ours."""
    judge_without(monkeypatch, 3)
    yield


def _row(text: str) -> list[glyphs.Cell]:
    return printed_row(text, 22, SERIF_BOLD)


def test_a_lead_clear_in_every_voting_face_settles_the_place(without_print_face: None) -> None:
    # 淼 leads 森 by about 0.11 in each of the three voting faces: under MARGIN in the best.
    verdict = glyphs.judge(_row("黎淼欣"), [{"黎"}, {"淼", "森"}, {"欣"}])
    assert verdict.chosen == {1: "淼"}
    assert "every" in verdict.detail


def test_without_the_every_face_lead_the_same_print_stays_in_doubt(
    without_print_face: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(glyphs, "EVERY", 1.0)
    verdict = glyphs.judge(_row("黎淼欣"), [{"黎"}, {"淼", "森"}, {"欣"}])
    assert verdict.chosen == {} and verdict.reason == "close"


def test_a_face_that_puts_another_character_first_settles_nothing() -> None:
    ranked = [[(0.80, "淼"), (0.70, "森")], [(0.78, "淼"), (0.68, "森")],
              [(0.70, "森"), (0.69, "淼")]]
    assert glyphs._every(ranked) == ""


def test_a_lead_thinner_than_every_in_one_face_settles_nothing() -> None:
    # 怡 printed, 恰 first in all three faces of a scan by 0.112, 0.066 and 0.054: the
    # widest such wrong lead on the tuning booklets, below EVERY.
    ranked = [[(0.80, "恰"), (0.688, "怡")], [(0.78, "恰"), (0.714, "怡")],
              [(0.75, "恰"), (0.696, "怡")]]
    assert glyphs._every(ranked) == ""
    clear = [[(0.80, "恰"), (0.71, "怡")], [(0.78, "恰"), (0.69, "怡")],
             [(0.75, "恰"), (0.66, "怡")]]
    assert glyphs._every(clear) == "every"
