"""Front pages of the third generator's booklets: cover, notice, photo page, information page.

A :class:`Style` is one print run: page size, paper, fonts, label generation, date form, layout.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from PIL import Image, ImageDraw

from bench._thirdgen_facts import QUALIFICATIONS, Holder
from bench._thirdgen_paint import (
    HAND_FONTS,
    PRINT_FONTS,
    Sheet,
    hand_text,
    portrait,
    security_print,
    steel_emboss,
)

LABELS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "姓　名", "姓 名"),
    "gender": ("性别", "性　别"),
    "birth_date": ("出生日期", "出生年月", "出生年月日"),
    "ethnicity": ("民族", "民　族"),
    "id_number": ("身份证件号码", "身份证号码", "公民身份号码", "身份证号"),
    "qualification_type": ("资格种类", "教师资格种类", "资格类别", "教师资格类别"),
    "subject": ("任教学科", "学科", "任教学科（类别）", "学　科"),
    "certificate_number": ("证书号码", "证书编号"),
    "issuing_authority": ("发证机关", "颁发机关", "认定机构", "认定机关", "发证机构"),
    "issue_date": ("批准日期", "颁发日期", "发证日期", "认定日期"),
}
LAYOUTS = ("rows", "table", "colon", "stacked")
DATE_FORMS = ("cn", "cn_pad", "cn_spaced", "dot", "dash")


def fmt_date(d: date, form: str) -> str:
    """A date as printed in one of the common forms."""
    return {
        "cn": f"{d.year}年{d.month}月{d.day}日",
        "cn_pad": f"{d:%Y}年{d:%m}月{d:%d}日",
        "cn_spaced": f"{d.year} 年 {d.month} 月 {d.day} 日",
        "dot": f"{d:%Y.%m.%d}",
        "dash": f"{d:%Y-%m-%d}",
        "dot_short": f"{d.year}.{d.month}.{d.day}",
        "slash": f"{d.year}/{d.month}/{d.day}",
    }[form]


@dataclass
class Style:
    """One print run's choices (recorded in the manifest)."""

    w: float
    h: float
    paper: tuple[int, int, int]
    tint: tuple[int, int, int]
    label_font: str
    value_font: str
    layout: str
    date_form: str
    labels: dict[str, str]
    ethnicity: bool
    security: bool
    photo_glued: bool
    background: str
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def draw(cls, rng: random.Random, holder: Holder) -> Style:
        """A random print run; the photo background follows the issue date's era."""
        if holder.issued.year >= 2020:
            background = "white"
        else:
            background = rng.choices(("blue", "red", "white"), (50, 35, 15))[0]
        return cls(
            w=rng.uniform(128, 145), h=rng.uniform(182, 205),
            paper=rng.choice([(250, 248, 240), (246, 243, 232), (252, 252, 250),
                              (244, 240, 226)]),
            tint=rng.choice([(214, 232, 214), (232, 218, 222), (214, 224, 238),
                             (236, 230, 206)]),
            label_font=rng.choice(PRINT_FONTS), value_font=rng.choice(PRINT_FONTS + HAND_FONTS),
            layout=rng.choice(LAYOUTS), date_form=rng.choice(DATE_FORMS),
            labels={k: rng.choice(v) for k, v in LABELS.items()},
            ethnicity=rng.random() < 0.6, security=rng.random() < 0.7,
            photo_glued=rng.random() < 0.6, background=background,
        )

    def manifest(self) -> dict[str, Any]:
        """The print run as the manifest records it."""
        return {"layout": self.layout, "label_font": self.label_font,
                "value_font": self.value_font, "date_style": self.date_form,
                "labels": self.labels, "guilloche": self.security,
                "photo_background": self.background, "photo_glued": self.photo_glued}


def blank(style: Style, scale: float, rng: random.Random, secure: bool = True) -> Sheet:
    """A page of the run's paper, with its security print when the run has one."""
    sheet = Sheet(style.w, style.h, scale, style.paper)
    if style.security and secure:
        security_print(sheet, rng, style.tint)
    return sheet


def cover(style: Style, scale: float, rng: random.Random, back: bool = False) -> Sheet:
    """The cover (or back cover): dark cloth with gold lettering."""
    colour = rng.choice([(36, 78, 54), (120, 28, 30), (30, 50, 90)])
    sheet = Sheet(style.w, style.h, scale, colour)
    gold = (214, 182, 104)
    cx = style.w / 2
    if back:
        sheet.text(cx, style.h - 20, "中华人民共和国教育部制", "song", 4, gold, "ms")
        return sheet
    sheet.draw.ellipse([sheet.px(cx - 17), sheet.px(30), sheet.px(cx + 17), sheet.px(64)],
                       outline=gold, width=sheet.px(1.2))
    sheet.text(cx, 48, "★", "hei", 12, gold, "mm")
    sheet.text(cx, 92, "中华人民共和国", "song_bold", 7, gold, "ms")
    sheet.text(cx, 112, "教师资格证书", rng.choice(("song_bold", "hei_bold")), 11, gold, "ms")
    return sheet


_NOTICE = ("说　明", "一、本证书是持证人具有国家认定的教师资格的法定凭证。",
           "二、本证书由国务院教育行政部门统一印制。", "三、本证书应妥善保管，不得涂改、转借。",
           "四、证书遗失、损毁的，应及时向原发证机关申请补发或换发。")


def notice(style: Style, scale: float, rng: random.Random) -> Sheet:
    """The printed notice page (说明)."""
    sheet = blank(style, scale, rng)
    sheet.text(style.w / 2, 30, _NOTICE[0], style.label_font, 6, anchor="ms")
    y = 48.0
    for line in _NOTICE[1:]:
        for k in range(0, len(line), 22):
            sheet.text(14, y, line[k:k + 22], "song", 3.8)
            y += 8
    return sheet


def photo_page(style: Style, holder: Holder, scale: float, rng: random.Random) -> Sheet:
    """The holder's portrait (glued in a frame or printed), steel seal over a corner, signature."""
    sheet = blank(style, scale, rng)
    pw = rng.uniform(33, 40)
    ph = pw * 1.4
    x0, y0 = (style.w - pw) / 2 + rng.uniform(-4, 4), rng.uniform(28, 48)
    img = portrait(rng, sheet.px(pw), sheet.px(ph), style.background)
    if style.photo_glued:  # a print with white margin, its shadow on the page
        m = sheet.px(rng.uniform(0.8, 2.0))
        framed = Image.new("RGB", (img.width + 2 * m, img.height + 2 * m), (250, 250, 250))
        framed.paste(img, (m, m))
        off = sheet.px(0.6)
        sheet.draw.rectangle([sheet.px(x0) - m + off, sheet.px(y0) - m + off,
                              sheet.px(x0) - m + off + framed.width,
                              sheet.px(y0) - m + off + framed.height], fill=(150, 148, 140))
        framed = framed.rotate(rng.uniform(-1.5, 1.5), expand=True, fillcolor=style.paper)
        sheet.img.paste(framed, (sheet.px(x0) - m, sheet.px(y0) - m))
    else:
        sheet.img.paste(img, (sheet.px(x0), sheet.px(y0)))
        sheet.box(x0, y0, x0 + pw, y0 + ph, 0.3, (90, 90, 90))
    sheet.draw = ImageDraw.Draw(sheet.img)
    corner = rng.choice(((1, 1), (0, 1), (1, 0)))
    steel_emboss(sheet, rng, x0 + pw * corner[0], y0 + ph * corner[1],
                 rng.choice(("教师资格认定专用", holder.authority[-12:])))
    y = y0 + ph + rng.uniform(16, 26)
    label = rng.choice(("持证人签名", "持证人签名：", "本人签名"))
    w = sheet.text(16, y, label, style.label_font, 4.2)
    sheet.line(18 + w, y + 1, style.w - 16, y + 1, 0.2)
    hand_text(sheet, rng, 24 + w, y - 0.5, holder.name, "kai", 6, (25, 25, 35))
    return sheet


def values(holder: Holder, style: Style) -> dict[str, str]:
    """Each field as printed on the information page."""
    number = holder.id_number
    return {
        "name": holder.name, "gender": holder.gender,
        "birth_date": fmt_date(holder.birth, style.date_form),
        "ethnicity": holder.ethnicity + ("族" if len(holder.ethnicity) == 1 else ""),
        "id_number": number,
        "qualification_type": QUALIFICATIONS[holder.qualification - 1] + "教师资格",
        "subject": holder.subject, "certificate_number": holder.certificate_number,
        "issuing_authority": holder.authority,
        "issue_date": fmt_date(holder.issued, style.date_form),
    }
