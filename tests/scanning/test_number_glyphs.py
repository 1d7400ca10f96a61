"""A certificate number's digits compared with its print: the glyphs settle a doubted unchecked
digit the print shows clearly, and keep flagged a digit the views agree on that the print does
not show."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from scanning import _number_glyphs as glyphs
from scanning._decide import decode
from scanning._ocr import Reading
from tests.scanning._fonts import cjk_font
from tests.scanning.test_accept import sure
from tests.scanning.test_decode import CERT, TODAY, TRUTH, accepted, codes, flagged

FREE = [6, 7, 8, *range(11, 17)]  # the places no rule checks
OTHER = CERT[:14] + "8" + CERT[15:]  # …100823 for …100123: a 1 read as 8 at a serial place


def _printed(text: str = CERT, seal: bool = False) -> glyphs.Printed:
    """``text`` printed in Noto Sans CJK on white (a red seal's rim across it when ``seal``),
    and the box a detector gives it."""
    img = Image.new("RGB", (40 + 20 * len(text), 60), "white")
    draw = ImageDraw.Draw(img)
    draw.text((20, 14), text, font=cjk_font(30), fill="black")
    if seal:
        draw.ellipse((150, -60, 330, 120), outline=(220, 50, 50), width=5)
    ink = np.flatnonzero((np.asarray(img.convert("L")) < 128).any(axis=0))
    return glyphs.Printed(np.asarray(img), (int(ink[0]) - 2, 16, int(ink[-1]) + 3, 52))


def test_the_print_shows_each_unchecked_digit_of_the_number_printed() -> None:
    for seal in (False, True):
        fits = glyphs.measure(_printed(seal=seal), CERT)
        assert fits is not None and glyphs.shown(fits, CERT, FREE)
        assert glyphs.disputed(fits, CERT, FREE) == {}


def test_the_print_disputes_a_digit_it_does_not_show() -> None:
    fits = glyphs.measure(_printed(), OTHER)
    assert fits is not None and not glyphs.shown(fits, OTHER, FREE)
    assert glyphs.disputed(fits, OTHER, FREE) == {14: "1"}


def test_a_wrong_digit_beside_the_doubted_one_is_not_shown() -> None:
    # The readings doubt only the 2 at place 16; the 8 they all read at place 15 is a 1 in print.
    fits = glyphs.measure(_printed(), OTHER)
    assert fits is not None and not glyphs.shown(fits, OTHER, FREE, [15])
    right = glyphs.measure(_printed(), CERT)
    assert right is not None and glyphs.shown(right, CERT, FREE, [15])


def test_no_evidence_from_a_crop_that_is_not_the_number() -> None:
    blank = glyphs.Printed(np.full((60, 400, 3), 255, np.uint8), (20, 16, 380, 52))
    assert glyphs.measure(blank, CERT) is None


# -- in the decision ----------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class _Box:
    """A number's box reader (``_widen.BoxReader``): stretched readings, and where it is printed."""

    got: tuple[Reading, ...]
    printed: glyphs.Printed

    def __call__(self, _missing: int) -> list[Reading]:
        return list(self.got)


def _scored(text: str, score: float, rivals: dict[int, tuple[str, float]] | None = None) -> Reading:
    r = sure(text, rivals)
    return Reading(r.text, score, r.alternatives)


def _decide(number: list[Reading], box: _Box) -> object:
    base = {k: [Reading(t, 0.98), Reading(t, 0.97)] for k, t in TRUTH.items()}
    readings = {**base, "certificate_number": number}
    return decode(readings, TODAY, whole={"certificate_number": box})["certificate_number"]


def test_the_glyphs_settle_a_doubted_serial_digit_the_print_shows() -> None:
    # Every reading doubts the 1 (8 at 25–30 %), no stretched reading is sure: the print shows 1.
    doubting = [_scored(CERT, 0.94 - 0.01 * k, {14: ("8", p)})
                for k, p in enumerate((0.3, 0.3, 0.25))]
    got = _decide(doubting, _Box((_scored(CERT, 0.9, {14: ("8", 0.3)}),), _printed()))
    assert accepted(got, CERT) and "glyph_checked" in codes(got)  # type: ignore[arg-type]
    # The clerk's note names the witness: the print's glyphs, not a stretched re-read.
    note = next(f for f in got.findings if f.code == "glyph_checked")  # type: ignore[attr-defined]
    assert note.evidence["rule"] == "字形比对" and "字形比对" in note.message


def test_views_that_agree_on_a_digit_the_print_does_not_show_stay_flagged() -> None:
    # Each view reads 8 where a 1 is printed, two stretched readings sure of it.
    doubting = [_scored(OTHER, 0.94 - 0.01 * k, {14: ("1", 0.3)}) for k in range(3)]
    views = (_scored(OTHER, 0.99), _scored(OTHER, 0.98))
    got = _decide(doubting, _Box(views, _printed()))
    assert flagged(got) and "unconfirmed" in codes(got)  # type: ignore[arg-type]


# -- the digits' pitch, fitted to the proven digits ---------------------------------------------

ANCHORS = [i for i in range(len(CERT)) if i not in FREE]  # year, province, qualification digits


def _run_on(text: str = CERT) -> glyphs.Printed:
    """``text`` printed with a dark seal stroke joined to its last digit and running on past it
    for three digits' width, in the box a detector gives (ending where the stroke does)."""
    printed = _printed(text)
    img = Image.fromarray(printed.image)
    x0, y0, x1, y1 = printed.box
    ImageDraw.Draw(img).line((x1 - 6, 34, x1 + 55, 30), fill=(70, 20, 20), width=4)
    return glyphs.Printed(np.asarray(img), (x0, y0, x1 + 58, y1))


def test_the_pitch_is_the_proven_digits_not_the_ink_a_stroke_runs_on() -> None:
    # Spread over the stroke's width too, the cells of the last digits straddle two digits and
    # the proven ones no longer lead: the print says nothing. Fitted to the proven digits, the
    # cells sit on the digits again and the print shows each unchecked one.
    spread = glyphs.measure(_run_on(), CERT)
    assert spread is None or not glyphs.shown(spread, CERT, FREE)
    fits = glyphs.measure(_run_on(), CERT, ANCHORS)
    assert fits is not None and glyphs.shown(fits, CERT, FREE)


def test_a_fitted_pitch_still_disputes_a_digit_the_print_does_not_show() -> None:
    fits = glyphs.measure(_run_on(), OTHER, ANCHORS)
    assert fits is not None and not glyphs.shown(fits, OTHER, FREE)
    assert glyphs.disputed(fits, OTHER, FREE) == {14: "1"}


def test_the_unsealed_view_shows_digits_a_seal_stroke_hides_in_the_page() -> None:
    # A dark seal's stroke stays in the red channel as ink across the serial's 1 and 0; the
    # page with the seal divided out (``_number_unseal``) is offered beside it, and the view
    # whose bands draw the value's digits best is the one the digits are judged in.
    clean = _printed()
    page = Image.fromarray(clean.image)
    ImageDraw.Draw(page).ellipse((225, 18, 285, 60), outline=(60, 10, 15), width=6)
    sealed = np.asarray(page)
    alone = glyphs.measure(glyphs.Printed(sealed, clean.box), CERT, ANCHORS)
    assert alone is None or not glyphs.shown(alone, CERT, FREE)
    fits = glyphs.measure(glyphs.Printed(sealed, clean.box, clean.image), CERT, ANCHORS)
    assert fits is not None and glyphs.shown(fits, CERT, FREE)
    other = glyphs.measure(glyphs.Printed(sealed, clean.box, clean.image), OTHER, ANCHORS)
    assert other is not None and glyphs.disputed(other, OTHER, FREE) == {14: "1"}


def test_a_dispute_names_the_digit_that_beats_the_value_in_the_face_against_it() -> None:
    table = np.zeros((1, 2, 10))
    table[0, 0, 1], table[0, 0, 7] = 0.9, 0.5  # the best face draws the value's 1
    table[0, 1, 1], table[0, 1, 7] = 0.5, 0.9  # the other draws a 7 over it
    fits = glyphs.Fits(table, 1.0)
    assert fits.beaten(0, "1") == "7"
    assert fits.beaten(0, "7") == "1"
