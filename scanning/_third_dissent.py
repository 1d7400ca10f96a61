"""Whether a third view may overrule a reading that read another digit of a number.

A reading that reads another digit at an unchecked position of a certificate number, and gives
the value's digit there little chance (``_decide_doubt.other_digits``), disputes the value; the
third view (``scanning._third_view``) may overrule it, being other pixels. But on a blurred
photo every view is a resampling of the same blur: a 3 whose opening the blur closed reads 8
from every crop of it, each view sure of 8 yet keeping 3 as a runner-up (second 0023_IMG:
readings …1838294 / …1588294 ×2, third view …1588294, print …1538294). A view that offers
the dissenting digit at all there (any alternative the engine kept, ``_ocr.MIN_ALT``) has not
ruled it out: the dissent stands. Views of sharp print that overrule a dissent give the other
digit no chance at all (measured on the tuning sets: none offered it in 5 of 5 right cases).

A date the third view reads with month and day padded unevenly (2014.05.1) lost a digit in
that view too (``_date_fields.uneven``): it writes no date as a booklet prints one, so it
confirms none (fifth 0035: 2014.05.17 read 2014.05.1 by two re-reads and by the third view,
whose day the decoder took for 01). Nor does a third view overrule a reading of a date's digit
with fewer strokes than the value's (3 for 8, ``fewer_strokes``): added ink reads alike in every
view (fifth 0027_g4: a dithered seal over the 3 of 2011-03-20 read 8 by the third view too),
nor against a sure reading that holds one character more than the value's (``read_one_more``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from core.rules import normalize_digits
from scanning import _decide_doubt as doubts
from scanning import _number_views as number_views
from scanning._added_strokes import made_from
from scanning._date_fields import DATE_FIELDS, uneven
from scanning._decide_field import Field
from scanning._ocr import Reading


def dissent(f: Field, value: str) -> dict[int, set[str]]:
    """Per position of ``value`` some reading read another digit at (as
    ``_decide_doubt.reads_other_digit`` says), the characters read there."""
    out: dict[int, set[str]] = {}
    for r in f.readings:
        for i, ch in doubts.other_digits(f, r, value).items():
            out.setdefault(i, set()).add(ch)
    return out


def ruled_out(f: Field, value: str, third: Reading) -> bool:
    """Whether the third view, and every reading that read ``value`` as it is, give each
    dissenting character no chance at its position: only then may the third view overrule
    the reading that read it. An issue date's day that some reading lost a digit of
    (``day_digit_lost``) is not ruled on by a third view at all, nor is a date by a third
    view that pads its month and day unevenly, nor one a reading spells with a digit of
    fewer strokes (``fewer_strokes``; see module), nor against a sure reading of another
    date that is the value with one character more (``read_one_more``). Nor does it confirm a
    certificate number whose print shows another digit at an unchecked place
    (``_number_views.glyph_disputed``): a view of the same image reads the same seal stroke."""
    if f.key == "issue_date" and any(day_digit_lost(r.text, value) for r in f.readings):
        return False
    if f.key == "certificate_number" and number_views.glyph_disputed(f, value):
        return False
    if f.key in DATE_FIELDS and uneven(third.text):
        return False
    if f.key in DATE_FIELDS and fewer_strokes(f.readings, value):
        return False
    if f.key in DATE_FIELDS and read_one_more(f, value):
        return False
    against = dissent(f, value)
    if not against:
        return True
    views = [third, *(r for r in f.readings if normalize_digits(r.text).upper() == value)]
    return not any(_offers(v, i, chars) for v in views for i, chars in against.items())


def read_one_more(f: Field, value: str) -> bool:
    """Whether a sure reading reads another date whose text, one character dropped, reads
    ``value`` (二〇〇一年十二月十一日 for 2001-12-10): the views that read the value lost that
    character, and a lost character is what every view of the same print shares (a blurred
    phone photo merges 十一 into 十 in each crop alike; one stroke of 一 fades under a seal), while
    a sure character read where nothing was printed is rare (fifth 0039_cam: 十一日 read once at
    0.99, 十日 by two re-reads doubting 十 and by the third view)."""
    if f.spec is None:
        return False
    value_of = f.spec.value
    return any(
        r.score >= doubts.CONFIRM_SCORE and value_of(r.text) not in (None, value)
        and any(value_of(r.text[:k] + r.text[k + 1 :]) == value for k in range(len(r.text)))
        for r in f.readings
    )


def fewer_strokes(readings: Sequence[Reading], value: str) -> bool:
    """Whether a reading spells the ISO date ``value`` but for digits read as ones that
    strokes added over them would turn into the value's (2011-03-20 for 2011-08-20): ink over
    the print (a seal, a bitonal scan's dithered seal) adds strokes in every view alike, so
    the views that read the value are no independent proof against it (``_added_strokes``)."""
    want = value.split("-")
    return len(want) == 3 and any(
        _slips_made(want, _DIGIT_RUN.findall(normalize_digits(r.text))) for r in readings
    )


def _slips_made(want: list[str], got: list[str]) -> bool:
    """Year, month and day read as ``got`` differ from ``want`` only by digits strokes added
    over them would turn into the wanted ones (a month or day unpadded, 3 for 08, counts)."""
    if len(got) != 3:
        return False
    pairs = [(w[1:] if len(g) == 1 and w[0] == "0" else w, g)
             for w, g in zip(want, got, strict=True)]  # fmt: skip
    if any(len(w) != len(g) for w, g in pairs):
        return False
    slips = [(a, b) for w, g in pairs for a, b in zip(w, g, strict=True) if a != b]
    return bool(slips) and all(made_from(a, b) for a, b in slips)


def _offers(view: Reading, i: int, chars: set[str]) -> bool:
    alternatives = view.alternatives[i] if i < len(view.alternatives) else ()
    return any(doubts.same(ch) in chars for ch, _ in alternatives)



def day_digit_lost(text: str, value: str) -> bool:
    """A reading of the ISO date ``value`` whose day, the last digits it reads before its
    日 (2011年04月1日, 20月1年04月1日 for 2011-04-13), is the value's two-digit day with one
    digit lost: something over the day (a seal's ring, a fold) hid that digit from this view,
    and the other views' reading of it there is a reading of the same hidden print, not an
    independent one (second 0031_IMG: 15 under a red seal read 13 by every view)."""
    day = value[8:]
    m = _DAY.search(normalize_digits(text))
    return (
        m is not None and len(value) == 10 and day[0] != "0"
        and len(m[1]) == 1 and m[1] in (day[0], day[1])
    )


_DIGIT_RUN = re.compile(r"[0-9]+")
_DAY = re.compile(r"(?<![0-9])([0-9]{1,2})\s*[日号]\s*$")
