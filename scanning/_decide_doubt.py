"""How sure each reading of a field is of each character, and which readings are outvoted.

Rules leave part of a value free (a certificate number's authority code and serial, the month
and day of a date, all of a name): there only readings can vouch for it. The engine's own
runner-ups measure a reading's doubt at each free position (``engine_doubt``, ``rival``); a
reading that reads another digit the engine could not make out disputes the value
(``reads_other_digit``), and one whose doubt is moderate and the value's own is outvoted by
two distinct sure readings (``self_doubted``, ``doubt_outvoted``). ``doubted_digits`` names
the positions a clerk should look at.
"""

from __future__ import annotations

from collections.abc import Callable

from core.rules import normalize_digits
from scanning import _decide_restore as _restore
from scanning import _variants as variants
from scanning import _vocab_names as names
from scanning._decide_field import Field
from scanning._ocr import Reading

CONFIRM_SCORE = 0.75  # a reading this sure counts as an independent confirmation
DISPUTE = 0.2  # a reading whose engine doubts a free part this much disputes it
OUTVOTED_P = 0.05  # a dissenting character whose engine offered the value's this likely
OUTVOTED_DOUBT = 0.35  # … and a reading of the value doubting a digit at most this (not 户/卢)
# Fields whose value is their reading's text, character for character.
ALIGNED = {"name", "certificate_number", "certificate_serial", "subject"}


def kind(f: Field, value: str) -> str:
    """What rules leave free in ``value``: a certificate number whose digits 5–9 are the code
    the registry holds for its authority has only its serial free."""
    if f.key == "certificate_number" and value[4:9] in f.codes:
        return "certificate_serial"
    return f.key


def free(key: str, value: str) -> str:
    """The part of a value no rule checks: a certificate's authority code and serial, the
    month and day of the issue date; all of a name or an unlisted subject."""
    if key == "certificate_number":
        return value[6:9] + value[11:]
    if key == "certificate_serial":
        return value[11:]
    if key == "issue_date":
        return value[5:]
    return value


def free_positions(key: str, length: int) -> range | list[int]:
    """The positions of :func:`free` in a value of ``length`` characters."""
    if key == "certificate_number":
        return [*range(6, 9), *range(11, length)]
    if key == "certificate_serial":
        return range(11, length)
    return range(length)


def engine_doubt(key: str, reading: Reading, value: str) -> float | None:
    """How likely the engine found another character anywhere in the value's free part (its
    runner-ups there, summed); None when this is not measurable so (a date, read in another
    form than its ISO value; a reading that is not the value character for character). Only
    the engine's own alternatives count: a floor for characters it never offered would make
    a long number doubtful for its length alone."""
    text = normalize_digits(reading.text).upper()
    if key not in ALIGNED or len(text) != len(value) or free(key, text) != free(key, value):
        return None
    # In a name, a runner-up no name would hold there (肿 for 翀, a digit) is no doubt, and a
    # rare one beside a common read character more doubt than the engine says.
    weigh = (lambda i, ch: names.weight(value, i, ch)) if key == "name" else None
    if key in ("certificate_number", "certificate_serial"):
        # Only another digit is a rival number: a runner-up "+" or "." is no digit it could be.
        weigh = digit_only
    return sum(rival(reading, i, weigh) for i in free_positions(key, len(value)))


def checked_digit_lost(f: Field, reading: Reading, value: str) -> list[int] | None:
    """A certificate-number reading that is ``value`` with one digit lost where a rule checks
    it (0071326521059289 for 20071326521059289: the year's first digit, which the issue date
    fixes) and every unchecked digit read as the value's: the positions, in the reading, of
    those digits. None for any other reading, and when the lost digit may as well be an
    unchecked one (the same digits either side of the boundary)."""
    if f.key != "certificate_number":
        return None
    text = normalize_digits(reading.text).upper()
    if len(text) != len(value) - 1 or not text.isdigit():
        return None
    free = set(free_positions(kind(f, value), len(value)))
    lost = [k for k in range(len(value)) if value[:k] + value[k + 1 :] == text]
    if not lost or any(k in free for k in lost):
        return None
    return [i - (i > lost[0]) for i in sorted(free)]


def doubted_digits(f: Field, value: str) -> list[int]:
    """The positions of a certificate number's unchecked digits that a reading read otherwise
    or where its engine offered another digit: where the clerk should look (no rule checks
    the authority's code or the serial, whatever the authority's name says of the province)."""
    if f.key != "certificate_number":
        return []
    free = free_positions(kind(f, value), len(value))
    at: set[int] = set()
    for r in f.readings:
        text = normalize_digits(r.text).upper()
        if len(text) == len(value):
            at |= {i for i in free
                   if text[i] != value[i] or rival(r, i, digit_only) >= OUTVOTED_P}
    return sorted(at)


def digit_only(_i: int, ch: str) -> float:
    """A digit, or a letter that may be one (O, Z, S): punctuation and specks are not."""
    return 1.0 if ch.isascii() and ch.isalnum() else 0.0


def rival(
    reading: Reading, i: int, weigh: Callable[[int, str], float] | None = None
) -> float:
    """The engine's probability of any other character at position ``i``, each weighed by
    ``weigh`` (width variants and the traditional form of the read character are the same
    character)."""
    alternatives = reading.alternatives[i] if i < len(reading.alternatives) else ()
    read = same(reading.text[i])
    return sum(
        p * (1.0 if weigh is None else weigh(i, same(ch)))
        for ch, p in alternatives if same(ch) != read
    )


def same(ch: str) -> str:
    return variants.simplified(normalize_digits(ch).upper())


def reads_other_digit(f: Field, reading: Reading, value: str) -> bool:
    """A reading of a certificate number, of the value's length, that reads another digit at
    an unchecked position and gives the value's digit there less than ``DISPUTE`` (0 at 40 %,
    2 at 38 %, 8 at 7 % where the chosen value has 8 and the print 3): the digit is one the
    engine could not make out, and sure re-readings of the same crop do not outvote that."""
    return bool(other_digits(f, reading, value))


def other_digits(f: Field, reading: Reading, value: str) -> dict[int, str]:
    """The positions where ``reading`` reads another digit as :func:`reads_other_digit` says,
    each with the character it read there."""
    if f.key != "certificate_number":
        return {}
    text = normalize_digits(reading.text).upper()
    if len(text) != len(value):
        return {}
    alts = reading.alternatives
    return {
        i: same(text[i]) for i in free_positions(kind(f, value), len(value))
        if text[i] != value[i]
        and sum(p for ch, p in (alts[i] if i < len(alts) else ()) if same(ch) == value[i])
        < DISPUTE
    }


def self_doubted(f: Field, reading: Reading, value: str) -> bool:
    """A reading that differs from ``value`` only where its own engine offered the value's
    character (5 at 0.60 with 3 at 0.40 where two sure re-reads read 3), and doubts nothing
    else it read alike: two sure readings outvote it. A reading that reads the value but
    doubts it (户 at 67 % beside 卢) is not outvoted: that doubt is about the value itself."""
    if f.key not in ("certificate_number", "issue_date"):
        return False
    text = normalize_digits(reading.text).upper()
    forms = [value] if f.key == "certificate_number" else _restore.date_forms(value)
    return any(_only_offered(reading, text, form) for form in forms if len(form) == len(text))


def _only_offered(reading: Reading, text: str, form: str) -> bool:
    differ = [i for i, (a, b) in enumerate(zip(text, form, strict=True)) if a != b]
    if not differ or any(not form[i].isdigit() or not text[i].isdigit() for i in differ):
        return False
    alts = reading.alternatives
    offered = all(
        any(same(ch) == form[i] and p >= OUTVOTED_P for ch, p in alts[i])
        for i in differ if i < len(alts)
    ) and all(i < len(alts) for i in differ)
    rest = sum(rival(reading, i) for i in range(len(form)) if i not in differ)
    return offered and rest < DISPUTE


def doubt_outvoted(f: Field, reading: Reading, value: str) -> bool:
    """A reading of a certificate number that reads ``value`` digit for digit but whose engine
    gave another digit a chance (under ``OUTVOTED_DOUBT``) at some unchecked positions, and
    doubts nothing else: outvoted when, at each of those positions, two other distinct
    readings (the third view among them) that read the whole value are sure of the digit (no
    rival digit at ``OUTVOTED_P``): identical readings are the same pixels read twice. A
    reading that reads another digit there is never outvoted so."""
    if f.key != "certificate_number" or normalize_digits(reading.text).upper() != value:
        return False
    free = list(free_positions(kind(f, value), len(value)))
    doubt = {i: rival(reading, i, digit_only) for i in free}
    at = [i for i, p in doubt.items() if p >= OUTVOTED_P]
    rest = sum(p for i, p in doubt.items() if i not in at)
    if not at or any(doubt[i] >= OUTVOTED_DOUBT for i in at) or rest >= OUTVOTED_P:
        return False
    others = [r for r in f.readings if r != reading]
    if (third := _third_reading(f)) is not None:
        others.append(third)
    sure = {
        r for r in others
        if r.score >= CONFIRM_SCORE and r.alternatives
        and normalize_digits(r.text).upper() == value
        and all(rival(r, i, digit_only) < OUTVOTED_P for i in at)
    }
    return len(sure) >= 2


def _third_reading(f: Field) -> Reading | None:
    """The field's third view, tidied as its readings are (None when it has none)."""
    if f.third is None or f.spec is None:
        return None
    r = f.third()
    return None if r is None else f.spec.tidy(variants.reading(r))
