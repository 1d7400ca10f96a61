"""Registrations chopped with a red rubber stamp (定期注册合格 / 2015-09-30 至 2020-09-29).

Many counties record a 定期注册 conclusion with a red rectangular stamp instead of a printed
sticker. The page reader drops red ink to free the print under round seals, so such a stamp
vanished with the seals and the booklet was accepted with no registration. Here the red ink is
read on its own: a view where red ink is dark and black print is gone (red minus the stronger
of green and blue, inverted), seal rings found in that view (a round seal's lettering is no
entry), and the rows left that say something a registration says (a conclusion, 注册, a date)
grouped and parsed like printed stickers. A second reading of the same boxes from the green
channel (red ink dark there too, by another route) must agree.

The red view drops the pale strokes of a worn stamp scanned to JPEG (chroma at half
resolution). Only where it broke a stamp (a red row that says nothing a stamp says, a rule
broken or mended, an unsure row, a second reading that differs) is the page detected and read
once more in the green channel, where those strokes stay dark: a stamp read whole costs one
red-view reading and one re-read of its rows.

What cannot be read for sure is never silence: red stamp-like ink on a registration page that
gave no entry, or (greyscale scans, where the red is gone) a framed box whose rows hold a
conclusion or a date while the page gave no entry, is a blocking ``registrations_unread``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from core.rules import HAN_RANGE, Finding
from scanning import _ocr, _seal_ring, _stamp_frame, _stamp_undated, _sticker_again, _stickers
from scanning._agree import disagreements, failed_keys
from scanning._datescan import find_dates
from scanning._layout import SEAL_WORDS, centred_in, shared
from scanning._model import REVIEW_BELOW
from scanning._ocr import Box, Image, Line
from scanning._red_ink import RedInk, frames, green_view, of, red_share, red_view
from scanning._seal_green import named
from scanning._seal_ring import RingName
from scanning._seal_shape import Ring
from scanning._stamp_boxes import printed_boxes
from scanning._stamp_lettering import dated
from scanning._stamp_print import on_print
from scanning._stamp_third import settled as third_view

__all__ = [
    "Stamps", "framed_rows", "frames", "green_view", "greened", "page_entries", "read",
    "red_view", "unstamped",
]

Entry = dict[str, Any]
Read = tuple[Entry, list[Finding], float]
Decode = Callable[[_stickers.Sticker, int], Read]

MIN_CHARS = 2  # a red text row of fewer word characters is a speck or a seal's star
RED_ROW = 0.5  # share of a row's ink that is red for a green-channel row to be stamp ink
RING_MARGIN = 1.1  # a line centred within this many radii of a seal's centre is its lettering
# Share of a printed line's dark ink that is red for it to be a stamp's row: black print a
# seal crosses has at most 0.46 on the kept runs, a worn stamp's rows in a JPEG 0.69 and up.
STAMP_INK = 0.6
_FIELD = "registrations"
# What a registration stamp says; a seal's ring (…教育局, 教师资格注册专用章) says none of it.
_SAYS = re.compile(r"定期注册|合格|暂缓|结论|有效期")
_AUTHORITY_ROW = re.compile(
    rf"(?:注册|审核)(?:机关|机构|部门|单位)\s*[:：]?\s*[{HAN_RANGE}]{{2,}}(?:局|厅|委员会)"
)


@dataclass(frozen=True)
class Stamps:
    """The red ink of one page: stamp rows read (first reading) and whether stamp-like red ink
    (outside round seals) is there at all."""

    lines: list[Line] = field(default_factory=list)
    ink: bool = False
    rings: tuple[Ring, ...] = ()
    greens: frozenset[Box] = frozenset()  # rows whose first reading is the green channel's
    odd: tuple[Line, ...] = ()  # red text rows outside the seals that say nothing a stamp says
    green: bool = False  # the green channel was read (the page's stamp rows are final)
    sealed: tuple[Line, ...] = ()  # red rows inside a seal's ring that hold a digit


def _in_ring(box: Box, rings: Sequence[Ring]) -> bool:
    return any(r.holds(box, RING_MARGIN) for r in rings)


# What only a filled-in entry holds: a printed empty form says 注册结论 / 有效期限, never these.
_VALUE = re.compile(r"合格|暂缓")


def _filled(text: str) -> bool:
    """A row holding a conclusion or a date, not only a printed form's labels."""
    return bool(_VALUE.search(text) or find_dates(text)) and not SEAL_WORDS.search(text)


def _says(text: str) -> bool:
    """A row a registration stamp could hold: a conclusion word or a date (a seal's centre
    phrase, 注册专用章, is none)."""
    return bool((_SAYS.search(text) or find_dates(text)) and not SEAL_WORDS.search(text))


def _labelled_authority(text: str) -> bool:
    """A stamp row naming its office after a label (注册机关：…教育局); a seal's ring letters
    the name without a label, so an unlabelled name outside a found ring is not taken."""
    return bool(_AUTHORITY_ROW.search(text)) and not SEAL_WORDS.search(text)


def _green_rows(ink: RedInk, rings: Sequence[Ring]) -> list[Line]:
    """The page's rows detected and read in the green channel (red ink dark there, pale pink
    strokes too), kept when mostly red ink and outside every seal. The red view drops the pale
    strokes of an unevenly inked stamp: its rows are missed or read 结论：格 for 结论：合格."""
    return _ocr.read(ink.green, keep=lambda box: not _in_ring(box, rings)
                     and red_share(ink.image, box) >= RED_ROW)  # fmt: skip


def unstamped(image: Image, stickers: Sequence[_stickers.Sticker]) -> list[_stickers.Sticker]:
    """The page's printed stickers without those read wholly from red stamp ink: dark stamp
    rows the red drop kept made, as print, a second entry of the stamp (a date alone, no
    conclusion) beside the one the stamp reader reads. A sticker with a black row stays."""
    return [s for s in stickers if not _red_rows(image, s.lines)]


def _red_rows(image: Image, lines: Sequence[Line]) -> list[Line]:
    """``lines`` when together they are red stamp ink, else none: every one more red than
    black, and on average ``STAMP_INK`` red (black print under a stamp row, or bleed-through
    from the next page, lowers one row's share; black print a seal crosses is never mostly
    red, and a printed sticker's rows the seal misses are not red at all)."""
    if not lines:
        return []
    shares = [red_share(image, ln.box) for ln in lines]
    red = min(shares) >= RED_ROW and sum(shares) / len(shares) >= STAMP_INK
    return list(lines) if red else []


def _merged(green: list[Line], red: list[Line]) -> list[Line]:
    """The green channel's stamp rows, and the red view's rows none of them covers (a row
    black print crosses is mostly red only in the red view)."""
    def centre(b: Box) -> tuple[float, float]:
        return (b[0] + b[2]) / 2, (b[1] + b[3]) / 2

    def covered(ln: Line) -> bool:
        cx, cy = centre(ln.box)
        return any(g.box[0] <= cx <= g.box[2] and g.box[1] <= cy <= g.box[3] for g in green)

    return sorted(green + [ln for ln in red if not covered(ln)], key=lambda ln: ln.box[1])


def read(image: Image | RedInk) -> Stamps:
    """The stamp rows of a page's red ink as the red view reads them (none on a page without
    colour); ``ink``: red text rows stand outside every seal ring found (what a stamp leaves
    even when its words cannot be read; red ruling or a seal alone leave no text row there)."""
    ink = of(image)
    view = ink.view
    if view is None:
        return Stamps()
    rings = ink.rings  # the view is grey: seals are found by their ring
    every = _ocr.read(view)
    rows = [ln for ln in every if not _in_ring(ln.box, rings)]
    texts = [ln for ln in rows if _wordy(ln)]
    kept = [ln for ln in rows if _stamp_row(ln.text)]
    odd = tuple(ln for ln in texts if not _stamp_row(ln.text))
    sealed = tuple(ln for ln in every if ln not in rows and re.search(r"\d", ln.text))
    return Stamps(kept, bool(texts), rings, odd=odd, sealed=sealed)


def greened(image: Image | RedInk, stamps: Stamps) -> Stamps:
    """``stamps`` read again where the pale strokes of an unevenly inked stamp are kept: the
    page's rows detected and read in the green channel (mostly red ink, outside the seals),
    and the red view's rows none of them covers."""
    green = _green_rows(of(image), stamps.rings)
    green += _missed_rows(of(image), green, stamps.odd)
    rows = _merged(green, [*stamps.lines, *stamps.odd])
    kept = [ln for ln in rows if ln in stamps.lines or _stamp_row(ln.text)]
    greens = frozenset(ln.box for ln in green)
    odd = tuple(ln for ln in rows if ln not in kept and _wordy(ln))
    return Stamps(kept, stamps.ink, stamps.rings, greens, odd, True, stamps.sealed)


def _missed_rows(ink: RedInk, green: list[Line], odd: Sequence[Line]) -> list[Line]:
    """The red view's rows that say nothing a stamp says and that the green channel's detector
    missed (a pale row the red view broke: 1.4 for 2021.11.24), read in the green channel in
    their own box (no padding, as found, another crop than any re-read's), when that reads a
    stamp's row: a green row, to be read again like any other."""
    missed = [ln for ln in odd if not any(shared(ln.box, g.box) >= 0.5 for g in green)]
    crops = [_ocr._upscaled(ink.green, ln.box, 1.0, pad=0) for ln in missed]
    got = _ocr.recognise(crops) if crops else []
    return [Line(t, score, ln.box) for ln, (t, score) in zip(missed, got, strict=True)
            if _stamp_row(t)]  # fmt: skip


def _wordy(ln: Line) -> bool:
    """A red text row, not a speck or a seal's star."""
    return len(re.sub(r"\W", "", ln.text)) >= MIN_CHARS


def _stamp_row(text: str) -> bool:
    return _says(text) or _labelled_authority(text)


def _second(ink: RedInk, lines: list[Line], greens: frozenset[Box] = frozenset()) -> list[Line]:
    """The rows read again, each from the view its first reading did not use (so one view's
    misreading is not confirmed by itself)."""
    green, red = ink.green, ink.view
    views = [red if ln.box in greens and red is not None else green for ln in lines]
    texts = _ocr.reread([(v, ln.box) for v, ln in zip(views, lines, strict=True)])
    return [Line(t, ln.score, ln.box) for ln, t in zip(lines, texts, strict=True)]


def _decoded(
    s: _stickers.Sticker, image: Image | RedInk, i: int, decode: Decode,
    seal: RingName | None = None,
    greens: frozenset[Box] = frozenset(),
) -> Read:
    """One stamp's entry, its findings, and its second reading's verdict; ``seal``: what the
    round seal beside it says (a stamp names no authority: the seal's ring does)."""
    return _checked(s, of(image), i, decode, seal, greens, _first(s, i, decode, seal))


def _first(s: _stickers.Sticker, i: int, decode: Decode, seal: RingName | None) -> Read:
    """One stamp's entry from its first reading, with its findings and confidence."""
    entry, found, conf = decode(_seal_ring.sealed(s, seal), i)
    name = f"{_FIELD}[{i}]"
    found.append(Finding("stamp_read", name, "本条注册读自红色印章（定期注册章），非贴花", "note"))
    note = _seal_ring.finding(i, s, seal) if seal else None
    return entry, found + ([note] if note else []), conf


def _checked(
    s: _stickers.Sticker, ink: RedInk, i: int, decode: Decode, seal: RingName | None,
    greens: frozenset[Box], first: Read,
) -> Read:
    """The first reading checked by the second (see ``_second``)."""
    entry, found, conf = first
    name = f"{_FIELD}[{i}]"
    if not any(f.blocking for f in found):
        other, broke = _again(s, ink, i, decode, seal, greens, entry)
        if other is None and greens.intersection(ln.box for ln in s.lines):
            # the red view (blocky where a JPEG kept colour at half resolution) read nothing
            # of the rows the green channel read: the green channel once more, another scale
            other, broke = _again(s, ink, i, decode, seal, frozenset(), entry)
            greens = frozenset()
        broke = _stickers.period_unchecked(entry, other, broke)
        found += disagreements(entry, other, name, broke)
        if broke and greens.intersection(ln.box for ln in s.lines):
            # the red view lost pale strokes there: the green channel once more, another
            # scale, must not read another valid value for what the red view could not check
            other, lost = _again(s, ink, i, decode, seal, frozenset(), entry)
            if other is not None:
                lost = _stickers.period_unchecked(entry, other, lost)
                found += disagreements({k: entry[k] for k in broke}, other, name, lost)
                found = [f for f in found if f.code != "settled_reading" or f.field not in
                         {x.field for x in found if x.code == "ocr_disagreement"}]
                found = list({(f.code, f.field): f for f in found}.values())
        found = third_view(ink.image, s, entry, found, name)  # a third view agrees
    return entry, found, conf


def _again(
    s: _stickers.Sticker, ink: RedInk, i: int, decode: Decode, seal: RingName | None,
    greens: frozenset[Box], entry: Entry,
) -> tuple[Entry | None, frozenset[str]]:
    """The stamp read a second time (see ``_second``): its entry (None when the rows no longer
    make one stamp; matched to the first reading ``entry`` by position, ``_sticker_again``)
    and the keys whose value broke a rule there."""
    lines = _second(ink, s.lines, greens)
    again = _sticker_again.one(lines)
    other = decode(_seal_ring.sealed(again, seal), i) if again is not None else None
    name = f"{_FIELD}[{i}]"
    if other is None:
        return None, frozenset()
    kept = _sticker_again.kept_date(s, lines, entry, other[0])
    return kept, failed_keys(other[1], name, entry)


def framed_rows(image: Image | RedInk, lines: Sequence[Line]) -> list[Line]:
    """Lines holding a conclusion or a date that stand inside a framed box of a stamp's or a
    sticker's size (the frame is what is left of a stamp on a greyscale scan); an empty printed
    form's labels (注册结论, 有效期限) hold neither."""
    found = of(image).frames
    return [ln for ln in lines if _filled(ln.text) and any(centred_in(ln.box, f) for f in found)]


def _unmatched(image: Image, lines: Sequence[Line], stamps: Stamps) -> list[Line]:
    """Red stamp rows the page reader read as print (``unstamped`` drops their sticker) that
    no stamp row read here stands on: without this, such a row would vanish unread."""
    red = [ln for s in _stickers.group(list(lines)) for ln in _red_rows(image, s.lines)]
    return [ln for ln in red if not any(shared(ln.box, r.box) >= 0.5 for r in stamps.lines)]


def _unread(page: int, why: str, read: Sequence[str]) -> Finding:
    msg = f"第 {page + 1} 页定期注册栏{why}，但未读出注册条目，请核对"
    ev = {"page": page, "read": list(read)[:4]}
    return Finding("registrations_unread", _FIELD, msg, "warning", ev)


def _seals(
    ink: RedInk, stamps: Stamps, stickers: list[_stickers.Sticker], lines: Sequence[Line]
) -> dict[int, RingName]:
    """What the round seal beside each stamp says (the printed stickers of the page may have
    the seal beside them instead)."""
    view = ink.view if stickers and stamps.rings else None
    if view is None:
        return {}
    # a stamp the page reader also read as print is this stamp, not a rival entry for the seal
    printed = unstamped(ink.image, _stickers.group(list(lines)))
    # a ring the red view garbles (colour kept at half resolution) is read in the green channel
    reader = (lambda ring: named(ink, ring)) if stamps.rings == ink.rings else None
    # a box a photo's glare hid from the page's frames is found from its ruled sides
    boxes = (*ink.frames, *printed_boxes(ink.image))
    return _seal_ring.seal_names(view, list(stamps.rings), stickers, printed, boxes, reader)


# What a stamp the red view read whole may say of itself: it is a stamp, its seal named it.
_CLEAN = frozenset({"stamp_read", "seal_authority"})


def _doubted(read: Read) -> bool:
    """A stamp reading with anything to doubt: a rule it broke or needed to be mended, two
    readings that differ, or rows the recogniser was unsure of."""
    _, found, conf = read
    return conf < REVIEW_BELOW or any(f.code not in _CLEAN for f in found)


def _stamp_reads(
    ink: RedInk, stamps: Stamps, lines: Sequence[Line], first: int, decode: Decode
) -> tuple[list[_stickers.Sticker], list[Read] | None]:
    """The page's stamps and their checked readings; None for the readings when the red view
    alone leaves one in doubt (red rows that say nothing a stamp says, a stamp with a rule
    broken or a row unsure, a second reading that differs) and the green channel is unread."""
    stickers = _stickers.group(stamps.lines) if stamps.lines else []
    seals = _seals(ink, stamps, stickers, lines)
    reads = [_first(s, first + k, decode, seals.get(k)) for k, s in enumerate(stickers)]
    final = stamps.green or not stamps.ink
    if not final and (stamps.odd or not stickers or any(_doubted(r) for r in reads)):
        return stickers, None
    reads = [_checked(s, ink, first + k, decode, seals.get(k), stamps.greens, r)
             for k, (s, r) in enumerate(zip(stickers, reads, strict=True))]  # fmt: skip
    if not final and any(_doubted(r) for r in reads):
        return stickers, None
    left = stamps.odd + dated(stamps.sealed, stamps.rings, seals.values())  # not a ring's letter
    sealless = not stamps.rings
    out = []
    for k, (s, r) in enumerate(zip(stickers, reads, strict=True)):
        bordered, unsealed = _bordered(ink, s)
        out.append(_stamp_undated.settled(s, first + k, r, left, sealless or unsealed, bordered))
    return stickers, out


def _bordered(ink: RedInk, s: _stickers.Sticker) -> tuple[bool, bool]:
    """Whether the stamp's border, found in the page, holds no ink but the rows read from it;
    and whether, besides, no coloured ink stands beside it across the page in its printed box's
    band (no seal there, found or not: the stamp is the entry's whole endorsement)."""
    rows = [ln.box for ln in s.lines]
    view = ink.view
    frame = _stamp_frame.frame_of(rows, ink.frames)
    # every ink, red or black (a date written in pen inside the border), in the green channel
    if view is None or frame is None or not all(
            _stamp_frame.holds_only(v, frame, rows) for v in (view, ink.green)):
        return False, False
    box = _stamp_frame.box_of(frame, ink.frames)
    height = min(r[3] - r[1] for r in rows)
    return True, box is not None and _stamp_frame.alone(ink.image, frame, box, height)


def _off_print(ink: RedInk, stamps: Stamps, lines: Sequence[Line]) -> Stamps:
    """``stamps`` without the rows that are black print a seal crosses (``_stamp_print``)."""
    printed = on_print(ink.image, stamps.lines, lines, STAMP_INK)
    if not printed:
        return stamps
    return replace(stamps, lines=[ln for ln in stamps.lines if ln not in printed])


def page_entries(
    page: int, image: Image | RedInk, lines: Sequence[Line], first: int, printed: int,
    decode: Decode,
) -> tuple[list[Entry], list[Finding], float]:
    """The registration page ``page`` (0-based) read for red stamps: their entries (numbered
    from ``first``), findings, and the weakest confidence. ``lines``: the page's printed lines
    (red dropped), ``printed``: how many sticker entries they gave. Stamp-like ink that gave no
    entry, and framed conclusion or date rows on a page that gave none, are blocking."""
    ink = of(image)  # a page's red ink, made once (the caller's, when it passes one)
    stamps = _off_print(ink, read(ink), lines)
    stickers, reads = _stamp_reads(ink, stamps, lines, first, decode)
    if reads is None:  # the red view broke a stamp: read it where its pale strokes are kept
        stamps = _off_print(ink, greened(ink, stamps), lines)
        stickers, reads = _stamp_reads(ink, stamps, lines, first, decode)
    out: list[Entry] = []
    found: list[Finding] = []
    conf = 1.0
    for entry, f, c in reads or []:
        out.append(entry)
        found += f
        conf = min(conf, c, *(0.5 for x in f if x.blocking))
    texts = [ln.text for ln in stamps.lines]
    if stamps.lines and not stickers or stamps.ink and not stickers and not printed:
        found.append(_unread(page, "有红色印章文字（非圆形公章）", texts))
    elif lost := _unmatched(ink.image, lines, stamps):
        found.append(_unread(page, "有红色印章文字（非圆形公章）", [ln.text for ln in lost]))
    elif not stickers and not printed and (framed := framed_rows(ink, lines)):
        found.append(_unread(page, "方框内有注册结论或日期", [ln.text for ln in framed]))
    if any(f.code == "registrations_unread" for f in found):
        conf = min(conf, 0.3)
    return out, found, conf
