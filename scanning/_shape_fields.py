"""The information page when none is found by its labels: the page holding a resident ID number,
its fields told by their values' shapes and vocabularies.

A booklet printed with tiny labels and scanned coarse loses every label while its values (large
print) still read; without this the whole page would be lost and every field missing. A value's
shape says what it is on any real booklet: an 18-character ID number whose GB 11643 check
character holds (or, on a page holding three other fields' values, one whose birth segment is
a date: its misread digit is the ID number's own rules' to flag), a 17-digit certificate
number, a qualification type or subject from the closed vocabularies, an authority ending in
its office (教育局 …), a lone 男/女, the birth date the ID number encodes. Two values of one
shape are not guessed between: that field stays unread. Every field found this way carries a
warning (``found_by_shape``), so the booklet still goes to a person.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from stdnum.cn import ric

from core.errors import InvalidInput
from core.rules import HAN_RANGE, Finding, parse_cn_date
from scanning import _vocab
from scanning import _vocab_names as names
from scanning._birth_month import year_month
from scanning._fields import INFO_LABELS, RawField, match_label
from scanning._labels import clean
from scanning._layout import centred_in
from scanning._name_twins import twins
from scanning._ocr import Box, Line
from scanning._pages import Role
from scanning._places import AUTHORITY_SUFFIXES
from scanning._shape_form import misfit
from scanning._shape_proof import proven

if TYPE_CHECKING:
    from scanning._scan import Page
    from scanning._validate import Value

_ID = re.compile(r"^[0-9]{17}[0-9X]$")
_CERT = re.compile(r"^[0-9]{17}$")
_NAME = re.compile(rf"^[{HAN_RANGE}]{{2,4}}$")
_SUBJECT = re.compile(rf"^[{HAN_RANGE}]{{2,10}}$")
_DATE_SHAPE = re.compile(r"^[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}.?$")
# Print that is no field's value: the booklet's title and its headings.
_TITLE_WORDS = ("证书", "中华人民共和国", "教师资格")
CODE = "found_by_shape"
# Other fields' values (certificate number, qualification type, subject, authority, gender) a
# page must hold for an ID number whose check character fails to mark it: no remarks page or
# sticker quoting a number holds three.
_DAMAGED_ID_SUPPORT = 3


def _text(line: Line) -> str:
    return clean(line.text).upper()


def valid_id(text: str) -> bool:
    """An 18-character ID number whose check character holds (GB 11643, ISO 7064 MOD 11-2)."""
    return bool(_ID.match(text)) and ric.calc_check_digit(text) == text[-1]


def _birth(number: str) -> date | None:
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def _date(text: str) -> date | None:
    try:
        return parse_cn_date(text)
    except InvalidInput:
        return None


def _field(line: Line, page: int, text: str | None = None) -> RawField:
    return RawField(text or _text(line), line.score, line.box, page)


def _one(lines: list[Line], fits: Callable[[str], bool]) -> Line | None:
    """The one line that fits, or None when none or several do (never guessed between)."""
    hits = [ln for ln in lines if fits(_text(ln))]
    return hits[0] if len(hits) == 1 else None


def _authority_like(text: str) -> bool:
    """An authority's name, or one misread character in its place and one in its office away
    from one (教有局 for 教育局 on a coarse scan), or one whose office's end a seal took with
    two of its characters left (移林市教育 for 榆林市教育局): its value is then the decoder's
    to correct or flag, and found by shape it is flagged in any case."""
    if _vocab.is_authority(text) or _vocab.near_authorities(text):
        return True
    cut = any(text.endswith(s[:k]) for s in AUTHORITY_SUFFIXES for k in range(2, len(s)))
    return cut and len(text) >= 4 and bool(_vocab.cut_authorities(text))


def _vocab_fields(lines: list[Line], page: int) -> dict[str, RawField]:
    types = _vocab.type_entries()
    shapes: dict[str, Callable[[str], bool]] = {
        "certificate_number": lambda t: bool(_CERT.match(t)),
        "qualification_type": lambda t: t in types,
        "subject": lambda t: t in _vocab.SUBJECTS,
        "issuing_authority": _authority_like,
        "gender": lambda t: t in ("男", "女"),
    }
    out: dict[str, RawField] = {}
    for key, fits in shapes.items():
        hit = _one(lines, fits)
        if hit is not None:
            out[key] = _field(hit, page)
    return out


def _dates(lines: list[Line], page: int, born: date) -> dict[str, RawField]:
    """The birth date is the one date the ID number encodes; the issue date the one other
    date after it, or when none parses the one other line shaped as a date (two such dates
    are not guessed between)."""
    dated = [(ln, d) for ln in lines if (d := _date(_text(ln))) is not None]
    out: dict[str, RawField] = {}
    births = [ln for ln, d in dated if d == born]
    births += [ln for ln in lines if year_month(_text(ln)) == (born.year, born.month)]  # 出生年月
    if len(births) == 1:
        out["birth_date"] = _field(births[0], page)
    later = [ln for ln, d in dated if d > born]
    if not later and len(births) == 1:
        # A date a seal damaged past parsing (7006年7月16F) still has a date's shape.
        later = [ln for ln in lines if _DATE_SHAPE.match(_text(ln)) and ln is not births[0]]
    if len(later) == 1:
        out["issue_date"] = _field(later[0], page)
    return out


def _surname_like(text: str) -> bool:
    """A first character drawn like a known surname (鄙 read for 郦): no ethnicity (汉族)."""
    return not text.endswith("族") and any(names.is_surname(c) for c in twins(text[0]))


def _name(lines: list[Line], page: int, id_line: Line, taken: set[str]) -> RawField | None:
    """The one short CJK line above the ID number that starts with a known surname and is no
    other field's value, label or title; when none does, the one that starts with a character
    drawn like a surname (a misread surname: the name's own rules then flag it, never lose it)."""

    def fits(ln: Line) -> bool:
        t = _text(ln)
        return (ln.cy < id_line.cy and bool(_NAME.match(t)) and t not in taken
                and not match_label(t, INFO_LABELS)
                and not any(w in t for w in _TITLE_WORDS))  # fmt: skip

    shaped = [ln for ln in lines if fits(ln)]
    hits = [ln for ln in shaped if names.surname_length(_text(ln)) > 0]
    hits = hits or [ln for ln in shaped if _surname_like(_text(ln))]
    return _field(hits[0], page) if len(hits) == 1 else None


def _id_line(lines: list[Line], page: int) -> tuple[Line, dict[str, RawField]] | None:
    """The page's one ID number and the fields its vocabularies tell (``_vocab_fields``): the
    number whose check character holds, or, when none does, the one 18-character number whose
    birth segment is a date on a page that also holds three other fields' values (a coarse scan
    misreads a digit of every number alike: the page is still the information page, and the ID
    number's own rules flag the misread). A page with no such number is not searched further."""
    valid = _one(lines, valid_id)
    damaged = None if valid else _one(lines, lambda t: bool(_ID.match(t)) and _birth(t) is not None)
    if valid is None and damaged is None:
        return None
    vocab = _vocab_fields(lines, page)
    if valid is not None:
        return valid, vocab
    return (damaged, vocab) if damaged is not None and len(vocab) >= _DAMAGED_ID_SUPPORT else None


def page_fields(lines: list[Line], page: int) -> dict[str, RawField]:
    """Fields told by their values alone on a page holding one ID number (``_id_line``)."""
    found = _id_line(lines, page)
    born = _birth(_text(found[0])) if found is not None else None
    if found is None or born is None:
        return {}
    ident, vocab = found
    out = {"id_number": _field(ident, page)} | vocab
    out |= _dates(lines, page, born)
    name = _name(lines, page, ident, {r.text for r in out.values()})
    out |= {"name": name} if name else {}
    subject = _subject_after_type(lines, page, out) if "subject" not in out else None
    return out | ({"subject": subject} if subject else {})


def _subject_after_type(lines: list[Line], page: int, out: dict[str, RawField]) -> RawField | None:
    """A subject outside the list (土木工程 is a discipline like any): the one short CJK line
    that follows the qualification type, beside it or below it and above every field found
    lower, and is no other field's value, label or title (two such lines: none is guessed)."""
    qtype = out.get("qualification_type")
    if qtype is None:
        return None
    top, bottom = qtype.box[1], qtype.box[3]
    lower = [r.box[1] for r in out.values() if r.box[1] >= bottom]
    end = min(lower, default=10**6)
    taken = {r.text for r in out.values()}

    def fits(ln: Line) -> bool:
        t = _text(ln)
        beside = top <= ln.cy <= bottom and ln.box[0] >= qtype.box[2]
        other = t in taken or t.endswith("族") or _authority_like(t)
        return ((beside or bottom <= ln.cy < end) and bool(_SUBJECT.match(t)) and not other
                and not match_label(t, INFO_LABELS) and not any(w in t for w in _TITLE_WORDS))

    hits = [ln for ln in lines if fits(ln)]
    return _field(hits[0], page) if len(hits) == 1 else None


def shape_info(pages: list[Page]) -> tuple[int, dict[str, RawField]] | None:
    """The one page that holds an ID number (``_id_line``), with its fields told by their
    values; None when no page or several do."""
    found = [(i, f) for i, p in enumerate(pages) if (f := page_fields(p.lines, i))]
    return found[0] if len(found) == 1 else None


Info = tuple[int, dict[str, RawField]]


def _inside(box: Box, taken: list[Box]) -> bool:
    return any(centred_in(box, t) for t in taken)


def complete(pages: list[Page], labelled: Info | None) -> tuple[Info | None, frozenset[str]]:
    """The information page's fields and the keys of those told by their values' shapes.

    On the page found by its labels, the fields its labels did not give are looked for by
    shape among the lines no labelled field holds (a page of tiny labels read coarse loses most
    of them, or all); a labelled read that fits no form of its field (``_shape_form``) is
    dropped first. When no page was found by its labels, or the one found gave nothing at
    all, the one page holding an ID number is read by shape alone."""
    if labelled is not None:
        i, raw = labelled
        # a number read under a subject's label is another field's value: its field by shape
        raw = {k: r for k, r in raw.items() if not misfit(k, r.text)}
        taken = [r.box for r in raw.values()]
        extra = {k: f for k, f in page_fields(pages[i].lines, i).items()
                 if k not in raw and not _inside(f.box, taken)}  # fmt: skip
        if raw or extra:
            return (i, raw | extra), frozenset(extra)
    found = shape_info(pages)
    if found is None:
        return labelled, frozenset()
    return found, frozenset(found[1])


def flag(pages: list[Page], info: Info | None, values: dict[str, Value],
         shaped: frozenset[str] | None = None) -> None:
    """Every field told by its value's shape (``shaped``; without it, every field read from a
    page not found by its labels) carries a warning: the shape said what it is, and a person
    confirms it. Fields whose role the page's cross rules prove (``_shape_proof``) carry none,
    and a page so proven is the information page (its role is set so: its dates are no stray
    remarks)."""
    if info is None:
        return
    if shaped is None:
        shaped = frozenset() if pages[info[0]].role is Role.INFORMATION else frozenset(info[1])
    sure = proven(values, info[1], shaped)
    if sure:
        pages[info[0]].role = Role.INFORMATION
    for key in sorted((shaped & info[1].keys()) - sure):
        label = INFO_LABELS[key][0]
        values[key].confidence = min(values[key].confidence, 0.5)
        values[key].findings.append(Finding(
            CODE, key, f"未找到标签，按内容识别为{label}，请核对", "warning",
            {"rule": "按内容识别"}))
