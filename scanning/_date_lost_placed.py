"""An issue date every view read with characters lost, settled by where the lost ones stood.

Every view of a date may lose characters alike: a recogniser merges a numeral printed twice
side by side (〇〇, 一一) into one, a box cut short drops the year's start, a seal's ring hides a
numeral. The decoder then puts back the certificate number's year (``_decide_restore``), and
every date of that year of which each reading is a written form with characters lost is a
candidate: 二〇年八月十一日 for 二〇一一年 may be 八月十一日, 八月二十一日 or 八月三十一日, and
the field is ambiguous. The paper is not: a character lost by a read still stands there, so
its neighbours stand its width farther apart (二〇 … 年 three ems apart, 月 and 十 one). Where a
further read that places each character (``_charbox``) leaves room only where one candidate
lost its characters — every other candidate needs one between two characters printed side by
side — that candidate is the date, shown and accepted with a note. The year it lost is the
number's (a rule proves it); month and day are what every reading (two or more) wrote whole,
its year short (``year_lost_span``). A place the read cannot measure (before its first
character) is room; where two candidates fit, or a reading read the date whole or lost a
character of month or day, the field stays as decoded.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, MutableMapping, Sequence
from datetime import date

from core.rules import Finding, normalize_digits
from scanning import _charbox
from scanning._charbox import Glyph
from scanning._date_cn import CN_NUMERALS, cn_form, cn_reading
from scanning._date_repair import cert_year
from scanning._date_rules import tidy_date, year_lost_span
from scanning._decide_restore import DATE_LOST, date_forms
from scanning._decide_review import ACCEPT, FIELD_LABELS
from scanning._fields import RawField
from scanning._ocr import Image, Reading
from scanning._validate import Value

RULE = "缺字位置"
_KEY = "issue_date"
_DOUBTS = frozenset({"ambiguous", "unconfirmed"})  # the decoder's doubt of a restored date
# A date written with its units, as a glyph read spells it: numerals or digits, 年, 月, 日.
_WRITTEN = re.compile(f"[0-9{CN_NUMERALS}]*年[0-9{CN_NUMERALS}]+月[0-9{CN_NUMERALS}]+日")


def settle(
    image: Image, raw: Mapping[str, RawField], readings: Mapping[str, Sequence[Reading]],
    values: MutableMapping[str, Value], today: date | None = None,
) -> None:
    """Accept the one issue date the lost characters' places leave (see module), when the
    decoder's only doubt was which date the readings' lost characters make."""
    v = values.get(_KEY)
    mine = [r for r in readings.get(_KEY, ()) if r.text.strip()]
    blocking = [f for f in v.findings if f.blocking] if v is not None else []
    if v is None or _KEY not in raw or not blocking or {f.code for f in blocking} - _DOUBTS:
        return
    year = cert_year(values)
    if year is None or len(set(mine)) < 2:
        return
    glyphs = [g for g in _charbox.glyphs(image, [raw[_KEY].box])[0] if not g.char.isspace()]
    found = placed_date(glyphs, year, today or date.today())
    texts = [tidy_date(r).text for r in mine]
    if found is None or not all(year_lost_span(t, found) for t in texts):
        return  # each reading must write month and day whole, its year short
    read = "、".join(f"“{t}”" for t in texts)
    v.findings = [f for f in v.findings if not f.blocking] + [Finding(
        "lost_places_measured", _KEY,
        f"{FIELD_LABELS[_KEY]}各次识别均有缺字（{read}）；字符位置显示缺字只可能在年份处（年份"
        f"为证书号码的 {year}），月、日如所读，为“{found}”", "note",
        {"rule": RULE, "readings": texts, "value": found})]
    v.value = found
    v.confidence = max(v.confidence, ACCEPT)


def placed_date(glyphs: Sequence[Glyph], year: str, today: date) -> str | None:
    """The one date of ``year`` (up to ``today``) of which the glyph read's written date is a
    form with characters lost only where the glyphs leave room; None when none or several."""
    run = _date_run(glyphs)
    size = _charbox.em(run) if run else None
    if not run or size is None:
        return None
    text = "".join(g.char for g in run)
    fits = [d for d in _days(year, today) if _fits(run, text, d, size)]
    return fits[0] if len(fits) == 1 else None


def _date_run(glyphs: Sequence[Glyph]) -> list[Glyph]:
    """The glyphs of the last date written with its units that the read spells."""
    chars = "".join(g.char for g in glyphs)
    found = list(_WRITTEN.finditer(chars))
    return list(glyphs[found[-1].start() : found[-1].end()]) if found else []


def _fits(run: Sequence[Glyph], text: str, iso: str, size: float) -> bool:
    """Some written form of ``iso`` is ``text`` as read, or with characters lost only at places
    the run's glyphs leave room for one (before the first glyph: always)."""
    read, forms = _forms(text, iso)
    return any(
        read == form or any(
            all(k == 0 or not _charbox.tight(run[k - 1], run[k], size) for k in gaps)
            for gaps in _lost_before(read, form))
        for form in forms
    )


def _forms(text: str, iso: str) -> tuple[str, list[str]]:
    """``text`` with its zeros in one form, and the written forms of ``iso`` to compare it
    with: in Chinese numerals for a reading in them, else with Arabic digits and units."""
    cn = cn_reading(text)
    if cn is not None:
        return cn, [cn_form(iso)]
    return normalize_digits(text), sorted(f for f in date_forms(iso) if "年" in f)


def _lost_before(read: str, form: str, most: int = DATE_LOST) -> Iterator[list[int]]:
    """Per way ``read`` is ``form`` with 1..``most`` characters lost (none changed), the
    indices in ``read`` of the characters a lost one stood before (0: before the first)."""
    lost = len(form) - len(read)
    if not 0 < lost <= most:
        return

    def walk(i: int, j: int, before: list[int]) -> Iterator[list[int]]:
        if i == len(read):
            if j == len(form):
                yield before
            return
        if j == len(form):
            return
        if read[i] == form[j]:
            yield from walk(i + 1, j + 1, before)
        yield from walk(i, j + 1, [*before, i] if not before or before[-1] != i else before)

    yield from walk(0, 0, [])


def _days(year: str, today: date) -> Iterator[str]:
    """Every date of ``year`` up to ``today``, in ISO form."""
    if not year.isdigit():
        return
    day = date(int(year), 1, 1)
    while day.year == int(year) and day <= today:
        yield day.isoformat()
        day = date.fromordinal(day.toordinal() + 1)
