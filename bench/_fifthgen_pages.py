"""The fifth generator's print run and front pages: cover, photo page and the information page in
four layouts (a bordered grid with merged cells and the photo inside, 标签：值 lines two fields per
line, captions above values, letter-spaced labels on underlines), labels of every print generation
in shuffled orders, dates in every common form."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from typing import Any

from bench._fifthgen_draw import HANDS, PRINTED, Page, guilloche, portrait, seal
from bench._fifthgen_facts import Facts

LABELS = {
    "name": ("姓名",), "gender": ("性别",), "birth": ("出生日期", "出生年月", "出生年月日"),
    "ethnicity": ("民族",), "id": ("身份证件号码", "身份证号码", "公民身份号码"),
    "qtype": ("资格种类", "教师资格种类", "资格类别"),
    "subject": ("任教学科", "学科", "任教学科（类别）"),
    "cert": ("证书号码", "证书编号"), "authority": ("发证机关", "颁发机关", "认定机构"),
    "issue": ("批准日期", "颁发日期", "发证日期"),
}
LAYOUTS = ("grid", "twocol", "caption", "spaced")
DATE_FORMS = ("cn", "cn0", "cn_spaced", "dot", "dot_short", "dash", "cnnum")
TINTS = ((255, 255, 255), (250, 246, 232), (244, 248, 240), (248, 240, 240), (238, 242, 250))
_CN = "〇一二三四五六七八九"
#: Photos on booklets issued from this day have a white background (the 2020 photo standard).
WHITE_FROM = date(2020, 1, 1)


def cn_small(n: int) -> str:
    """1..31 in Chinese numerals as dates write them: 十, 十二, 二十, 三十一."""
    tens, ones = divmod(n, 10)
    return ("" if tens < 2 else _CN[tens]) + ("十" if tens else "") + (_CN[ones] if ones else "")


def date_text(d: date, form: str) -> str:
    """``d`` in one of DATE_FORMS (or 'slash')."""
    if form == "cn":
        return f"{d.year}年{d.month}月{d.day}日"
    if form == "cn0":
        return f"{d:%Y}年{d:%m}月{d:%d}日"
    if form == "cn_spaced":
        return f"{d.year} 年 {d.month} 月 {d.day} 日"
    if form == "dot":
        return f"{d:%Y.%m.%d}"
    if form == "dot_short":
        return f"{d.year}.{d.month}.{d.day}"
    if form == "dash":
        return d.isoformat()
    if form == "slash":
        return f"{d.year}/{d.month:02d}/{d.day:02d}"
    return "".join(_CN[int(c)] for c in str(d.year)) + f"年{cn_small(d.month)}月{cn_small(d.day)}日"


@dataclass
class Run:
    """One booklet's print run: labels, order, faces, sizes, tint, seal, date forms."""

    labels: dict[str, str]
    order: list[str]
    layout: str
    label_face: str
    value_face: str
    pt: float
    tint: tuple[int, int, int]
    seal_shape: str
    seal_colour: str
    birth_form: str
    issue_form: str
    guilloche: bool
    ethnicity: bool
    w: float
    h: float

    @classmethod
    def draw(cls, rng: random.Random) -> Run:
        order = ["name", "gender", "birth", "ethnicity", "id", "qtype", "subject", "cert",
                 "authority", "issue"]
        if rng.random() < 0.4:  # the ID number first, or the certificate number at the top
            order.remove("id")
            order.insert(rng.choice((1, 2)), "id")
        if rng.random() < 0.3:
            order.remove("cert")
            order.insert(0, "cert")
        return cls(labels={k: rng.choice(v) for k, v in LABELS.items()}, order=order,
                   layout=rng.choice(LAYOUTS), label_face=rng.choice(PRINTED),
                   value_face=rng.choice(PRINTED + ("ukai",)), pt=rng.uniform(9.5, 13),
                   tint=rng.choice(TINTS), seal_shape=rng.choice(("round", "oval", "double")),
                   seal_colour=rng.choice(("red", "red", "crimson", "vermilion", "faded")),
                   birth_form=rng.choice(DATE_FORMS[:6]), issue_form=rng.choice(DATE_FORMS),
                   guilloche=rng.random() < 0.45, ethnicity=rng.random() < 0.6,
                   w=rng.uniform(98, 108), h=rng.uniform(138, 150))

    def manifest(self) -> dict[str, Any]:
        return {"layout": self.layout, "labels": self.labels, "order": self.order,
                "label_font": self.label_face, "value_font": self.value_face,
                "font_pt": round(self.pt, 1), "paper": list(self.tint),
                "seal_shape": self.seal_shape, "seal_colour": self.seal_colour,
                "birth_form": self.birth_form, "issue_form": self.issue_form,
                "guilloche": self.guilloche, "ethnicity": self.ethnicity}

    def blank(self, rng: random.Random, secure: bool = False) -> Page:
        page = Page(self.w, self.h, self.tint)
        if secure and self.guilloche:
            guilloche(page, rng, rng.choice(((150, 190, 220), (210, 170, 190), (170, 210, 170))))
        return page


def values(run: Run, f: Facts) -> dict[str, str]:
    return {"name": f.name, "gender": f.gender, "birth": date_text(f.birth, run.birth_form),
            "ethnicity": f.ethnicity, "id": f.id_number, "qtype": f.qualification,
            "subject": f.subject, "cert": f.number, "authority": f.authority,
            "issue": date_text(f.issued, run.issue_form)}


def cover(run: Run, rng: random.Random) -> Page:
    cloth = rng.choice(((120, 20, 25), (25, 60, 40), (30, 40, 90)))
    page = Page(run.w, run.h, cloth)
    gold = (215, 180, 90)
    page.text(run.w / 2, run.h * 0.28, "中华人民共和国", "serif_bold", 18, gold, anchor="ms")
    page.text(run.w / 2, run.h * 0.45, "教师资格证书", "serif_bold", 28, gold, anchor="ms")
    page.text(run.w / 2, run.h * 0.85, "中华人民共和国教育部制", "serif", 10, gold, anchor="ms")
    return page


def photo_page(run: Run, f: Facts, rng: random.Random) -> tuple[Page, str]:
    page = run.blank(rng, secure=True)
    bg = rng.choice((((255, 255, 255), "white"), ((70, 130, 200), "blue"),
                     ((200, 40, 40), "red"), ((235, 235, 235), "grey")))
    if f.issued >= WHITE_FROM:  # the photo standard in force at issue
        bg = ((255, 255, 255), "white")
    pw, ph = 33, 45
    x, y = (run.w - pw) / 2 + rng.uniform(-4, 4), run.h * 0.2
    page.stamp(_opaque(portrait(pw, ph, rng, bg[0])), x + pw / 2, y + ph / 2)
    page.box(x, y, pw, ph, 0.15, (150, 150, 150))
    page.text(run.w / 2, y + ph + 18, "持证人签名", run.label_face, run.pt, anchor="ms")
    page.line(run.w * 0.3, y + ph + 30, run.w * 0.7, y + ph + 30, 0.2)
    page.text(run.w / 2, y + ph + 28, f.name, rng.choice(HANDS), run.pt * 1.3,
              (30, 40, 110), anchor="ms")
    return page, bg[1]


def _opaque(img: Any) -> Any:
    out = img.convert("RGBA")
    out.putalpha(255)
    return out


def _seal_over(page: Page, run: Run, f: Facts, rng: random.Random, cx: float, cy: float) -> None:
    page.stamp(seal(f.authority, run.seal_shape, run.seal_colour, rng),
               cx + rng.uniform(-6, 6), cy + rng.uniform(-5, 5))


def info_page(run: Run, f: Facts, rng: random.Random) -> tuple[Page, bool]:
    """The information page; whether it also holds the holder's photo."""
    page = run.blank(rng, secure=True)
    v = values(run, f)
    keys = [k for k in run.order if k != "ethnicity" or run.ethnicity]
    title = rng.choice(("教师资格证书", "", "中华人民共和国教师资格证书"))
    top = 16.0
    if title:
        page.text(run.w / 2, top, title, run.label_face, run.pt * 1.4, anchor="ms")
        top += 10
    if run.layout == "grid":
        cx, cy, has_photo = _grid(page, run, keys, v, top, rng, f.issued >= WHITE_FROM)
    else:
        draw = {"twocol": _twocol, "caption": _caption, "spaced": _spaced}
        cx, cy, has_photo = draw[run.layout](page, run, keys, v, top, rng)
    _seal_over(page, run, f, rng, cx, cy)
    return page, has_photo


def _fit(page: Page, s: str, face: str, pt: float, room: float) -> float:
    while pt > 7 and page.width(s, face, pt) > room:
        pt -= 0.4
    return pt


def _grid(page: Page, run: Run, keys: list[str], v: dict[str, str], top: float,
          rng: random.Random, white: bool) -> tuple[float, float, bool]:
    """A bordered table: gender and ethnicity share a row with the field before them, long
    fields span merged cells, a photo cell spans the first rows on the right."""
    x0, w = 6.0, run.w - 12
    lpt = run.pt * 0.9

    def lab_w(k: str) -> float:
        return page.width(run.labels[k], run.label_face, lpt) + 3

    lw = max(lab_w(k) for k in keys)
    row_h = run.pt * 0.65
    photo = rng.random() < 0.5
    pw = 24.0 if photo else 0.0
    rows: list[list[str]] = []
    for k in keys:
        if k in ("gender", "ethnicity") and rows and len(rows[-1]) == 1 \
                and rows[-1][0] in ("name", "birth", "ethnicity", "gender"):
            rows[-1].append(k)
        else:
            rows.append([k])
    y, authority_y = top, top
    for i, row in enumerate(rows):
        right = x0 + w - (pw if photo and i < 4 else 0)
        cells = [(x0, right)] if len(row) == 1 else \
            [(x0, x0 + (right - x0) * 0.66), (x0 + (right - x0) * 0.66, right)]
        for (cx, cend), k in zip(cells, row, strict=True):
            lk = lw if len(row) == 1 else lab_w(k)
            page.box(cx, y, lk, row_h, 0.3)
            page.box(cx + lk, y, cend - cx - lk, row_h, 0.3)
            page.text(cx + 1.2, y + row_h * 0.7, run.labels[k], run.label_face,
                      _fit(page, run.labels[k], run.label_face, lpt, lk - 2))
            page.text(cx + lk + 1.5, y + row_h * 0.7, v[k], run.value_face,
                      _fit(page, v[k], run.value_face, run.pt, cend - cx - lk - 2.5))
            if k == "authority":
                authority_y = y
        y += row_h
    if photo:
        ph = min(4, len(rows)) * row_h
        page.box(x0 + w - pw, top, pw, ph, 0.3)
        bg = (255, 255, 255) if rng.random() < 0.6 or white else (80, 140, 210)
        img = portrait(pw - 3, ph - 3, rng, bg)
        page.stamp(_opaque(img), x0 + w - pw / 2, top + ph / 2)
    return x0 + w * 0.6, authority_y + row_h, photo


def _twocol(page: Page, run: Run, keys: list[str], v: dict[str, str], top: float,
            rng: random.Random) -> tuple[float, float, bool]:
    """标签：值 lines, two short fields on one line."""
    x0, y, gap = 8.0, top + 4, run.pt * 0.75
    colon = rng.choice(("：", ":", "： "))
    short = {"name", "gender", "birth", "ethnicity"}
    i, ay = 0, y
    while i < len(keys):
        k = keys[i]
        if k in short and i + 1 < len(keys) and keys[i + 1] in short:
            page.text(x0, y, f"{run.labels[k]}{colon}{v[k]}", run.value_face, run.pt)
            k2 = keys[i + 1]
            page.text(x0 + (run.w - 16) * 0.55, y, f"{run.labels[k2]}{colon}{v[k2]}",
                      run.value_face, run.pt)
            i += 2
        else:
            s = f"{run.labels[k]}{colon}{v[k]}"
            page.text(x0, y, s, run.value_face, _fit(page, s, run.value_face, run.pt, run.w - 14))
            if k == "authority":
                ay = y
            i += 1
        y += gap
    return run.w * 0.6, ay, False


def _caption(page: Page, run: Run, keys: list[str], v: dict[str, str], top: float,
             rng: random.Random) -> tuple[float, float, bool]:
    """A small grey caption with the value below it; short fields in two columns. Rows close
    up when the page is short, so that every value stays on the page."""
    x0, y = 8.0, top + 2
    short = {"name", "gender", "birth", "ethnicity"}
    rows, open_row = 0, False
    for k in keys:
        if k in short and not open_row:
            rows, open_row = rows + 1, True
        elif k in short:
            open_row = False
        else:
            rows, open_row = rows + 1, False
    step = min(run.pt * 1.15, (run.h - 6 - run.pt * 0.5 - y) / max(1, rows - 1))
    col, ay = 0, y
    cap_pt = run.pt * 0.7
    for k in keys:
        x = x0 + (run.w - 16) * 0.5 * col if k in short else x0
        if k not in short and col:
            col = 0
            y += step
            x = x0
        page.text(x, y, run.labels[k], run.label_face, cap_pt, (110, 110, 110))
        room = (run.w - 16) * (0.48 if k in short else 1.0)
        page.text(x, y + run.pt * 0.5, v[k], run.value_face,
                  _fit(page, v[k], run.value_face, run.pt, room))
        if k == "authority":
            ay = y
        if k in short and col == 0:
            col = 1
        else:
            col = 0
            y += step
    return run.w * 0.55, ay + 4, False


def _spaced(page: Page, run: Run, keys: list[str], v: dict[str, str], top: float,
            rng: random.Random) -> tuple[float, float, bool]:
    """Labels letter-spaced to one width (drawn gaps, no space characters), values on rules."""
    x0, y = 7.0, top + 4
    span = max(page.width(run.labels[k], run.label_face, run.pt) for k in keys) + 2
    ay = y
    for k in keys:
        lab = run.labels[k]
        extra = (span - page.width(lab, run.label_face, run.pt)) / max(1, len(lab) - 1)
        page.text(x0, y, lab, run.label_face, run.pt, spacing=extra if len(lab) > 1 else 0)
        vx = x0 + span + 3
        page.text(vx, y, v[k], run.value_face,
                  _fit(page, v[k], run.value_face, run.pt, run.w - vx - 5))
        page.line(vx - 1, y + 1.2, run.w - 5, y + 1.2, 0.15, (120, 120, 120))
        if k == "authority":
            ay = y
        y += run.pt * 0.8
    return run.w * 0.6, ay, False
