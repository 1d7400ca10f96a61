"""Back pages of the third generator: remarks (备注) and periodic registration (定期注册).

Remarks put their date above, before or after the text (or in a dated table), printed or in a
hand-like 楷 face; registrations are stickers of four designs or red rubber stamps placed, a few
degrees askew and shifted, in the page's printed boxes, with the validity period in one of the
common written forms.
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from PIL import Image

from bench._thirdgen_facts import Holder
from bench._thirdgen_pages import Style, blank, fmt_date
from bench._thirdgen_paint import (
    HAND_FONTS,
    PRINT_FONTS,
    SEAL_RED,
    Sheet,
    hand_text,
    seal,
    security_print,
    uneven_ink,
)

REMARK_DESIGNS = ("above", "before", "after", "trailing", "table")
STICKER_DESIGNS = ("ticket", "grid", "band", "stamp", "form_hand")
PERIOD_FORMS = ("dot_dash", "cn_zhi", "iso_zhi", "two_lines", "slash_split", "slash")
_CN_DIGITS = "〇一二三四五六七八九"


def _cn_numeral_date(d: date) -> str:
    def small(n: int) -> str:
        tens, ones = divmod(n, 10)
        return ("" if tens < 2 else _CN_DIGITS[tens]) + ("十" if tens else "") + (
            _CN_DIGITS[ones] if ones or not tens else "")
    year = "".join(_CN_DIGITS[int(c)] for c in str(d.year))
    return f"{year}年{small(d.month)}月{small(d.day)}日"


_NO_LINE_START = "，。、；：”’）》"


def _wrap(text: str, n: int) -> list[str]:
    """Break into lines of ``n`` characters; closing punctuation never starts a line (避头尾)."""
    lines: list[str] = []
    for i in range(0, len(text), n):
        chunk = text[i:i + n]
        while lines and chunk and chunk[0] in _NO_LINE_START:
            lines[-1], chunk = lines[-1] + chunk[0], chunk[1:]
        if chunk:
            lines.append(chunk)
    return lines


def remarks_page(style: Style, holder: Holder, scale: float, rng: random.Random,
                 design: str, by_hand: bool) -> Sheet:
    """The remarks page with the holder's dated entries in one design."""
    sheet = blank(style, scale, rng)
    sheet.text(style.w / 2, 22, rng.choice(("备　注", "备注", "备 注 栏")), style.label_font, 6,
               anchor="ms")
    face = rng.choice(HAND_FONTS) if by_hand else rng.choice(PRINT_FONTS)
    ink = rng.choice([(28, 45, 130), (25, 25, 30)]) if by_hand else (25, 25, 25)
    size = rng.uniform(3.9, 4.8) if by_hand else rng.uniform(3.6, 4.2)
    form = rng.choice(("cn", "cn_pad", "dot", "dash", "dot_short", "cn_numeral"))
    per_line = int((style.w - 30) / (size * 1.05))
    if rng.random() < 0.5:  # a ruled page
        for y in range(36, int(style.h) - 14, 10):
            sheet.line(12, y + 1.6, style.w - 12, y + 1.6, 0.12, (170, 170, 170))

    def put(x: float, y: float, text: str) -> float:
        if by_hand:
            return hand_text(sheet, rng, x, y, text, face, size, ink) - x
        return sheet.text(x, y, text, face, size, ink)

    y = 36.0
    if design == "table":
        sheet.box(10, 28, style.w - 10, style.h - 14, 0.3)
        sheet.line(44, 28, 44, style.h - 14, 0.3)
        sheet.text(27, 34, "日期", style.label_font, 3.6, anchor="ms")
        sheet.text((44 + style.w - 10) / 2, 34, "记载事项", style.label_font, 3.6, anchor="ms")
        sheet.line(10, 37, style.w - 10, 37, 0.3)
        y = 46.0
    for entry in holder.remarks:
        when = (_cn_numeral_date(entry["date"]) if form == "cn_numeral"
                else fmt_date(entry["date"], form))
        lines = _wrap(entry["text"], per_line)
        if design == "table":
            sheet.text(12, y, fmt_date(entry["date"], "dot"), face, size * 0.8, ink)
            for ln in _wrap(entry["text"], int((style.w - 58) / (size * 1.05))):
                put(47, y, ln)
                y += size * 1.9
        elif design == "above":
            put(16, y, when)
            for ln in lines:
                y += size * 1.9
                put(16, y, ln)
        elif design == "before":
            w = put(14, y, when + "  ")
            for ln in _wrap(entry["text"], int((style.w - 28 - w) / (size * 1.05))):
                put(14 + w, y, ln)
                y += size * 1.9
            y -= size * 1.9
        elif design == "trailing":
            chunks = _wrap(entry["text"] + f"（{when}）", per_line)
            for i, ln in enumerate(chunks):
                put(14, y + i * size * 1.9, ln)
            y += (len(chunks) - 1) * size * 1.9
        else:  # after: text, then the date right-aligned below it (often under a seal)
            for ln in lines:
                put(14, y, ln)
                y += size * 1.9
            x = style.w - 16 - sheet.width(when, face, size) * 1.05
            put(x, y, when)
            if rng.random() < 0.5:
                stamp = seal(rng, sheet.s, holder.authority, "", rng.uniform(26, 32))
                sheet.ink(stamp, x + 12, y - 3)
        y += size * 1.9 + rng.uniform(5, 10)
    return sheet


def period_text(start: date, end: date, form: str) -> list[str]:
    """A validity period written in one of the common forms (one or two lines)."""
    return {
        "dot_dash": [f"{start:%Y.%m.%d}–{end:%Y.%m.%d}"],
        "cn_zhi": [f"{fmt_date(start, 'cn')}至{fmt_date(end, 'cn')}"],
        "iso_zhi": [f"{start:%Y-%m-%d} 至 {end:%Y-%m-%d}"],
        "two_lines": [f"自{start:%Y年%m月%d日}", f"至{end:%Y年%m月%d日}"],
        "slash_split": [f"{start:%Y.%m.%d} /", f"至{end:%Y.%m.%d}"],
        "slash": [f"{start.year}/{start.month}/{start.day}-{end.year}/{end.month}/{end.day}"],
    }[form]


def _conclusion_text(r: dict[str, Any], rng: random.Random) -> str:
    if r["conclusion"] == "注册合格":
        return rng.choice(("合格", "注册合格"))
    if r["conclusion"] == "注册不合格":
        return rng.choice(("不合格", "注册不合格"))
    return "暂缓注册"


def _lines(r: dict[str, Any], rng: random.Random, form: str) -> list[tuple[str, str]]:
    """(label, value) lines a sticker or stamp states: conclusion, period, authority, date."""
    lines = [(rng.choice(("注册结论：", "结论：", "审核结论：")), _conclusion_text(r, rng))]
    if r["valid_from"]:
        period = period_text(r["valid_from"], r["valid_until"], form)
        lines.append((rng.choice(("有效期：", "注册有效期：", "有效期限：")), period[0]))
        lines += [("", p) for p in period[1:]]
    lines.append(("注册机构：", r["authority"]))
    lines.append(("", fmt_date(r["date"], rng.choice(("cn", "cn_pad", "dot")))))
    return lines


def _sticker(r: dict[str, Any], design: str, rng: random.Random, scale: float, w: float,
             h: float, form: str, tint: tuple[int, int, int]) -> Image.Image:
    """One registration sticker as a separate paper image."""
    paper = {"ticket": (252, 246, 222), "grid": (250, 250, 250), "band": (232, 240, 250)}[
        design]
    s = Sheet(w, h, scale, paper)
    if design == "band":
        security_print(s, rng, tint)
        s.draw.rectangle([0, 0, s.px(w), s.px(7)], fill=(40, 80, 150))
        s.text(w / 2, 5, "教师资格定期注册", "hei_bold", 4, (255, 255, 255), "ms")
    else:
        s.box(0.8, 0.8, w - 0.8, h - 0.8, 0.4, (150, 40, 40) if design == "ticket" else
              (60, 60, 60))
        s.text(w / 2, 6.5, rng.choice(("定期注册", "教师资格定期注册")), "song_bold", 4,
               anchor="ms")
    lines = _lines(r, rng, form)
    face = rng.choice(("song", "hei", "microhei", "mono"))
    y, pitch = 13.5, (h - 15) / len(lines)
    if design == "ticket":
        s.text(w - 3, h - 2, f"No.{rng.randrange(10**7):07d}", "mono", 2.2, (150, 40, 40), "rs")
    for label, value in lines:
        if design == "grid" and label:
            s.line(2, y + 1.5, w - 2, y + 1.5, 0.2, (120, 120, 120))
        lw = s.text(3, y, label, face, 3.1) if label else 0
        x = 3 + lw + (0 if label else 8)
        room = w - 2.5 - x  # a long authority name is set smaller, never past the edge
        s.text(x, y, value, face, min(3.1, 3.1 * room / max(s.width(value, face, 3.1), 0.1)))
        y += pitch
    return s.img


def _stamp(r: dict[str, Any], rng: random.Random, scale: float, w: float, h: float,
           form: str) -> Image.Image:
    """A red rubber stamp: framed lines of ink, unevenly inked."""
    s = Sheet(w, h, scale, (255, 255, 255))
    s.box(1, 1, w - 1, h - 1, 0.7, SEAL_RED)
    s.text(w / 2, 7, "教师资格定期注册", "hei_bold", 3.8, SEAL_RED, "ms")
    lines = _lines(r, rng, form)
    y, pitch = 13.0, (h - 14) / len(lines)
    for label, value in lines:
        size = min(3.0, 3.0 * (w - 6) / max(s.width(label + value, "hei", 3.0), 0.1))
        s.text(3.5, y, label + value, "hei", size, SEAL_RED)
        y += pitch
    return uneven_ink(s.img, rng, 0.35)


def registration_page(style: Style, holder: Holder, scale: float, rng: random.Random,
                      design: str, form: str, entries: list[dict[str, Any]]) -> Sheet:
    """A 定期注册 page: printed boxes, each entry a sticker/stamp/hand entry in its box."""
    sheet = blank(style, scale, rng)
    sheet.text(style.w / 2, 18, rng.choice(("定期注册", "教师资格定期注册记录", "注册记录")),
               style.label_font, 5.5, anchor="ms")
    rows = 3
    bw, bh = (style.w - 26), (style.h - 34) / rows
    boxes = [(13, 26 + i * bh) for i in range(rows)]
    for i, (x, y) in enumerate(boxes):
        sheet.box(x, y + 1.5, x + bw, y + bh - 1.5, 0.2, (150, 150, 150))
        sheet.text(x + 1.5, y + 5, f"第{'一二三'[i]}次", style.label_font, 2.6, (130, 130, 130))
    for r, (x, y) in zip(entries, boxes, strict=False):
        w, h = bw * rng.uniform(0.72, 0.9), bh * rng.uniform(0.78, 0.88)
        cx = x + bw / 2 + rng.uniform(-5, 5)
        cy = y + bh / 2 + rng.uniform(-2.5, 2.5)
        if design == "form_hand":
            _hand_entry(sheet, r, rng, x + 4, y + 10, form)
        elif design == "stamp":
            img = _stamp(r, rng, scale, w, h, form).rotate(rng.uniform(-4, 4), expand=True,
                                                           fillcolor=(255, 255, 255))
            sheet.ink(img, cx, cy)
        else:
            img = _sticker(r, design, rng, scale, w, h, form, style.tint)
            img = img.rotate(rng.uniform(-3.5, 3.5), expand=True, fillcolor=style.paper)
            sheet.img.paste(img, (sheet.px(cx) - img.width // 2, sheet.px(cy) - img.height // 2))
            if rng.random() < 0.4:
                sheet.ink(seal(rng, scale, r["authority"], "", 26), cx + w / 4, cy + h / 6)
    return sheet


def _hand_entry(sheet: Sheet, r: dict[str, Any], rng: random.Random, x: float, y: float,
                form: str) -> None:
    """A printed form filled in by hand, sealed by the authority."""
    face, ink = rng.choice(HAND_FONTS), (28, 45, 130)
    for label, value in _lines(r, rng, form):
        w = sheet.text(x, y, label, "song", 3.2) if label else 14
        hand_text(sheet, rng, x + w + 1, y, value, face, 4.0, ink)
        y += 7
    sheet.ink(seal(rng, sheet.s, r["authority"], "", 27), x + 70, y - 14)
