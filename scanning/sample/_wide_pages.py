"""Cover, photo, notice and remarks pages for wide-variety booklets."""

from __future__ import annotations

import random
from dataclasses import dataclass

from PIL import Image

from scanning.sample import _fonts
from scanning.sample._records import TruthRecord
from scanning.sample._render import guilloche, portrait
from scanning.sample._wide_draw import BLACK, BLUE_INKS, Ink, Page, Style, fmt_date, seal_text
from scanning.sample._wide_seal import stamp

REMARK_DESIGNS = ("after", "above", "before", "wrapped")
BACKGROUNDS = {"white": (255, 255, 255), "blue": (90, 150, 220), "red": (215, 40, 45)}
NOTICE = [
    "说　明",
    "一、本证书是持证人具备国家认定的教师资格的法定凭证。",
    "二、本证书由国务院教育行政部门统一印制。",
    "三、本证书须加盖发证机关印章方为有效。",
    "四、本证书不得涂改、转借，遗失须及时报告。",
]


def cover(dpi: int, rng: random.Random, st: Style) -> Image.Image:
    """A cover: title and emblem in gold (or silver) on dark red, blue or green."""
    bg = rng.choice([(rng.randrange(110, 150), 20, 25), (25, 45, 95), (30, 70, 50)])
    pg = Page(dpi, bg)
    gold = rng.choice([(222, 186, 96), (205, 190, 150), (230, 200, 120)])
    family = rng.choice(["Noto Serif CJK SC:bold", "AR PL UMing CN", "Noto Sans CJK SC:bold"])
    pg.put(51.25, rng.uniform(16, 26), "中华人民共和国", family, 7, fill=gold, align="c")
    r, cx, cy = pg.px(16), pg.px(51.25), pg.px(rng.uniform(52, 62))
    pg.draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=gold, width=pg.px(1.2))
    pg.draw.ellipse((cx - r // 2, cy - r // 2, cx + r // 2, cy + r // 2), fill=gold)
    pg.put(
        51.25, rng.uniform(86, 96), "教师资格证书", family, rng.uniform(8, 10), fill=gold, align="c"
    )
    pg.put(51.25, 128, "中华人民共和国教育部制", st.label_family, 3.2, fill=gold, align="c")
    return pg.img


def notice_page(dpi: int, rng: random.Random, st: Style) -> Image.Image:
    """The inside cover's printed notes (a page the scanner must recognise and skip)."""
    pg = Page(dpi, st.paper)
    y = rng.uniform(18, 30)
    for i, line in enumerate(NOTICE):
        size = 4.5 if i == 0 else 3.2
        x = 51.25 if i == 0 else 10
        pg.put(x, y, line[:24], st.label_family, size, align="c" if i == 0 else "l")
        if len(line) > 24:
            pg.put(14, y + 5, line[24:], st.label_family, size)
            y += 5
        y += 10
    return pg.img


def photo_background(rng: random.Random, issued_year: int) -> str:
    """White since the 2020 standard; older booklets are often blue or red."""
    if issued_year >= 2020 or rng.random() < 0.5:
        return "white"
    return rng.choice(["blue", "red"])


def photo_page(
    dpi: int, rng: random.Random, st: Style, background: str, signer: str | None = None
) -> Image.Image:
    """The holder's photo (with a faint frame or none), the steel-seal ring, the signature line."""
    pg = Page(dpi, st.paper)
    guilloche(pg, rng, st.pattern)
    pw, ph = pg.px(rng.uniform(30, 35)), pg.px(rng.uniform(42, 49))
    img = portrait(pw, ph, rng, BACKGROUNDS[background])
    x0 = pg.px(51.25 + rng.uniform(-3, 3)) - pw // 2
    y0 = pg.px(rng.uniform(20, 34))
    pg.img.paste(img, (x0, y0))
    frame = rng.choice(["none", "faint", "printed"])
    if frame != "none":
        tone = (200, 200, 196) if frame == "faint" else (110, 110, 110)
        pad = pg.px(rng.uniform(0, 2.5))
        pg.draw.rectangle((x0 - pad, y0 - pad, x0 + pw + pad, y0 + ph + pad), outline=tone)
    _steel_ring(pg, x0 + pw - pg.px(rng.uniform(0, 6)), y0 + ph - pg.px(rng.uniform(0, 6)), rng)
    label = rng.choice(["持证人签名", "持证人签名：", "本人签名"])
    pg.put(14, rng.uniform(98, 108), label, st.label_family, st.label_mm)
    pg.draw.line((pg.px(46), pg.px(110), pg.px(88), pg.px(110)), fill=(60, 60, 60), width=2)
    if signer:  # some holders sign their booklet
        ink = rng.choice([*BLUE_INKS, BLACK])
        pg.hand(52, 103, signer, rng.choice(_fonts.KAI), 5.5, ink, rng)
    if rng.random() < 0.4:  # the press's serial number of the blank booklet, not the certificate's
        serial = f"{rng.choice(['No.', 'No ', 'NO.', '№'])}{rng.randrange(10**6, 10**8):08d}"
        pg.put(
            rng.uniform(58, 70),
            rng.uniform(128, 136),
            serial,
            st.label_family,
            3.2,
            fill=(190, 40, 40),
        )
    return pg.img


def back_cover(dpi: int, rng: random.Random, st: Style) -> Image.Image:
    """The back cover: plain cloth colour, sometimes the ministry's imprint."""
    pg = Page(dpi, (rng.randrange(110, 150), 20, 25))
    if rng.random() < 0.5:
        pg.put(51.25, 134, "教育部监制", st.label_family, 3, fill=(200, 170, 100), align="c")
    return pg.img


def _steel_ring(pg: Page, cx: int, cy: int, rng: random.Random) -> None:
    """The embossed steel seal: a raised ring, light on one side and dark on the other."""
    r = pg.px(rng.uniform(9, 12))
    w = max(2, pg.px(0.6))
    pg.draw.arc((cx - r, cy - r, cx + r, cy + r), 200, 20, fill=(235, 235, 232), width=w)
    pg.draw.arc((cx - r, cy - r, cx + r, cy + r), 20, 200, fill=(165, 165, 160), width=w)
    inner = r - pg.px(2.2)
    pg.draw.ellipse((cx - inner, cy - inner, cx + inner, cy + inner), outline=(190, 190, 186))


@dataclass(frozen=True)
class Hand:
    """How remarks are written: printed in a face, or by hand in a 楷体 with an ink."""

    family: str
    ink: Ink
    by_hand: bool


def remark_hand(rng: random.Random, st: Style) -> Hand:
    """Half the offices write remarks by hand (楷体, blue or black ink); the rest print them."""
    if rng.random() < 0.5:
        return Hand(rng.choice(_fonts.KAI), rng.choice([*BLUE_INKS, BLACK]), True)
    return Hand(st.value_family, BLACK, False)


def _write(
    pg: Page,
    x: float,
    y: float,
    text: str,
    hand: Hand,
    size: float,
    rng: random.Random,
    align: str = "l",
) -> float:
    if hand.by_hand:
        if align == "r":
            x -= pg.width(text, hand.family, size) * 1.05
        return pg.hand(x, y, text, hand.family, size, hand.ink, rng)
    return pg.put(x, y, text, hand.family, size, align=align)


def _split(text: str, rng: random.Random) -> tuple[str, str]:
    cut = len(text) // 2 + rng.randrange(-1, 2)
    for mark in "，,":
        if mark in text[2:-2]:
            cut = text.index(mark, 2) + 1
            break
    return text[:cut], text[cut:]


def _entry(
    pg: Page,
    y: float,
    note: dict[str, str],
    design: str,
    hand: Hand,
    st: Style,
    rng: random.Random,
    scale: float = 1.0,
) -> float:
    """One remark in ``design``; returns the y below it."""
    size = rng.uniform(3.6, 4.4) * (1.2 if hand.by_hand else 1.0) * scale  # hands write larger
    date = fmt_date(note["date"], st.date_style if rng.random() < 0.7 else "plain")
    text = note["text"]
    room = 84.0
    if design == "above":
        _write(pg, 10, y, date, hand, size * 0.92, rng)
        y += size * 1.7
    if design == "before":
        end = _write(pg, 9, y, date, hand, size * 0.92, rng)
        if pg.width(text, hand.family, size) < 93 - end - 3:
            _write(pg, end + 3, y, text, hand, size, rng)
            return y + size * 3
        first, rest = _split(text, rng)
        room = (93 - end - 3) / (1.1 if hand.by_hand else 1.0)
        fit = min(pg.fit(part, hand.family, size, room) for part in (first, rest))
        _write(pg, end + 3, y, first, hand, fit, rng)
        _write(pg, end + 3, y + size * 1.6, rest, hand, fit, rng)
        return y + size * 4.4
    lines = [text]
    if design == "wrapped" and len(text) >= 9 or pg.width(text, hand.family, size) > room:
        lines = list(_split(text, rng))
    fit = min(pg.fit(line, hand.family, size, room / 1.1) for line in lines)
    for line in lines:
        _write(pg, 10 + rng.uniform(0, 3), y, line, hand, fit, rng)
        y += size * 1.6
    if design in ("after", "wrapped"):
        _write(pg, 93, y + size * 0.4, date, hand, size * 0.92, rng, align="r")
        y += size * 2
    return y + size * 1.2


def remarks_page(
    dpi: int, rng: random.Random, rec: TruthRecord, st: Style, design: str, hand: Hand | None = None
) -> Image.Image:
    """备注: entries in one design, printed or by hand, each under an office seal."""
    hand = hand or remark_hand(rng, st)
    seed = rng.random()
    for scale in (1.0, 0.85, 0.72, 0.6):  # smaller writing when the entries would run off the page
        img, bottom = _remarks(dpi, random.Random(seed), rec, st, design, hand, scale)
        if bottom <= 140:
            break
    return img


def _remarks(
    dpi: int, rng: random.Random, rec: TruthRecord, st: Style, design: str, hand: Hand, scale: float
) -> tuple[Image.Image, float]:
    pg = Page(dpi, st.paper)
    guilloche(pg, rng, st.pattern)
    title = rng.choice(["备　注", "备注", "备　　注", "备注栏"])
    pg.put(51.25, rng.uniform(7, 12), title, st.label_family, rng.uniform(5, 6.5), align="c")
    if rng.random() < 0.35:  # ruled lines for writing on
        for k in range(10):
            yy = pg.px(30 + k * 11)
            pg.draw.line((pg.px(8), yy, pg.px(95), yy), fill=(200, 200, 205), width=1)
    y = bottom = rng.uniform(22, 30)
    for note in rec.annotations:
        top = y
        y = bottom = _entry(pg, y, note, design, hand, st, rng, scale)
        cx, cy = rng.uniform(55, 80), (top + y) / 2 + rng.uniform(-2, 4)
        stamp(pg, cx, cy, rng.uniform(22, 30) * scale**0.5, seal_text(rec.issuing_authority), rng)
        y += rng.uniform(4, 10) * scale
    return pg.img, bottom
