"""Characters lost under a seal, restored by the cross-field rules.

On a greyscale scan a seal's ring can hide a digit or two of a number or a date, and the seal
ink is as dark as the print, so no re-read brings them back. The reading then has characters
missing, and no candidate of the field's own length is valid. What the rules tie to another
field restores them: the ID number's birth segment is the birth date (and the other way round);
the ID's check character, GB/T 2260 division codes and order-digit parity rule out the rest.

A restoration is a candidate like any other: it enters the joint decision beside the field's
other candidates and is accepted only when it is the single one the rules allow. Each
restored value must contain every visible character of every reading, in order (a reading
is the value with characters lost, never with characters changed), and only a few may be lost.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from itertools import combinations

from core.rules import one_slip
from scanning import _date_cn as date_cn
from scanning._candidates import Candidate
from scanning._decide_field import Field
from scanning._ocr import Reading
from scanning._places import AUTHORITY_SUFFIXES

MAX_LOST = 2  # digits a seal's ring hides in one number, at most
DATE_LOST = 3  # … in a date, whose 日 may go with two digits (1985年3月 for 1985年3月12日)
DOUBT = 0.2  # an engine runner-up this likely makes a visible digit doubtful
_ID_LENGTH = 18
_BIRTH = range(6, 14)  # the birth segment of an ID number
_ID_RULE = "身份证号码出生日期段"
_BIRTH_RULE = "出生日期与校验码"
_CERT_RULE = "证书号码年份"
_CERT_RULE_BACK = "批准日期、发证机关、资格种类与性别"
_AUTHORITY_RULE = "机关名称词表"
_TYPE_RULE = "资格种类词表与证书号码资格代码"
_AUTHORITY_TAIL_RULE = "证书号码省份代码与机关名称词表"
_SUFFIXES = sorted(AUTHORITY_SUFFIXES, key=len, reverse=True)
_CERT_LENGTH = 17
CERT_LOST = 6  # a number cut at its start may lose its year and province
_CERT_BOUND = (0, 1, 2, 3, 4, 5, 9, 10)  # year, province, type and gender digits


def read_twice(f: Field) -> list[str]:
    """The values of ``f`` two readings read exactly as they are: only such a value may
    restore another field (what restores a lost character is not itself restored or guessed)."""
    return [v for v, c in f.options.items() if c.support >= 2 and v not in f.restored]


def _read_valid(f: Field) -> bool:
    """Some reading is a valid value as it stands (nothing to restore), or there is none.
    A field whose values all need a correction gets the restorations beside them: a
    character lost (石拐区 read 拐区) and one misread (拐区 → 市区) are both explanations,
    and two explanations that disagree leave the field ambiguous."""
    return not f.readings or any(c.support for c in f.options.values())


def lost_only(text: str, reading: str, max_lost: int = MAX_LOST) -> bool:
    """True when ``reading`` is ``text`` with 1..``max_lost`` characters lost and none
    changed (the visible characters agree, in order)."""
    lost = len(text) - len(reading)
    if not 0 < lost <= max_lost:
        return False
    it = iter(text)
    return all(ch in it for ch in reading)


def _supported(
    text_forms: Iterable[str], readings: Iterable[Reading], max_lost: int = MAX_LOST
) -> bool:
    """Every non-empty reading is one of the forms with characters lost."""
    forms = list(text_forms)
    texts = [r.text for r in readings if r.text]
    return bool(texts) and all(any(lost_only(f, t, max_lost) for f in forms) for t in texts)


def date_forms(iso: str) -> set[str]:
    """The ways a booklet writes one date (年月日 or separators, padded or not)."""
    d = date.fromisoformat(iso)
    out = set()
    for m, dd in ((str(d.month), str(d.day)), (f"{d.month:02d}", f"{d.day:02d}")):
        out.add(f"{d.year}年{m}月{dd}日")
        out |= {f"{d.year}{sep}{m}{sep}{dd}" for sep in ".-/"}
    return out


def restore_birth(birth: Field, ids: Iterable[str]) -> None:
    """A birth date whose readings lost characters: the birth segment of a valid ID
    candidate, when every reading is that date with characters lost."""
    if _read_valid(birth):
        return
    dates = {_iso(i[6:14]) for i in ids}
    found = [d for d in dates if d and _supported(date_forms(d), birth.readings, DATE_LOST)]
    add_restored(birth, found, _ID_RULE)


def restore_id(
    ident: Field, births: Iterable[str], valid: Callable[[str], str | None]
) -> None:
    """An ID number whose readings lost digits: every valid 18-character number with the
    birth segment of a birth-date candidate that each reading is, with digits lost; the
    digits filled in outside the birth segment are whatever the check character, division
    codes and (in the joint decision) gender allow — two that fit leave the field ambiguous."""
    if _read_valid(ident):
        return
    found: set[str] = set()
    for birth in births:
        segment = birth.replace("-", "")
        for r in ident.readings:
            found |= {t for t in _filled(r.text.upper(), segment) if valid(t)}
    sure = all(_undoubted(r) for r in ident.readings)
    found = {t for t in found if sure and _supported([t], ident.readings)}
    add_restored(ident, sorted(found), _BIRTH_RULE)


def _undoubted(r: Reading) -> bool:
    """No visible character the engine doubted: a reading that may also hold a misread
    character is no proof of which characters were lost."""
    return all(
        p < DOUBT for i, alts in enumerate(r.alternatives) if i < len(r.text)
        for ch, p in alts if ch.upper() != r.text[i].upper()
    )


def _filled(read: str, segment: str) -> set[str]:
    """18-character numbers made by putting digits back where ``read`` lost them, the birth
    segment's from ``segment``, the others any digit (X only as the check character)."""
    lost = _ID_LENGTH - len(read)
    if not 0 < lost <= MAX_LOST or not read.isalnum():
        return set()
    out: set[str] = set()
    for where in combinations(range(_ID_LENGTH), lost):
        text = list(read)
        for pos in where:
            text.insert(pos, "?")
        if any(text[p] != segment[p - 6] for p in _BIRTH if text[p] != "?"):
            continue
        out |= _fill(text, where, segment)
    return out


def _fill(text: list[str], where: tuple[int, ...], segment: str) -> set[str]:
    options = [
        segment[p - 6] if p in _BIRTH else "0123456789X" if p == _ID_LENGTH - 1
        else "0123456789"
        for p in where
    ]
    return _placed(text, where, options)


def _placed(text: list[str], where: tuple[int, ...], options: list[str]) -> set[str]:
    """Every text with one character of each place's options put at its place in ``where``."""
    out = {""}
    for opts in options:
        out = {o + c for o in out for c in opts}
    result = set()
    for digits in out:
        chars = list(text)
        for pos, c in zip(where, digits, strict=True):
            chars[pos] = c
        result.add("".join(chars))
    return result


def _iso(segment: str) -> str | None:
    try:
        return date(int(segment[:4]), int(segment[4:6]), int(segment[6:])).isoformat()
    except ValueError:
        return None


def restore_issue_date(
    issue: Field, years: Iterable[str], valid: Callable[[str], str | None]
) -> None:
    """An issue date whose readings lost characters: every date of the year a certificate
    number (read twice) begins with of which every reading is a written form with characters
    lost; the joint decision accepts it only when it is the one such date."""
    if _read_valid(issue):
        return
    found = [
        d for year in sorted(set(years)) for d in _days(int(year))
        if valid(d) and all(_year_lost(d, r.text) for r in issue.readings)
    ]
    add_restored(issue, found, _CERT_RULE)


def restore_cert(
    cert: Field, bound: dict[int, set[str]], valid: Callable[[str], str | None]
) -> None:
    """A certificate number whose readings lost digits: the 17-digit numbers with digits put
    back — where the rules bind them (year, province, type, gender: ``bound`` per position)
    the digits the other fields allow, elsewhere any digit. A number has no check character,
    so a digit lost from the serial is also explained by one lost from a bound place and the
    serial shifted; both explanations are candidates, and the field stays ambiguous."""
    if _read_valid(cert) or not all(_undoubted(r) for r in cert.readings):
        return
    found: set[str] = set()
    for r in cert.readings:
        lost = _CERT_LENGTH - len(r.text)
        if not r.text.isdigit() or not 0 < lost <= CERT_LOST:
            continue
        for where in combinations(range(_CERT_LENGTH), lost):
            found |= _put_back(r.text, where, bound)
    found = {t for t in found if valid(t) and _supported([t], cert.readings, CERT_LOST)}
    add_restored(cert, sorted(found), _CERT_RULE_BACK)


def _put_back(read: str, where: tuple[int, ...], bound: dict[int, set[str]]) -> set[str]:
    """``read`` with digits put back at ``where``: a bound place's allowed digits (any when
    its field is unknown), two digits at a free place (enough to show it is not decided)."""
    text = list(read)
    for pos in where:
        text.insert(pos, "?")
    if any(text[p] not in bound[p] for p in bound if text[p] != "?"):
        return set()
    return _placed(text, where, [
        "".join(sorted(bound.get(p) or ("0123456789" if p in _CERT_BOUND else "01")))
        for p in where])


def restore_authority(authority: Field, names: Iterable[str]) -> None:
    """An authority name whose readings lost characters (信阳教育委员 for 信阳市教育委员会):
    every vocabulary name of which each reading is the name with characters lost; two that
    fit (信阳市…, 信阳县…) leave it ambiguous unless the certificate's province decides."""
    if _read_valid(authority):
        return
    if not all(_undoubted(r) for r in authority.readings):
        return
    names = set(names)
    shortest = min(len(r.text) for r in authority.readings)
    found = {
        n for n in names
        if 0 < len(n) - shortest <= MAX_LOST and _supported([n], authority.readings)
    }
    texts = [r.text for r in authority.readings]
    add_restored(authority, sorted(found | _open_suffix(found, texts, names)), _AUTHORITY_RULE)


def restore_type(qtype: Field, forms: dict[str, str]) -> None:
    """A qualification type whose readings lost one character (级中学教师资格 under a seal):
    the label of every printed form (``forms``: form → label) of which each reading is that
    form with one character lost. Two that fit (高级中学…, 初级中学…) are both candidates, and
    the joint decision takes one only where the certificate number's type digit (digit 10,
    read as the rules want it) allows a single one; otherwise the field stays ambiguous."""
    if _read_valid(qtype) or not all(_undoubted(r) for r in qtype.readings):
        return
    found = {label for form, label in forms.items()
             if all(lost_only(form, r.text, 1) for r in qtype.readings)}  # fmt: skip
    add_restored(qtype, sorted(found), _TYPE_RULE)


def _open_suffix(found: Iterable[str], texts: list[str], names: set[str]) -> set[str]:
    """The same place with every other suffix of which each reading is also a part (武汉市教育:
    教育局, 教育委员会, 教育和体育局 …): a lost suffix end is not restored by the vocabulary,
    however many characters it had, unless a reading shows which suffix it was. A reading's
    last character, where the name restored keeps it inside its suffix and puts the end back
    (自贡市教育员 as 自贡市教育委员会, 委 and 会 lost), may instead be the end of another suffix
    misread (局 read 员): the suffixes it is no character of stay beside the longer name, so
    that the two explanations leave the field ambiguous."""
    out: set[str] = set()
    for name in found:
        suffix = next((x for x in _SUFFIXES if name.endswith(x)), "")
        place = name[: -len(suffix)] if suffix else name
        inner = any(t[-1:] and t[-1] in suffix[:-1] for t in texts)
        out |= {
            place + other for other in _SUFFIXES
            if place + other in names and all(
                _within(place + other, t) or (inner and _end_misread(place + other, t))
                for t in texts)
        }
    return out


def _end_misread(name: str, text: str) -> bool:
    """``text`` is ``name`` with a few characters lost (``MAX_LOST``, as for any restoration)
    and its last character read as one that ``name`` does not hold (教育员 for 教育局)."""
    return (1 < len(text) and len(name) - len(text) <= MAX_LOST and text[-1] not in name
            and _within(name, text[:-1]))


def _within(text: str, part: str) -> bool:
    """Every character of ``part`` is in ``text``, in order (any number lost)."""
    it = iter(text)
    return all(ch in it for ch in part)


def sure_province(cert: Field) -> str | None:
    """The province digits (5–6) of a certificate number when two readings read them alike,
    no reading reads them otherwise and the engine doubted neither digit in any reading."""
    texts = [r for r in cert.readings if len(r.text) == _CERT_LENGTH and r.text.isdigit()]
    digits = {r.text[4:6] for r in texts}
    if len(texts) < 2 or len(digits) != 1:
        return None
    if any(p >= DOUBT for r in texts for i in (4, 5) if i < len(r.alternatives)
           for ch, p in r.alternatives[i] if ch != r.text[i]):
        return None
    return digits.pop()


def restore_authority_tail(
    authority: Field, names: Iterable[str], province: str | None,
    provinces: Callable[[str], frozenset[str]],
) -> None:
    """An authority name that lost its first characters (江 of 江西省教育厅 read 西省教育厅 or,
    with 厅 misread, 西省教育屋): every vocabulary name of the number's ``province`` (read
    surely, see :func:`sure_province`) of which each reading is the tail — one or two leading
    characters lost, at least two of the place's read as they are, the suffix read whole, with
    one misread character or its last one lost. Two that fit leave the field ambiguous."""
    if province is None or _read_valid(authority) or not authority.readings:
        return
    texts, names = [r.text for r in authority.readings], set(names)
    found = {
        n for n in names
        if all(_tail_of(n, t) for t in texts) and province in provinces(n)  # cheap test first
    }
    rivals = {n for n in _open_suffix(found, texts, names) if province in provinces(n)}
    add_restored(authority, sorted(found | rivals), _AUTHORITY_TAIL_RULE)


def _tail_of(name: str, read: str) -> bool:
    suffix = next((s for s in _SUFFIXES if name.endswith(s)), "")
    place = name[: -len(suffix)] if suffix else ""
    for lost in (1, 2):
        head = place[lost:]
        if len(head) < 2 or not read.startswith(head):
            continue
        rest = read[len(head):]
        if rest == suffix or lost == 1 and rest == suffix[:-1] or one_slip(rest, suffix):
            return True
    return False


def _days(year: int) -> Iterable[str]:
    day = date(year, 1, 1)
    while day.year == year:
        yield day.isoformat()
        day = date.fromordinal(day.toordinal() + 1)


def _year_lost(iso: str, read: str) -> bool:
    """``read`` is a written form of ``iso`` with characters lost. Every date of the year
    that fits is a candidate, so a reading that lost a digit of the day (2015年07月0) has
    several and stays ambiguous: only the year is bound by the number. A date written in
    Chinese numerals (二一五年 for 二〇一五年) is compared with its own written form."""
    cn = date_cn.cn_reading(read)
    if cn is not None:
        form = date_cn.cn_form(iso)
        return lost_only(form, cn, DATE_LOST) or _first_numeral_misread(form, cn)
    return any(lost_only(form, read, DATE_LOST) for form in date_forms(iso))


_MILLENNIA = "一二"  # a year of this era written out starts with 一 (19xx) or 二 (20xx)


def _first_numeral_misread(form: str, cn: str) -> bool:
    """``cn`` is the written date ``form`` with only its year's first character misread as
    one no year of the era starts with (工〇〇八年 or 五〇〇八年 for 二〇〇八年: 二's two strokes
    read with a third). That character is the only one the number's year must supply; a
    reading that starts with 一 or 二 reads another year and is no such misread."""
    return len(cn) == len(form) and cn[0] not in _MILLENNIA and cn[1:] == form[1:]


def add_restored(f: Field, values: list[str], rule: str) -> None:
    """The restored values become the field's candidates, equally likely (the rules, not
    the readings, choose among them), each remembered with the rule that restored it; every
    reading (each supports them all) reads them so on its own."""
    for v in values:
        share = max(1.0 / len(values), f.options[v].share if v in f.options else 0.0)
        f.options[v] = Candidate(v, share, 0, _ID_LENGTH, share)
        f.restored[v] = rule
        for own in f.own:
            own[v] = 1.0 / len(values)
