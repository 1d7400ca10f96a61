"""The fifth generator's back pages: remarks (备注) in three designs — a clerk's hand with the date
in Chinese numerals below the text, a bordered ledger (日期 | 事项) and printed lines opening with
the date — and registration (定期注册) stickers in three new designs — a tilted slip shifted out of
its box under a seal, a tinted band with the period on two lines, a handwritten entry with a
date stamp."""

from __future__ import annotations

import random
from typing import Any

from PIL import Image

from bench._fifthgen_draw import HANDS, PRINTED, Page, px, seal
from bench._fifthgen_facts import Entry, Facts
from bench._fifthgen_pages import Run, date_text

REMARKS = ("hand_cn", "ledger", "date_first")
STICKERS = ("slip", "band", "hand_stamp")
_INKS = ((25, 30, 90), (20, 20, 25), (35, 60, 150))
_NO_START = "，。、；：”）"


def wrap(text: str, per_line: int) -> list[str]:
    """Split into lines of at most ``per_line`` characters, never starting a line with closing
    punctuation (it stays at the end of the line before)."""
    lines: list[str] = []
    rest = text
    while rest:
        cut = min(per_line, len(rest))
        while cut < len(rest) and rest[cut] in _NO_START:
            cut += 1
        lines.append(rest[:cut])
        rest = rest[cut:]
    return lines


def remarks_page(run: Run, f: Facts, rng: random.Random, design: str) -> Page:
    page = run.blank(rng)
    page.text(run.w / 2, 14, rng.choice(("备　注", "备注", "备注栏")), run.label_face,
              run.pt * 1.3, anchor="ms")
    y = 26.0
    if design == "ledger":
        x0, w = 6.0, run.w - 12
        dw = 28.0
        page.box(x0, y, dw, 8, 0.3)
        page.box(x0 + dw, y, w - dw, 8, 0.3)
        page.text(x0 + dw / 2, y + 5.6, "日期", run.label_face, run.pt, anchor="ms")
        page.text(x0 + dw + (w - dw) / 2, y + 5.6, "记载事项", run.label_face, run.pt, anchor="ms")
        y += 8
        form = rng.choice(("dot", "dash", "cn0", "slash"))
        for n in f.notes:
            lines = wrap(n.text, max(6, int((w - dw - 4) / (run.pt * 0.36))))
            hgt = 4 + 5.2 * len(lines)
            page.box(x0, y, dw, hgt, 0.3)
            page.box(x0 + dw, y, w - dw, hgt, 0.3)
            dpt = min(run.pt * 0.85, 9.5)
            page.text(x0 + 1.5, y + 5.5, date_text(n.day, form), run.value_face, dpt)
            for i, line in enumerate(lines):
                page.text(x0 + dw + 1.5, y + 5.5 + 5.2 * i, line, run.value_face, run.pt * 0.95)
            y += hgt
        for _ in range(max(0, 4 - len(f.notes))):
            page.box(x0, y, dw, 10, 0.3)
            page.box(x0 + dw, y, w - dw, 10, 0.3)
            y += 10
        return page
    hand = rng.choice(HANDS)
    ink = rng.choice(_INKS)
    for n in f.notes:
        if design == "hand_cn":
            per = int((run.w - 16) / (run.pt * 0.42))
            for line in wrap(n.text, per):
                page.text(10 + rng.uniform(-1, 1), y, line, hand, run.pt * 1.15, ink)
                y += run.pt * 0.62
            when = date_text(n.day, rng.choice(("cnnum", "cnnum", "cn")))
            page.text(run.w - 8, y, when, hand, run.pt * 1.1, ink, anchor="rs")
            if rng.random() < 0.6:
                page.stamp(seal(f.authority, rng.choice(("round", "double")), "red", rng),
                           run.w - 25, y - 5)
            y += run.pt * 0.9
        else:
            s = f"{date_text(n.day, rng.choice(('cn', 'dot', 'dash')))}　{n.text}"
            for i, line in enumerate(wrap(s, int((run.w - 14) / (run.pt * 0.37)))):
                page.text(8 if i == 0 else 12, y, line, rng.choice(PRINTED), run.pt, ink)
                y += run.pt * 0.55
            y += 3
    return page


def _conclusion(e: Entry, rng: random.Random) -> str:
    if e.conclusion == "注册合格":
        return rng.choice(("合格", "注册合格"))
    if e.conclusion == "暂缓注册":
        return "暂缓注册"
    return rng.choice(("不合格", "注册不合格"))


def _period(e: Entry, form: str) -> list[str]:
    assert e.start and e.end
    if form == "cn":
        return [f"{date_text(e.start, 'cn')}至{date_text(e.end, 'cn')}"]
    if form == "two":
        return [f"自{date_text(e.start, 'cn0')}", f"至{date_text(e.end, 'cn0')}"]
    if form == "dash":
        return [f"{e.start.isoformat()} 至 {e.end.isoformat()}"]
    return [f"{e.start:%Y.%m.%d}—{e.end:%Y.%m.%d}"]


def _slip(e: Entry, rng: random.Random, pt: float) -> Image.Image:
    """A white slip with a thin double border, tilted and shifted when stuck in."""
    s = Page(70, 36, (252, 252, 250))
    s.box(1, 1, 68, 34, 0.5, (40, 90, 160))
    s.box(2.2, 2.2, 65.6, 31.6, 0.15, (40, 90, 160))
    face = rng.choice(PRINTED)
    s.text(35, 8, "教师资格定期注册", face, pt * 1.05, (40, 90, 160), anchor="ms")
    lines = [f"注册结论：{_conclusion(e, rng)}"]
    if e.start:
        p = _period(e, rng.choice(("cn", "dash", "dot")))
        lines.append(f"有效期：{p[0]}")
    lines.append(f"注册机构：{e.authority}")
    lines.append(f"注册日期：{date_text(e.decided, rng.choice(('cn', 'dot', 'dash')))}")
    y = 14.0
    for line in lines:
        lp = pt * 0.85
        while lp > 5 and s.width(line, face, lp) > 64:
            lp -= 0.3
        s.text(4, y, line, face, lp)
        y += 5.3
    return s.img


def _band(e: Entry, rng: random.Random, pt: float) -> Image.Image:
    """A pale green or blue band: the conclusion large, the period over two lines."""
    tint = rng.choice(((222, 240, 228), (222, 232, 246)))
    s = Page(72, 30, tint)
    face = rng.choice(PRINTED)
    s.text(4, 10, _conclusion(e, rng), face, pt * 1.4, (20, 20, 20))
    s.text(68, 10, date_text(e.decided, "dot"), face, pt * 0.8, anchor="rs")
    y = 17.0
    lines = _period(e, "two") if e.start else []
    for line in lines + [e.authority]:
        s.text(4, y, line, face, pt * 0.8)
        y += 5
    return s.img


def registration_page(run: Run, f: Facts, rng: random.Random, design: str
                      ) -> tuple[Page, list[dict[str, Any]]]:
    page = run.blank(rng)
    page.text(run.w / 2, 12, rng.choice(("定期注册", "教师资格定期注册记录", "注册记录")),
              run.label_face, run.pt * 1.3, anchor="ms")
    box_h = (run.h - 24) / 4
    placed: list[dict[str, Any]] = []
    for i in range(4):
        page.box(6, 18 + i * box_h, run.w - 12, box_h - 3, 0.2, (150, 150, 150))
    for i, e in enumerate(f.registrations[:4]):
        top = 18 + i * box_h
        if design == "hand_stamp":
            hand, ink = rng.choice(HANDS), rng.choice(_INKS)
            lines = [_conclusion(e, rng)] + (_period(e, rng.choice(("cn", "two", "dash")))
                                            if e.start else [])
            y = top + 8
            for line in lines:
                hp = run.pt * 1.05
                while hp > 6 and page.width(line, hand, hp) > run.w - 20:
                    hp -= 0.3
                page.text(10, y, line, hand, hp, ink)
                y += run.pt * 0.55
            page.text(run.w - 10, y, date_text(e.decided, rng.choice(("cn", "dot"))), hand,
                      run.pt, ink, anchor="rs")
            page.stamp(seal(e.authority, "round", "red", rng), run.w * 0.65, top + box_h * 0.45)
            placed.append({"angle": 0.0, "dx": 0.0, "dy": 0.0})
            continue
        img = (_slip if design == "slip" else _band)(e, rng, run.pt)
        angle = rng.uniform(-6, 6)
        img = img.convert("RGBA").rotate(angle, resample=Image.Resampling.BICUBIC, expand=True,
                                         fillcolor=(0, 0, 0, 0))
        dx, dy = rng.uniform(-5, 8), rng.uniform(-2, 5)
        cx, cy = run.w / 2 + dx, top + box_h / 2 + dy
        page.img.paste(img, (px(cx) - img.width // 2, px(cy) - img.height // 2), img)
        if rng.random() < 0.7:
            page.stamp(seal(e.authority, rng.choice(("round", "oval", "double")),
                            rng.choice(("red", "crimson", "faded")), rng),
                       cx + rng.uniform(5, 22), cy + rng.uniform(-4, 6))
        placed.append({"angle": round(angle, 1), "dx": round(dx, 1), "dy": round(dy, 1)})
    return page, placed
