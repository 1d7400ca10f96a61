"""A certificate number whose readings agree but doubt an unchecked digit, read once more.

No rule checks a certificate number's authority code and serial (digits 7–9, 12–17): there
only readings vouch for the value, and two sure readings must agree (``_decide_review``).
A small or soft print often leaves every re-reading of the box a little unsure of one digit
(9 at 79 % beside 0), though each reads the same digits. The box is then read stretched
(``_widen``: three times as wide, twice as tall, more recogniser steps per digit, and with
the box widened; the page and its red view). The value is confirmed only when

- every reading of the box is the value, or the value with digits lost (none reads another
  digit anywhere),
- the third view (the scan's own pixels), when it reads a whole number, reads the value,
- at least two distinct stretched readings, none of them a reading the field holds already,
  read the value and each is sure of every unchecked digit (all runner-up digits there
  together under ``1 - SURE``), and none reads another number.

A stretched reading that doubts the digit the others misread (…61374, 3 doubted at 38 %,
printed …61174) or a third view that reads another digit keeps the value flagged.

The number's print is a witness apart from every reading (``_number_glyphs``: the ten digits
drawn in the type faces, matched at each digit's place): a value it disputes at an unchecked
place (another digit fits clearly better) is confirmed by no view of the same image, and a
value read as it is whose every unchecked digit the print shows clearly is confirmed by it
when the views do not (``glyphs_show``).
"""

from __future__ import annotations

from core.rules import normalize_digits
from scanning import _decide_doubt as doubts
from scanning import _number_glyphs as glyphs
from scanning import _number_runs as widen
from scanning._decide_doubt import CONFIRM_SCORE
from scanning._decide_field import Field
from scanning._ocr import Reading

SURE = 0.95  # a stretched reading's runner-up digits over the unchecked part stay under 1 - SURE
LEAST = 2  # distinct stretched readings that must read the value


def stretched_reads(f: Field, value: str) -> str | None:
    """The stretched reading that confirms ``value`` (see the module's rules), or the print's
    glyphs that show it (``glyphs_show``, then "…（字形比对）"), or None."""
    length = widen.LENGTHS.get(f.key)
    if f.key != "certificate_number" or f.whole is None or length != len(value):
        return None
    if not value.isdigit():
        return None
    free = list(doubts.free_positions(doubts.kind(f, value), length))
    fits = glyph_fits(f, value)
    if fits is not None and glyphs.disputed(fits, value, free):
        return None  # the print shows another digit, however alike the views read it
    if (seen := _views_read(f, value, free)) is not None:
        return seen
    return f"{value}（{GLYPHS}）" if glyphs_show(f, value, fits, free) else None


GLYPHS = "字形比对"  # the rule's name where the print's glyphs confirmed the number


def by_glyphs(seen: str) -> bool:
    """Whether ``stretched_reads`` confirmed the number by its print's glyphs, not a view."""
    return seen.endswith(f"（{GLYPHS}）")


def _views_read(f: Field, value: str, free: list[int]) -> str | None:
    """The stretched reading that confirms ``value`` under the module's rules, or None."""
    if not _readings_agree(f.readings, value) or not _third_agrees(f, value, len(value)):
        return None
    assert f.whole is not None
    # Each distinct reading once; one the field holds already (its number was read short and
    # completed from these very readings) is no second vote.
    views = [r for r in dict.fromkeys(f.whole(0)) if r not in f.readings]
    sure = [r for r in views if _sure(r, value, free)]
    if len(sure) < LEAST or len(sure) < len(views):
        return None
    return sure[0].text


def glyph_fits(f: Field, value: str) -> glyphs.Fits | None:
    """The digits' fits against the number's print (``_number_glyphs``), when its box is
    known and the value's digits draw it well."""
    # The box reader (``_widen.BoxReader``) knows where the number is printed; imported by
    # name it would close an import cycle (``_widen`` reads fields through ``_info``).
    printed = getattr(f.whole, "printed", None)
    if f.key != "certificate_number" or not isinstance(printed, glyphs.Printed):
        return None
    free = set(doubts.free_positions(doubts.kind(f, value), len(value)))
    return glyphs.measure(printed, value, [i for i in range(len(value)) if i not in free])


def glyph_disputed(f: Field, value: str) -> bool:
    """Whether the number's print shows another digit at an unchecked place of ``value``
    (``_number_glyphs.disputed``): views of one image that agree are then no proof."""
    fits = glyph_fits(f, value)
    if fits is None:
        return False
    free = list(doubts.free_positions(doubts.kind(f, value), len(value)))
    return bool(glyphs.disputed(fits, value, free))


def glyphs_show(f: Field, value: str, fits: glyphs.Fits | None, free: list[int]) -> bool:
    """The print settles the unchecked digits of a value read as it is: each doubted one (a
    reading read another digit there, or its engine offered one) beats every other digit
    clearly in every voting face, and each other fits best there (``_number_glyphs.shown``;
    a wrong digit every view reads alike, a seal's stroke over it, fits no better than the
    printed one: an 8 read for a printed 3 trails it). The glyphs are a witness apart
    from the readings (drawn faces, not the recogniser), so with the reading of the value they
    make the two agreeing reads an unchecked digit needs."""
    option = f.options.get(value)
    if fits is None or option is None or not option.support:
        return False
    return glyphs.shown(fits, value, free, doubts.doubted_digits(f, value))


def _readings_agree(readings: list[Reading], value: str) -> bool:
    """Some reading is the value, and each other one is too or lost digits only."""
    texts = [normalize_digits(r.text).upper() for r in readings]
    return value in texts and all(
        t == value or (t.isdigit() and len(t) < len(value) and _dropped_from(t, value))
        for t in texts
    )


def _third_agrees(f: Field, value: str, length: int) -> bool:
    """The third view reads no other whole number (one it cannot read says nothing)."""
    if f.third is None:
        return True
    seen = f.third()
    run = widen.digit_run(seen, length) if seen is not None else None
    return run is None or normalize_digits(run.text).upper() == value


def _sure(r: Reading, value: str, free: range | list[int]) -> bool:
    if normalize_digits(r.text).upper() != value or r.score < CONFIRM_SCORE:
        return False
    if len(r.alternatives) != len(value):
        return False
    doubt = sum(doubts.rival(r, i, doubts.digit_only) for i in free)
    return doubt < 1.0 - SURE


def _dropped_from(short: str, whole: str) -> bool:
    """Whether ``short`` is ``whole`` with some characters dropped (in order, none changed)."""
    rest = iter(whole)
    return all(ch in rest for ch in short)
