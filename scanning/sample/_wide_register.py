"""定期注册 pages with stickers of four designs: a printed box, a sticker pasted slightly rotated
and shifted out of its box, a compact sticker (有效期：2016.09.01 / 至2021.08.31), and a small
grid; conclusions and validity periods in every common printed form, under a seal."""

from __future__ import annotations

import random
from typing import Any

from PIL import Image, ImageDraw

from scanning.sample._render import guilloche
from scanning.sample._wide_draw import Page, Style, fmt_date, seal_text
from scanning.sample._wide_records import PRINTED_CONCLUSIONS
from scanning.sample._wide_seal import stamp

STICKER_DESIGNS = ("box", "pasted", "compact", "grid")
VALIDITY_FORMS = ("dot", "cn", "dash", "split")
REG_LABELS = {
    "conclusion": ["注册结论", "结论", "注册结果"],
    "valid": ["有效期限", "有效期", "注册有效期"],
    "authority": ["注册机关", "注册部门", "审核机关"],
    "date": ["注册日期", "日期", "审核日期"],
}
BOX_W, BOX_H = 88.0, 54.0


def validity_lines(reg: dict[str, Any], form: str, rng: random.Random) -> list[str]:
    """The validity period as printed, on one line or split over two."""
    start, until = reg.get("valid_from"), reg.get("valid_until")
    if not (start and until):
        return [rng.choice(["——", "/", "无"])]
    if form == "dot":
        dash = rng.choice(["–", "-", "—", "～", "至"])
        return [f"{fmt_date(start, 'dot')}{dash}{fmt_date(until, 'dot')}"]
    if form == "cn":
        style = rng.choice(["pad", "plain"])
        return [f"{fmt_date(start, style)}至{fmt_date(until, style)}"]
    if form == "dash":
        return [f"{start} 至 {until}"]
    style = rng.choice(["dot", "pad", "plain"])
    return [fmt_date(start, style), f"至{fmt_date(until, style)}"]


def _lines(
    reg: dict[str, Any], st: Style, rng: random.Random, labels: dict[str, str], form: str
) -> list[str]:
    printed = rng.choice(PRINTED_CONCLUSIONS[str(reg["conclusion"])])
    valid = validity_lines(reg, form, rng)
    colon = rng.choice(["：", ":"])
    out = [f"{labels['conclusion']}{colon}{printed}", f"{labels['valid']}{colon}{valid[0]}"]
    out += [f"{'　' * 2}{v}" for v in valid[1:]]
    out += [
        f"{labels['authority']}{colon}{reg['authority']}",
        f"{labels['date']}{colon}{fmt_date(str(reg['date']), st.date_style)}",
    ]
    return out


def _sticker(
    dpi: int, lines: list[str], st: Style, rng: random.Random, w: float, h: float, size: float
) -> Page:
    tint = rng.choice([(252, 252, 248), (250, 246, 226), (236, 244, 250), (246, 236, 238)])
    pg = Page(dpi, tint)
    pg.img = pg.img.crop((0, 0, pg.px(w), pg.px(h)))
    pg.draw = ImageDraw.Draw(pg.img)
    pg.draw.rectangle((1, 1, pg.px(w) - 2, pg.px(h) - 2), outline=(150, 60, 60), width=2)
    y = (h - len(lines) * size * 1.65) / 2 + 0.5
    for line in lines:
        s = pg.fit(line, st.value_family, size, w - 6)
        pg.put(3, y, line, st.value_family, s)
        y += size * 1.65
    return pg


Spot = tuple[float, float]  # where the sticker's seal goes (mm)


def _pasted(
    pg: Page,
    top: float,
    lines: list[str],
    st: Style,
    rng: random.Random,
    compact: bool,
    size: float,
) -> Spot:
    """A separate sticker pasted a little askew, partly out of its printed box."""
    if compact:
        w, h, size = rng.uniform(60, 72), rng.uniform(36, 44), size * 0.9
    else:
        w, h = BOX_W - rng.uniform(4, 10), BOX_H - rng.uniform(4, 10)
    sticker = _sticker(pg.px(25.4), lines, st, rng, w, h, size)
    img = sticker.img.rotate(rng.uniform(-3, 3), expand=True, fillcolor=st.paper)
    x, y = 7 + rng.uniform(-3, 8), top + rng.uniform(-4, 6)
    pg.img.paste(img, (pg.px(x), pg.px(y)))
    return x + w * rng.uniform(0.5, 0.85), y + h * rng.uniform(0.4, 0.8)


def _grid(
    pg: Page, top: float, lines: list[str], st: Style, rng: random.Random, size: float
) -> Spot:
    """Label and value cells ruled into the box; a split validity period shares one cell."""
    rh = BOX_H / len(lines)
    rule = (90, 90, 90)
    for j, line in enumerate(lines):
        y = top + j * rh
        label, colon, value = line.replace(":", "：").partition("：")
        if not colon:  # the second line of a split validity period
            value = line.strip("　")
        else:
            pg.draw.line((pg.px(7), pg.px(y), pg.px(7 + BOX_W), pg.px(y)), fill=rule, width=1)
            pg.put(9, y + (rh - size) / 2, label, st.label_family, size * 0.9)
        fit = pg.fit(value, st.value_family, size, BOX_W - 30)
        pg.put(35, y + (rh - size) / 2, value, st.value_family, fit)
    pg.draw.line((pg.px(33), pg.px(top), pg.px(33), pg.px(top + BOX_H)), fill=rule, width=1)
    return 70 + rng.uniform(-6, 6), top + BOX_H * rng.uniform(0.5, 0.8)


def _printed(
    pg: Page, top: float, lines: list[str], st: Style, rng: random.Random, size: float
) -> Spot:
    """ "标签：值" lines printed straight into the box."""
    y = top + 5
    for line in lines:
        pg.put(11, y, line, st.value_family, pg.fit(line, st.value_family, size, BOX_W - 8))
        y += (BOX_H - 8) / max(4, len(lines))
    return 74 + rng.uniform(-6, 6), top + BOX_H * rng.uniform(0.55, 0.8)


def _box(
    pg: Page, top: float, reg: dict[str, Any], st: Style, rng: random.Random, design: str
) -> Spot:
    """One sticker in its box on the page; returns where its seal goes."""
    labels = {k: rng.choice(v) for k, v in REG_LABELS.items()}
    form = "split" if design == "compact" else rng.choice(VALIDITY_FORMS)
    lines = _lines(reg, st, rng, labels, form)
    size = rng.uniform(3.2, 3.9)
    if design == "compact":  # the conclusion alone on top, 有效期：… / 至… below
        printed = lines[0].split("：")[-1].split(":")[-1]
        lines = [printed, *[ln.replace(labels["valid"], "有效期") for ln in lines[1:]]]
    if design in ("pasted", "compact"):
        return _pasted(pg, top, lines, st, rng, design == "compact", size)
    if design == "grid":
        return _grid(pg, top, lines, st, rng, size)
    return _printed(pg, top, lines, st, rng, size)


def registration_page(
    dpi: int, rng: random.Random, regs: list[dict[str, Any]], st: Style, design: str
) -> Image.Image:
    """定期注册 with two boxes; stickers in the first ones, sealed."""
    pg = Page(dpi, st.paper)
    guilloche(pg, rng, st.pattern)
    title = rng.choice(["定期注册", "定期注册记录", "教师资格定期注册", "注　册"])
    pg.put(51.25, rng.uniform(6, 10), title, st.label_family, rng.uniform(4.8, 6), align="c")
    tops = [rng.uniform(18, 24), rng.uniform(80, 86)]
    for top in tops:
        outline = (120, 120, 120) if design != "box" else (80, 80, 80)
        pg.draw.rectangle(
            (pg.px(7), pg.px(top), pg.px(7 + BOX_W), pg.px(top + BOX_H)), outline=outline, width=2
        )
        if design in ("pasted", "compact"):
            pg.put(
                51.25,
                top + BOX_H / 2 - 2,
                "注册贴粘贴处",
                st.label_family,
                3.4,
                fill=(190, 190, 190),
                align="c",
            )
    for reg, top in zip(regs[:2], tops, strict=False):
        sx, sy = _box(pg, top, reg, st, rng, design)
        stamp(pg, sx, sy, rng.uniform(22, 30), seal_text(str(reg["authority"])), rng)
    return pg.img
