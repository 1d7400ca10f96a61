"""Drawing primitives for wide-variety pages: text in any family with letter spacing, labels
justified to a width (姓　　名), handwriting-like text, and the print-run style that ties a
booklet's typography together."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from scanning._fields import INFO_LABELS
from scanning.sample import _fonts
from scanning.sample._render import LABELS, Canvas

Ink = tuple[int, int, int]
BLACK: Ink = (25, 25, 30)
BLUE_INKS: tuple[Ink, ...] = ((25, 45, 140), (30, 60, 160), (20, 35, 110))
PAPERS: tuple[Ink, ...] = ((250, 248, 242), (246, 244, 236), (252, 251, 248), (244, 241, 230))
PATTERNS: tuple[Ink, ...] = ((236, 226, 230), (226, 236, 226), (228, 232, 240), (240, 232, 220))


def label_variants(key: str) -> list[str]:
    """Every printed label for an information field (the scanner's list and the classic one)."""
    names = list(dict.fromkeys([*INFO_LABELS.get(key, ()), *LABELS.get(key, ())]))
    return [n for n in names if "　" not in n]


def fmt_date(iso: str, style: str) -> str:
    """A date as printed: 2015年07月01日 (pad), 2015年7月1日, 2015.07.01 (dot), 2015-07-01."""
    d = dt.date.fromisoformat(iso)
    if style == "pad":
        return f"{d.year}年{d.month:02d}月{d.day:02d}日"
    if style == "dot":
        return f"{d:%Y.%m.%d}"
    if style == "dash":
        return d.isoformat()
    return f"{d.year}年{d.month}月{d.day}日"


@dataclass(frozen=True)
class Style:
    """Typography of one booklet's print run (labels, faces, sizes, date style)."""

    labels: dict[str, str]
    label_family: str
    value_family: str
    label_mm: float
    value_mm: float
    spacing: float  # extra space between characters, as a fraction of the size
    date_style: str
    colon: str
    justify: bool  # labels spread to a common width: 姓　　名
    paper: Ink
    pattern: Ink
    underline: bool  # values written on fill-in lines
    value_ink: Ink
    value_shift: tuple[float, float]  # a printer filling a pre-printed form misregisters (mm)

    @staticmethod
    def pick(rng: random.Random, issued_year: int) -> Style:
        """A random print run; dotted dates only on newer runs."""
        dates = ["pad", "pad", "plain"] + (["dot"] if issued_year >= 2016 else [])
        return Style(
            labels={k: rng.choice(label_variants(k)) for k in LABELS},
            label_family=rng.choice(_fonts.PRINT),
            value_family=rng.choice((*_fonts.PRINT, *_fonts.KAI[:1])),
            label_mm=rng.uniform(3.2, 3.9),
            value_mm=rng.uniform(3.3, 4.3),
            spacing=rng.choice([0.0, 0.0, 0.05, 0.12, 0.2]),
            date_style=rng.choice(dates),
            colon=rng.choice(["：", "：", ":"]),
            justify=rng.random() < 0.35,
            paper=rng.choice(PAPERS),
            pattern=rng.choice(PATTERNS),
            underline=rng.random() < 0.25,
            value_ink=rng.choice([BLACK, BLACK, (60, 60, 66), (30, 40, 95), (80, 80, 86)]),
            value_shift=(rng.uniform(-1.5, 1.5), rng.uniform(-1.0, 1.0))
            if rng.random() < 0.4
            else (0.0, 0.0),
        )


class Page(Canvas):
    """A canvas that writes text in any family, with spacing, justification or a hand."""

    def __init__(self, dpi: int, paper: Ink) -> None:
        super().__init__(dpi, bg=paper)

    def width(self, text: str, family: str, size: float, spacing: float = 0.0) -> float:
        """Width of ``text`` in mm."""
        f = _fonts.face(family, self.px(size))
        return f.getlength(text) / self.k + max(0, len(text) - 1) * spacing * size

    def fit(self, text: str, family: str, size: float, room: float, spacing: float = 0.0) -> float:
        """The largest size ≤ ``size`` at which ``text`` fits in ``room`` mm."""
        while size > 2.2 and self.width(text, family, size, spacing) > room:
            size *= 0.94
        return size

    def put(
        self,
        x: float,
        y: float,
        text: str,
        family: str,
        size: float,
        spacing: float = 0.0,
        fill: Ink = BLACK,
        align: str = "l",
    ) -> float:
        """Draw ``text`` from (x, y) mm (its left, right or centre per ``align``); the end x."""
        w = self.width(text, family, size, spacing)
        x0 = x - w if align == "r" else x - w / 2 if align == "c" else x
        f = _fonts.face(family, self.px(size))
        if spacing == 0.0:
            self.draw.text((self.px(x0), self.px(y)), text, font=f, fill=fill)
            return x0 + w
        cx = x0
        for ch in text:
            self.draw.text((self.px(cx), self.px(y)), ch, font=f, fill=fill)
            cx += f.getlength(ch) / self.k + spacing * size
        return x0 + w

    def spread_label(
        self, x: float, y: float, text: str, family: str, size: float, room: float
    ) -> None:
        """A label distributed over ``room`` mm, as forms align 姓　　名 with 出生日期."""
        if len(text) < 2 or len(text) >= 4:
            self.put(x, y, text, family, size)
            return
        natural = self.width(text, family, size)
        gap = (room - natural) / (len(text) - 1) / size
        self.put(x, y, text, family, size, max(0.0, gap))

    def hand(
        self, x: float, y: float, text: str, family: str, size: float, ink: Ink, rng: random.Random
    ) -> float:
        """Handwriting-like text: per-character jitter, slant, size and ink pressure; the end x."""
        cx = x
        slant = rng.uniform(-0.18, 0.05)
        drift = rng.uniform(-0.04, 0.04)  # hand-written lines rarely keep to the baseline
        for ch in text:
            s = size * rng.uniform(0.9, 1.08)
            f = _fonts.face(family, self.px(s))
            side = self.px(s * 1.6)
            glyph = Image.new("L", (side, side), 0)
            ImageDraw.Draw(glyph).text((side // 5, side // 8), ch, font=f, fill=255)
            glyph = glyph.transform(
                glyph.size, Image.Transform.AFFINE, (1, slant, -slant * side / 2, 0, 1, 0)
            )
            glyph = glyph.rotate(rng.uniform(-5, 5), resample=Image.Resampling.BILINEAR)
            pressure = rng.uniform(0.7, 1.0)
            alpha = (np.asarray(glyph, np.float32) * pressure).astype(np.uint8)
            colour = Image.new("RGB", glyph.size, ink)
            top = self.px(y + drift * (cx - x) + rng.uniform(-0.35, 0.35)) - side // 8
            self.img.paste(colour, (self.px(cx) - side // 5, top), Image.fromarray(alpha))
            cx += f.getlength(ch) / self.k * rng.uniform(0.95, 1.1) + size * 0.04
        return cx


def seal_text(authority: str) -> str:
    """The text round a seal: the authority's name (the last 16 characters of a longer one)."""
    return authority if len(authority) <= 16 else authority[-16:]
