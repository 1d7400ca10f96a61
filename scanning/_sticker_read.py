"""Registration (定期注册) stickers → [{conclusion, valid_from, valid_until, authority, date}],
each checked and read twice.

Grouping lives in ``_stickers``, the rules one entry is checked against in ``_sticker_decode``;
here the registration pages are read: each entry's office from a date stamp's ring or a seal
beside it, a second reading of each entry, and red rubber stamps (``_stamps``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from core import clock
from core.rules import Finding
from scanning import (
    _bleed,
    _date_stamp,
    _seal_proof,
    _seal_ring,
    _seal_shape,
    _stamp_alone,
    _stamp_boxes,
    _stamp_undated,
    _stamps,
    _sticker_again,
    _sticker_chain,
    _sticker_dates,
    _sticker_dot,
    _sticker_period,
    _sticker_seal_date,
    _sticker_seal_office,
    _sticker_views,
    _stickers,
    _widen,
)
from scanning import _validate as val
from scanning._agree import disagreements, failed_keys
from scanning._entry_read import Entry, as_value, confidence, raw, reread
from scanning._fields import RawField
from scanning._ocr import Line
from scanning._pages import Role
from scanning._seal_shape import Ring
from scanning._sticker_decode import decode_sticker
from scanning._stickers import Sticker
from scanning._vocab import is_authority

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


def read_registrations(
    pages: list[Page], offices: Sequence[str] = (), issued: str | None = None
) -> tuple[list[Entry], val.Value]:
    """Every registration sticker on the registration pages, with a combined confidence
    (``offices``: the booklet's issuing authority and the registry's, for a date stamp's
    ring; ``issued``: the booklet's issue date, ISO, when read)."""
    entries: list[Entry] = []
    found: list[Finding] = []
    conf = 1.0
    read = []
    for n, p in enumerate(pages):
        if p.role is not Role.REGISTRATION:
            continue
        rings = _seal_shape.rings(p.image)  # seals left grey on a greyscale scan
        lines = _widen.complete(p.image, _bleed.printed(p.clean, p.lines))  # ends cut short
        boxes = (*p.red_ink.frames, *_stamp_boxes.printed_boxes(p.image))
        grouped = _stickers.group(lines, boxes)  # a far date stays in its entry's box
        printed = _stamps.unstamped(p.image, grouped)  # a stamp read as print
        strayed = _sticker_dates.strays(n, lines, grouped)  # a date no entry holds
        found += strayed
        read.append((n, p, rings, lines, strayed, printed))
    # the booklet's stickers are mostly one authority's: each settles another's lost character
    named = [s.authority.text for *_, stickers in read for s in stickers if s.authority]
    known = [*offices, *(t for t in named if is_authority(t))]
    said = [s.date.value if s.date else None for *_, stickers in read for s in stickers]
    held = [s.authority.text if s.authority else None for *_, stickers in read for s in stickers]
    at_said = iter(range(len(said)))
    done: list[tuple[Entry, list[Finding], float]] = []
    redo: list[tuple[int, _Where]] = []
    stamps: set[int] = set()
    for n, p, rings, lines, strayed, stickers in read:
        first = len(done)
        seals = _page_seals(p, rings, stickers)
        for k, s in enumerate(stickers):
            at = next(at_said)  # this sticker's place among the printed ones
            around = _neighbours(said, at)
            where = _Where(p, n, s, seals.get(k), around, _neighbours(held, at), rings, lines,
                           strayed, stickers, k, seals, issued)  # fmt: skip
            done.append(_entry(where, len(done), known, named, offices))
            if _ring_in_doubt(done[-1][1], len(done) - 1):
                redo.append((len(done) - 1, where))
        # red rubber stamps (定期注册合格 chopped, not stuck): the red-dropped lines lost them
        stamped, f, c = _stamps.page_entries(
            n, p.red_ink, lines, len(done), len(done) - first, decode_sticker
        )
        stamped, f, c = _echoes([e for e, *_ in done[first:]], stamped, f, c, len(done))
        stamps |= set(range(len(done), len(done) + len(stamped)))
        done += [(e, f, 1.0) for e in stamped]  # (the page's findings: for _sure_offices)
        found += f
        conf = min(conf, c)
    for i, where in redo:  # a ring the vocabulary leaves open, the booklet's other entries decide
        sure = [o for j, o in _sure_offices(done) if j != i]
        if sure:
            done[i] = _entry(where, i, known, named, offices, sure)
    done = _sticker_chain.settle_ends(done, stamps)  # an end the neighbouring entries settle
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
    beside: tuple[str | None, str | None]
    rings: list[Ring]
    lines: list[Line]
    strayed: list[Finding]
    stickers: Sequence[Sticker] = ()  # the page's stickers, this one the ``k``-th
    k: int = 0
    seals: Mapping[int, _seal_ring.RingName] = field(default_factory=dict)
    issued: str | None = None  # the booklet's issue date (ISO), when read


def _entry(
    w: _Where, i: int, known: Sequence[str], named: Sequence[str], offices: Sequence[str],
    sure: Sequence[str] = (),
) -> tuple[Entry, list[Finding], float]:
    """One sticker read as entry ``i``: decoded, its office from a date stamp's ring or a
    seal, and read a second time (``sure``: offices other entries of the booklet hold for
    sure, for a ring the vocabulary leaves open)."""
    p = w.page
    seal, by_booklet = _sticker_seal_office.named(  # a ring the booklet's office settles
        w.seal, w.sticker, known, f"registrations[{i}].authority", w.issued
    )
    s, ring = _date_stamp.named(  # a date stamp names its office on its ring
        p.image, _seal_ring.sealed(w.sticker, seal), known, f"registrations[{i}].authority",
        sure,
    )
    s, lost = _sticker_views.lost_date(p, s, f"registrations[{i}].date")  # 2024年月29日
    ring += lost
    s, lost = _sticker_dot.lost_dot(  # 2025.1215: the day's dot under the ring
        p, s, f"registrations[{i}].date", w.around, clock.today().isoformat()
    )
    ring += lost
    entry, f, c = decode_sticker(s, i, others=named, page=w.n, around=w.around,
                                 offices=offices, beside=w.beside)  # fmt: skip
    f += ring + by_booklet
    f += _seal_proof.sticker_findings(s, i, w.rings, p.image)
    seals = [*w.rings, *p.red_ink.rings]  # grey seals, and red ones the page's reading erased
    rules = (w.around, clock.today().isoformat())  # what the decision must fit
    f += _sticker_seal_date.lost_digit(s, i, seals, p.image, f, rules)  # a view read otherwise
    fit, f = _sticker_seal_date.settled_date(f, f"registrations[{i}].date")
    if fit is not None:
        entry = {**entry, "date": fit}  # the rules ruled the first reading out (still flagged)
    note = _seal_ring.finding(i, s, seal) if seal else None
    f += [note] if note else []
    missing = any(x.code == "missing" for x in f)
    # no seal beside it, and every seal of the page another entry's (_stamp_alone)
    alone = missing and seal is None and (
        _stamp_alone.others_seals(p, w.rings, w.stickers, w.k, w.seals)
    )
    if missing and (
        _lone_stamp(p, s, w.rings, w.lines, seal) or alone and _stamp_alone.whole(p, s, w.lines)
    ):
        # a grey stamp read as print: what it does not print is not unread (and what
        # it prints is read a second time below, as any sticker's)
        sealless = not w.rings and not p.red_ink.rings or alone
        entry, f, c = _stamp_undated.settled(s, i, (entry, f, c), w.strayed, sealless)
    if not any(x.blocking for x in f):
        lines2 = _sticker_again.unmixed(s.lines, reread(p, s.lines)) if s.lines else []
        rest = _others(named, w.sticker)  # the other stickers' reads, not this one's own
        again = _one_sticker(i, seal, s, entry, offices, rest)(lines2) if lines2 else None
        name = f"registrations[{i}]"
        broke = failed_keys(again[1], name, entry) if again else frozenset()
        other, views = _sticker_views.settled(
            p, s, lines2, entry, again[0] if again else None, name
        )  # a date stamp's date cut short by its ring, or a third view that agrees
        if _sticker_period.keeps_rule(entry) and _sticker_again.period_unread(s, lines2, other):
            broke |= _sticker_period.ENDS  # its period rows read again as no date: no rival
        broke = _stickers.period_unchecked(entry, other, broke)
        f += views + disagreements(entry, other, name, broke)
    return entry, f, c


def _echoes(
    printed: list[Entry], stamped: list[Entry], found: list[Finding], conf: float, first: int
) -> tuple[list[Entry], list[Finding], float]:
    """The page's red-stamp entries, unless every one of them holds nothing but a period that
    a printed entry of the page holds too (a red seal over the print: the red view read the
    period beneath it, no stamp of its own): then none, their findings dropped, and a note."""
    periods = {(e.get("valid_from"), e.get("valid_until")) for e in printed}
    echo = [
        e.get("conclusion") is None and e.get("authority") is None and e.get("date") is None
        and e.get("valid_from") is not None
        and (e.get("valid_from"), e.get("valid_until")) in periods
        for e in stamped
    ]  # fmt: skip
    if not stamped or not all(echo):
        return stamped, found, conf
    names = {f"registrations[{first + k}]" for k in range(len(stamped))}
    kept = [f for f in found if f.field.split(".")[0] not in names]
    if any(f.blocking for f in kept):
        return stamped, found, conf
    first_read = stamped[0]
    msg = (f"红色印章下读到的有效期与本页已读注册条目的有效期相同（{first_read.get('valid_from')}"
           f" 至 {first_read.get('valid_until')}），为印章下的印刷文字，不另作注册条目")
    ev = {"periods": [[e.get("valid_from"), e.get("valid_until")] for e in stamped]}
    return [], [*kept, Finding("stamp_echo", "registrations", msg, "note", ev)], 1.0


def _neighbours(said: list[str | None], at: int) -> tuple[str | None, str | None]:
    """What the entries above and below the ``at``-th one say (None at either end)."""
    return said[at - 1] if at else None, said[at + 1] if at + 1 < len(said) else None


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


def _others(named: Sequence[str], s: Sticker) -> list[str]:
    """The authorities the booklet's stickers name as read, less one read of ``s``'s own."""
    rest = list(named)
    if s.authority is not None and s.authority.text in rest:
        rest.remove(s.authority.text)
    return rest


def _one_sticker(
    i: int, seal: _seal_ring.RingName | None = None, first: Sticker | None = None,
    entry: Entry | None = None, offices: Sequence[str] = (), others: Sequence[str] = (),
) -> Callable[[list[Line]], tuple[Entry, list[Finding]] | None]:
    """The second reading's sticker (with the seal's authority if the first had it; its rows
    matched to the ``first`` sticker by position, ``_sticker_again``): its entry and the rules
    it broke, its authority checked against the booklet's ``offices`` and the ``others``
    stickers' authorities (never this sticker's own first read) as the first's was."""

    def decode(lines: list[Line]) -> tuple[Entry, list[Finding]] | None:
        again = _sticker_again.one(lines)
        if again is None:
            return None
        other, found, _ = decode_sticker(
            _seal_ring.sealed(again, seal), i, others=others, offices=offices
        )
        if first is not None and entry is not None:
            other = _sticker_again.kept_date(first, lines, entry, other) or other
        return other, found

    return decode
