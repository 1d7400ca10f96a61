"""The second generator's front pages: cover, notice, photo page and the information page.

Information-page layouts (each a real print run's habit): ``ruled`` (label, value on an
underline), ``grid`` (bordered table, two fields to a row where they fit), ``colon`` ("标签：值"
lines, some two to a line), ``stacked`` (small label above its value) and ``pairs`` (spaced
labels, two columns). Labels are drawn per booklet from every generation's wording.
"""

from __future__ import annotations

import random
from datetime import date

from bench._othergen_draw import (
    INK,
    PRINT_FONTS,
    Canvas,
    emboss,
    guilloche,
    hand_text,
    portrait,
    seal,
)
from bench._othergen_facts import Holder

PAGE = (145.0, 205.0)
PAPERS = ((250, 248, 240), (246, 243, 232), (252, 252, 250), (243, 240, 228))
LABELS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "姓　名", "姓    名"),
    "gender": ("性别", "性　别"),
    "birth_date": ("出生日期", "出生年月"),
    "ethnicity": ("民族", "民　族"),
    "id_number": ("身份证件号码", "身份证号码", "公民身份号码", "身份证号"),
    "qualification_type": ("资格种类", "资格类别", "教师资格种类", "教师资格"),
    "subject": ("任教学科", "学科", "任教学科(专业)"),
    "certificate_number": ("证书号码", "证书编号"),
    "issuing_authority": ("发证机关", "颁发机关", "认定机构", "认定机关"),
    "issue_date": ("批准日期", "颁发日期", "发证日期"),
}
LAYOUTS = ("ruled", "grid", "colon", "stacked", "pairs")
DATE_STYLES = ("cn", "cnpad", "dot", "cnsp")


def fmt_date(d: date, style: str) -> str:
    """A date as booklets print it (Arabic digits only)."""
    if style == "cnpad":
        return f"{d.year}年{d.month:02d}月{d.day:02d}日"
    if style == "dot":
        return f"{d.year}.{d.month:02d}.{d.day:02d}"
    if style == "cnsp":
        return f"{d.year} 年 {d.month} 月 {d.day} 日"
    return f"{d.year}年{d.month}月{d.day}日"


def paper(rng: random.Random) -> tuple[int, int, int]:
    """A paper tone."""
    return rng.choice(PAPERS)


def cover(rng: random.Random) -> Canvas:
    """The cover: dark red or green board with gold lettering."""
    board = rng.choice(((120, 22, 28), (96, 18, 24), (28, 70, 48)))
    c = Canvas(*PAGE, board)
    gold = (214, 178, 98)
    c.draw.ellipse(tuple(int(v) for v in (c.img.width * 0.38, c.img.height * 0.17,
                                          c.img.width * 0.62, c.img.height * 0.34)),
                   outline=gold, width=8)
    family = rng.choice(("Noto Serif CJK SC Bold", "Noto Sans CJK SC Bold"))
    c.text(72.5, 95, "中华人民共和国", family, 18, fill=gold, anchor="ms", spacing=2)
    c.text(72.5, 125, "教师资格证书", family, 30, fill=gold, anchor="ms", spacing=3)
    c.text(72.5, 185, "中华人民共和国教育部制", family, 11, fill=gold, anchor="ms")
    return c


def notice(rng: random.Random) -> Canvas:
    """The 说明 page some print runs carry: numbered notes, no holder data."""
    c = Canvas(*PAGE, paper(rng))
    family = rng.choice(PRINT_FONTS)
    c.text(72.5, 30, "说　明", family, 16, anchor="ms")
    notes = ("一、本证书是持证人具备国家认定的教师", "资格的法定凭证。",
             "二、本证书由国务院教育行政部门统一", "印制，由教师资格认定机构颁发。",
             "三、本证书应妥善保管，不得涂改、转借。", "四、本证书遗失或损坏，持证人应及时",
             "向原发证机关申请补发或换发。")
    for i, line in enumerate(notes):
        c.text(18, 50 + i * 10, line, family, 11)
    return c


def photo_page(rng: random.Random, h: Holder) -> tuple[Canvas, str]:
    """The photo page: portrait (white after 2020, blue or red before), steel seal, signature."""
    c = Canvas(*PAGE, paper(rng))
    bg = "white" if h.issued.year >= 2020 else rng.choice(("blue", "red"))
    colour = {"white": (250, 250, 250), "blue": (67, 142, 219), "red": (200, 30, 40)}[bg]
    w, hh = 33.0, 48.0
    x, y = (PAGE[0] - w) / 2 + rng.uniform(-6, 6), rng.uniform(35, 55)
    c.img.paste(portrait(w, hh, colour, rng), (round(x * 300 / 25.4), round(y * 300 / 25.4)))
    if rng.random() < 0.6:
        c.rect(x - 1.5, y - 1.5, x + w + 1.5, y + hh + 1.5, width=0.2)
    emboss(c, x + w - 12, y + hh - 14, 24, rng)
    family = rng.choice(PRINT_FONTS)
    sy = y + hh + 30
    c.text(25, sy, "持证人签名", family, 11)
    c.line(52, sy + 1.5, 115, sy + 1.5, width=0.2)
    hand_text(c, 60, sy, h.name, rng.choice(("LXGW WenKai", "AR PL UKai CN")), 16, rng,
              (20, 30, 90))
    return c, bg


def _values(h: Holder, date_style: str, ethnicity: bool) -> list[tuple[str, str]]:
    vals = [("name", h.name), ("gender", h.gender), ("birth_date", fmt_date(h.birth, date_style))]
    if ethnicity:
        vals.append(("ethnicity", h.ethnicity))
    vals += [("id_number", h.id_number), ("qualification_type", h.qualification),
             ("subject", h.subject), ("certificate_number", h.cert_number),
             ("issuing_authority", h.authority), ("issue_date", fmt_date(h.issued, date_style))]
    return vals


class InfoStyle:
    """One booklet's typographic choices for its information page."""

    def __init__(self, rng: random.Random) -> None:
        self.layout = rng.choice(LAYOUTS)
        self.label_font = rng.choice(PRINT_FONTS)
        self.value_font = rng.choice(PRINT_FONTS)
        self.labels = {k: rng.choice(v) for k, v in LABELS.items()}
        self.date_style = rng.choice(DATE_STYLES)
        self.size = rng.uniform(10.0, 12.5)
        self.ethnicity = rng.random() < 0.5
        self.guilloche = rng.random() < 0.6
        self.title = rng.random() < 0.5
        self.top = rng.uniform(28, 48)
        self.left = rng.uniform(12, 22)

    def manifest(self) -> dict[str, object]:
        """What the manifest records about this style."""
        return {"layout": self.layout, "label_font": self.label_font,
                "value_font": self.value_font, "labels": self.labels,
                "date_style": self.date_style, "guilloche": self.guilloche}


def info_page(rng: random.Random, h: Holder, st: InfoStyle) -> Canvas:
    """The information page in ``st``'s layout, the authority's seal over authority and date."""
    c = Canvas(*PAGE, paper(rng))
    if st.guilloche:
        guilloche(c, rng, rng.choice(((226, 236, 226), (236, 226, 232), (224, 232, 242))))
    if st.title:
        c.text(72.5, st.top - 10, "教师资格证书", st.label_font, 17, anchor="ms", spacing=2)
    rows = _values(h, st.date_style, st.ethnicity)
    spots = {"ruled": _ruled, "grid": _grid, "colon": _colon, "stacked": _stacked,
             "pairs": _pairs}[st.layout](c, st, rows)
    ax, ay = spots.get("issuing_authority", spots["issue_date"])
    sx = min(PAGE[0] - 45, ax + rng.uniform(-5, 20))
    c.multiply(seal(h.authority, rng.uniform(36, 42), rng, bottom="教师资格认定专用章"
                    if rng.random() < 0.4 else ""), sx, ay - rng.uniform(18, 28))
    return c


def _label(c: Canvas, st: InfoStyle, x: float, y: float, key: str, suffix: str = "") -> float:
    return c.text(x, y, st.labels[key] + suffix, st.label_font, st.size)


def _ruled(c: Canvas, st: InfoStyle, rows: list[tuple[str, str]]) -> dict[str, tuple[float, float]]:
    spots, y, gap = {}, st.top, st.size * 0.9 + 3.5
    vx = st.left + 33
    for key, value in rows:
        _label(c, st, st.left, y, key)
        c.text(vx, y, value, st.value_font, st.size)
        c.line(vx - 1, y + 1.6, PAGE[0] - st.left, y + 1.6, width=0.15)
        spots[key] = (vx, y)
        y += gap
    return spots


def _grid(c: Canvas, st: InfoStyle, rows: list[tuple[str, str]]) -> dict[str, tuple[float, float]]:
    spots: dict[str, tuple[float, float]] = {}
    x0, x1, rh = st.left - 4, PAGE[0] - st.left + 4, st.size * 0.9 + 5
    lw = 30.0
    short = {"name", "gender", "ethnicity", "subject"}
    y, i = st.top - rh + 2, 0
    while i < len(rows):
        key, value = rows[i]
        c.line(x0, y, x1, y, width=0.3)
        base = y + rh * 0.68
        nxt = rows[i + 1] if i + 1 < len(rows) else None
        if key in short and nxt is not None and nxt[0] in short:
            mid = (x0 + x1) / 2
            for (k, v), cx in ((rows[i], x0), (nxt, mid)):
                _label(c, st, cx + 2, base, k)
                c.line(cx + lw - 4, y, cx + lw - 4, y + rh, width=0.3)
                c.text(cx + lw - 2, base, v, st.value_font, st.size)
                spots[k] = (cx + lw - 2, base)
            c.line(mid, y, mid, y + rh, width=0.3)
            i += 2
        else:
            _label(c, st, x0 + 2, base, key)
            c.line(x0 + lw - 4, y, x0 + lw - 4, y + rh, width=0.3)
            c.text(x0 + lw - 2, base, value, st.value_font, st.size * (0.9 if len(value) > 12
                                                                       else 1))
            spots[key] = (x0 + lw - 2, base)
            i += 1
        y += rh
    c.line(x0, y, x1, y, width=0.3)
    c.rect(x0, st.top - rh + 2, x1, y, width=0.5)
    return spots


def _colon(c: Canvas, st: InfoStyle, rows: list[tuple[str, str]]) -> dict[str, tuple[float, float]]:
    spots: dict[str, tuple[float, float]] = {}
    y, gap = st.top, st.size * 0.9 + 4
    pairs = {"name": "gender", "birth_date": "ethnicity"}
    done: set[str] = set()
    lookup = dict(rows)
    for key, value in rows:
        if key in done:
            continue
        x = st.left
        x += _label(c, st, x, y, key, "：")
        c.text(x, y, value, st.value_font, st.size)
        spots[key] = (x, y)
        mate = pairs.get(key)
        if mate in lookup:
            mx = st.left + 62
            mx += _label(c, st, mx, y, mate, "：")
            c.text(mx, y, lookup[mate], st.value_font, st.size)
            spots[mate] = (mx, y)
            done.add(mate)
        y += gap
    return spots


def _stacked(c: Canvas, st: InfoStyle, rows: list[tuple[str, str]]
             ) -> dict[str, tuple[float, float]]:
    spots: dict[str, tuple[float, float]] = {}
    y = st.top
    # Two lines a field: shrink the pitch so the last field stays on the page.
    pitch = min(st.size * 0.9 + 7.5, (PAGE[1] - 14 - st.top) / len(rows))
    for key, value in rows:
        c.text(st.left, y, st.labels[key], st.label_font, st.size * 0.75, fill=(90, 90, 90))
        c.text(st.left + 3, y + st.size * 0.45 + 1.5, value, st.value_font, st.size)
        spots[key] = (st.left + 3, y + st.size * 0.45 + 1.5)
        y += pitch
    return spots


def _pairs(c: Canvas, st: InfoStyle, rows: list[tuple[str, str]]) -> dict[str, tuple[float, float]]:
    spots: dict[str, tuple[float, float]] = {}
    y, gap = st.top, st.size * 0.9 + 5
    half = {"name", "gender", "birth_date", "ethnicity"}
    col = 0
    keys = [k for k, _ in rows] + [""]
    for n, (key, value) in enumerate(rows):
        x = st.left + (64 if col else 0)
        width = c.text(x, y, st.labels[key].replace(" ", "").replace("　", ""), st.label_font,
                       st.size, spacing=1.2 if len(st.labels[key]) <= 2 else 0)
        vx = x + max(width, 14) + 3
        c.text(vx, y, value, st.value_font, st.size)
        spots[key] = (vx, y)
        if key in half and col == 0 and keys[n + 1] in half:
            col = 1
        else:
            col, y = 0, y + gap
    return spots


def signature_ink(rng: random.Random) -> tuple[int, int, int]:
    """Blue-black or black pen ink."""
    return rng.choice(((20, 30, 90), (25, 25, 30), (10, 40, 110)))


__all__ = ["INK", "InfoStyle", "cover", "fmt_date", "info_page", "notice", "paper",
           "photo_page", "signature_ink"]
