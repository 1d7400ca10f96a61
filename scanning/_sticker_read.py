"""Registration (定期注册) stickers → [{conclusion, valid_from, valid_until, authority, date}],
each checked and read twice.

Grouping lives in ``_stickers``; here every entry is checked against the rules (a 注册合格 has a
5-year period, nothing else has one), each finding naming the entry and field
(``registrations[0].valid_until``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from core import clock
from core.errors import InvalidInput
from core.rules import Finding, RegistrationConclusion, parse_registration_conclusion
from scanning import (
    _bleed,
    _date_stamp,
    _decision_date,
    _seal_proof,
    _seal_ring,
    _seal_shape,
    _stamp_undated,
    _stamps,
    _sticker_again,
    _sticker_authority,
    _sticker_dates,
    _sticker_views,
    _stickers,
    _widen,
)
from scanning import _validate as val
from scanning._agree import disagreements, failed_keys
from scanning._datescan import complete_period, implied_start, period_end, settle_period
from scanning._entry_read import Decoded, Entry, as_value, confidence, raw, read_date, reread
from scanning._fields import RawField
from scanning._ocr import Line
from scanning._pages import Role
from scanning._seal_shape import Ring
from scanning._stickers import Sticker
from scanning._vocab import cut_authorities, is_authority, near_authorities

if TYPE_CHECKING:
    from scanning._scan import Page

__all__ = ["decode_sticker", "read_registrations", "registrations"]


def registrations(lines: list[Line], page: int) -> list[dict[str, RawField]]:
    """One dict of raw fields per registration sticker, in reading order."""
    out = []
    for s in _stickers.group(lines):
        ends = [d.text for d in (s.start, s.end) if d is not None]
        texts = {
            "conclusion": s.conclusion.text if s.conclusion else None,
            "valid": "至".join(ends) or None,
            "authority": s.authority.text if s.authority else None,
            "date": s.date.text if s.date else None,
        }
        out.append({k: r for k, t in texts.items() if (r := raw(t, s.lines, page))})
    return out


def _conclusion(s: Sticker, name: str) -> tuple[str | None, list[Finding]]:
    if s.conclusion is None:
        return None, [Finding("missing", name, "未识别到注册结论")]
    hit = _stickers.CONCLUSION.search(re.sub(r"\s+", "", s.conclusion.text))
    if hit is None and (near := _stickers.near_conclusion(s.conclusion.text)):
        note = f"注册结论读作“{s.conclusion.text}”，按注册结论用语唯一更正为“{near}”"
        ev = {"read": s.conclusion.text}  # the period rule still checks it (only 注册合格 has one)
        return str(parse_registration_conclusion(near)), [
            Finding("corrected", name, note, "note", ev)]  # fmt: skip
    try:
        return str(parse_registration_conclusion(hit.group(0) if hit else s.conclusion.text)), []
    except InvalidInput as e:
        return None, [Finding(e.code, name, e.message, evidence={"read": s.conclusion.text})]


def _completed(s: Sticker, name: str, decided: str | None) -> tuple[str, str, list[Finding]] | None:
    """A period one of whose ends lost a digit, completed by the 5-year rule."""
    done = complete_period(s.start, s.end, decided)
    if done is None:
        return None
    first, last, which = done
    read = s.end if which == "valid_until" else s.start
    now = last if which == "valid_until" else first
    was = read.text if read else ""
    note = f"有效期一端读作“{was}”（缺字、截断或形近误读），按五年注册期唯一补为 {now}"
    return first, last, [Finding("corrected_period", f"{name}.{which}", note, "note")]


def _period(
    s: Sticker, name: str, decided: str | None
) -> tuple[str | None, str | None, list[Finding]]:
    """The validity period; two ends that disagree with the 5-year rule are settled by one
    shape-alike digit when exactly one such reading agrees, else flagged."""
    if s.start is None and s.end is None:
        return None, None, []
    done = _completed(s, name, decided)
    if done:
        return done
    if implied := implied_start(s.start, s.end, decided):
        note = f"有效期只印截止日期，按五年注册期推定起始日期为 {implied[0]}"
        return *implied, [Finding("corrected_period", f"{name}.valid_from", note, "note")]
    start, found = read_date(s.start, f"{name}.valid_from", "有效期起始日期")
    end, more = read_date(s.end, f"{name}.valid_until", "有效期截止日期")
    found += more
    if start and end:
        fixed_start, fixed_end, which = settle_period(start, end, decided)
        if which:
            was = start if which == "valid_from" else end
            now = fixed_start if which == "valid_from" else fixed_end
            note = f"有效期读作 {start} 至 {end}，按五年注册期唯一更正 {was} 为 {now}"
            found.append(Finding("corrected_period", f"{name}.{which}", note, "note"))
            start, end = fixed_start, fixed_end
        elif period_end(start) != end:
            msg = f"有效期应至 {period_end(start)}（五年注册期），读到 {end}"
            found.append(Finding("registration_period", f"{name}.valid_until", msg))
    return start, end, found


def _authority(
    s: Sticker, name: str, others: Sequence[str] = (), offices: Sequence[str] = ()
) -> tuple[str | None, list[Finding]]:
    """The authority name; one a character away from another sticker's known authority in the
    same booklet (``others``) or from a booklet office (``offices``) is that one, else snapped
    to the one vocabulary entry a misread character away."""
    text = re.sub(r"\s+", "", s.authority.text) if s.authority else ""
    if not text:
        return None, [Finding("missing", name, "未识别到注册机关")]
    if is_authority(text):
        return text, []
    book = _sticker_authority.from_booklet(text, others, offices)
    if book:
        note = f"注册机关“{text}”按本证书其他注册贴或发证机关的“{book}”更正"
        return book, [Finding("corrected_authority", name, note, "note",
                              {"read": text, "booklet": book})]
    near = _closest(text, {n for n in near_authorities(text) if _rank_fits(n)})
    if near:  # a read cut short may be the start of a longer name as well
        near += sorted({n for n in cut_authorities(text) if _rank_fits(n)} - set(near))
    ev = {"read": text, "candidates": near}
    if len(near) == 1:
        note = f"注册机关“{text}”按行政区划名称唯一更正为“{near[0]}”"
        return near[0], [Finding("corrected_authority", name, note, "note", ev)]
    if near:
        msg = f"注册机关“{text}”可能是{'、'.join(near[:4])}，未更正"
        return text, [Finding("authority_ambiguous", name, msg, "warning", ev)]
    msg = f"注册机关“{text}”不能由行政区划名称拼出，请核对"
    return text, [Finding("authority_unknown", name, msg, "warning", ev)]


def _rank_fits(name: str) -> bool:
    """A 教育厅 is a province's (云南省教育厅, 广西壮族自治区教育厅); a county or district has
    a 教育局, so 青秀区教育汤 is not also 青秀区教育厅."""
    return not name.endswith("教育厅") or name[:-3].endswith(("省", "自治区"))


def _closest(text: str, names: set[str]) -> list[str]:
    """The names fewest substituted characters away from ``text`` (a margin of one over the
    rest: 泸定昙教育局 is 泸定县教育局, not 泸定县教育厅 two slips away)."""
    dist = {n: sum(a != b for a, b in zip(n, text, strict=True)) for n in names}
    best = min(dist.values(), default=0)
    return sorted(n for n, d in dist.items() if d == best)


def _period_rule(concl: str | None, name: str, s: Sticker) -> list[Finding]:
    """Only 注册合格 carries a validity period, and it must carry one."""
    qualified = concl == RegistrationConclusion.QUALIFIED
    read = s.start is not None or s.end is not None
    if qualified and not read:
        return [Finding("registration_period", f"{name}.valid_from", "注册合格但未识别到有效期")]
    if concl and not qualified and read:
        msg = f"“{concl}”不应有有效期，但读到有效期"
        return [Finding("registration_period", f"{name}.valid_from", msg)]
    return []


def decode_sticker(
    s: Sticker, i: int, today: date | None = None, others: Sequence[str] = (),
    page: int | None = None, around: tuple[str | None, str | None] = (None, None),
    offices: Sequence[str] = (),
) -> Decoded:
    """One sticker → its entry, every finding, and a confidence (``others``: the authorities
    the booklet's other stickers name, as read; ``page``: where it stands, 0-based;
    ``around``: the decision dates read for the entries above and below it; ``offices``: the
    booklet's issuing authority and the registry's)."""
    name = f"registrations[{i}]"
    concl, found = _conclusion(s, f"{name}.conclusion")
    upper = (today or clock.today()).isoformat()
    when, more3 = _decision_date.settled(  # a separator lost: the rules may settle it
        s, *read_date(s.date, f"{name}.date", "注册日期"), around, upper
    )
    start, end, more = _period(s, name, when)
    authority, more2 = _authority(s, f"{name}.authority", others, offices)
    found += more + more2 + more3 + _period_rule(concl, name, s)
    if when and when > upper:
        found.append(Finding("date_in_future", f"{name}.date", f"注册日期 {when} 晚于今天"))
    for extra in s.extra:
        found.append(Finding("unassigned", name, f"贴花上多出的内容：“{extra.text}”", "warning"))
    found += _sticker_dates.left_over(s, name, page)
    entry = {"conclusion": concl, "valid_from": start, "valid_until": end,
             "authority": authority, "date": when}  # fmt: skip
    return entry, found, confidence(s.score, found)


def read_registrations(
    pages: list[Page], offices: Sequence[str] = ()
) -> tuple[list[Entry], val.Value]:
    """Every registration sticker on the registration pages, with a combined confidence
    (``offices``: the booklet's issuing authority and the registry's, for a date stamp's
    ring)."""
    entries: list[Entry] = []
    found: list[Finding] = []
    conf = 1.0
    read = []
    for n, p in enumerate(pages):
        if p.role is not Role.REGISTRATION:
            continue
        rings = _seal_shape.rings(p.image)  # seals left grey on a greyscale scan
        lines = _widen.complete(p.image, _bleed.printed(p.clean, p.lines))  # ends cut short
        grouped = _stickers.group(lines)
        printed = _stamps.unstamped(p.image, grouped)  # a stamp read as print
        strayed = _sticker_dates.strays(n, lines, grouped)  # a date no entry holds
        found += strayed
        read.append((n, p, rings, lines, strayed, printed))
    # the booklet's stickers are mostly one authority's: each settles another's lost character
    named = [s.authority.text for *_, stickers in read for s in stickers if s.authority]
    known = [*offices, *(t for t in named if is_authority(t))]
    said = [s.date.value if s.date else None for *_, stickers in read for s in stickers]
    at_said = iter(range(len(said)))
    done: list[tuple[Entry, list[Finding], float]] = []
    redo: list[tuple[int, _Where]] = []
    stamps: set[int] = set()
    for n, p, rings, lines, strayed, stickers in read:
        first = len(done)
        seals = _page_seals(p, rings, stickers)
        for k, s in enumerate(stickers):
            at = next(at_said)  # this sticker's place among the printed ones
            around = (said[at - 1] if at else None, said[at + 1] if at + 1 < len(said) else None)
            where = _Where(p, n, s, seals.get(k), around, rings, lines, strayed)
            done.append(_entry(where, len(done), known, named, offices))
            if _ring_in_doubt(done[-1][1], len(done) - 1):
                redo.append((len(done) - 1, where))
        # red rubber stamps (定期注册合格 chopped, not stuck): the red-dropped lines lost them
        stamped, f, c = _stamps.page_entries(
            n, p.red_ink, lines, len(done), len(done) - first, decode_sticker
        )
        stamps |= set(range(len(done), len(done) + len(stamped)))
        done += [(e, f, 1.0) for e in stamped]  # (the page's findings: for _sure_offices)
        found += f
        conf = min(conf, c)
    for i, where in redo:  # a ring the vocabulary leaves open, the booklet's other entries decide
        sure = [o for j, o in _sure_offices(done) if j != i]
        if sure:
            done[i] = _entry(where, i, known, named, offices, sure)
    for j, (entry, f, c) in enumerate(done):
        entries.append(entry)
        if j not in stamps:  # a stamp's findings and confidence are its page's, counted above
            found += f
            conf = min(conf, confidence(c, f))
    return entries, as_value(found, conf)


@dataclass(frozen=True)
class _Where:
    """A sticker and the page it stands on, as one entry's reading needs them."""

    page: Page
    n: int
    sticker: Sticker
    seal: _seal_ring.RingName | None
    around: tuple[str | None, str | None]
    rings: list[Ring]
    lines: list[Line]
    strayed: list[Finding]


def _entry(
    w: _Where, i: int, known: Sequence[str], named: Sequence[str], offices: Sequence[str],
    sure: Sequence[str] = (),
) -> tuple[Entry, list[Finding], float]:
    """One sticker read as entry ``i``: decoded, its office from a date stamp's ring or a
    seal, and read a second time (``sure``: offices other entries of the booklet hold for
    sure, for a ring the vocabulary leaves open)."""
    p, seal = w.page, w.seal
    s, ring = _date_stamp.named(  # a date stamp names its office on its ring
        p.image, _seal_ring.sealed(w.sticker, seal), known, f"registrations[{i}].authority",
        sure,
    )
    entry, f, c = decode_sticker(s, i, others=named, page=w.n, around=w.around,
                                 offices=offices)  # fmt: skip
    f += ring
    f += _seal_proof.sticker_findings(s, i, w.rings, p.image)
    note = _seal_ring.finding(i, s, seal) if seal else None
    f += [note] if note else []
    if any(x.code == "missing" for x in f) and _lone_stamp(p, s, w.rings, w.lines, seal):
        # a grey stamp read as print: what it does not print is not unread (and what
        # it prints is read a second time below, as any sticker's)
        sealless = not w.rings and not p.red_ink.rings
        entry, f, c = _stamp_undated.settled(s, i, (entry, f, c), w.strayed, sealless)
    if not any(x.blocking for x in f):
        lines2 = reread(p, s.lines) if s.lines else []
        again = _one_sticker(i, seal, s, entry)(lines2) if lines2 else None
        name = f"registrations[{i}]"
        broke = failed_keys(again[1], name) if again else frozenset()
        other, views = _sticker_views.settled(
            p, s, lines2, entry, again[0] if again else None, name
        )  # a date stamp's date cut short by its ring, or a third view that agrees
        broke = _stickers.period_unchecked(entry, other, broke)
        f += views + disagreements(entry, other, name, broke)
    return entry, f, c


def _ring_in_doubt(found: list[Finding], i: int) -> bool:
    """Entry ``i``'s office is a date stamp's ring that names several offices."""
    field = f"registrations[{i}].authority"
    return any(f.code == "authority_ambiguous" and f.field == field and f.evidence
               and "ring" in f.evidence for f in found)  # fmt: skip


def _sure_offices(done: list[tuple[Entry, list[Finding], float]]) -> list[tuple[int, str]]:
    """(index, office) of the entries whose office no blocking finding doubts."""
    out = []
    for j, (entry, found, _) in enumerate(done):
        office = entry.get("authority")
        field = f"registrations[{j}].authority"
        if isinstance(office, str) and not any(f.blocking and f.field == field for f in found):
            out.append((j, office))
    return out


def _lone_stamp(
    p: Page, s: Sticker, rings: list[Ring], lines: list[Line],
    seal: _seal_ring.RingName | None = None,
) -> bool:
    """A sticker read as print that is a stamp alone in its border (see ``_stamp_undated``) on
    a page with no round seal, grey or red, or beside a seal whose ring named the office for
    sure and holds no digit (an office's seal dates nothing; a date stamp's ring would)."""
    if not _stamp_undated.framed_alone(s, p.red_ink.frames, lines):
        return False
    if not rings and not p.red_ink.rings:
        return True
    return seal is not None and seal.name is not None and not any(
        ch.isdigit() for r in seal.reads for ch in r)  # fmt: skip


def _page_seals(
    p: Page, rings: list[Ring], stickers: list[Sticker]
) -> dict[int, _seal_ring.RingName]:
    """What the round seal beside each sticker says, for those whose authority is not read as
    a name (a grey stamp names none: the seal's ring does; a printed name a seal or a stain
    garbled is confirmed by it): grey seals on a greyscale scan, red ones on a colour scan."""
    if not any(_seal_ring.wants(s) for s in stickers):
        return {}
    ink = p.red_ink
    if not rings and ink.view is not None:
        return _seal_ring.seal_names(ink.view, list(ink.rings), stickers, (), ink.frames, ink.name)
    return _seal_ring.seal_names(p.image, rings, stickers, frames=ink.frames)


def _one_sticker(
    i: int, seal: _seal_ring.RingName | None = None, first: Sticker | None = None,
    entry: Entry | None = None,
) -> Callable[[list[Line]], tuple[Entry, list[Finding]] | None]:
    """The second reading's sticker (with the seal's authority if the first had it; its rows
    matched to the ``first`` sticker by position, ``_sticker_again``): its entry and the rules
    it broke."""

    def decode(lines: list[Line]) -> tuple[Entry, list[Finding]] | None:
        again = _sticker_again.one(lines)
        if again is None:
            return None
        other, found, _ = decode_sticker(_seal_ring.sealed(again, seal), i)
        if first is not None and entry is not None:
            other = _sticker_again.kept_date(first, lines, entry, other) or other
        return other, found

    return decode
