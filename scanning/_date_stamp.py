"""The office named on a round date stamp (日戳) → the registration entry's authority.

A registration recorded with a date stamp instead of a printed sticker names its office only on
the stamp's ring: the name on the upper arc, the decision date in the middle band. The date is
read with the page's print (``_sticker_dates`` gives it to its entry); here the ring around it is
found in the page's ink (any colour: the darkest channel), its upper arc unwrapped into a
straight line (``_seal_ring.polar``) and read three ways (the band's straight edges, which run
into the name's first and last letters, painted over, at two scales; and as it stands). What
the ring says is often a short form of the office (the end of its name) and the recogniser may
lose or misread a character, so each read is matched by ``_office_match`` against the offices
the booklet itself names; the entry takes the ring's office when two reads name it and no read
is exactly another office's name, or when the reads together fit one of the booklet's offices
better, by a character at least, than any other office (``_office_match.together``: a ring
read 阳县教育局 twice and 山阳县教育局 once), or every read fits one of them within a character
when one look-alike letter is taken for the one it looks like (路则市谢通门县教育 for
日喀则市谢通门县教育局: ``_office_match.alike_together``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import cv2
import numpy as np
from numpy.typing import NDArray

from core.rules import HAN, Finding
from scanning._datescan import DATE
from scanning._layout import Row
from scanning._ocr import Box, Image
from scanning._office_match import (
    OfficeMatch,
    alike_together,
    booklet_tie,
    fold,
    match,
    same_office,
    together,
)
from scanning._seal_ring import polar, positions
from scanning._seal_shape import Ring
from scanning._stickers import Piece, Sticker

RADII = (0.45, 1.0)  # the ring's radius, as shares of the date line's width
SHIFT = 0.3  # how far (shares of the date's width) the ring's centre may lie off the date's
STEP = 2  # pixels (at the working scale) between the centres and radii tried
WORK = 90  # the date line's width at which the ring is searched
ANGLES = 144
MIN_RING = 0.8  # share of the circle that must be ink
BAND = (0.55, 0.92)  # where the name's letters stand, as shares of the radius
ARC = (150.0, 240.0)  # the upper arc unwrapped: start (degrees, clockwise from 3 o'clock), sweep
SCALES = (2.0, 1.6)
LINE = 1.0  # a straight stroke this many radii long is a band's edge, no letter's


@dataclass(frozen=True)
class RingRead:
    """A date stamp's ring: where it is and what its upper arc read as (CJK only)."""

    ring: Ring
    reads: tuple[str, ...]


def _ink(image: Image) -> NDArray[np.bool_]:
    """Ink of any colour: dark in the darkest channel against the paper."""
    grey = image if image.ndim == 2 else image.min(axis=2)
    paper = float(np.percentile(grey, 90))
    dark = float(np.percentile(grey, 1))
    return np.asarray(grey < paper - 0.4 * max(paper - dark, 40.0))


def ring_around(image: Image, box: Box) -> Ring | None:
    """The round stamp whose middle band holds the date line ``box``: the circle of ink around
    the date's centre (``MIN_RING`` of it inked), or None. Searched at a scale where the date
    is ``WORK`` pixels wide."""
    w0 = box[2] - box[0]
    f = min(1.0, WORK / max(w0, 1))
    cx0, cy0 = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    reach = int(RADII[1] * w0 + SHIFT * w0 + 4)
    x0, y0 = max(0, int(cx0) - reach), max(0, int(cy0) - reach)
    piece = _ink(image[y0 : int(cy0) + reach, x0 : int(cx0) + reach]).astype(np.float32)
    ink = cv2.resize(piece, None, fx=f, fy=f, interpolation=cv2.INTER_AREA) > 0.25
    found = _circle(ink, ((cx0 - x0) * f, (cy0 - y0) * f), w0 * f)
    if found is None or found[0] < MIN_RING:
        return None
    return Ring(found[1] / f + x0, found[2] / f + y0, found[3] / f)


def _circle(
    ink: NDArray[np.bool_], centre: tuple[float, float], w: float
) -> tuple[float, float, float, float] | None:
    """(inked share, cx, cy, r) of the most inked circle near ``centre`` (radii and shifts as
    shares of the date's width ``w``)."""
    h, wd = ink.shape
    th = np.linspace(0, 2 * np.pi, ANGLES, endpoint=False)
    cos, sin = np.cos(th), np.sin(th)
    best: tuple[float, float, float, float] | None = None
    shifts = np.arange(-SHIFT * w, SHIFT * w + 1, STEP)
    cx = (centre[0] + shifts)[:, None]
    for r in np.arange(RADII[0] * w, RADII[1] * w + 1, STEP):
        for dy in shifts:
            cy = centre[1] + dy
            hit = np.zeros((len(shifts), ANGLES), dtype=bool)
            for dr in (-1, 0, 1):  # a rim line a few pixels thick
                xs = np.clip((cx + (r + dr) * cos).astype(int), 0, wd - 1)
                ys = np.clip((cy + (r + dr) * sin).astype(int), 0, h - 1)
                hit |= ink[ys, xs]
            share = hit.mean(axis=1)
            k = int(share.argmax())
            if best is None or share[k] > best[0] or share[k] == best[0] and r > best[3]:
                best = (float(share[k]), float(cx[k, 0]), float(cy), float(r))
    return best


def _unlined(image: Image, ring: Ring) -> Image:
    """A copy of the stamp's square with its straight lines (the date band's edges, which run
    into the first and last letters of the name) painted over in the paper's colour."""
    out = image.copy()
    x0, y0 = max(0, int(ring.cx - ring.r)), max(0, int(ring.cy - ring.r))
    x1, y1 = int(ring.cx + ring.r) + 1, int(ring.cy + ring.r) + 1
    piece = out[y0:y1, x0:x1]
    ink = _ink(piece).astype(np.uint8) * 255
    found = cv2.HoughLinesP(ink, 1, np.pi / 180, threshold=int(0.6 * ring.r),
                            minLineLength=int(LINE * ring.r), maxLineGap=int(0.05 * ring.r) + 1)
    paper = np.percentile(piece.reshape(-1, piece.shape[-1]), 90, axis=0)
    width = max(2, int(0.035 * ring.r))
    for x_a, y_a, x_b, y_b in (found.reshape(-1, 4) if found is not None else []):
        cv2.line(piece, (int(x_a), int(y_a)), (int(x_b), int(y_b)),
                 tuple(int(v) for v in paper), width)
    return out


def read_ring(image: Image, box: Box) -> RingRead | None:
    """The ring around the date line ``box`` and its upper arc read three ways: with the
    band's edges painted over, at two scales, and as it stands."""
    ring = ring_around(image, box)
    if ring is None:
        return None
    view = image if image.ndim == 3 else np.repeat(image[..., None], 3, axis=2)
    unlined = _unlined(view, ring)
    reads = []
    for v, scale in ((unlined, SCALES[0]), (unlined, SCALES[1]), (view, SCALES[0])):
        strip = polar(v, ring, ARC[0], ARC[1], scale, band=BAND, at=sum(BAND) / 2)
        text, _ = positions(strip)
        reads.append("".join(HAN.findall(text)))
    return RingRead(ring, tuple(reads))


def _agreed(found: list[OfficeMatch]) -> str | None:
    """The office at least two reads name, when no read names another or is exactly another
    office's name (or its end)."""
    names = {m.name for m in found if m.name}
    if len(names) != 1:
        return None
    office = names.pop()
    votes = sum(m.name == office for m in found)
    return office if votes >= 2 and not any(m.against(office) for m in found) else None


def _sure_within(reads: Sequence[str], office: str, sure: Sequence[str]) -> list[str]:
    """The offices of ``sure`` (the booklet's own) other than ``office`` that some read is,
    ``fold``ed, what is left of: characters lost only (read in order, nothing added)."""

    def within(read: str, name: str) -> bool:
        rest = iter(name)
        return bool(read) and all(ch in rest for ch in read)

    return sorted({o for o in sure if not same_office(o, office)
                   and any(within(fold(r), o) for r in reads)})  # fmt: skip


def _date_rows(s: Sticker, letters: frozenset[str] = frozenset()) -> list[Row]:
    """The entry's rows that hold a date and nothing else (a date stamp's middle band), the
    one read as its decision date first (``letters``: those of the booklet's offices)."""
    said = s.date.text if s.date else None
    rows = [r for r in s.rows if _date_only(r.text, said, letters)]
    return sorted(rows, key=lambda r: r.text != said)


STRAY = 2  # marks of the ring's lettering a date row may run into (2021.07.01m: 局's stroke)


def _date_only(text: str, said: str | None, letters: frozenset[str] = frozenset()) -> bool:
    """A row holding a date and nothing else, or the entry's decision date ``said`` with at
    most ``STRAY`` marks beside it that are no letters of a name (the band's date runs into
    the ring's lettering at its ends): no letter at all, or one that none of the booklet's
    offices (``letters``) holds (=2014.08.29回: the ring's strokes read as 回)."""
    text = re.sub(r"\s+", "", text)
    if DATE.fullmatch(text):
        return True
    rest = text.replace(said, "", 1) if said and said in text else None
    if rest is None or len(rest) > STRAY:
        return False
    cjk = HAN.findall(rest)
    return not cjk or bool(letters) and len(cjk) == 1 and cjk[0] not in letters


def named(
    image: Image, s: Sticker, offices: Sequence[str], field: str, sure: Sequence[str] = ()
) -> tuple[Sticker, list[Finding]]:
    """``s`` with the office its date stamp's ring names as its authority (and a note), when
    the entry names none and the ring's reads agree on one office of ``offices`` (the
    booklet's) or of the vocabulary (``_office_match``), or name one of ``sure`` (offices the
    booklet's other entries hold for sure) as well as any other (``booklet_tie``); otherwise
    ``s`` as it was, with a warning when the ring may name several offices."""
    if s.authority is not None or not s.rows:
        return s, []
    letters = frozenset("".join([*offices, *sure]))
    for row in _date_rows(s, letters)[:1]:
        got = read_ring(image, row.box)
        if got is None:
            continue
        found = [match(r, offices) for r in got.reads]
        ev: dict[str, object] = {"ring": list(got.reads)}
        office = _agreed(found)
        tied: list[str] = []
        if office is not None:
            cost = min(m.cost for m in found if m.name == office)
        elif (both := together(got.reads, offices)).name is not None:
            office, cost = both.name, both.cost  # the reads together name one booklet office
        elif (alike := alike_together(got.reads, offices)).name is not None:
            office, cost = alike.name, alike.cost  # … when a look-alike is read for one letter
        elif (tie := booklet_tie(got.reads, sure)).name is not None:
            office, cost = tie.name, tie.cost  # … the booklet's other entries settle a tie
            tied = [c for c in tie.candidates if c != office]
        own = [*offices, *sure]
        if office is not None and cost and (kept := _sure_within(got.reads, office, own)):
            # the reads are what is left of an office the booklet holds (its own, or one its
            # other entries hold for sure: 重庆市教育委 of 重庆市教育委员会, the ring's end
            # lost) while the vocabulary snapped them to another they do not spell: a person
            # decides between the two
            ev["candidates"] = [office, *kept]
            msg = (f"日戳环形文字“{'” / “'.join(got.reads)}”可能是{'、'.join([office, *kept])}"
                   "（本证书所载机关），未确定")
            return s, [Finding("authority_ambiguous", field, msg, "warning", ev)]
        if office is not None:
            how = f"（与之相差 {cost} 字：缺字或形近误读）" if cost else ""
            said = "” / “".join(got.reads)
            msg = (f"注册机关读自日戳环形文字“{said}”{how}，按本证书及行政区划名称唯一确定为"
                   f"“{office}”")
            if tied:
                ev["tied"] = tied
                msg = (f"注册机关读自日戳环形文字“{said}”，缺字处亦可读作"
                       f"{'、'.join(tied[:3])}，按本证书其他注册条目的注册机关确定为"
                       f"“{office}”")
            snapped = cost or office not in {fold(r) for r in got.reads}
            code = "corrected_authority" if snapped else "stamp_authority"
            return replace(s, authority=Piece("authority", office, len(s.rows) - 1)), [
                Finding(code, field, msg, "note", {**ev, "office": office})
            ]
        near = sorted({c for m in found for c in m.candidates})
        if near:
            ev["candidates"] = near[:6]
            msg = f"日戳环形文字“{'” / “'.join(got.reads)}”可能是{'、'.join(near[:4])}，未确定"
            return s, [Finding("authority_ambiguous", field, msg, "warning", ev)]
    return s, []
