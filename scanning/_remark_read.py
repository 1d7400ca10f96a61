"""Remarks (备注) → [{date, text}], each checked and read twice.

Grouping lives in ``_remarks``; here every entry is checked against the rules (a remark's date
lies between the issue date and today; a text whose pairing with its date is doubtful is
flagged), each finding naming the entry and field (``annotations[0].date``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from core import clock
from core.rules import Finding
from scanning import (
    _agree,
    _bleed,
    _ocr,
    _red_remarks,
    _remark_dates,
    _remark_dropped,
    _remark_gap,
    _remark_guard,
    _remark_inmark,
    _remark_lookalikes,
    _remark_lost_digit,
    _remark_marks_lost,
    _remark_page,
    _remark_quotes,
    _remark_remnant,
    _remark_sealed,
    _remark_settled_marks,
    _remark_standard,
    _remark_stray,
    _remark_table,
    _remarks,
    _remarktext,
    _seal_proof,
    _seal_shape,
    _sealtext,
    _stamps,
)
from scanning import _validate as val
from scanning._datescan import find_dates
from scanning._entry_read import EARLIEST, Decoded, Entry, as_value, confidence, raw, read_date
from scanning._fields import RawField
from scanning._ocr import Box, Line
from scanning._pages import Role
from scanning._remark_cn import find as dates_in
from scanning._remark_doubt import Whole, odd_text, text_doubt
from scanning._remark_endmark import comma_at_end, mark_at_end, sealed_cells
from scanning._remark_extend import GoesOn
from scanning._remark_ring import crossed_date as crossed
from scanning._remark_script import simplified_text, traditional_forms
from scanning._remark_standard import Settled, worded
from scanning._remark_wraps import at_wraps
from scanning._remarks import Remark
from scanning._remarktext import Choice
from scanning._seal_clear import same_dates as cleared
from scanning._seal_proof import WRAP_COMMA
from scanning._seal_shape import Ring

if TYPE_CHECKING:
    from scanning._scan import Page

__all__ = ["annotation_pairs", "decode_remark", "read_annotations", "reread_remark",
           "unread_remarks"]  # fmt: skip


def annotation_pairs(lines: list[Line], page: int) -> list[tuple[RawField | None, RawField | None]]:
    """(date, text) pairs from a remarks page, whatever side of its text the date stands."""
    return [
        (raw(r.date.text if r.date else None, r.lines, page), raw(r.text, r.lines, page))
        for r in _remarks.entries(lines)
    ]


def decode_remark(
    r: Remark, i: int, issued: str | None, today: date | None = None, text: str | None = None,
    whole: Whole | None = None,
) -> Decoded:  # fmt: skip
    """One remark → its entry (date, text), every finding, and a confidence; ``text``: the
    entry's text when it was settled to a standard wording (else the text as read); ``whole``:
    where the page shows no room for a lost character (``_remark_gap``)."""
    name = f"annotations[{i}]"
    when, found = read_date(r.date, f"{name}.date", "备注日期")
    upper = (today or clock.today()).isoformat()
    if when and not (issued or EARLIEST) <= when <= upper:
        msg = f"备注日期 {when} 不在发证日期 {issued or EARLIEST} 与今天之间"
        found.append(Finding("annotation_date", f"{name}.date", msg))
    text = text or r.text
    if text is None:
        found.append(Finding("missing", f"{name}.text", "未识别到备注文字"))
    elif r.date is None or r.parted or _text_around_date(r):
        msg = "本条日期与文字的对应不确定，文字可能含相邻条目的内容，请核对"
        found.append(Finding("annotation_text", f"{name}.text", msg, "warning"))
    elif (odd := odd_text(r, text)) is not None:
        found.append(Finding("annotation_text", f"{name}.text", odd, "warning"))
    elif not r.under_seal and (doubt := text_doubt(text, whole)) is not None:
        found.append(Finding("annotation_text", f"{name}.text", doubt, "warning"))
    if text and r.under_seal:
        msg = "备注文字有一行止于印章下，印章下的字可能未识别，请核对"
        found.append(Finding("text_under_seal", f"{name}.text", msg, "warning"))
    found += traditional_forms(name, text)
    return {"date": when, "text": simplified_text(text)}, found, confidence(r.score, found)


def _text_around_date(r: Remark) -> bool:
    """Text rows both above and below a date standing on its own row: an entry's date stands
    before or after its text, so one of the sides belongs to an entry whose date was lost."""
    at = [k for k, c in enumerate(r.cells) if c.date and c.where == "only"]
    return (
        bool(at)
        and any(c.text for c in r.cells[: at[0]])
        and any(c.text for c in r.cells[at[-1] + 1 :])
    )


def _text_past_date(r: Remark) -> bool:
    """Text rows after a date that closes its row, or before one that opens it: a date ends
    or starts its entry, so those rows hold a neighbour's text whose own date was not read
    (a grey seal hid it from the detector, and two entries merged)."""
    at = [k for k, c in enumerate(r.cells) if c.date]
    if not at:
        return False
    last, first = r.cells[at[-1]], r.cells[at[0]]
    after = last.where == "last" and any(c.text for c in r.cells[at[-1] + 1 :])
    return after or (first.where == "first" and any(c.text for c in r.cells[: at[0]]))


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
        lines = _remark_remnant.mend(p.image, lines)  # a date a seal cut to 二〇, read whole
        if rings:  # a whole line a grey seal hid from the detector
            lines = _bleed.printed(p.clean, _remark_dates.hidden(p.image, lines, rings, issued))
        frames = _stamps.frames(p.image)  # a stamped box holds one entry
        remarks = _remarks.entries(lines, issued, frames)
        if rings and any(r.date is None or r.date.value is None or _text_around_date(r)
                         or _text_past_date(r) for r in remarks):  # fmt: skip
            # an entry lost its date: a grey seal may have hidden it from the detector
            lines = _remark_dates.recover(p.image, lines, rings)
            remarks = _remarks.entries(lines, issued, frames)
        bare = [r.lines[0].box for r in remarks if r.text is None and r.date is not None]
        words = _remark_dates.hidden_words(p.image, lines, rings, bare) if rings and bare else []
        if words:  # an entry's whole text a grey seal hid from the detector
            both = sorted([*lines, *words], key=lambda x: (x.cy, x.box[0]))
            lines = _bleed.printed(p.clean, both)
            remarks = _remarks.entries(lines, issued, frames)
        got = [reread_remark(p.image, r, len(notes) + k, issued, rings, frames=frames, page=lines)
               for k, r in enumerate(remarks)]  # fmt: skip
        names = [f"annotations[{len(notes) + k}]" for k in range(len(got))]
        floor, today = issued or EARLIEST, clock.today().isoformat()
        spans = _agree.windows([g[0] for g in got], [g[1] for g in got], names, floor, today)
        for k, (r, span) in enumerate(zip(remarks, spans, strict=True)):
            if span:  # readings held different real dates: the page order may settle them
                got[k] = reread_remark(p.image, r, len(notes) + k, issued, rings, span, frames,
                                       lines)  # fmt: skip
        decoded = [g[0]["date"] for g in got if g[0]["date"]]
        found += _remark_guard.lost_entries(n, p.clean, lines, remarks, issued, decoded)
        found += _found_beside(len(notes), remarks, {ln.box for ln in words})
        for note, f, c in got:
            notes.append(note)
            found += f
            conf = min(conf, confidence(c, f))
    found += unread_remarks(pages)
    found += _remark_guard.stray_dates([(n, p.lines) for n, p in enumerate(pages)
                                        if p.role is Role.OTHER and not _headless(p)])  # fmt: skip
    found += _remark_guard.wiped([(n, p.image) for n, p in enumerate(pages)
                                  if p.role is Role.OTHER and not p.lines])  # fmt: skip
    return notes, as_value(found, conf)


def _found_beside(first: int, remarks: list[Remark], boxes: set[Box]) -> list[Finding]:
    """A warning on each entry whose text was read only from a strip beside a seal."""
    msg = "备注文字被印章遮挡，页面识别未检出，系在印章旁重读所得，请核对"
    return [Finding("text_under_seal", f"annotations[{first + k}].text", msg, "warning")
            for k, r in enumerate(remarks) if any(ln.box in boxes for ln in r.lines)]  # fmt: skip


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
    window: tuple[str, str] | None = None, frames: Sequence[Box] = (), page: Sequence[Line] = (),
) -> Decoded:  # fmt: skip
    """One remark decoded from its lines read again and chosen among the readings (see
    ``_remarktext``); what the choice could not settle, and a text row that seems to go on
    past its last box, are warnings naming the entry's field. ``page``: the page's lines (where
    its text column ends, for words a seal hid at a wrap: ``_remark_sealed``)."""
    name = f"annotations[{i}]"
    chosen = _page_remnants(r.lines, _remarktext.reread(image, r.lines))
    chosen, dates_settled = _agree.settle_date(chosen, window) if window else (chosen, [])
    if window:  # a reading with a digit lost or one more (2017年1月18日 / 2017年11月18日)
        chosen, more = _remark_lost_digit.settle(chosen, window)
        dates_settled += more
    # A line end in a seal is doubt unless every reading of its line agreed and the widened
    # re-read proves it read through (a seal over the line may drop a character inside it).
    agreed = all(not c.corrected and not c.doubt for ln, c in chosen if ln.box in r.seal_ends)
    ends = frozenset(r.seal_ends) if agreed and not r.split else frozenset()
    lines, goes_on = _remarktext.extend(image, [ln for ln, _ in chosen], ends, rings)
    again = _remarks.entries(lines, issued, frames)
    entry = again[0] if len(again) == 1 else r
    entry.under_seal = entry.under_seal or r.split or (r.under_seal and not ends)
    entry.parted = entry.parted or r.parted
    whole = _remark_gap.whole(image, [ln for ln in lines if worded(ln.text)])
    note, found, conf = decode_remark(entry, i, issued, whole=whole)
    # settled on the text as read: its lines hold the forms the note folded (``simplified_text``)
    settled = _settled(entry, {**note, "text": entry.text}, found, chosen, image, rings, page)
    if settled is not None:
        note, found, conf = decode_remark(entry, i, issued, text=settled.text, whole=whole)
    if entry is r:
        found.append(Finding("ocr_disagreement", name, "再次识别后未能读出同一条目", "warning"))
    found += _choice_findings(name, chosen, settled)
    found += [Finding("settled_reading", f"{name}.date", m, "note") for m in dates_settled]
    sealed, judged = _remark_settled_marks.for_seal(lines, chosen, settled)
    found += _standard_findings(
        name, settled, _seal_proof.remark_findings(name, sealed, judged, rings, image, note["date"])
    )
    placed = {ln.box: c.glyphs for ln, c in chosen}  # a ring stroke may change a date's digit
    # A date proved by re-reads (a note) is still doubted where a ring stroke crosses a digit:
    # every view reads the same wrong digit there.
    dated = any(f.field == f"{name}.date" and f.severity != "note" for f in found)
    # A view with the seal's lighter ink cleared away that reads the same date proves it.
    if rings and not dated and crossed(lines, rings, placed) and not cleared(image, lines, rings):
        msg = "印章外圈压过备注日期的数字，数字可能被误识（如 5 识作 6），请核对"
        found.append(Finding("text_under_seal", f"{name}.date", msg, "warning"))
    # A seal over a wrap point only (the next row goes on with the text) may hide the comma
    # that joins the rows: a standard wording the entry reads as, or settled to, fixes it.
    wraps_only = isinstance(goes_on, GoesOn) and not goes_on.ends
    if goes_on and not (wraps_only and (settled or _remark_standard.standard(note["text"]))):
        msg = "备注文字行末之后可能还有字（印章下或未检出），请核对"
        found.append(Finding("text_under_seal", f"{name}.text", msg, "warning"))
    found += _lost_end_mark(image, name, lines, note["text"], rings)
    found += _short_of_wording(name, note["text"], found)
    return note, found, confidence(conf, found)


def _short_of_wording(name: str, text: str | None, found: list[Finding]) -> list[Finding]:
    """A text whose words are one standard wording's but whose marks are fewer (经核实身份证件
    号码已更正): a comma every reading lost and nothing proved. Flagged on the text unless a
    finding on it already asks for a look; never put back without proof."""
    wording = _remark_standard.fit(text)
    if not text or wording is None or text.rstrip(_remark_standard.ENDS) == wording:
        return []
    if any(f.field == f"{name}.text" and f.severity != "note" for f in found):
        return []
    msg = f"备注文字与常用措辞“{wording}”相比少了标点，可能漏识，请核对"
    return [Finding("annotation_text", f"{name}.text", msg, "warning", {"standard": wording})]


def _page_remnants(
    page: Sequence[Line], chosen: list[tuple[Line, Choice]]
) -> list[tuple[Line, Choice]]:
    """``chosen`` with the page's reading of a date's remnant (二〇一年五月二十一, what a seal
    left of it) kept where reading it again made it neither a date nor a remnant (…工十一):
    the row still ends its entry, its date unreadable (``_remark_remnant``)."""
    was = {ln.box: ln for ln in page if _remark_remnant.remnant(ln.text)}
    out = []
    for ln, c in chosen:
        kept = was.get(ln.box)
        if kept is not None and not _remark_remnant.remnant(c.text) and not dates_in(c.text):
            ln, c = kept, replace(c, text=kept.text)
        out.append((ln, c))
    return out


def _lost_end_mark(
    image: _ocr.Image | None, name: str, lines: Sequence[Line], text: str | None,
    rings: Sequence[Ring],
) -> list[Finding]:  # fmt: skip
    """A mark after the entry's last character that no reading holds (a closing 。 every
    reading lost) while the page shows a mark's ink in the cell after it (``mark_at_end``):
    which mark, and whether it closes the entry, only a person can say."""
    if image is None or not text or text[-1] in _remark_standard.MARKS:
        return []  # no page to measure (a reading given without its image), or a mark read
    last = [ln for ln in lines if worded(ln.text)][-1:]
    if not last or not last[0].text.rstrip().endswith(text[-1]):
        return []  # the entry's words do not close its last line (a date follows them)
    if not mark_at_end(image, last[0], rings):
        return []
    msg = "备注文字末字之后有标点的墨迹（如“。”），但各次识别均未读出，请核对"
    return [Finding("annotation_text", f"{name}.text", msg, "warning", {"read": text})]


def _settled(
    entry: Remark, note: Entry, found: list[Finding], chosen: list[tuple[Line, Choice]],
    image: _ocr.Image | None = None, rings: Sequence[Ring] = (), page: Sequence[Line] = (),
) -> Settled | None:  # fmt: skip
    """The standard wording the entry's text settles to (``_remark_standard``), unless the
    entry's pairing with its date is in doubt (its text may hold a neighbour's). A wording
    that needs a comma at a wrap no reading saw settles when the page shows its ink
    (``_remark_endmark``); one a grey seal cut short at a wrap is put back when the room to
    the column's edge (the ``page``'s lines) holds the lost words (``_remark_sealed``),
    never without a person."""
    if not note["text"] or _text_around_date(entry) or entry.date is None:
        return None
    # A tie between whole readings holding the same dates is no unknown character: the
    # wording decides it, or not.
    decided = {k for k, (_, c) in enumerate(chosen) if c.tie and _same_dates(c.readings)}
    doubted = [k for k, (_, c) in enumerate(chosen)
               if c.about == "text" and c.doubt and k not in decided]  # fmt: skip
    lines = [(ln.text, c.readings) for ln, c in chosen]
    got = (_remark_standard.settle(note["text"], lines, doubted)
           or _remark_marks_lost.settle(note["text"], lines, doubted)
           or _remark_dropped.settle(note["text"], lines, doubted)
           or _remark_lookalikes.settle(note["text"], lines, doubted)
           or _remark_stray.settle(note["text"], lines, doubted))  # fmt: skip
    if got is None and not doubted:
        got = _remark_sealed.settle(note["text"], [(ln, c.readings) for ln, c in chosen], rings,
                                    page)  # fmt: skip
    if got is None and not doubted:  # a quote of a pair lost where the ink leaves its cell
        got = _remark_quotes.settle(note["text"], image, [ln for ln, _ in chosen])
    if got is not None or image is None:
        return got
    fits = _remark_standard.fit(note["text"])
    if fits is not None and note["text"].rstrip(_remark_standard.ENDS) == fits:
        return None  # a wording already read in full: no mark to prove
    worded_at = [k for k, (ln, _) in enumerate(chosen) if worded(ln.text)]
    wraps = [k for k in worded_at[:-1] if _open_end(chosen[k][0].text)]
    inked = [k for k in wraps if comma_at_end(image, chosen[k][0], rings)]
    if fits is None:  # a wording one character longer
        return at_wraps(lambda k: _remark_dropped.settle(note["text"], lines, doubted, k),
                         inked, wraps)  # fmt: skip
    # a free cell a grey seal covers on a line whose characters were placed (``glyphs``)
    roomed = [(k, p) for k, (ln, c) in enumerate(chosen) if c.glyphs and rings
              for p in sealed_cells(ln, c.glyphs, rings)]  # fmt: skip
    # a free cell inside a line holding a mark's ink (a hand-written comma every reading lost)
    marked = _remark_inmark.inked_places(image, [(ln, c.glyphs) for ln, c in chosen], rings)
    return at_wraps(
        lambda k: _remark_standard.settle(note["text"], lines, doubted, k, roomed, marked),
        inked, wraps,
    )  # fmt: skip


def _open_end(text: str) -> bool:
    """Whether a line ends in a character, not a mark: a comma after it may be lost."""
    tail = text.rstrip()
    return bool(tail) and tail[-1] not in _remark_standard.MARKS


def _same_dates(readings: Sequence[str]) -> bool:
    """Whether every reading holds the same dates, each read as its calendar value."""
    return len({tuple(f.read.value for f in find_dates(r)) for r in readings if r}) <= 1


def _standard_findings(name: str, settled: Settled | None, found: list[Finding]) -> list[Finding]:
    """``found`` without a lost comma at a wrap the standard wording put back, and with the
    settling as a correction."""
    if settled is None:
        return found
    out = [f for f in found if not (f.code == "text_under_seal" and f.message == WRAP_COMMA)]
    did = [f"补正标点 {settled.marks} 处"] if settled.marks else []
    did += [f"形近字 {settled.swapped}"] if settled.swapped else []
    did += [f"补入漏识的“{settled.inserted}”"] if settled.inserted else []
    did += [f"删去行边多读的“{settled.stray}”"] if settled.stray else []
    what = "、".join(did) or "定下几次识别的分歧"
    msg = f"按常用措辞“{settled.standard}”{what}，读作“{settled.text}”"
    ev = {"standard": settled.standard, "marks": settled.marks, "swapped": settled.swapped,
          "inserted": settled.inserted}  # fmt: skip
    if not settled.seen:  # no reading saw the character put back: a person confirms it
        msg += "；补入的字无一次识别读到，请核对"
    if settled.roomed:  # a mark only a free cell under a seal shows: a person confirms it
        msg += "；补入的标点被印章遮住，仅凭字距推定，请核对"
    if settled.blind:  # a wrap comma neither read nor inked: a person confirms it
        msg += "；换行处补入的逗号无一次识别读到，页面上也未见其墨迹，请核对"
    if settled.unread:  # look-alikes no reading read as the wording's: a person confirms them
        msg += "；形近字改回的字并非每处都有识别读到，请核对"
    field = f"{name}.text"
    if settled.seen and not settled.roomed and not settled.blind and not settled.unread:
        return [*out, Finding("corrected_text", field, msg, "note", ev)]
    return [*out, Finding("corrected_text", field, msg, "warning", ev)]


def _choice_findings(
    name: str, chosen: list[tuple[Line, Choice]], settled: Settled | None = None
) -> list[Finding]:
    out = []
    for ln, c in chosen:
        decided = settled is not None and settled.decides
        if decided and c.about == "text" and (c.doubt or c.corrected) and worded(ln.text):
            continue  # the standard wording decided between the readings of its words
        if c.doubt:
            ev = {"read": ln.text}
            out.append(Finding("ocr_disagreement", f"{name}.{c.about}", c.doubt, "warning", ev))
        elif c.corrected:
            # Only a choice the phrases account for in full is proven; any other character the
            # readings disagreed on may still be misread (予以换案), so a person looks.
            sure = (c.proved or _remarktext.phrased(c.text)) and not c.rivalled
            msg = f"按几次识别及其候选字与常用措辞选定“{c.text}”" + ("" if sure else "，请核对")
            out.append(Finding("corrected_text", f"{name}.text", msg,
                               "note" if sure else "warning", {"read": ln.text}))
    return out
