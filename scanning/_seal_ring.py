"""A round seal's ring lettering read as an authority name (朝阳市龙城区教育局 around the star).

A registration chopped with a red rubber stamp (定期注册合格 / 2017年2月28日) names no
authority: the office is only in the round seal beside it, as lettering curved along the upper
arc. Here the ring is unwrapped with a polar transform (angle along, radius across) so that the
lettering becomes one straight line, starting in the seal's blank arc (found from the ink
itself, so any rotation of the seal is fine), and the line is read by the recogniser.

The read is taken only when it is certain:
- the whole line is one authority name of the closed vocabulary (GB/T 2260 place chain + 教育局
  …), or one misread character away from exactly one such name; a seal's bottom line
  (教师资格专用章, 行政审批专用章) read at either end is no part of it;
- its characters are evenly spaced and fill the lettered arc (a character the recogniser lost —
  the first of 佛山市禅城区教育局 gone faint leaves 山市…, and 禅城区教育局 is also a name — shows
  as a wider gap or as lettering outside the characters read);
- when a longer name of another office may end with it (禅城区教育局, 佛山市禅城区教育局), it
  spreads over at least 170° of the ring (seals letter a name over 200–270°; what is left when
  the first characters were not inked at all spreads over less); a name lengthened only by its
  own province's name (永州市道县教育局, 湖南省永州市道县教育局) is that office whatever was lost
  (``_office_tail``);
- a second unwrapping at another scale gives the same name.
A reading that starts inside the name (局磁县教育: the blank arc below it crossed by another
seal's lettering) is read on round the ring (``_seal_round``), the same tests holding.
Anything else is None: the field stays flagged for a person.

The seal belongs to the entry in the same printed box of the 定期注册 page (else the one it
stands over or next to). Its name fills an entry that names no authority (a stamp), or replaces
a printed authority read as no name that is the seal's name but for a character or two.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import cv2
import numpy as np
from numpy.typing import NDArray

from core.rules import HAN_RANGE, Finding, is_han, slips
from scanning import _ocr, _seal_round
from scanning._layout import union
from scanning._ocr import Box, Image
from scanning._office_match import edits
from scanning._office_tail import other_office_ends
from scanning._seal_shape import Ring
from scanning._stickers import Piece, Sticker
from scanning._vocab import is_authority, near_authorities

__all__ = [
    "Lettering", "RingName", "assign", "finding", "lettering", "polar", "positions", "read_name",
    "seal_names", "sealed", "wants",
]

BAND = (0.42, 0.95)  # the lettering's band, as shares of the ring's radius (star and rim out)
OUTER = (0.72, 0.9)  # where only the name reaches (a bottom line stays nearer the centre)
TEXT_AT = 0.72  # radius share at which the strip's length is measured
SCALES = (2.0, 1.6)  # two unwrappings: the second reading must give the same name
SQUEEZES = (1.0, 0.5)  # lengths a strip is read at for ``lettering``
MIN_GAP = 30.0  # degrees of blank arc that mark where the lettering starts and ends
PAD = 4.0  # degrees kept on each side of the lettered arc
# Seals spread their name over at least half the ring (200–270° is usual): a name read over
# less may have lost its first characters without a trace.
MIN_SPREAD = 170.0
EVEN = 1.6  # a gap between characters wider than this many pitches: one was lost
EDGE = 0.4  # lettering further than half a character and this many pitches beyond: unread
SPACE = 0.6  # blank wider than this many pitches ends the lettering (it is no character's)
INK = 0.5  # share of the strip's darkest level (from white) above which a pixel is ink
MAX_EDITS = 2  # characters a printed authority read may differ from the seal's name by
REACH = 1.6  # a seal stands beside an entry when its centre is this many radii from its rows
# A seal's own words, read where the name's ends meet its bottom line.
_BOTTOM = re.compile(rf"^(?:[{HAN_RANGE}]{{0,6}}专用章?|[{HAN_RANGE}]{{0,4}}[公印之]章)")
_TAIL = re.compile(rf"[{HAN_RANGE}]{{0,6}}专用章?|[{HAN_RANGE}]{{0,4}}[公印之]章")


@dataclass(frozen=True)
class RingName:
    """What a seal's ring says: the authority (None unless certain), the two reads, and whether
    one misread character was corrected by the vocabulary."""

    name: str | None
    reads: tuple[str, ...]
    corrected: bool = False
    spreads: tuple[float, ...] = ()  # degrees each read's characters spread over, when known


def polar(
    view: Image, ring: Ring, start: float, sweep: float, scale: float,
    band: tuple[float, float] = BAND, at: float = TEXT_AT,
) -> Image:
    """The ``band`` of the ring (shares of its radius) unwrapped from angle ``start`` (degrees,
    clockwise on the page) over ``sweep`` degrees, its length measured at radius share ``at``:
    outer rim at the top, so upright lettering reads left to right."""
    r = ring.r
    rows = max(8, int((band[1] - band[0]) * r * scale))
    cols = max(8, int(math.radians(sweep) * at * r * scale))
    rho = np.linspace(band[1] * r, band[0] * r, rows)[:, None]
    th = np.radians(start + np.linspace(0.0, sweep, cols, endpoint=False))[None, :]
    mx = (ring.cx + rho * np.cos(th)).astype(np.float32)
    my = (ring.cy + rho * np.sin(th)).astype(np.float32)
    out = cv2.remap(view, mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    return np.asarray(out, dtype=np.uint8)


def _ink(strip: Image) -> NDArray[np.bool_]:
    """Ink pixels of a strip (dark against its paper)."""
    grey = strip if strip.ndim == 2 else strip.min(axis=2)
    paper = float(np.percentile(grey, 90))
    dark = float(grey.min())
    return np.asarray(grey < paper - INK * max(paper - dark, 40.0))


def _outer(inked: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """The rows of a strip's ink mask in ``OUTER``, where only the name's lettering reaches."""
    rows = inked.shape[0]
    top = int(rows * (BAND[1] - OUTER[1]) / (BAND[1] - BAND[0]))
    low = int(rows * (BAND[1] - OUTER[0]) / (BAND[1] - BAND[0]))
    return inked[top : max(low, top + 1)]


def _lettered_arc(view: Image, ring: Ring) -> tuple[float, float]:
    """(start, sweep) in degrees of the arc the name fills: the complement of the widest blank
    arc in the outer band; the whole circle from the bottom when there is none."""
    inked = np.asarray(_outer(_ink(polar(view, ring, 0.0, 360.0, 1.0))).any(axis=0))
    deg = 360.0 / len(inked)
    if inked.all() or not inked.any():
        return 90.0, 360.0
    k = int(np.argmax(inked))  # start the scan on ink so that runs do not wrap
    ring_cols = np.roll(inked, -k)
    best, best_at, run = 0, 0, 0
    for i, v in enumerate(ring_cols):
        run = 0 if v else run + 1
        if run > best:
            best, best_at = run, i - run + 1
    if best * deg < MIN_GAP:
        return 90.0, 360.0
    gap_end = (k + best_at + best) * deg
    return gap_end - PAD, 360.0 - best * deg + 2 * PAD


def positions(strip: Image) -> tuple[str, list[float]]:
    """The recogniser's text of a strip and each character's centre (strip pixels, from the
    CTC steps where it is emitted)."""
    rec = _ocr.engine().text_rec
    charset: list[str] = rec.postprocess_op.character
    height = rec.rec_image_shape[1]
    img = strip if strip.ndim == 3 else np.repeat(strip[..., None], 3, axis=2)
    ratio = img.shape[1] / max(1, img.shape[0])
    probs = rec.session(rec.resize_norm_img(img, ratio)[None].astype(np.float32))[0]
    best = probs.argmax(axis=1)
    emit = best != 0
    emit[1:] &= best[1:] != best[:-1]
    steps = np.flatnonzero(emit)
    per_step = math.ceil(height * ratio) / len(best) * img.shape[0] / height
    return "".join(charset[i] for i in best[steps]), [(s + 0.5) * per_step for s in steps]


def _bare(text: str, xs: list[float]) -> tuple[str, list[float]]:
    """CJK characters only (with their positions), a seal's bottom-line words read at either
    end of the name cut off."""
    keep = [(c, x) for c, x in zip(text, xs, strict=True) if is_han(c)]
    chars = "".join(c for c, _ in keep)
    head = _BOTTOM.match(chars)
    a = head.end() if head and head.end() < len(chars) and not is_authority(chars) else 0
    b = len(chars)
    if not is_authority(chars[a:]):
        for k in range(len(chars) - 1, a + 2, -1):
            if _TAIL.fullmatch(chars[k:]) and (
                is_authority(chars[a:k]) or near_authorities(chars[a:k])
            ):
                b = k
                break
    return chars[a:b], [x for _, x in keep[a:b]]


def _whole(xs: list[float], inked: NDArray[np.bool_]) -> bool:
    """The characters read are evenly spaced and account for all the lettering of the strip."""
    if len(xs) < 3:
        return False
    gaps = np.diff(xs)
    pitch = float(np.median(gaps))
    if pitch <= 0 or float(gaps.max()) > EVEN * pitch:
        return False
    cols = np.asarray(inked.any(axis=0))
    first = _reach(cols, int(xs[0]), -1, pitch)
    last = _reach(cols, int(xs[-1]), 1, pitch)
    return xs[0] - first <= (0.5 + EDGE) * pitch and last - xs[-1] <= (0.5 + EDGE) * pitch


def _reach(cols: NDArray[np.bool_], at: int, step: int, pitch: float) -> int:
    """The last inked column going from ``at`` in direction ``step`` before a blank stretch
    wider than the space between two characters (ink further off is not this lettering)."""
    end, blank, i = at, 0, at
    while 0 <= i < len(cols) and blank <= SPACE * pitch:
        if cols[i]:
            end, blank = i, 0
        else:
            blank += 1
        i += step
    return end


def _vocab(text: str) -> tuple[str | None, bool]:
    """The authority ``text`` is (exactly, or the single name one misread character away)."""
    if is_authority(text):
        return text, False
    dist = {n: slips(n, text) for n in near_authorities(text)}
    best = sorted(n for n, d in dist.items() if d == min(dist.values(), default=0))
    return (best[0], True) if len(best) == 1 else (None, False)


def _one(
    view: Image, ring: Ring, arc: tuple[float, float], scale: float, letters: Image | None = None
) -> tuple[str, str | None, bool, float]:
    """One reading: its text, the name it is for sure (or None), whether a character was
    corrected, and the degrees its characters spread over."""
    strip = polar(view, ring, arc[0], arc[1], scale)
    read = strip if letters is None else polar(letters, ring, arc[0], arc[1], scale)
    text, xs = positions(read)
    chars, at = _bare(text, xs)
    n = len(at)
    spread = float((at[-1] - at[0]) * n / (n - 1) * arc[1] / strip.shape[1]) if n > 1 else 0.0
    name, fixed = _vocab(chars)
    inked = _outer(_ink(strip))
    turn = strip.shape[1] * 360.0 / arc[1]  # the strip's length of one whole turn
    if name is None and (turned := _seal_round.turned(chars, at, turn)) is not None:
        name, at = turned  # read from inside the name: the ring goes on round
        inked = _seal_round.twice_round(inked, turn)
        spread = float((at[-1] - at[0]) * n / (n - 1) * 360.0 / turn)
    if name is None or not _whole(at, inked):
        return text, None, False, spread
    if spread < MIN_SPREAD and other_office_ends(name):
        return text, None, False, spread  # a name's first characters may be gone unseen
    return text, name, fixed, spread


def read_name(view: Image, ring: Ring, letters: Image | None = None) -> RingName:
    """The authority a seal's ring names, read twice (None unless both readings give the same
    name and the characters fill the lettered arc); ``letters``: the view the lettering is
    read in, when not ``view`` (the arc and the lettering's extent are found in ``view``)."""
    arc = _lettered_arc(view, ring)
    got = [_one(view, ring, arc, s, letters) for s in SCALES]
    names = {n for _, n, _, _ in got}
    reads = tuple(t for t, *_ in got)
    spreads = tuple(g[3] for g in got)
    if len(names) != 1 or None in names:
        return RingName(None, reads, spreads=spreads)
    return RingName(got[0][1], reads, any(g[2] for g in got), spreads)


@dataclass(frozen=True)
class Lettering:
    """One reading of a ring's lettering (CJK only, bottom-line words cut off) and the arc,
    in degrees, its characters spread over (0 for fewer than two)."""

    text: str
    spread: float


def lettering(view: Image, ring: Ring) -> tuple[Lettering, ...]:
    """Every reading of the ring's lettering, with no test of its own: each unwrapping of
    :data:`SCALES` as it is and squeezed to half its length (a seal spreading a short name
    widely leaves gaps the recogniser reads across badly: 市局 for 海口市教育局). For a
    second opinion on a name printed beside the seal; whether the readings together show one
    name is for the caller to prove."""
    arc = _lettered_arc(view, ring)
    out: list[Lettering] = []
    for scale in SCALES:
        strip = polar(view, ring, arc[0], arc[1], scale)
        for squeeze in SQUEEZES:
            narrow = strip if squeeze == 1.0 else np.asarray(cv2.resize(
                strip, None, fx=squeeze, fy=1.0, interpolation=cv2.INTER_AREA), dtype=np.uint8)
            text, xs = positions(narrow)
            chars, at = _bare(text, xs)
            n = len(at)
            spread = (at[-1] - at[0]) * n / (n - 1) * arc[1] / narrow.shape[1] if n > 1 else 0.0
            out.append(Lettering(chars, spread))
    return tuple(out)


def _distance(ring: Ring, box: Box) -> float:
    dx = max(box[0] - ring.cx, 0.0, ring.cx - box[2])
    dy = max(box[1] - ring.cy, 0.0, ring.cy - box[3])
    return math.hypot(dx, dy)


def _shared(ring: Ring, box: Box, frame: Box) -> bool:
    """The seal and the entry stand in one printed box (the seal may cross its side edge)."""
    bx, by = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    inside = frame[0] <= bx <= frame[2] and frame[1] <= by <= frame[3]
    beside = frame[0] - ring.r <= ring.cx <= frame[2] + ring.r and frame[1] <= ring.cy <= frame[3]
    return inside and beside


def _beside(ring: Ring, boxes: Sequence[Box], frames: Sequence[Box]) -> int | None:
    """The one entry a seal belongs to: the only one in a printed box with it, else the one it
    stands over or next to, nearer by a radius than any other."""
    boxed = {i for i, b in enumerate(boxes) for f in frames if _shared(ring, b, f)}
    if boxed:
        return boxed.pop() if len(boxed) == 1 else None
    d = sorted((_distance(ring, b), i) for i, b in enumerate(boxes))
    if not d or d[0][0] > REACH * ring.r or len(d) > 1 and d[1][0] - d[0][0] < ring.r:
        return None
    return d[0][1]


def assign(
    rings: Sequence[Ring], boxes: Sequence[Box], frames: Sequence[Box] = ()
) -> dict[int, Ring]:
    """Which seal belongs to which entry (index into ``boxes``; ``frames``: the page's printed
    boxes); an entry with two seals gets none."""
    out: dict[int, Ring] = {}
    taken: set[int] = set()
    for ring in rings:
        i = _beside(ring, boxes, frames)
        if i is None:
            continue
        if i in out:
            taken.add(i)
        out[i] = ring
    return {i: r for i, r in out.items() if i not in taken}


def seal_names(
    view: Image,
    rings: Sequence[Ring],
    stickers: Sequence[Sticker],
    others: Sequence[Sticker] = (),
    frames: Sequence[Box] = (),
    reader: Callable[[Ring], RingName] | None = None,
) -> dict[int, RingName]:
    """For each sticker of ``stickers`` that names no authority (or a read that is no name),
    what the seal beside it says
    (``others``: the page's other stickers, which a seal may belong to instead; ``frames``:
    the page's printed boxes; ``reader``: ``read_name`` in ``view``, kept by the caller so
    that a ring is read once a page)."""
    everyone = [s for s in [*stickers, *others] if s.lines]
    want = [k for k, s in enumerate(stickers) if wants(s)]
    if not want or not rings:
        return {}
    boxes = [union([ln.box for ln in s.lines]) for s in everyone]
    beside = assign(rings, boxes, frames)
    name = reader or (lambda ring: read_name(view, ring))
    return {k: name(beside[k]) for k in want if k in beside}


def wants(s: Sticker) -> bool:
    """A sticker whose authority a seal could give: none read, or a read that is no name."""
    return bool(s.lines) and (s.authority is None or not is_authority(_flat(s.authority.text)))


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _confirms(read: str, name: str) -> bool:
    """The sticker's printed authority, read as no name, is the seal's name but for a
    character or two lost or misread (尖区教育局 / 尖山区教育局)."""
    return len(read) >= 3 and not is_authority(read) and edits(read, name) <= MAX_EDITS


def sealed(s: Sticker, ring_name: RingName | None) -> Sticker:
    """The sticker with the seal's authority as its authority: when it has none, or its read
    is no name and the seal's is that read but for a character or two; the seal's name must
    be certain."""
    name = ring_name.name if ring_name else None
    if name is None or not s.rows:
        return s
    if s.authority is None or _confirms(_flat(s.authority.text), name):
        return replace(s, authority=Piece("authority", name, len(s.rows) - 1))
    return s


def finding(i: int, s: Sticker, ring_name: RingName) -> Finding | None:
    """The note on entry ``i``'s authority taken from the seal's ring (or, when the sticker
    names none and the seal was not read for sure, the seal's reads as evidence)."""
    field = f"registrations[{i}].authority"
    ev: dict[str, object] = {"seal": list(ring_name.reads)}
    name = ring_name.name
    if s.authority is None and name is None:
        said = "” / “".join(ring_name.reads)
        msg = f"注册机关只见于旁边圆形公章的环形文字，未能可靠识别：“{said}”"
        return Finding("seal_authority_unread", field, msg, "note", ev)
    fix = "（一字按行政区划名称更正）" if ring_name.corrected else ""
    if s.authority is None:
        msg = f"注册机关读自旁边圆形公章的环形文字“{name}”{fix}，两次识别一致"
        return Finding("seal_authority", field, msg, "note", ev)
    read = _flat(s.authority.text)
    if name is None or not _confirms(read, name):
        return None
    ev["read"] = read
    msg = f"注册机关读作“{read}”，按旁边圆形公章的环形文字“{name}”{fix}更正，两次识别一致"
    return Finding("seal_authority", field, msg, "note", ev)
