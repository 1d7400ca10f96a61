"""The back pages of a fourth-generator booklet: remarks (备注) in four designs and the periodic
registration page (定期注册) with four sticker/stamp designs.

Remarks: ``hand_ruled`` (handwritten on ruled lines, text wrapping onto the next line, the date
right-aligned on its own line, often under the seal), ``numbered`` (printed "1．date，text"),
``stamp_box`` (a rubber stamp frame in purple or blue ink holding text and date), ``hand_inline``
(handwritten text with the date in brackets at its end, wrapped as the line runs out).
Registrations: ``barcode`` (printed sticker: serial number, bar pattern, four labelled lines),
``datestamp`` (handwritten conclusion and period beside a round dater with the decision date),
``grid`` (a tinted sticker with a ruled table, the period split over two lines 自…/至…),
``hand_lines`` (a clerk's sentence over two or three lines under the authority's seal).
"""

from __future__ import annotations

import random

from PIL import Image

from bench._fourthgen_draw import (
    HAND_FACES,
    INKS,
    Canvas,
    barcode,
    date_stamp,
    hand,
    mm,
    seal,
)
from bench._fourthgen_facts import Holder, Registration, Remark
from bench._fourthgen_pages import Style, fmt_date

REMARK_DESIGNS = ("hand_ruled", "numbered", "stamp_box", "hand_inline")
STICKER_DESIGNS = ("barcode", "datestamp", "grid", "hand_lines")
_HAND_DATES = ("cn", "cn0", "dot_short", "slash", "cnnum", "dot")
_NO_LINE_START = "，。、；：”）》"


def _wrap(text: str, width: int) -> list[str]:
    """Cut into lines of ``width`` characters, never starting a line with closing punctuation."""
    lines: list[str] = []
    rest = text
    while len(rest) > width:
        cut = width
        while cut < len(rest) and rest[cut] in _NO_LINE_START:
            cut += 1
        lines.append(rest[:cut])
        rest = rest[cut:]
    return [*lines, rest] if rest else lines


def _hand_line(page: Canvas, s: str, x: float, y: float, face: str, size: float,
               ink: tuple[int, int, int], rng: random.Random, right: bool = False) -> float:
    """Handwriting with its baseline near y; ``right`` aligns its end at x; returns its width."""
    img = hand(s, face, size, ink, rng)
    w = img.width / mm(1)
    page.paste(img, (x - w if right else x), y - size * 1.3)
    return w


def _title(page: Canvas, text: str, style: Style) -> None:
    page.text(page.w / 2, 24, text, style.label_face, 6, anchor="ms")


def remarks_page(style: Style, h: Holder, rng: random.Random, design: str,
                 remarks: list[Remark]) -> Image.Image:
    """The 备注 page with every remark in ``design``."""
    page = Canvas(*style.size, style.paper)
    _title(page, rng.choice(("备　　注", "备注", "备　注")), style)
    face = rng.choice(HAND_FACES)
    ink = INKS[rng.choice(("black", "blue_black", "blue"))]
    date_form = rng.choice(_HAND_DATES)
    y = 40.0
    if design == "hand_ruled":
        for k in range(int((page.h - 45) / 11)):
            page.line(12, 40 + k * 11, page.w - 12, 40 + k * 11, 0.2, (175, 185, 200))
        y = 38.0
    for r in remarks:
        when = fmt_date(r.day, date_form)
        if design == "hand_ruled":
            for line in _wrap(r.text, rng.randint(13, 16)):
                _hand_line(page, line, 16, y, face, 5, ink, rng)
                y += 11
            _hand_line(page, when, page.w - 18, y, face, 4.8, ink, rng, right=True)
            if rng.random() < 0.6:
                _stamp(page, style, h, rng, page.w - 45, y - 5)
            y += 16.5
        elif design == "numbered":
            n = remarks.index(r) + 1
            lines = _wrap(f"{n}．{fmt_date(r.day, style.date_form)}，{r.text}", 24)
            for i, line in enumerate(lines):
                page.text(14 + (4.5 if i else 0), y, line, style.value_face, 4.0)
                y += 7.5
            y += 6
        elif design == "stamp_box":
            y = _stamp_box(page, r, rng, y)
        else:
            y = _inline(page, r, when, face, ink, rng, y)
            if rng.random() < 0.5:
                _stamp(page, style, h, rng, page.w - 50, y - 14)
    return page.img


def _stamp(page: Canvas, style: Style, h: Holder, rng: random.Random, x: float,
           y: float) -> None:
    layer = seal(h.authority, rng, style.seal_ink, rng.choice((0.2, 0.45, 0.7)), 38,
                 double=rng.random() < 0.1)
    page.paste(layer, x - layer.width / mm(2), y - layer.height / mm(2), multiply=True)


def _stamp_box(page: Canvas, r: Remark, rng: random.Random, y: float) -> float:
    ink = rng.choice(((110, 40, 120), (40, 60, 150), (150, 30, 60)))
    lines = _wrap(r.text, 15)
    box_h = 10 + 6.5 * len(lines) + 8
    c = Canvas(100, box_h, (255, 255, 255))
    c.img = Image.new("RGBA", c.img.size, (0, 0, 0, 0))
    from PIL import ImageDraw
    c.draw = ImageDraw.Draw(c.img)
    c.rect(0.8, 0.8, 98.4, box_h - 1.6, ink + (230,), width=0.8)  # type: ignore[arg-type]
    for i, line in enumerate(lines):
        c.text(5, 9 + 6.5 * i, line, "hei", 4.3, ink + (230,))  # type: ignore[arg-type]
    c.text(95, box_h - 4, fmt_date(r.day, "dot"), "mono", 4.0, ink + (230,),  # type: ignore
           anchor="rs")
    layer = c.img.rotate(rng.uniform(-2.5, 2.5), expand=True, resample=Image.Resampling.BICUBIC)
    page.paste(layer, 18 + rng.uniform(-4, 6), y - 6, multiply=True)
    return y + box_h + 8


def _inline(page: Canvas, r: Remark, when: str, face: str, ink: tuple[int, int, int],
            rng: random.Random, y: float) -> float:
    """Text then （date） as one run of handwriting; the date token is never cut."""
    words = [*r.text, f"（{when}）"]
    line, width, lines = "", rng.randint(13, 17), []
    for w in words:
        if len(line) + len(w) > width and line and w[0] not in _NO_LINE_START:
            lines.append(line)
            line = ""
        line += w
    lines.append(line)
    for i, text in enumerate(lines):
        _hand_line(page, text, 16 + (0 if i else 9), y, face, 5, ink, rng)
        y += 10.5
    return y + 7


# ---- registration ------------------------------------------------------------------------

def _period_text(reg: Registration, form: str) -> str:
    a, b = reg.valid_from, reg.valid_until
    assert a is not None and b is not None
    if form == "dash_cn":
        return f"{fmt_date(a, 'cn0')}—{fmt_date(b, 'cn0')}"
    if form == "zhi":
        return f"{fmt_date(a, 'cn')}至{fmt_date(b, 'cn')}"
    if form == "dots":
        return f"{fmt_date(a, 'dot')}-{fmt_date(b, 'dot')}"
    return f"自{fmt_date(a, 'cn')}至{fmt_date(b, 'cn')}止"


def _conclusion_text(reg: Registration, rng: random.Random) -> str:
    if reg.conclusion == "注册合格":
        return rng.choice(("注册合格", "合格"))
    if reg.conclusion == "注册不合格":
        return rng.choice(("注册不合格", "不合格"))
    return "暂缓注册"


def _sticker_barcode(reg: Registration, rng: random.Random, serial: str) -> Image.Image:
    c = Canvas(72, 44, (253, 253, 250))
    c.rect(0.6, 0.6, 70.8, 42.8, (40, 90, 160), width=0.5)
    c.text(4, 7, "教师资格定期注册", "hei_bold", 3.6, (40, 90, 160))
    c.text(68, 7, f"No.{serial}", "mono", 2.6, (190, 30, 30), anchor="rs")
    c.paste(barcode(serial, 34, 9, rng), 34, 9)
    rows = [("注册结论", _conclusion_text(reg, rng))]
    if reg.valid_from:
        rows.append(("有效期限", _period_text(reg, rng.choice(("dash_cn", "dots", "zhi")))))
    rows += [("注册机构", reg.authority), ("注册日期", fmt_date(reg.decided, "cn0"))]
    y = 23.0
    for label, value in rows:
        end = c.text(4, y, label + "：", "song", 2.8)
        size = 3.0
        while size > 1.8 and c.width(value, "song", size) > 70 - end:
            size -= 0.1
        c.text(end, y, value, "song", size)
        y += 5.3
    return c.img


def _sticker_grid(reg: Registration, rng: random.Random) -> Image.Image:
    c = Canvas(70, 42, (228, 242, 228))
    ink = (30, 90, 50)
    c.rect(0.5, 0.5, 69, 41, ink, width=0.4)
    split = 17.0
    heights = (8, 14, 10, 9)
    y = 0.5
    a, b = reg.valid_from, reg.valid_until
    cells = [("注册结论", [_conclusion_text(reg, rng)]),
             ("有 效 期", [f"自{fmt_date(a, 'cn')}", f"至{fmt_date(b, 'cn')}"] if a and b
              else ["——"]),
             ("注册机关", [reg.authority]), ("注册时间", [fmt_date(reg.decided, "cn")])]
    for (label, lines), hh in zip(cells, heights, strict=True):
        c.text(2.2, y + hh / 2 + 1.2, label, "hei", 2.9, ink)
        for i, line in enumerate(lines):
            size = 3.1 if c.width(line, "song", 3.1) < 69 - split - 2 else 2.2
            c.text(split + 1.5, y + (hh / 2 + 1.2 if len(lines) == 1 else 5 + 5.5 * i), line,
                   "song", size)
        y += hh
        c.line(0.5, y, 69.5, y, 0.3, ink)
    c.line(split, 0.5, split, 41.5, 0.3, ink)
    return c.img


def _draw_reg(page: Canvas, style: Style, h: Holder, reg: Registration, design: str,
              box: tuple[float, float, float, float], rng: random.Random, n: int) -> None:
    x, y, w, hh = box
    if design in ("barcode", "grid"):
        serial = f"{reg.decided.year}{h.certificate_number[4:6]}{rng.randrange(10**6):06d}"
        img = (_sticker_barcode(reg, rng, serial) if design == "barcode"
               else _sticker_grid(reg, rng))
        img = img.rotate(rng.uniform(-3, 3), expand=True, resample=Image.Resampling.BICUBIC,
                         fillcolor=style.paper)
        page.paste(img, x + (w - img.width / mm(1)) / 2 + rng.uniform(-4, 4),
                   y + (hh - img.height / mm(1)) / 2 + rng.uniform(-3, 3))
        if rng.random() < 0.4:
            _stamp(page, style, h, rng, x + w * rng.uniform(0.55, 0.8), y + hh * 0.6)
        return
    face, ink = rng.choice(HAND_FACES), INKS[rng.choice(("black", "blue_black", "blue"))]
    if design == "datestamp":
        page.text(x + 5, y + 10, "注册结论：", style.label_face, 3.4)
        _hand_line(page, _conclusion_text(reg, rng), x + 24, y + 10, face, 5, ink, rng)
        if reg.valid_from:
            page.text(x + 5, y + 20, "有效期：", style.label_face, 3.4)
            a, b = reg.valid_from, reg.valid_until
            text = f"{fmt_date(a, 'dot_short')}—{fmt_date(b, 'dot_short')}"  # type: ignore
            _hand_line(page, text, x + 20, y + 20, face, 4.5, ink, rng)
        stamp = date_stamp(reg.authority[-10:], fmt_date(reg.decided, "dot"), "定期注册", rng)
        page.paste(stamp, x + w - 36 + rng.uniform(-3, 3), y + hh - 36 + rng.uniform(-4, 2),
                   multiply=True)
        return
    lines = ["经审核，" + ("定期注册合格。" if reg.conclusion == "注册合格" else
                        f"{_conclusion_text(reg, rng)}。")]
    if reg.valid_from:
        lines += [f"有效期自{fmt_date(reg.valid_from, 'cn')}至",
                  f"{fmt_date(reg.valid_until, 'cn')}止。"]  # type: ignore[arg-type]
    for i, line in enumerate(lines):
        _hand_line(page, line, x + 6, y + 10 + 8.5 * i, face, 4.6, ink, rng)
    yy = y + 10 + 8.5 * len(lines)
    _hand_line(page, fmt_date(reg.decided, "cn"), x + w - 6, yy + 3, face, 4.4, ink, rng,
               right=True)
    _stamp(page, style, h, rng, x + w - 28, yy - 2)


def registration_page(style: Style, h: Holder, rng: random.Random, design: str,
                      regs: list[Registration]) -> Image.Image:
    """The 定期注册 page: numbered boxes, one entry per box in order."""
    page = Canvas(*style.size, style.paper)
    _title(page, rng.choice(("定期注册", "教师资格定期注册记录", "注　册")), style)
    n = max(3, len(regs))
    top, bottom = 34.0, page.h - 10
    hh = (bottom - top) / n
    for i in range(n):
        box = (12.0, top + i * hh + 1.5, page.w - 24, hh - 3)
        page.rect(box[0], box[1], box[2], box[3], (150, 150, 150), width=0.25)
        page.text(box[0] + 1.5, box[1] + 4.2, f"第{'一二三四五'[i]}次注册", style.label_face, 2.6,
                  (130, 130, 130))
        if i < len(regs):
            _draw_reg(page, style, h, regs[i], design, box, rng, i)
    return page.img
