"""A date on a colour page whose digit a red seal's ring runs through, read alike by every view.

On a colour scan the red channel pales a seal's ink and keeps the print beneath it, so the
re-reads of a date under a seal count as views of the print. Where the ring's stroke runs
through a digit that no longer holds: dense stamp ink (and a scan's blur of it) takes the
part of the digit under the stroke away in the red channel and adds the stroke in colour,
so every view reads one altered glyph, surely (third 0028: the ring through the 5 of
2011年12月25日, read 23 by the page, both re-reads and the third view; only the page's own
reading kept 5, at 4 %). No rule checks an issue date's month and day. So where a ring found
in the red view (``_red_ink``) runs through the place of a digit of a date field, and some
reading gives another digit there a chance (``RIVAL``) that spells another real date of the
same year, the field goes to review (``text_under_seal``, naming the ring). A ring that runs
through no doubted digit, or a digit no view doubts, leaves the date as read.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, MutableMapping, Sequence

from core.rules import Finding
from scanning import _charbox, _red_ink
from scanning._date_fields import DATE_FIELDS, proved_by_id
from scanning._date_rules import tidy_date
from scanning._date_third import as_printed, written
from scanning._decide_review import FIELD_LABELS
from scanning._fields import RawField
from scanning._ocr import Box, Image, Reading
from scanning._seal_shape import Ring
from scanning._validate import Value

RULE = "彩色印章边框穿过日期数字"
RIVAL = 0.02  # another digit's chance in a reading that makes it a doubt
MARGIN = 0.5  # em either side of a digit's estimated place (the box holds more than the date)
STROKE = 0.05  # the ring's stroke half-width, as a share of its radius
Doubt = tuple[str, int, str]  # a reading's text, the place of a digit, the digit offered there


def flag(
    image: Image, raw: Mapping[str, RawField], readings: Mapping[str, Sequence[Reading]],
    values: MutableMapping[str, Value],
) -> None:
    """Flag each date field of the information page ``image`` whose doubted digit a red
    seal's ring runs through (see module); grey pages have no red view and are left alone."""
    ink: _red_ink.RedInk | None = None
    for key in DATE_FIELDS:
        v = values.get(key)
        if v is None or not isinstance(v.value, str) or v.blocking or key not in raw:
            continue
        if proved_by_id(key, values):
            continue
        doubts = rivals(readings.get(key, ()), v.value)
        if not doubts:
            continue
        ink = ink or _red_ink.of(image)
        hit = [(d, ring) for d in doubts for ring in ink.rings if through(ring, raw[key].box, d)]
        if hit:
            v.fail(_finding(key, v.value, hit), 0.5)


def rivals(readings: Sequence[Reading], value: str) -> list[Doubt]:
    """Per reading that writes ``value`` as printed, each digit place where it offers another
    digit (``RIVAL`` or more) that spells another real date of the same year."""
    out: list[Doubt] = []
    for r in readings:
        tidy = tidy_date(r)
        t = tidy.text
        if not written(t, value):
            continue
        for i, alts in enumerate(tidy.alternatives[: len(t)]):
            for ch, p in alts:
                if not (ch.isdigit() and t[i].isdigit() and ch != t[i] and p >= RIVAL):
                    continue
                other = as_printed(t[:i] + ch + t[i + 1 :])
                if other is not None and other != value and other[:4] == value[:4]:
                    out.append((t, i, ch))
    return out


def through(ring: Ring, box: Box, doubt: Doubt) -> bool:
    """Whether the ring's stroke crosses the estimated place of the doubted digit: the text
    spread over the box by its characters' advances (``_charbox.width``), widened by
    ``MARGIN`` em."""
    text, i, _ = doubt
    widths = [_charbox.width(ch) for ch in text]
    em = (box[2] - box[0]) / max(sum(widths), 1e-6)
    x0 = box[0] + (sum(widths[:i]) - MARGIN) * em
    x1 = box[0] + (sum(widths[: i + 1]) + MARGIN) * em
    return any(lo <= x1 and x0 <= hi for lo, hi in arcs(ring, box[1], box[3]))


def arcs(ring: Ring, top: float, bottom: float) -> list[tuple[float, float]]:
    """The x spans of the ring's stroke (left and right arcs) within a horizontal band."""
    near = 0.0 if top <= ring.cy <= bottom else min(abs(top - ring.cy), abs(bottom - ring.cy))
    far = max(abs(top - ring.cy), abs(bottom - ring.cy))
    outer = ring.r * (1 + STROKE)
    if near >= outer:
        return []
    inner = ring.r * (1 - STROKE)
    wide = math.sqrt(outer**2 - near**2)
    narrow = math.sqrt(max(inner**2 - far**2, 0.0))
    return [(ring.cx - wide, ring.cx - narrow), (ring.cx + narrow, ring.cx + wide)]


def _finding(key: str, value: str, hit: list[tuple[Doubt, Ring]]) -> Finding:
    name = FIELD_LABELS.get(key, key)
    (text, i, ch), _ = hit[0]
    rings = sorted({(round(r.cx), round(r.cy), round(r.r)) for _, r in hit})
    msg = (f"印章边框穿过{name}“{text}”的第 {i + 1} 个字符，识别可能把“{ch}”误作"
           f"“{text[i]}”，请核对原件")
    return Finding("text_under_seal", key, msg, "warning",
                   {"rule": RULE, "read": text, "value": value,
                    "doubted": [[t, k + 1, c] for (t, k, c), _ in hit],
                    "rings": [list(r) for r in rings]})
