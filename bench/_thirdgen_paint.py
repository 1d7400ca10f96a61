"""Drawing primitives of the third generator: fonts, ink, seals, security print, portraits.

Pages are drawn in millimetres on a :class:`Sheet` (RGB paper at a given px/mm); ink that lies
over print (seals, stamps, handwriting) is multiplied onto the paper as real ink darkens it.
"""

from __future__ import annotations

import math
import random
from functools import cache

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

_NOTO = "/usr/share/fonts/opentype/noto/"
_FONTS: dict[str, tuple[str, int]] = {
    "song": (_NOTO + "NotoSerifCJK-Regular.ttc", 2),
    "song_bold": (_NOTO + "NotoSerifCJK-Bold.ttc", 2),
    "hei": (_NOTO + "NotoSansCJK-Regular.ttc", 2),
    "hei_bold": (_NOTO + "NotoSansCJK-Bold.ttc", 2),
    "mono": (_NOTO + "NotoSansCJK-Regular.ttc", 7),
    "ming": ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    "kai": ("/usr/share/fonts/truetype/arphic/ukai.ttc", 0),
    "wenkai": ("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf", 0),
    "wenkai_light": ("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Light.ttf", 0),
    "microhei": ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    "zenhei": ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
}
#: Families for printed labels/values; 楷 faces are kept for hand-like entries.
PRINT_FONTS = ("song", "song_bold", "hei", "hei_bold", "ming", "microhei", "zenhei", "mono")
HAND_FONTS = ("kai", "wenkai", "wenkai_light")
SEAL_RED = (212, 38, 44)


@cache
def font(key: str, px: int) -> ImageFont.FreeTypeFont:
    """A loaded face of one of the installed families (cached per pixel size)."""
    path, index = _FONTS[key]
    return ImageFont.truetype(path, max(6, px), index=index)


class Sheet:
    """A page of paper in millimetres, with printing and ink helpers."""

    def __init__(self, w_mm: float, h_mm: float, scale: float, paper: tuple[int, int, int]):
        self.s = scale
        self.w, self.h = w_mm, h_mm
        self.img = Image.new("RGB", (self.px(w_mm), self.px(h_mm)), paper)
        self.draw = ImageDraw.Draw(self.img)

    def px(self, mm: float) -> int:
        """Millimetres → pixels."""
        return int(round(mm * self.s))

    def text(self, x: float, y: float, text: str, face: str, size: float,
             fill: tuple[int, int, int] = (20, 20, 20), anchor: str = "ls") -> float:
        """Print ``text`` (size in mm) at (x, y); the advance width in mm."""
        f = font(face, self.px(size))
        self.draw.text((self.px(x), self.px(y)), text, font=f, fill=fill, anchor=anchor)
        return f.getlength(text) / self.s

    def width(self, text: str, face: str, size: float) -> float:
        """Printed width of ``text`` in mm."""
        return font(face, self.px(size)).getlength(text) / self.s

    def line(self, x0: float, y0: float, x1: float, y1: float, w: float = 0.25,
             fill: tuple[int, int, int] = (60, 60, 60)) -> None:
        """A straight rule."""
        self.draw.line([(self.px(x0), self.px(y0)), (self.px(x1), self.px(y1))], fill=fill,
                       width=max(1, self.px(w)))

    def box(self, x0: float, y0: float, x1: float, y1: float, w: float = 0.3,
            outline: tuple[int, int, int] = (60, 60, 60), fill: object = None) -> None:
        """A rectangle outline (optionally filled)."""
        self.draw.rectangle([self.px(x0), self.px(y0), self.px(x1), self.px(y1)],
                            outline=outline, fill=fill, width=max(1, self.px(w)))

    def ink(self, layer: Image.Image, x: float, y: float) -> None:
        """Multiply an ink layer (white = no ink) onto the page, its centre at (x, y) mm."""
        left, top = self.px(x) - layer.width // 2, self.px(y) - layer.height // 2
        box = (left, top, left + layer.width, top + layer.height)
        region = self.img.crop(box)
        self.img.paste(ImageChops.multiply(region, layer.convert("RGB")), box[:2])


def security_print(sheet: Sheet, rng: random.Random, tint: tuple[int, int, int]) -> None:
    """Guilloche waves and/or microtext rows in a pale tint over the whole page."""
    d, s = sheet.draw, sheet.s
    if rng.random() < 0.75:
        waves, amp, period = rng.randint(14, 34), rng.uniform(2, 6), rng.uniform(8, 22)
        for k in range(waves):
            y0 = sheet.h * k / waves
            phase = rng.uniform(0, 6.28)
            pts = [(x * s, (y0 + amp * math.sin(x / period * 6.28 + phase)
                            + amp / 2 * math.sin(x / period * 2.1 + k)) * s)
                   for x in np.arange(0, sheet.w + 1, 0.8)]
            d.line(pts, fill=tint, width=max(1, int(s * 0.12)))
    if rng.random() < 0.6:
        micro = rng.choice(("中华人民共和国教师资格证书", "JIAOSHIZIGEZHENGSHU", "教育部监制"))
        f = font("hei", max(6, int(s * 0.9)))
        for y in np.arange(2.0, sheet.h, rng.uniform(2.2, 4.0)):
            d.text((0, y * s), micro * 60, font=f, fill=tint)


def seal(rng: random.Random, scale: float, ring: str, bottom: str = "",
         diameter_mm: float = 40.0, color: tuple[int, int, int] = SEAL_RED) -> Image.Image:
    """A red round seal: rim, star, ring lettering and a bottom line; uneven ink."""
    n = int(diameter_mm * scale)
    img = Image.new("RGB", (n, n), "white")
    d = ImageDraw.Draw(img)
    rim = max(2, int(scale * diameter_mm / 36))
    d.ellipse([rim // 2, rim // 2, n - rim // 2, n - rim // 2], outline=color, width=rim)
    c, r = n / 2, n * 0.21
    star = [(c + (r if i % 2 == 0 else r * 0.4) * math.sin(i * math.pi / 5),
             c - (r if i % 2 == 0 else r * 0.4) * math.cos(i * math.pi / 5)) for i in range(10)]
    d.polygon(star, fill=color)
    char_px = int(n * 0.13 if len(ring) <= 12 else n * 0.11)
    face = font(rng.choice(("song_bold", "hei_bold", "zenhei")), char_px)
    span = min(250.0, 18.0 * len(ring) + 40)
    for i, ch in enumerate(ring):
        ang = -span / 2 + span * (i + 0.5) / len(ring)
        tile = Image.new("L", (char_px * 2, char_px * 2), 0)
        ImageDraw.Draw(tile).text((char_px, char_px), ch, font=face, fill=255, anchor="mm")
        tile = tile.rotate(-ang, resample=Image.BICUBIC)
        rr = n / 2 - rim - char_px * 0.7
        cx = c + rr * math.sin(math.radians(ang)) - char_px
        cy = c - rr * math.cos(math.radians(ang)) - char_px
        img.paste(Image.new("RGB", tile.size, color), (int(cx), int(cy)), tile)
    if bottom:
        bf = font("song", int(n * 0.075))
        d.text((c, n * 0.76), bottom, font=bf, fill=color, anchor="mm")
    return uneven_ink(img, rng, 0.25)


def uneven_ink(img: Image.Image, rng: random.Random, strength: float) -> Image.Image:
    """Fade ink in blotches as a rubber stamp prints: lerp towards white by a noise field."""
    a = np.asarray(img, dtype=np.float32)
    h, w = a.shape[:2]
    small = np.random.default_rng(rng.randrange(2**32)).random((max(2, h // 24), max(2, w // 24)))
    field_ = np.asarray(Image.fromarray((small * 255).astype(np.uint8)).resize(
        (w, h), Image.BICUBIC), dtype=np.float32)[..., None] / 255
    fade = np.clip(field_ * strength * 2 - strength * 0.4, 0, 0.9)
    out = a + (255 - a) * fade
    return Image.fromarray(out.clip(0, 255).astype(np.uint8))


def hand_text(sheet: Sheet, rng: random.Random, x: float, y: float, text: str, face: str,
              size: float, ink: tuple[int, int, int]) -> float:
    """Write like a hand: each character jittered in size, angle and baseline; width in mm."""
    for ch in text:
        px = sheet.px(size * rng.uniform(0.92, 1.08))
        f = font(face, px)
        tile = Image.new("L", (px * 2, px * 2), 0)
        ImageDraw.Draw(tile).text((px // 2, px), ch, font=f, fill=255, anchor="ls")
        tile = tile.rotate(rng.uniform(-5, 5), resample=Image.BICUBIC)
        dy = sheet.px(rng.uniform(-0.35, 0.35))
        sheet.img.paste(Image.new("RGB", tile.size, ink),
                        (sheet.px(x) - px // 2, sheet.px(y) - px + dy), tile)
        x += f.getlength(ch) / sheet.s * rng.uniform(0.98, 1.1)
    return x


def portrait(rng: random.Random, w: int, h: int, background: str) -> Image.Image:
    """A photographic-looking head and shoulders: shaded skin, hair, clothes, lit backdrop."""
    g = np.random.default_rng(rng.randrange(2**32))
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    base = {"white": (243, 244, 246), "blue": (62, 130, 205), "red": (206, 36, 40)}[background]
    light = 1.06 - 0.14 * (yy / h) - 0.06 * np.abs(xx / w - 0.5)
    img = np.ones((h, w, 3), np.float32) * np.array(base, np.float32) * light[..., None]
    cx = w * rng.uniform(0.46, 0.54)
    face_w, face_h = w * rng.uniform(0.19, 0.24), h * rng.uniform(0.2, 0.24)
    cy = h * rng.uniform(0.38, 0.44)
    cloth = np.array(rng.choice([(30, 34, 46), (235, 235, 232), (70, 72, 80), (120, 30, 40)]),
                     np.float32)
    shoulders = ((xx - cx) / (w * 0.55)) ** 2 + ((yy - h * 1.05) / (h * 0.38)) ** 2 < 1
    shade = (0.75 + 0.3 * (1 - np.abs(xx - cx) / w))[..., None]
    img = np.where(shoulders[..., None], cloth * shade, img)
    neck = (np.abs(xx - cx) < face_w * 0.45) & (yy > cy) & (yy < cy + face_h * 1.55)
    skin = np.array(rng.choice([(226, 190, 160), (210, 170, 135), (236, 205, 180)]), np.float32)
    img = np.where(neck[..., None], skin * 0.78, img)
    hair = (((xx - cx) / (face_w * 1.12)) ** 2 + ((yy - cy + face_h * 0.18) / face_h) ** 2 < 1)
    if rng.random() < 0.5:  # long hair falls to the shoulders
        hair |= (np.abs(xx - cx) < face_w * 1.15) & (yy > cy) & (yy < cy + face_h * 1.5)
    img = np.where(hair[..., None], np.array((28, 22, 20), np.float32) * shade, img)
    e = ((xx - cx) / face_w) ** 2 + ((yy - cy) / face_h) ** 2
    face = (e < 1) & ~((yy < cy - face_h * 0.55) & (e > 0.45))
    lit = (1.05 - 0.25 * e - 0.1 * (xx - cx) / face_w)[..., None]
    img = np.where(face[..., None], skin * lit, img)
    for sx in (-1, 1):  # eyes, brows
        ex = cx + sx * face_w * 0.42
        eye = (((xx - ex) / (face_w * 0.14)) ** 2
               + ((yy - cy + face_h * 0.08) / (face_h * 0.05)) ** 2)
        img = np.where((eye < 1)[..., None], np.array((40, 30, 30), np.float32), img)
        brow = (np.abs(xx - ex) < face_w * 0.2) & (np.abs(yy - cy + face_h * 0.25) < face_h * 0.025)
        img = np.where(brow[..., None], np.array((45, 35, 30), np.float32), img)
    mouth = ((xx - cx) / (face_w * 0.3)) ** 2 + ((yy - cy - face_h * 0.5) / (face_h * 0.05)) ** 2
    img = np.where((mouth < 1)[..., None], np.array((170, 90, 90), np.float32), img)
    img += g.normal(0, 6, img.shape)
    out = Image.fromarray(img.clip(0, 255).astype(np.uint8))
    return out.filter(ImageFilter.GaussianBlur(max(0.6, w / 260)))


def steel_emboss(sheet: Sheet, rng: random.Random, x: float, y: float, text: str,
                 d_mm: float = 30.0) -> None:
    """A colourless embossed ring seal: light and dark edges, no ink (the photo's corner)."""
    n = sheet.px(d_mm)
    mask = Image.new("L", (n, n), 0)
    md = ImageDraw.Draw(mask)
    md.ellipse([2, 2, n - 3, n - 3], outline=255, width=max(2, n // 40))
    md.ellipse([n // 3, n // 3, 2 * n // 3, 2 * n // 3], outline=255, width=max(1, n // 60))
    f = font("hei_bold", max(6, int(n * 0.1)))
    for i, ch in enumerate(text):
        ang = -120 + 240 * (i + 0.5) / len(text)
        rr = n / 2 - n * 0.13
        at = (n / 2 + rr * math.sin(math.radians(ang)), n / 2 - rr * math.cos(math.radians(ang)))
        md.text(at, ch, font=f, fill=255, anchor="mm")
    left, top = sheet.px(x) - n // 2, sheet.px(y) - n // 2
    a = np.asarray(sheet.img, dtype=np.int16).copy()
    m = np.asarray(mask, dtype=np.int16) // 255
    k = max(1, n // 120)
    hi = np.roll(np.roll(m, -k, 0), -k, 1) - m
    depth = rng.randint(25, 45)
    y0, x0 = max(0, top), max(0, left)
    y1, x1 = min(a.shape[0], top + n), min(a.shape[1], left + n)
    patch = (hi * depth)[y0 - top:y1 - top, x0 - left:x1 - left]
    a[y0:y1, x0:x1] += patch[..., None]
    sheet.img = Image.fromarray(a.clip(0, 255).astype(np.uint8))
    sheet.draw = ImageDraw.Draw(sheet.img)
