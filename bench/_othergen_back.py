"""The second generator's back pages: remarks (备注) and periodic registration (定期注册).

Remarks designs: ``dateline`` (date, then text on the same line), ``trailing`` (text, then date
on the same line), ``letter`` (text, date right-aligned on the line below, seal over it),
``datefirst`` (date on its own line above the text) and ``table`` (日期 | 内容 columns); any of
them printed or handwritten. Sticker designs: ``label`` (bordered sticker, one fact per line),
``strip`` (two dense lines), ``form`` (the page's printed cells, values overprinted) and
``stamp`` (a red rubber stamp with the conclusion and period, round seal beside it).
"""

from __future__ import annotations

import random

from PIL import Image, ImageDraw

from bench._othergen_draw import (
    HAND_FONTS,
    INK,
    PRINT_FONTS,
    RED,
    Canvas,
    font,
    hand_text,
    mm,
    pt,
    seal,
)
from bench._othergen_facts import Holder, Registration
from bench._othergen_info import PAGE, fmt_date, paper, signature_ink

REMARK_DESIGNS = ("dateline", "trailing", "letter", "datefirst", "table")
STICKERS = ("label", "strip", "form", "stamp")
PERIOD_STYLES = ("dot", "dash", "cn", "iso", "split")


class BackStyle:
    """One booklet's choices for its remarks and registration pages."""

    def __init__(self, rng: random.Random) -> None:
        self.remarks = rng.choice(REMARK_DESIGNS)
        self.by_hand = rng.random() < 0.4
        self.hand_font = rng.choice(HAND_FONTS)
        self.hand_size = rng.uniform(12.5, 15.0)
        self.print_font = rng.choice(PRINT_FONTS)
        self.remark_dates = rng.choice(("cn", "cnpad", "dot"))
        self.sticker = rng.choice(STICKERS)
        self.sticker_font = rng.choice(PRINT_FONTS)
        self.period = rng.choice(PERIOD_STYLES)
        self.short_conclusion = rng.random() < 0.3

    def manifest(self) -> dict[str, object]:
        """What the manifest records about this style."""
        return {"remarks_design": self.remarks, "remarks_by_hand": self.by_hand,
                "remarks_font": self.hand_font if self.by_hand else self.print_font,
                "sticker_design": self.sticker, "sticker_font": self.sticker_font,
                "period_style": self.period}


def period_lines(r: Registration, style: str) -> list[str]:
    """The validity period as printed: one or two lines (none for a deferral or a failure)."""
    a, b = r.valid_from, r.valid_until
    if a is None or b is None:
        return []
    if style == "dash":
        return [f"{a:%Y.%m.%d}—{b:%Y.%m.%d}"]
    if style == "cn":
        return [f"{fmt_date(a, 'cn')}至{fmt_date(b, 'cn')}"]
    if style == "iso":
        return [f"{a:%Y-%m-%d} 至 {b:%Y-%m-%d}"]
    if style == "split":
        return [f"{a:%Y.%m.%d}", f"至{b:%Y.%m.%d}"]
    return [f"{a:%Y.%m.%d}-{b:%Y.%m.%d}"]


def _conclusion(r: Registration, short: bool) -> str:
    if short:
        return {"注册合格": "合格", "注册不合格": "不合格"}.get(r.conclusion, r.conclusion)
    return r.conclusion


# ---------------------------------------------------------------------------- remarks


def _write(c: Canvas, st: BackStyle, x: float, y: float, s: str, rng: random.Random,
           ink: tuple[int, int, int]) -> float:
    if st.by_hand:
        return hand_text(c, x, y, s, st.hand_font, st.hand_size, rng, ink) - x
    return c.text(x, y, s, st.print_font, 10.5)


def remarks_page(rng: random.Random, h: Holder, st: BackStyle) -> Canvas:
    """The 备注 page with the holder's remarks in the booklet's design."""
    c = Canvas(*PAGE, paper(rng))
    c.text(72.5, 24, rng.choice(("备　注", "备注", "备 注 栏")), st.print_font, 16, anchor="ms")
    ink = signature_ink(rng) if st.by_hand else INK
    left, y = rng.uniform(14, 22), rng.uniform(42, 52)
    if st.remarks == "table":
        _remarks_table(c, st, h, rng, ink, left, y)
        return c
    for when, text in h.remarks:
        day = fmt_date(when, st.remark_dates)
        if st.remarks == "dateline":
            w = _write(c, st, left, y, day, rng, ink)
            _write(c, st, left + w + 6, y, text, rng, ink)
            seal_at = (left + w + 10, y - 26)
        elif st.remarks == "trailing":
            w = _write(c, st, left, y, text, rng, ink)
            _write(c, st, left + w + 8, y, day, rng, ink)
            seal_at = (left + w - 6, y - 26)
        elif st.remarks == "letter":
            _write(c, st, left + 8, y, text, rng, ink)
            y += 11
            dx = PAGE[0] - left - (c.width(day, st.print_font, 10.5) + 8)
            _write(c, st, dx, y, day, rng, ink)
            seal_at = (dx - 6, y - 28)
        else:  # datefirst
            _write(c, st, left, y, day, rng, ink)
            y += 10
            _write(c, st, left + 6, y, text, rng, ink)
            seal_at = (PAGE[0] - 60, y - 30)
        if rng.random() < 0.7:
            c.multiply(seal(h.authority, 34, rng), *seal_at)
        y += rng.uniform(24, 34)
    return c


def _remarks_table(c: Canvas, st: BackStyle, h: Holder, rng: random.Random,
                   ink: tuple[int, int, int], left: float, y: float) -> None:
    x1, dw, rh = PAGE[0] - left, 36.0, 16.0
    c.rect(left, y, x1, y + rh * 6, width=0.35)
    c.line(left + dw, y, left + dw, y + rh * 6)
    c.text(left + dw / 2, y + 10, "日　期", st.print_font, 10.5, anchor="ms")
    c.text((left + dw + x1) / 2, y + 10, "备注事项", st.print_font, 10.5, anchor="ms")
    for i in range(1, 6):
        c.line(left, y + rh * i, x1, y + rh * i, width=0.2)
    for i, (when, text) in enumerate(h.remarks[:5]):
        base = y + rh * (i + 1) + 10.5
        _write(c, st, left + 2, base, fmt_date(when, "dot"), rng, ink)
        _write(c, st, left + dw + 3, base, text, rng, ink)
        if rng.random() < 0.5:
            c.multiply(seal(h.authority, 30, rng), x1 - 38, base - 22)


# ---------------------------------------------------------------------------- registration


def registration_page(rng: random.Random, h: Holder, st: BackStyle,
                      entries: list[Registration]) -> Canvas:
    """A 定期注册 page: three printed boxes, stickers in the first ``len(entries)``."""
    c = Canvas(*PAGE, paper(rng))
    c.text(72.5, 22, rng.choice(("定期注册", "教师资格定期注册", "注 册 记 录")),
           st.print_font, 15, anchor="ms")
    top, bw, bh = 32.0, PAGE[0] - 30, 52.0
    for i in range(3):
        y = top + i * (bh + 6)
        c.rect(15, y, 15 + bw, y + bh, width=0.25, outline=(120, 120, 120))
        if st.sticker == "form":
            _form_cells(c, st, y, bw, bh, entries[i] if i < len(entries) else None, rng)
            continue
        if i >= len(entries):
            continue
        art = _sticker(entries[i], st, rng)
        art = art.rotate(rng.uniform(-3, 3), expand=True, fillcolor=(255, 255, 255, 0))
        x = 15 + (bw - art.width * 25.4 / 300) / 2 + rng.uniform(-4, 4)
        c.multiply(art, x, y + rng.uniform(1, 5))
        if rng.random() < 0.5:
            c.multiply(seal(entries[i].authority, 32, rng), x + rng.uniform(40, 70),
                       y + rng.uniform(10, 20))
    return c


def _sticker(r: Registration, st: BackStyle, rng: random.Random) -> Image.Image:
    """The sticker (or stamp) itself, RGBA at render resolution."""
    if st.sticker == "stamp":
        return _stamp(r, st)
    lines = [("教师资格定期注册", 11.0)] if st.sticker == "label" else []
    concl = _conclusion(r, st.short_conclusion)
    period = period_lines(r, st.period)
    if st.sticker == "label":
        lines.append((f"注册结论：{concl}", 10.0))
        if period:
            lines.append((f"有效期：{period[0]}", 10.0))
            lines += [(f"　　　　{p}", 10.0) for p in period[1:]]
        lines += [(f"注册机关：{r.authority}", 10.0), (fmt_date(r.decided, "cn"), 10.0)]
    else:
        lines.append(((f"{concl}　有效期限 " + " ".join(period)) if period else concl, 9.5))
        lines.append((f"{r.authority}　{fmt_date(r.decided, 'dot')}", 9.5))
    w = max(font(st.sticker_font, pt(s)).getlength(t) for t, s in lines) + mm(8)
    h = sum(pt(s) * 1.5 for _, s in lines) + mm(6)
    tint = rng.choice(((255, 255, 255), (248, 250, 255), (255, 252, 240)))
    img = Image.new("RGBA", (int(w), int(h)), (*tint, 255))
    g = ImageDraw.Draw(img)
    g.rectangle((0, 0, img.width - 1, img.height - 1), outline=(90, 90, 110), width=3)
    y = mm(3)
    for text, size in lines:
        y += pt(size) * 1.25
        g.text((mm(4), y), text, font=font(st.sticker_font, pt(size)), fill=INK, anchor="ls")
        y += pt(size) * 0.25
    return img


def _stamp(r: Registration, st: BackStyle) -> Image.Image:
    """A rectangular red rubber stamp: 定期注册 conclusion, period, date."""
    lines = [f"定期注册{_conclusion(r, True) if r.conclusion != '暂缓注册' else '暂缓'}"]
    lines += period_lines(r, st.period) or [fmt_date(r.decided, "cn")]
    f = font("Noto Sans CJK SC Bold", pt(12))
    w = int(max(f.getlength(t) for t in lines) + mm(8))
    h = int(len(lines) * pt(12) * 1.5 + mm(5))
    img = Image.new("RGBA", (w, h), (*RED, 0))
    g = ImageDraw.Draw(img)
    g.rectangle((2, 2, w - 3, h - 3), outline=(*RED, 220), width=6)
    for i, text in enumerate(lines):
        g.text((w / 2, mm(3) + pt(12) * (1.5 * i + 1.1)), text, font=f, fill=(*RED, 215),
               anchor="ms")
    return img


def _form_cells(c: Canvas, st: BackStyle, y: float, bw: float, bh: float,
                r: Registration | None, rng: random.Random) -> None:
    """Printed cells (注册结论 / 有效期限 / 注册机关 / 注册日期), values overprinted if any."""
    labels = ("注册结论", "有效期限", "注册机关", "注册日期")
    rh = bh / 4
    for k, label in enumerate(labels):
        yy = y + rh * k
        if k:
            c.line(15, yy, 15 + bw, yy, width=0.15, fill=(120, 120, 120))
        c.text(18, yy + rh * 0.68, label, st.print_font, 9.5, fill=(80, 80, 80))
    c.line(40, y, 40, y + bh, width=0.15, fill=(120, 120, 120))
    if r is None:
        return
    values = [_conclusion(r, st.short_conclusion), "　".join(period_lines(r, st.period)) or "—",
              r.authority, fmt_date(r.decided, "cn")]
    dx, dy = rng.uniform(-1.5, 1.5), rng.uniform(-1.2, 1.2)
    for k, v in enumerate(values):
        c.text(43 + dx, y + rh * k + rh * 0.68 + dy, v, st.sticker_font, 10)
    c.multiply(seal(r.authority, 30, rng), 15 + bw - 45, y + 6)


def split_registrations(entries: list[Registration], per_page: int = 3
                        ) -> list[list[Registration]]:
    """Stickers in order, three boxes to a page; at least one (empty) page."""
    pages = [entries[i:i + per_page] for i in range(0, len(entries), per_page)]
    return pages or [[]]

