"""A date under a seal proved by reading it again through views that push the seal back.

A seal left grey (a greyscale or bitonal scan) keeps its ink over the print; one digit under it
can vanish and leave another real date (2016年1月29日 for 2016年11月29日). The date is proved
when independent reads of the field, each a different cut of the page, read the same date
text and that text shows any digit lost:

- the views: the field's crop as printed; its darkest ink only (where the seal is lighter than
  the print, ``_grey.dark_ink``); the value's own line of print, cut to the rows of ink darker
  than the seal's tone (``_grey.line_view``). Reads of at least two kinds must agree on the
  whole date text, and no read may hold the digits of another date (dissent keeps the doubt);
- the text shows a lost digit by itself when month and day are both written with two digits
  (2016年01月29日: one more digit anywhere gives no date, one less leaves it padded unevenly),
  or, for a date written without padding, when the characters' measured places (``_charbox``)
  leave no room for a digit where one would make another date (年 and 1 one digit apart).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from core.rules import normalize_digits
from scanning import _charbox, _date_gaps, _grey, _ocr
from scanning._added_strokes import MADE_FROM
from scanning._charbox import Glyph
from scanning._datescan import find_dates
from scanning._ocr import REREAD_SCALE, Box, Image, recognise_all

MIN_KINDS = 2  # kinds of view (plain, dark ink, print line) that must read the date alike
_DATE_DIGITS = 6  # a read holding this many digits and not the value dissents
_SPACE = re.compile(r"\s+")
_DIGIT_RUN = re.compile(r"[0-9]+")
# Digit groups that show a lost digit by themselves: one more digit anywhere makes no date,
# one less leaves a group short (month and day padded to two digits; eight digits in a row).
_SELF_PROVED = {(4, 2, 2), (8,)}
# Where, in a date text as printed, no character can stand between two others (None: unknown).
Measure = Callable[[str], "_date_gaps.Closed | None"]


@dataclass(frozen=True)
class Proof:
    """The date text the re-reads agreed on, and the kinds of view that read it."""

    text: str
    kinds: tuple[str, ...]
    measured: bool  # proved by the characters' places (an unpadded date), not by its padding


def views(image: Image, box: Box) -> list[tuple[str, Image]]:
    """The field's views, each with its kind: as printed, darkest ink only (two ink levels),
    the print's own line (two scales); the views a crop does not allow are left out."""
    plain = _ocr._upscaled(image, box, REREAD_SCALE)  # noqa: SLF001 - the package's own helper
    out: list[tuple[str, Image | None]] = [("plain", plain)]
    out += [("dark", _grey.dark_ink(image, box, d, s)) for d, s in _grey.VIEWS]
    out += [("line", _grey.line_view(image, box, s)) for s in _grey.LINE_SCALES]
    return [(kind, v) for kind, v in out if v is not None and v.size]


def reads(image: Image, box: Box) -> list[tuple[str, str]]:
    """Each view of the field in ``box`` (``views``) read: (kind, text without spaces)."""
    got = views(image, box)
    found = recognise_all([v for _, v in got])
    return [(kind, _SPACE.sub("", r.text)) for (kind, _), r in zip(got, found, strict=True)]


def prove(
    image: Image, box: Box, value: str, texts: Sequence[tuple[str, str]] | None = None
) -> Proof | None:
    """The proof that the date field in ``box`` reads ``value`` in full, or None when the
    re-reads disagree, too few kinds agree, or the agreed text could have lost a digit
    (``texts``: the field's ``reads`` when already made)."""
    texts = reads(image, box) if texts is None else texts
    return agreed(texts, value, lambda text: _measured(image, box, text))


def agreed(
    texts: Sequence[tuple[str, str]], value: str, measure: Measure | None = None
) -> Proof | None:
    """The proof from the reads (kind, text) of one date field. A read is taken by its digit
    groups (2019年02月22日 and 2019E02月22E both 2019 02 22: what stands between them does not
    make the date): every read holding a date's digits spells ``value`` with the same groups,
    ``MIN_KINDS`` kinds of view read it, and its groups show a lost digit — month and day both
    two digits, else ``measure`` (the characters' places, asked only then) leaves no room for
    a digit where one would make another date."""
    spelt: list[tuple[str, str, tuple[str, ...]]] = []
    for kind, text in texts:
        groups = tuple(_DIGIT_RUN.findall(normalize_digits(text)))
        if sum(map(len, groups)) < _DATE_DIGITS:
            continue  # too little of a date to say anything
        if not _spells(groups, value):
            return None  # a read of other digits (or a digit short): the views disagree
        spelt.append((kind, text, groups))
    if len({tuple(map(len, g)) for _, _, g in spelt}) != 1:
        return None  # padded differently: one read lost or gained a digit
    kinds = tuple(sorted({k for k, _, _ in spelt}))
    if len(kinds) < MIN_KINDS:
        return None
    groups = spelt[0][2]
    if tuple(map(len, groups)) in _SELF_PROVED:
        return Proof(_written(groups), kinds, False)
    for _, text, _ in spelt:
        found = [text[f.start : f.end] for f in find_dates(text) if f.read.value == value]
        closed = measure(found[0]) if found and measure is not None else None
        if closed is not None and _date_gaps.date_proved(found[0], _every(found[0]), closed):
            return Proof(found[0], kinds, True)
    return None


def _spells(groups: tuple[str, ...], value: str) -> bool:
    """Whether digit groups (year, month, day — or the eight digits in one) spell the ISO date."""
    y, m, d = value.split("-")
    if len(groups) == 1:
        return groups[0] == y + m + d
    if len(groups) != 3 or groups[0] != y:
        return False
    return (int(groups[1]), int(groups[2])) == (int(m), int(d))


def _written(groups: tuple[str, ...]) -> str:
    return groups[0] if len(groups) == 1 else f"{groups[0]}年{groups[1]}月{groups[2]}日"


def _every(text: str) -> list[int]:
    return list(range(len(text)))


def _measured(image: Image, box: Box, text: str) -> _date_gaps.Closed | None:
    """Where, in ``text`` as printed in ``box``, two characters stand too close for a digit
    between them: from a further read that places each character (``_charbox``) and spells
    ``text`` in a run of its characters; None when it does not."""
    glyphs = [g for g in _charbox.glyphs(image, [box])[0] if not g.char.isspace()]
    run = _run(glyphs, text)
    size = _charbox.em(run) if run else None
    if run is None or size is None:
        return None
    return _date_gaps.closed_by_glyphs(list(run), size)


def _run(glyphs: Sequence[Glyph], text: str) -> Sequence[Glyph] | None:
    """The glyphs that spell ``text`` one after another, if any run of them does."""
    chars = "".join(g.char for g in glyphs)
    at = chars.find(text)
    return glyphs[at : at + len(text)] if at >= 0 else None


# A digit's strokes with a seal's strokes over them can read as a digit of more strokes (3 under
# a ring's lettering read 8): for each digit, the digits it can be read from so.
_MONTH = re.compile(r"([0-9]{1,2})\s*月")
# Digits before 日 are the day only after 月 (2年月13日: the month's digits lost) or with no
# 年 before them: right after 年 (209年5日 of 2019年5月6日, 月 and the day under the seal) they
# stand where the month does, and whose digit they are no read tells.
_DAY = re.compile(r"(?:^|[^0-9年\s])\s*([0-9]{1,2})\s*日")


def inked_over(
    image: Image, box: Box, value: str, texts: Sequence[tuple[str, str]] | None = None
) -> str | None:
    """A re-read of the date field in ``box`` (``reads``, or ``texts`` when already made)
    that reads a digit of ``value`` as one of fewer strokes (…13日 for …18日): the seal's
    strokes over the print may have made the decided digit. The read is returned as
    evidence; None when no read shows it."""
    texts = reads(image, box) if texts is None else texts
    return inked_read([t for _, t in texts], value)


def inked_read(texts: Sequence[str], value: str) -> str | None:
    """The first of ``texts`` whose year, month or day group reads a digit of ``value`` as a
    digit it can be made from by added strokes (``MADE_FROM``), the other digits alike. A read
    that lost a digit (2019.02.2) or reads another date outright says nothing here."""
    y, m, d = value.split("-")
    for text in texts:
        plain = normalize_digits(text)
        month, day = _MONTH.search(plain), _DAY.search(plain)
        pairs: list[tuple[str, str]] = []
        if month or day:
            pairs += [(m, month.group(1))] if month else []
            pairs += [(d, day.group(1))] if day else []
        else:
            groups = _DIGIT_RUN.findall(plain)
            if len(groups) >= 3 and len(groups[-3]) == 4:
                pairs += [(y, groups[-3]), (m, groups[-2]), (d, groups[-1])]
        if any(_inked(want, read) for want, read in pairs):
            return text
    return None


def _inked(want: str, read: str) -> bool:
    """Whether ``want`` (as decided) could be ``read`` with strokes added to some digit."""
    if len(read) < len(want):
        want = want.lstrip("0") or want  # 2月 for 02
    if len(read) != len(want) or read == want:
        return False
    return all(a == b or b in MADE_FROM.get(a, "") for a, b in zip(want, read, strict=True))
