"""Render booklet pages (Pillow) at a given resolution: cover, photo, information, remarks,
registration. Print runs differ in labels, fonts and layout, as real booklets do."""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass
from functools import cache

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from scanning.sample._records import TruthRecord

PAGE_MM = (102.5, 145.0)
_FONT_DIR = "/usr/share/fonts/opentype/noto/"
_SC = 2  # index of the Simplified Chinese face inside the Noto CJK collections
RED = (200, 30, 35)

LABELS = {
    "name": ["姓名", "姓　　名"],
    "gender": ["性别", "性　　别"],
    "birth_date": ["出生日期", "出生年月"],
    "ethnicity": ["民族", "民　　族"],
    "id_number": ["身份证件号码", "身份证号码", "公民身份号码"],
    "qualification_type": ["资格种类", "教师资格种类"],
    "subject": ["任教学科"],
    "certificate_number": ["证书号码", "证书编号"],
    "issuing_authority": ["发证机关", "颁发机关", "认定机构"],
    "issue_date": ["批准日期", "颁发日期", "发证日期"],
}
REG_LABELS = {
    "conclusion": ["注册结论", "结论"],
    "valid": ["有效期限", "有效期"],
    "authority": ["注册机关", "注册部门"],
    "date": ["注册日期", "日期"],
}


@cache
def font(kind: str, px: int) -> ImageFont.FreeTypeFont:
    """A Noto CJK SC face by kind (sans, serif, sans-bold, serif-bold) at a pixel size."""
    family, _, weight = kind.partition("-")
    name = f"Noto{family.capitalize()}CJK-{'Bold' if weight else 'Regular'}.ttc"
    return ImageFont.truetype(_FONT_DIR + name, px, index=_SC)


@dataclass(frozen=True)
class PrintRun:
    """Typography and label choices shared by every booklet from one print run."""

    labels: dict[str, str]
    reg_labels: dict[str, str]
    label_font: str
    value_font: str
    colon: bool
    pad_dates: bool
    show_ethnicity: bool

    @staticmethod
    def pick(rng: random.Random) -> PrintRun:
        """A random print run."""
        return PrintRun(
            labels={k: rng.choice(v) for k, v in LABELS.items()},
            reg_labels={k: rng.choice(v) for k, v in REG_LABELS.items()},
            label_font=rng.choice(["sans", "serif", "serif-bold", "sans-bold"]),
            value_font=rng.choice(["sans", "serif"]),
            colon=rng.random() < 0.5,
            pad_dates=rng.random() < 0.6,
            show_ethnicity=rng.random() < 0.4,
        )


def cn_date(iso: str, pad: bool) -> str:
    """2015-07-01 → 2015年07月01日 (or 2015年7月1日)."""
    d = dt.date.fromisoformat(iso)
    return f"{d.year}年{d.month:02d}月{d.day:02d}日" if pad else f"{d.year}年{d.month}月{d.day}日"


class Canvas:
    """A page image with millimetre coordinates."""

    def __init__(self, dpi: int, bg: tuple[int, int, int] = (250, 248, 242)) -> None:
        self.k = dpi / 25.4
        self.img = Image.new("RGB", (self.px(PAGE_MM[0]), self.px(PAGE_MM[1])), bg)
        self.draw = ImageDraw.Draw(self.img)

    def px(self, mm: float) -> int:
        """Millimetres to pixels at this canvas's resolution."""
        return round(mm * self.k)

    def text(
        self,
        x: float,
        y: float,
        s: str,
        kind: str,
        size_mm: float,
        fill: tuple[int, int, int] = (25, 25, 30),
        anchor: str = "la",
    ) -> None:
        """Draw text at (x, y) mm in a font kind and size (mm)."""
        self.draw.text(
            (self.px(x), self.px(y)), s, font=font(kind, self.px(size_mm)), fill=fill, anchor=anchor
        )


def guilloche(canvas: Canvas, rng: random.Random, color: tuple[int, int, int]) -> None:
    """Light interleaved sine curves like a banknote security background."""
    w, h = canvas.img.size
    xs = np.linspace(0, w, 240)
    amp, period = rng.uniform(0.02, 0.05) * h, rng.uniform(0.25, 0.6) * w
    for i in range(0, 28):
        y0 = h * (i + 0.5) / 28
        phase = i * 0.45
        ys = y0 + amp * np.sin(2 * math.pi * xs / period + phase)
        canvas.draw.line(list(zip(xs.tolist(), ys.tolist(), strict=True)), fill=color, width=1)
        ys2 = y0 + amp * np.cos(2 * math.pi * xs / period - phase)
        canvas.draw.line(list(zip(xs.tolist(), ys2.tolist(), strict=True)), fill=color, width=1)


def seal(size_px: int, text: str, rng: random.Random) -> Image.Image:
    """A round red official seal (RGBA): ring, star, text along the upper arc."""
    img = Image.new("RGBA", (size_px, size_px), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    c, r = size_px / 2, size_px / 2 - 2
    red = (*RED, 255)
    d.ellipse((c - r, c - r, c + r, c + r), outline=red, width=max(3, size_px // 28))
    star = [
        (
            c + r * 0.22 * math.cos(math.pi / 2 + k * 4 * math.pi / 5),
            c - r * 0.22 * math.sin(math.pi / 2 + k * 4 * math.pi / 5),
        )
        for k in range(5)
    ]
    d.polygon(star, fill=red)
    f = font("serif-bold", max(8, size_px // 8))
    n = len(text)
    for i, ch in enumerate(text):
        ang = math.radians(200 + 140 * (i + 0.5) / n)
        side = int(f.size) + 6
        glyph = Image.new("RGBA", (side, side), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((3, 3), ch, font=f, fill=red)
        glyph = glyph.rotate(-math.degrees(ang) - 90, expand=True)
        gx = c + (r * 0.72) * math.cos(ang) - glyph.width / 2
        gy = c + (r * 0.72) * math.sin(ang) - glyph.height / 2
        img.alpha_composite(glyph, (int(gx), int(gy)))
    alpha = np.asarray(img)[..., 3].astype(np.float32) * rng.uniform(0.7, 0.95)
    arr = np.asarray(img).copy()
    arr[..., 3] = alpha.astype(np.uint8)
    return Image.fromarray(arr).rotate(rng.uniform(-25, 25))


def stamp(
    canvas: Canvas, cx: float, cy: float, diameter: float, text: str, rng: random.Random
) -> None:
    """Multiply a seal onto the page, centred at (cx, cy) mm."""
    multiply(canvas.img, seal(canvas.px(diameter), text, rng), canvas.px(cx), canvas.px(cy))


def multiply(img: Image.Image, ink: Image.Image, cx: int, cy: int) -> None:
    """Multiply an RGBA ink image onto ``img``, centred at (cx, cy) px."""
    s = np.asarray(ink).astype(np.float32) / 255
    page = np.asarray(img).astype(np.float32)
    x0, y0 = cx - s.shape[1] // 2, cy - s.shape[0] // 2
    x1, y1 = min(page.shape[1], x0 + s.shape[1]), min(page.shape[0], y0 + s.shape[0])
    x0c, y0c = max(0, x0), max(0, y0)
    part = s[y0c - y0 : y1 - y0, x0c - x0 : x1 - x0]
    alpha = part[..., 3:4]
    # Ink is translucent: it multiplies the paper and leaves black print underneath black.
    page[y0c:y1, x0c:x1] *= 1 - alpha + alpha * part[..., :3]
    img.paste(Image.fromarray(page.clip(0, 255).astype(np.uint8)))


def cover(dpi: int, rng: random.Random) -> Image.Image:
    """Dark red cover with gold title and an emblem-like medallion."""
    cv = Canvas(dpi, bg=(rng.randrange(120, 150), 20, 25))
    gold = (222, 186, 96)
    cv.text(51.25, 24, "中华人民共和国", "serif-bold", 7, gold, "mm")
    r = cv.px(16)
    cx, cy = cv.px(51.25), cv.px(60)
    cv.draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=gold, width=cv.px(1.2))
    cv.draw.ellipse((cx - r // 2, cy - r // 2, cx + r // 2, cy + r // 2), fill=gold)
    cv.text(51.25, 96, "教师资格证书", "serif-bold", 9, gold, "mm")
    cv.text(51.25, 130, "中华人民共和国教育部制", "sans", 3.2, gold, "mm")
    return cv.img


def portrait(w: int, h: int, rng: random.Random, bg: tuple[int, int, int]) -> Image.Image:
    """A drawn head-and-shoulders silhouette (no real person)."""
    img = Image.new("RGB", (w, h), bg)
    d = ImageDraw.Draw(img)
    skin = rng.choice([(240, 205, 180), (225, 185, 150), (205, 160, 125)])
    cloth = rng.choice([(40, 50, 90), (30, 30, 35), (120, 30, 40), (70, 90, 80)])
    hair = rng.choice([(20, 18, 18), (45, 35, 30), (70, 60, 55)])
    cx = w / 2
    d.ellipse((cx - w * 0.55, h * 0.72, cx + w * 0.55, h * 1.35), fill=cloth)
    d.rectangle((cx - w * 0.09, h * 0.55, cx + w * 0.09, h * 0.76), fill=skin)
    d.ellipse((cx - w * 0.26, h * 0.12, cx + w * 0.26, h * 0.62), fill=hair)
    d.ellipse((cx - w * 0.22, h * 0.2, cx + w * 0.22, h * 0.64), fill=skin)
    for sx in (-1, 1):
        ex = cx + sx * w * 0.09
        d.ellipse((ex - w * 0.03, h * 0.38, ex + w * 0.03, h * 0.41), fill=(30, 30, 30))
    d.arc(
        (cx - w * 0.07, h * 0.47, cx + w * 0.07, h * 0.55),
        20,
        160,
        fill=(150, 60, 60),
        width=max(1, w // 80),
    )
    return img


def photo_page(dpi: int, rng: random.Random, white: bool, run: PrintRun) -> Image.Image:
    """The page with the holder's photo, the steel seal and the signature line."""
    cv = Canvas(dpi)
    guilloche(cv, rng, (226, 236, 226))
    pw, ph = cv.px(33), cv.px(48)
    bg = (255, 255, 255) if white else rng.choice([(90, 150, 220), (215, 40, 45)])
    img = portrait(pw, ph, rng, bg)
    x0, y0 = cv.px(51.25 - 16.5 + rng.uniform(-2, 2)), cv.px(28 + rng.uniform(-2, 2))
    cv.img.paste(img, (x0, y0))
    cv.draw.rectangle((x0 - 1, y0 - 1, x0 + pw, y0 + ph), outline=(120, 120, 120))
    r = cv.px(10)
    ex, ey = x0 + pw, y0 + ph
    cv.draw.ellipse((ex - r, ey - r, ex + r, ey + r), outline=(175, 175, 170), width=cv.px(0.6))
    cv.text(20, 100, "持证人签名", run.label_font, 4)
    cv.draw.line((cv.px(46), cv.px(105), cv.px(88), cv.px(105)), fill=(60, 60, 60), width=2)
    return cv.img


def info_page(dpi: int, rng: random.Random, rec: TruthRecord, run: PrintRun) -> Image.Image:
    """The information page: labelled fields, authority seal over authority and date."""
    cv = Canvas(dpi)
    guilloche(cv, rng, (236, 226, 230))
    rows = [
        ("name", rec.name),
        ("gender", rec.gender),
        ("birth_date", cn_date(rec.birth_date, run.pad_dates)),
        ("ethnicity", rec.ethnicity),
        ("id_number", rec.id_number),
        ("qualification_type", rec.qualification_type),
        ("subject", rec.subject),
        ("certificate_number", rec.certificate_number),
        ("issuing_authority", rec.issuing_authority),
        ("issue_date", cn_date(rec.issue_date, run.pad_dates)),
    ]
    if not run.show_ethnicity:
        rows = [r for r in rows if r[0] != "ethnicity"]
    y, step = 14.0, 116 / len(rows)
    value_x = 40.0
    seal_at = (0.0, 0.0)
    for key, value in rows:
        label = run.labels[key] + ("：" if run.colon else "")
        if run.colon:
            cv.text(8, y, label, run.label_font, 3.6)
            lx = 8 + len(run.labels[key]) * 3.7 + 4.5 if len(run.labels[key]) > 4 else value_x
            cv.text(max(lx, value_x), y - 0.2, value, run.value_font, 4.0)
        else:
            cv.text(8, y, label, run.label_font, 3.6)
            cv.text(value_x, y - 0.2, value, run.value_font, 4.0)
        if key == "issuing_authority":
            seal_at = (value_x + 22 + rng.uniform(-6, 6), y + step * 0.5 + rng.uniform(-2, 2))
        y += step
    stamp(cv, *seal_at, 36, rec.issuing_authority, rng)
    return cv.img


def remarks_page(dpi: int, rng: random.Random, rec: TruthRecord, run: PrintRun) -> Image.Image:
    """备注: one line of text plus the date per annotation, with an office stamp."""
    cv = Canvas(dpi)
    guilloche(cv, rng, (228, 232, 240))
    cv.text(51.25, 12, "备　注", run.label_font, 6, anchor="mm")
    y = 28.0
    for note in rec.annotations:
        cv.text(10, y, note["text"], run.value_font, 4.0)
        cv.text(92, y + 9, cn_date(note["date"], run.pad_dates), run.value_font, 3.8, anchor="ra")
        stamp(cv, 70 + rng.uniform(-5, 5), y + 10, 26, rec.issuing_authority, rng)
        y += 32
    return cv.img


def registration_page(
    dpi: int, rng: random.Random, regs: list[dict[str, str | None]], run: PrintRun
) -> Image.Image:
    """定期注册: up to two sticker boxes with conclusion, validity, authority and date."""
    cv = Canvas(dpi)
    guilloche(cv, rng, (232, 232, 222))
    cv.text(51.25, 10, "定期注册", run.label_font, 5.5, anchor="mm")
    lab = run.reg_labels
    for i, reg in enumerate(regs[:2]):
        top = 20 + i * 62
        cv.draw.rectangle(
            (cv.px(6), cv.px(top), cv.px(96.5), cv.px(top + 56)),
            fill=(252, 252, 250),
            outline=(90, 90, 90),
            width=2,
        )
        valid = "——"
        if reg["valid_from"] and reg["valid_until"]:
            valid = (
                f"{cn_date(reg['valid_from'], run.pad_dates)}至"
                f"{cn_date(reg['valid_until'], run.pad_dates)}"
            )
        lines = [
            (lab["conclusion"], str(reg["conclusion"])),
            (lab["valid"], valid),
            (lab["authority"], str(reg["authority"])),
            (lab["date"], cn_date(str(reg["date"]), run.pad_dates)),
        ]
        for j, (label, value) in enumerate(lines):
            size = 3.1 if label.startswith("有效") else 3.6
            cv.text(10, top + 6 + j * 12, f"{label}：{value}", run.value_font, size)
        stamp(cv, 76 + rng.uniform(-4, 4), top + 40, 26, str(reg["authority"]), rng)
    return cv.img
