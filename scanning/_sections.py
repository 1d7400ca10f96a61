"""Remarks (备注) → [{date, text}] and registration (定期注册) stickers →
[{conclusion, valid_from, valid_until, authority, date}], each checked and read twice.

Grouping lives in ``_stickers`` and ``_remarks``; here every entry is checked against the rules
(a 注册合格 has a 5-year period, nothing else has one; a remark's date lies between the issue
date and today), each finding naming the entry and field (``registrations[0].valid_until``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from core import clock
from core.errors import InvalidInput
from core.rules import Finding, RegistrationConclusion, parse_registration_conclusion
from scanning import (
    _agree,
    _bleed,
    _date_stamp,
    _decision_date,
    _ocr,
    _red_remarks,
    _remark_dates,
    _remark_guard,
    _remark_page,
    _remark_table,
    _remarks,
    _remarktext,
    _seal_proof,
    _seal_ring,
    _seal_shape,
    _sealtext,
    _stamps,
    _sticker_authority,
    _sticker_dates,
    _stickers,
    _widen,
)
from scanning import _validate as val
from scanning._agree import disagreements, failed_keys
from scanning._datescan import (
    DateRead,
    complete_period,
    implied_start,
    period_end,
    settle_period,
    suggest,
)
from scanning._fields import RawField
from scanning._layout import union
from scanning._ocr import Line
from scanning._pages import Role
from scanning._remark_doubt import odd_text, text_doubt
from scanning._remark_ring import crossed_date as crossed
from scanning._remarks import Remark, chinese_punctuation
from scanning._seal_shape import Ring
from scanning._stickers import REG_LABELS, Sticker
from scanning._vocab import is_authority, near_authorities

if TYPE_CHECKING:
    from scanning._scan import Page

__all__ = [
    "REG_LABELS", "annotation_pairs", "chinese_punctuation", "decode_remark", "decode_sticker",
    "read_annotations", "read_registrations", "registrations",
]  # fmt: skip

Entry = dict[str, Any]
_T = TypeVar("_T")
Decoded = tuple[Entry, list[Finding], float]
FAIL_CAP, DOUBT_CAP, FIX_CAP = 0.3, 0.5, 0.92
_EARLIEST = "1993-01-01"  # the first certificates under the 1993 Teachers Law


def _raw(text: str | None, lines: Sequence[Line], page: int) -> RawField | None:
    if not text or not lines:
        return None
    return RawField(text, min(ln.score for ln in lines), union([ln.box for ln in lines]), page)


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
        out.append({k: r for k, t in texts.items() if (r := _raw(t, s.lines, page))})
    return out


def annotation_pairs(lines: list[Line], page: int) -> list[tuple[RawField | None, RawField | None]]:
    """(date, text) pairs from a remarks page, whatever side of its text the date stands."""
    return [
        (_raw(r.date.text if r.date else None, r.lines, page), _raw(r.text, r.lines, page))
        for r in _remarks.entries(lines)
    ]


# -- one date --------------------------------------------------------------------------------


def _date(read: DateRead | None, name: str, what: str) -> tuple[str | None, list[Finding]]:
    """A date's ISO value, or the finding that says why there is none."""
    if read is None:
        return None, [Finding("missing", name, f"未识别到{what}")]
    ev = {"read": read.text}
    if read.value is None and read.problem == "date_ambiguous":
        msg = f"{what}“{read.text}”有多种读法，未猜测"
        return None, [Finding("date_ambiguous", name, msg, evidence=ev)]
    near = suggest(read.text) if read.value is None else None
    if near:
        msg = f"{what}“{read.text}”不是有效日期，建议读作 {near}，请核对"
        return near, [Finding("date_suggested", name, msg, "warning", ev)]
    if read.value is None:
        return None, [Finding("date_format", name, f"无法识别的{what}：“{read.text}”", evidence=ev)]
    if read.corrected:
        note = f"{what}“{read.text}”按唯一合法日期读作 {read.value}"
        return read.value, [Finding("corrected_date", name, note, "note", ev)]
    return read.value, []


# -- registration stickers --------------------------------------------------------------------


def _conclusion(s: Sticker, name: str) -> tuple[str | None, list[Finding]]:
    if s.conclusion is None:
        return None, [Finding("missing", name, "未识别到注册结论")]
    hit = _stickers.CONCLUSION.search(re.sub(r"\s+", "", s.conclusion.text))
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
    start, found = _date(s.start, f"{name}.valid_from", "有效期起始日期")
    end, more = _date(s.end, f"{name}.valid_until", "有效期截止日期")
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
    s: Sticker, name: str, others: Sequence[str] = ()
) -> tuple[str | None, list[Finding]]:
    """The authority name; one a character away from another sticker's known authority in the
    same booklet (``others``) is that one, else snapped to the one vocabulary entry a misread
    character away."""
    text = re.sub(r"\s+", "", s.authority.text) if s.authority else ""
    if not text:
        return None, [Finding("missing", name, "未识别到注册机关")]
    if is_authority(text):
        return text, []
    book = _sticker_authority.from_booklet(text, others)
    if book:
        note = f"注册机关“{text}”按本证书其他注册贴的“{book}”更正"
        return book, [Finding("corrected_authority", name, note, "note",
                              {"read": text, "booklet": book})]
    near = _closest(text, {n for n in near_authorities(text) if _rank_fits(n)})
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
) -> Decoded:
    """One sticker → its entry, every finding, and a confidence (``others``: the authorities
    the booklet's other stickers name, as read; ``page``: where it stands, 0-based;
    ``around``: the decision dates read for the entries above and below it)."""
    name = f"registrations[{i}]"
    concl, found = _conclusion(s, f"{name}.conclusion")
    when, more3 = _decision_date.settled(  # a separator lost: the rules may settle it
        s, *_date(s.date, f"{name}.date", "注册日期"), around, (today or clock.today()).isoformat()
    )
    start, end, more = _period(s, name, when)
    authority, more2 = _authority(s, f"{name}.authority", others)
    found += more + more2 + more3 + _period_rule(concl, name, s)
    if when and when > (today or clock.today()).isoformat():
        found.append(Finding("date_in_future", f"{name}.date", f"注册日期 {when} 晚于今天"))
    for extra in s.extra:
        found.append(Finding("unassigned", name, f"贴花上多出的内容：“{extra.text}”", "warning"))
    found += _sticker_dates.left_over(s, name, page)
    entry = {"conclusion": concl, "valid_from": start, "valid_until": end,
             "authority": authority, "date": when}  # fmt: skip
    return entry, found, _confidence(s.score, found)


def _confidence(score: float, found: list[Finding]) -> float:
    caps = [FIX_CAP if f.severity == "note" else DOUBT_CAP if f.severity == "warning"
            else FAIL_CAP for f in found]  # fmt: skip
    return min([score, *caps])


# -- remarks ----------------------------------------------------------------------------------


def decode_remark(r: Remark, i: int, issued: str | None, today: date | None = None) -> Decoded:
    """One remark → its entry (date, text), every finding, and a confidence."""
    name = f"annotations[{i}]"
    when, found = _date(r.date, f"{name}.date", "备注日期")
    upper = (today or clock.today()).isoformat()
    if when and not (issued or _EARLIEST) <= when <= upper:
        msg = f"备注日期 {when} 不在发证日期 {issued or _EARLIEST} 与今天之间"
        found.append(Finding("annotation_date", f"{name}.date", msg))
    text = r.text
    if text is None:
        found.append(Finding("missing", f"{name}.text", "未识别到备注文字"))
    elif r.date is None or _text_around_date(r):
        msg = "本条日期与文字的对应不确定，文字可能含相邻条目的内容，请核对"
        found.append(Finding("annotation_text", f"{name}.text", msg, "warning"))
    elif (odd := odd_text(r)) is not None:
        found.append(Finding("annotation_text", f"{name}.text", odd, "warning"))
    elif not r.under_seal and (doubt := text_doubt(text)) is not None:
        found.append(Finding("annotation_text", f"{name}.text", doubt, "warning"))
    if text and r.under_seal:
        msg = "备注文字有一行止于印章下，印章下的字可能未识别，请核对"
        found.append(Finding("text_under_seal", f"{name}.text", msg, "warning"))
    return {"date": when, "text": text}, found, _confidence(r.score, found)


def _text_around_date(r: Remark) -> bool:
    """Text rows both above and below a date standing on its own row: an entry's date stands
    before or after its text, so one of the sides belongs to an entry whose date was lost."""
    at = [k for k, c in enumerate(r.cells) if c.date and c.where == "only"]
    return (
        bool(at)
        and any(c.text for c in r.cells[: at[0]])
        and any(c.text for c in r.cells[at[-1] + 1 :])
    )


# -- reading twice ----------------------------------------------------------------------------


def _reread(page: Page, lines: list[Line]) -> list[Line]:
    texts = _ocr.reread([(page.second_view, ln.box) for ln in lines])
    return [Line(t, ln.score, ln.box) for ln, t in zip(lines, texts, strict=True)]


def _second(page: Page, lines: list[Line], decode: Callable[[list[Line]], _T | None]) -> _T | None:
    return decode(_reread(page, lines)) if lines else None


def _as_value(found: list[Finding], confidence: float) -> val.Value:
    """The section's findings and its weakest confidence as one ``Value``."""
    return val.Value(None, confidence, list(found))


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
        read.append((n, p, rings, lines, printed))
        found += _sticker_dates.strays(n, lines, grouped)  # a date no entry holds
    # the booklet's stickers are mostly one authority's: each settles another's lost character
    named = [s.authority.text for *_, stickers in read for s in stickers if s.authority]
    known = [*offices, *(t for t in named if is_authority(t))]
    said = [s.date.value if s.date else None for *_, stickers in read for s in stickers]
    at_said = iter(range(len(said)))
    for n, p, rings, lines, stickers in read:
        first = len(entries)
        seals = _page_seals(p, rings, stickers)
        for k, s in enumerate(stickers):
            i = len(entries)
            seal = seals.get(k)
            s, ring = _date_stamp.named(  # a date stamp names its office on its ring
                p.image, _seal_ring.sealed(s, seal), known, f"registrations[{i}].authority"
            )
            at = next(at_said)  # this sticker's place among the printed ones
            around = (said[at - 1] if at else None, said[at + 1] if at + 1 < len(said) else None)
            entry, f, c = decode_sticker(s, i, others=named, page=n, around=around)
            f += ring
            f += _seal_proof.sticker_findings(s, i, rings, p.image)
            note = _seal_ring.finding(i, s, seal) if seal else None
            f += [note] if note else []
            if not any(x.blocking for x in f):
                again = _second(p, s.lines, _one_sticker(i, seal))
                name = f"registrations[{i}]"
                broke = failed_keys(again[1], name) if again else frozenset()
                f += disagreements(entry, again[0] if again else None, name, broke)
            entries.append(entry)
            found += f
            conf = min(conf, _confidence(c, f))
        # red rubber stamps (定期注册合格 chopped, not stuck): the red-dropped lines lost them
        stamped, f, c = _stamps.page_entries(
            n, p.image, lines, len(entries), len(entries) - first, decode_sticker
        )
        entries += stamped
        found += f
        conf = min(conf, c)
    return entries, _as_value(found, conf)


def _page_seals(
    p: Page, rings: list[Ring], stickers: list[Sticker]
) -> dict[int, _seal_ring.RingName]:
    """What the round seal beside each sticker says, for those whose authority is not read as
    a name (a grey stamp names none: the seal's ring does; a printed name a seal or a stain
    garbled is confirmed by it): grey seals on a greyscale scan, red ones on a colour scan."""
    if not any(_seal_ring.wants(s) for s in stickers):
        return {}
    view: Any = p.image
    if not rings and (red := _stamps.red_view(p.image)) is not None:
        view, rings = red, _seal_shape.rings(red)
    return _seal_ring.seal_names(view, rings, stickers, frames=_stamps.frames(p.image))


def _one_sticker(
    i: int, seal: _seal_ring.RingName | None = None
) -> Callable[[list[Line]], tuple[Entry, list[Finding]] | None]:
    """The second reading's sticker (with the seal's authority if the first had it): its
    entry and the rules it broke."""

    def decode(lines: list[Line]) -> tuple[Entry, list[Finding]] | None:
        again = _stickers.group(lines)
        if len(again) != 1:
            return None
        entry, found, _ = decode_sticker(_seal_ring.sealed(again[0], seal), i)
        return entry, found

    return decode


def read_annotations(pages: list[Page], issued: str | None) -> tuple[list[Entry], val.Value]:
    """Every (date, text) annotation on the remarks pages, with a combined confidence."""
    notes: list[Entry] = []
    found: list[Finding] = []
    conf = 1.0
    for n, p in enumerate(pages):
        if p.role is not Role.REMARKS and not _headless(p):  # a remark read without its heading
            continue
        rings = _seal_shape.rings(p.image)  # seals left grey on a greyscale scan
        lines = _sealtext.unlettered(p.image, p.lines, rings)  # the seal's own lettering
        lines = _remark_table.without_header(lines)  # a table's 日期 | 备注事项 row
        lines = _bleed.printed(p.clean, lines)  # the other side showing through, seal remnants
        lines = _red_remarks.added(p.image, lines)  # a remark stamped or written in red
        lines = _remark_dates.mend(p.image, lines)  # dates a seal stroke broke, read again
        remarks = _remarks.entries(lines, issued)
        if rings and any(r.date is None or r.date.value is None or _text_around_date(r)
                         for r in remarks):  # fmt: skip
            # an entry lost its date: a grey seal may have hidden it from the detector
            lines = _remark_dates.recover(p.image, lines, rings)
            remarks = _remarks.entries(lines, issued)
        found += _remark_guard.lost_entries(n, p.clean, lines, remarks, issued)  # a safety net
        got = [reread_remark(p.image, r, len(notes) + k, issued, rings)
               for k, r in enumerate(remarks)]  # fmt: skip
        names = [f"annotations[{len(notes) + k}]" for k in range(len(got))]
        floor, today = issued or _EARLIEST, clock.today().isoformat()
        spans = _agree.windows([g[0] for g in got], [g[1] for g in got], names, floor, today)
        for k, (r, span) in enumerate(zip(remarks, spans, strict=True)):
            if span:  # readings held different real dates: the page order may settle them
                got[k] = reread_remark(p.image, r, len(notes) + k, issued, rings, span)
        for note, f, c in got:
            notes.append(note)
            found += f
            conf = min(conf, _confidence(c, f))
    found += unread_remarks(pages)
    found += _remark_guard.stray_dates([(n, p.lines) for n, p in enumerate(pages)
                                        if p.role is Role.OTHER and not _headless(p)])  # fmt: skip
    found += _remark_guard.wiped([(n, p.image) for n, p in enumerate(pages)
                                  if p.role is Role.OTHER and not p.lines])  # fmt: skip
    return notes, _as_value(found, conf)


def _headless(p: Page) -> bool:
    return p.role is Role.OTHER and _remark_page.headless(p.lines)


def unread_remarks(pages: list[Page]) -> list[Finding]:
    """A 备注 heading seen on a page not read as remarks (a spread left whole, a page taken
    for another) while no page was: its entries may be lost, so a person looks."""
    if any(p.role is Role.REMARKS for p in pages):
        return []
    heading = [i for i, p in enumerate(pages) if any(_remarks.is_title(ln.text) for ln in p.lines)]
    if not heading:
        return []
    msg = f"第 {heading[0] + 1} 页有“备注”标题，但未作为备注页识读，备注可能遗漏"
    return [Finding("remarks_unread", "annotations", msg, "warning", {"page": heading[0]})]


def reread_remark(
    image: _ocr.Image, r: Remark, i: int, issued: str | None, rings: Sequence[Ring] = (),
    window: tuple[str, str] | None = None,
) -> Decoded:
    """One remark decoded from its lines read again and chosen among the readings (see
    ``_remarktext``); what the choice could not settle, and a text row that seems to go on
    past its last box, are warnings naming the entry's field."""
    name = f"annotations[{i}]"
    chosen = _remarktext.reread(image, r.lines)
    chosen, settled = _agree.settle_date(chosen, window) if window else (chosen, [])
    # A line end in a seal is doubt unless every reading of its line agreed and the widened
    # re-read proves it read through (a seal over the line may drop a character inside it).
    agreed = all(not c.corrected and not c.doubt for ln, c in chosen if ln.box in r.seal_ends)
    ends = frozenset(r.seal_ends) if agreed and not r.split else frozenset()
    lines, goes_on = _remarktext.extend(image, [ln for ln, _ in chosen], ends, rings)
    again = _remarks.entries(lines, issued)
    entry = again[0] if len(again) == 1 else r
    entry.under_seal = entry.under_seal or r.split or (r.under_seal and not ends)
    note, found, conf = decode_remark(entry, i, issued)
    if entry is r:
        found.append(Finding("ocr_disagreement", name, "再次识别后未能读出同一条目", "warning"))
    found += _choice_findings(name, chosen)
    found += [Finding("settled_reading", f"{name}.date", m, "note") for m in settled]
    found += _seal_proof.remark_findings(name, lines, chosen, rings, image, note["date"])
    placed = {ln.box: c.glyphs for ln, c in chosen}  # a ring stroke may change a date's digit
    # A date proved by re-reads (a note) is still doubted where a ring stroke crosses a digit:
    # every view reads the same wrong digit there.
    dated = any(f.field == f"{name}.date" and f.severity != "note" for f in found)
    if rings and not dated and crossed(lines, rings, placed):
        msg = "印章外圈压过备注日期的数字，数字可能被误识（如 5 识作 6），请核对"
        found.append(Finding("text_under_seal", f"{name}.date", msg, "warning"))
    if goes_on:
        msg = "备注文字行末之后可能还有字（印章下或未检出），请核对"
        found.append(Finding("text_under_seal", f"{name}.text", msg, "warning"))
    return note, found, _confidence(conf, found)


def _choice_findings(name: str, chosen: list[tuple[Line, _remarktext.Choice]]) -> list[Finding]:
    out = []
    for ln, c in chosen:
        if c.doubt:
            ev = {"read": ln.text}
            out.append(Finding("ocr_disagreement", f"{name}.{c.about}", c.doubt, "warning", ev))
        elif c.corrected:
            # Only a choice the phrases account for in full is proven; any other character the
            # readings disagreed on may still be misread (予以换案), so a person looks.
            sure = c.proved or _remarktext.phrased(c.text)
            msg = f"按几次识别及其候选字与常用措辞选定“{c.text}”" + ("" if sure else "，请核对")
            out.append(Finding("corrected_text", f"{name}.text", msg,
                               "note" if sure else "warning", {"read": ln.text}))
    return out
