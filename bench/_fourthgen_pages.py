"""The print run of a fourth-generator booklet (labels of one print generation, faces, date form)
and its front pages: cover, notes page, photo page and the information page in four layouts."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from PIL import Image, ImageDraw

from bench._fourthgen_draw import (
    HAND_FACES,
    INKS,
    PRINT_FACES,
    Canvas,
    dot_matrix,
    emboss_ring,
    font,
    hand,
    mm,
    noise,
    portrait,
    seal,
)
from bench._fourthgen_facts import Holder

_CN = "〇一二三四五六七八九"
#: Label sets of three print generations; a booklet may also mix in a variant of another one.
GENERATIONS = {
    "1990s": {"name": "姓　　名", "gender": "性　　别", "birth": "出生年月",
              "ethnicity": "民　　族",
              "id": "身份证号码", "qtype": "资格种类", "subject": "任教学科",
              "cert": "证书号码", "authority": "发证机关", "issue": "批准日期"},
    "2000s": {"name": "姓名", "gender": "性别", "birth": "出生日期", "ethnicity": "民族",
              "id": "身份证件号码", "qtype": "教师资格种类", "subject": "任教学科",
              "cert": "证书编号", "authority": "认定机构", "issue": "发证日期"},
    "2010s": {"name": "姓　名", "gender": "性　别", "birth": "出生日期", "ethnicity": "民　族",
              "id": "公民身份号码", "qtype": "资格种类", "subject": "任教学科（类别）",
              "cert": "证书号码", "authority": "颁发机关", "issue": "颁发日期"},
}
_VARIANTS = {"birth": ("出生年月", "出生日期", "出生年月日"),
             "id": ("身份证号码", "身份证件号码", "公民身份号码", "身份证号"),
             "qtype": ("资格种类", "教师资格种类", "资格类别"),
             "cert": ("证书号码", "证书编号"),
             "authority": ("发证机关", "认定机构", "颁发机关", "认定机关"),
             "issue": ("发证日期", "批准日期", "颁发日期", "认定日期")}
LAYOUTS = ("pairs", "under", "leaders", "signed")
DATE_FORMS = ("cn", "cn0", "dot", "dash", "cnnum")
PAPERS = ((250, 248, 240), (246, 242, 228), (240, 246, 240), (252, 252, 252), (248, 240, 236))


def fmt_date(d: date, form: str) -> str:
    """A date as printed or written: 2015年6月2日, 2015年06月02日, 2015.06.02, 2015-06-02 or
    二〇一五年六月二日 (and the hand forms 2015.6.2 and 2015/6/2)."""
    if form == "cn":
        return f"{d.year}年{d.month}月{d.day}日"
    if form == "cn0":
        return f"{d:%Y}年{d:%m}月{d:%d}日"
    if form == "dot":
        return f"{d:%Y.%m.%d}"
    if form == "dot_short":
        return f"{d.year}.{d.month}.{d.day}"
    if form == "slash":
        return f"{d.year}/{d.month}/{d.day}"
    if form == "dash":
        return d.isoformat()
    year = "".join(_CN[int(c)] for c in str(d.year))
    return f"{year}年{_small(d.month)}月{_small(d.day)}日"


def _small(n: int) -> str:
    tens, ones = divmod(n, 10)
    return ("" if tens < 2 else _CN[tens]) + ("十" if tens else "") + (_CN[ones] if ones else "")


@dataclass
class Style:
    """One booklet's print run."""

    generation: str
    labels: dict[str, str]
    label_face: str
    value_face: str
    value_mode: str  # print / dot / hand
    date_form: str
    issue_form: str
    layout: str
    paper: tuple[int, int, int]
    size: tuple[float, float]
    ethnicity: bool
    month_only: bool
    seal_ink: str
    seal_wear: float
    seal_double: bool
    extras: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def draw(cls, rng: random.Random, h: Holder) -> Style:
        """Draw a print run that fits the holder's issue year."""
        gen = "1990s" if h.issue_date.year < 2002 else rng.choice(("2000s", "2010s", "1990s"))
        labels = dict(GENERATIONS[gen])
        for key, options in _VARIANTS.items():
            if rng.random() < 0.2:
                labels[key] = rng.choice(options)
        mode = rng.choices(("print", "dot", "hand"),
                           (70, 18, 12 if h.issue_date.year < 2008 else 3))[0]
        form = rng.choice(DATE_FORMS[:4])
        return cls(
            generation=gen, labels=labels, label_face=rng.choice(PRINT_FACES[:7]),
            value_face=rng.choice(HAND_FACES) if mode == "hand" else rng.choice(PRINT_FACES),
            value_mode=mode, date_form=form,
            issue_form="cnnum" if rng.random() < 0.18 else form,
            layout=rng.choice(LAYOUTS), paper=rng.choice(PAPERS),
            size=(rng.uniform(140, 150), rng.uniform(198, 210)),
            ethnicity=rng.random() < 0.55,
            month_only=labels["birth"] == "出生年月" and rng.random() < 0.15,
            seal_ink=rng.choices(("red", "purple_red", "orange_red"), (60, 25, 15))[0],
            seal_wear=rng.choice((0.15, 0.3, 0.55, 0.75)), seal_double=rng.random() < 0.15)

    def manifest(self) -> dict[str, Any]:
        """The print run's settings for manifest.jsonl."""
        return {"layout": self.layout, "generation": self.generation, "labels": self.labels,
                "label_font": self.label_face, "value_font": self.value_face,
                "value_mode": self.value_mode, "date_style": self.date_form,
                "issue_date_style": self.issue_form, "ethnicity": self.ethnicity,
                "birth_month_only": self.month_only, "seal_ink": self.seal_ink,
                "seal_wear": self.seal_wear, "seal_double": self.seal_double, **self.extras}


def _values(style: Style, h: Holder) -> dict[str, str]:
    birth = (f"{h.birth.year}年{h.birth.month}月" if style.month_only
             else fmt_date(h.birth, style.date_form))
    return {"name": h.name, "gender": h.gender, "birth": birth, "ethnicity": h.ethnicity,
            "id": h.id_number, "qtype": h.qualification, "subject": h.subject,
            "cert": h.certificate_number, "authority": h.authority,
            "issue": fmt_date(h.issue_date, style.issue_form)}


class _Filler:
    """Values go on a layer of their own: printed into a pre-printed form, a little off."""

    def __init__(self, page: Canvas, style: Style, rng: random.Random) -> None:
        self.layer = Canvas(page.w, page.h, (255, 255, 255))
        self.layer.img = Image.new("RGBA", page.img.size, (0, 0, 0, 0))
        self.style, self.rng = style, rng
        self.shift = (rng.uniform(-1.8, 1.8), rng.uniform(-1.2, 1.2))
        ink = INKS["blue_black" if style.value_mode == "hand" else "black"]
        self.ink = ink

    def put(self, x: float, y: float, s: str, size: float = 4.2) -> None:
        """A value with its baseline at y."""
        st = self.style
        if st.value_mode == "print":
            f = font(st.value_face, mm(size))
            img = Image.new("RGBA", (round(f.getlength(s)) + 8, mm(size * 1.6)), (0, 0, 0, 0))
            ImageDraw.Draw(img).text((2, mm(size * 1.2)), s, font=f, fill=self.ink + (255,),
                                     anchor="ls")
            top = y - size * 1.2
        elif st.value_mode == "dot":
            img, top = dot_matrix(s, "mono", size, self.ink), y - size * 1.1
        else:
            img, top = hand(s, st.value_face, size * 1.1, self.ink, self.rng), y - size * 1.35
        self.layer.img.alpha_composite(img, (mm(x), max(0, mm(top))))

    def apply(self, page: Canvas) -> None:
        """Lay the values over the form, shifted and turned as the printer fed the page."""
        turned = self.layer.img.rotate(self.rng.uniform(-0.7, 0.7),
                                       resample=Image.Resampling.BICUBIC,
                                       translate=(mm(self.shift[0]), mm(self.shift[1])))
        page.paste(turned, 0, 0, multiply=True)


def _seal_over(page: Canvas, style: Style, h: Holder, rng: random.Random, x: float,
               y: float) -> None:
    layer = seal(h.authority, rng, style.seal_ink, style.seal_wear, rng.uniform(38, 42),
                 "教师资格认定专用章" if rng.random() < 0.3 else "", style.seal_double)
    page.paste(layer, x - layer.width / 2 / mm(1), y - layer.height / 2 / mm(1), multiply=True)


def info_page(style: Style, h: Holder, rng: random.Random) -> Image.Image:
    """The information page in the booklet's layout, values filled in, the seal struck."""
    from bench._fourthgen_layouts import LAYOUT_DRAWERS

    page = Canvas(*style.size, style.paper)
    filler = _Filler(page, style, rng)
    anchor = LAYOUT_DRAWERS[style.layout](page, filler, style, _values(style, h), rng)
    filler.apply(page)
    _seal_over(page, style, h, rng, anchor[0] + rng.uniform(-6, 6), anchor[1] + rng.uniform(-5, 3))
    return page.img


def photo_page(style: Style, h: Holder, rng: random.Random) -> tuple[Image.Image, str]:
    """The photo page: printed white-background photo, or a glued one; steel seal; signature."""
    page = Canvas(*style.size, style.paper)
    kind = ("white_print" if h.issue_date.year >= 2020 or rng.random() < 0.25
            else rng.choice(("glued_blue", "glued_red", "glued_white")))
    pw = rng.uniform(33, 40)
    ph = pw * 1.4
    x, y = (page.w - pw) / 2 + rng.uniform(-4, 4), rng.uniform(38, 55)
    bg = {"white_print": (250, 250, 248), "glued_white": (245, 245, 245),
          "glued_blue": (70, 130, 200), "glued_red": (200, 40, 40)}[kind]
    photo = portrait(pw, ph, bg, rng)
    if kind == "white_print":
        page.paste(photo, x, y, multiply=True)
        if rng.random() < 0.5:
            page.rect(x - 1.5, y - 1.5, pw + 3, ph + 3, (120, 120, 120), width=0.25)
    else:
        shadow = Image.new("RGBA", photo.size, (0, 0, 0, 70))
        page.paste(shadow, x + 0.8, y + 0.8)
        page.paste(photo.rotate(rng.uniform(-1.5, 1.5), expand=False, fillcolor=style.paper),
                   x, y)
    ring = emboss_ring(rng.uniform(26, 32), h.authority[-12:], rng)
    page.paste(ring, x + pw - ring.width / mm(1) * 0.45, y + ph - ring.height / mm(1) * 0.5)
    if rng.random() < 0.7:
        base = y + ph + 22
        page.text(x - 8, base, "持证人签名", style.label_face, 3.6)
        sig = hand(h.name, "wenkai_light", 6, INKS["black"], rng, slant=-8)
        page.paste(sig, x + 15, base - 7)
    return page.img, kind


def cover(style: Style, rng: random.Random) -> Image.Image:
    """The cloth cover with gold lettering."""
    cloth = rng.choice(((120, 20, 25), (20, 60, 40), (25, 40, 95), (90, 25, 30)))
    page = Canvas(*style.size, cloth)
    gold = (215, 180, 95)
    page.draw.ellipse((mm(page.w / 2 - 16), mm(40), mm(page.w / 2 + 16), mm(72)),
                      outline=gold, width=mm(1.2))
    page.text(page.w / 2, 100, "中华人民共和国", "song_bold", 7, gold, anchor="ms")
    page.text(page.w / 2, 125, "教师资格证书", "song_bold", 11, gold, anchor="ms")
    grain = noise(page.img.size, 20, rng).convert("RGB")
    return Image.blend(page.img, grain, 0.06)


_NOTES = ("说　明",
          "一、本证书是持证人具有国家认定的教师资格的法定凭证，由国务院教育行政部门统一印制。",
          "二、本证书只限持证人本人使用，不得涂改、转借。",
          "三、本证书应妥善保管，如有遗失，应及时向原发证机关报告，并申请补发。",
          "四、持证人应按规定参加教师资格定期注册。")


def notes_page(style: Style, rng: random.Random) -> Image.Image:
    """The printed notes (说明) some print runs carry before the photo page."""
    page = Canvas(*style.size, style.paper)
    page.text(page.w / 2, 35, _NOTES[0], style.label_face, 6, anchor="ms")
    y = 55.0
    for para in _NOTES[1:]:
        line = ""
        for ch in para:
            if page.width(line + ch, style.label_face, 3.8) > page.w - 36:
                page.text(18, y, line, style.label_face, 3.8)
                y, line = y + 7, ""
            line += ch
        page.text(18, y, line, style.label_face, 3.8)
        y += 11
    return page.img
