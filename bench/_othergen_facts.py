"""The second bench generator's holders: who they are and what their booklet says (the truth).

Built from the domain alone (GB 11643 ID numbers, GB/T 2260 divisions through core.rules, the
17-digit certificate number, 5-year 定期注册 periods), never from the scanner or ``ecert sample``,
so the bench can measure the scanner on booklets it was not tuned on.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Any

from stdnum.cn import ric

from core.rules import QualificationType, division_table, registration_period

LAST_DAY = date(2025, 11, 30)  # nothing printed later than this (the scanner refuses future dates)

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
)
COMPOUND = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "慕容")
GIVEN = (
    "伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华玉兰萍红建国文辉鹏飞宇浩然欣怡梓涵子轩雨"
    "婷晨晓琳佳颖思雅婧瑶璐蕾薇倩琪楠丹昊煜祎珺骁翔峰岚彬淼鑫森焱昕晗玥蓓菁茜"
)
# Subjects as real booklets print them (任教学科), by qualification type.
SUBJECTS: dict[int, tuple[str, ...]] = {
    1: ("幼儿园",),
    2: ("语文", "数学", "英语", "科学", "音乐", "体育", "美术", "信息技术", "品德与社会",
        "道德与法治", "心理健康教育"),
    3: ("语文", "数学", "英语", "物理", "化学", "生物", "历史", "地理", "思想品德", "音乐",
        "体育与健康", "美术", "信息技术", "日语", "俄语"),
    4: ("语文", "数学", "英语", "物理", "化学", "生物", "历史", "地理", "思想政治", "音乐",
        "体育与健康", "美术", "信息技术", "通用技术", "心理健康教育"),
    5: ("计算机应用", "会计", "护理", "机械加工技术", "电子技术应用", "旅游服务与管理",
        "汽车运用与维修", "语文", "数学", "英语"),
    6: ("数控技术应用", "汽车运用与维修", "电子技术应用", "烹饪", "美容美发与形象设计"),
    7: ("汉语言文学", "计算机科学与技术", "临床医学", "机械工程", "会计学"),
}  # fmt: skip
TYPE_WEIGHTS = {1: 12, 2: 30, 3: 25, 4: 20, 5: 6, 6: 3, 7: 4}
REMARKS = (
    "证书遗失，予以补发",
    "原证书污损，经本人申请同意换发",
    "经核实，民族更正为回族",
    "证书内页受潮破损，予以换发",
    "身份证号码已升位，经核对无误",
    "照片更换，经审核属实",
    "本证书系补发，原证书作废",
    "工作单位变更，已登记备案",
)
MUNICIPALITIES = ("11", "12", "31", "50")


@dataclass
class Registration:
    """One 定期注册 entry as the sticker states it."""

    conclusion: str
    valid_from: date | None
    valid_until: date | None
    authority: str
    decided: date

    def truth(self) -> dict[str, Any]:
        """The truth.jsonl entry."""
        start, end = self.valid_from, self.valid_until
        return {"conclusion": self.conclusion,
                "valid_from": start.isoformat() if start else None,
                "valid_until": end.isoformat() if end else None, "authority": self.authority,
                "date": self.decided.isoformat()}


@dataclass
class Holder:
    """Everything a booklet prints about its holder."""

    name: str
    gender: str
    birth: date
    ethnicity: str
    id_number: str
    qtype: int
    subject: str
    cert_number: str
    authority: str
    issued: date
    remarks: list[tuple[date, str]] = field(default_factory=list)
    registrations: list[Registration] = field(default_factory=list)

    @property
    def qualification(self) -> str:
        """The full printed type, e.g. 高级中学教师资格."""
        return QualificationType(self.qtype).label

    def truth(self, source: str) -> dict[str, Any]:
        """The truth.jsonl line for this booklet saved as ``source``."""
        return {
            "source": source, "name": self.name, "gender": self.gender,
            "birth_date": self.birth.isoformat(), "id_number": self.id_number,
            "qualification_type": self.qualification, "subject": self.subject,
            "certificate_number": self.cert_number, "issuing_authority": self.authority,
            "issue_date": self.issued.isoformat(),
            "annotations": [{"date": d.isoformat(), "text": t} for d, t in self.remarks],
            "registrations": [r.truth() for r in self.registrations],
            "photo": None, "needs_review": False, "confidence": {}, "findings": [],
        }  # fmt: skip


def _current(entry: str) -> str | None:
    """The name still in force of a stdnum entry like ``[1983-]西湖区``, else None."""
    last = entry.split(",")[-1]
    if last.startswith("["):
        period, _, name = last[1:].partition("]")
        return name if period.endswith("-") else None
    return last


@cache
def _counties() -> tuple[tuple[str, str, str, str], ...]:
    """(code, province, prefecture or '', county) for every division still in force."""
    table = division_table()
    out = []
    for code, (province, entry) in table.items():
        name = _current(entry)
        if code[4:] == "00" or not name or name in ("市辖区", "县"):
            continue
        pref = table.get(code[:4] + "00", ("", ""))[1]
        pref = _current(pref) or ""
        if pref in ("市辖区", "县") or "直辖" in pref:
            pref = ""
        out.append((code, province, pref, name))
    return tuple(sorted(out))


def _bureau(rng: random.Random) -> str:
    return "教育局" if rng.random() < 0.88 else "教育体育局"


def _authority(rng: random.Random, qtype: int, place: tuple[str, str, str, str]) -> str:
    """The 发证机关 printed on the information page: county, city or province level."""
    code, province, pref, county = place
    if code[:2] in MUNICIPALITIES:
        return province + ("教育委员会" if qtype >= 4 or rng.random() < 0.3 else
                           county + "教育委员会")
    level = rng.random()
    if qtype == 7 or (qtype >= 4 and level < 0.3):
        return province + "教育厅"
    if qtype >= 4 and pref:
        return pref + "教育局"
    prefix = pref if pref and county.endswith("区") and rng.random() < 0.6 else ""
    return prefix + county + _bureau(rng)


def _name(rng: random.Random) -> str:
    surname = rng.choice(COMPOUND) if rng.random() < 0.04 else rng.choice(SURNAMES)
    return surname + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def _id_number(rng: random.Random, code: str, birth: date, gender: str) -> str:
    order = rng.randrange(0, 500) * 2 + (1 if gender == "男" else 0)
    if order == 0:
        order = 2
    body = f"{code}{birth:%Y%m%d}{order:03d}"
    return body + ric.calc_check_digit(body + "0")  # stdnum expects a placeholder last char


def _cert_number(rng: random.Random, h: Holder, place: tuple[str, str, str, str]) -> str:
    year = h.issued.year
    if year >= 2009:
        g = "1" if h.gender == "男" else "2"
    else:
        g = "0" if h.gender == "男" else "1"
    authority = f"{int(place[0][2:4]) % 10}{rng.randrange(100):02d}"
    return f"{year}{place[0][:2]}{authority}{h.qtype}{g}{rng.randrange(1, 999999):06d}"


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange(max(1, (end - start).days)))


def _registrations(rng: random.Random, issued: date, authority: str) -> list[Registration]:
    """0–3 stickers; each 注册合格 covers 5 years (registration_period), later ones follow."""
    out: list[Registration] = []
    start = max(issued + timedelta(days=200), date(2015, 6, 1))
    when = _day(rng, start, start + timedelta(days=900))
    for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
        if when > LAST_DAY - timedelta(days=30):
            break
        roll = rng.random()
        if roll < 0.75:
            # Periods start on 1 Sept, on 1 Jan, or a few days after the decision.
            begin = rng.choice((date(when.year + (when.month > 8), 9, 1), date(when.year + 1, 1, 1),
                                when + timedelta(days=rng.randrange(1, 20))))
            end = registration_period(begin)[1]
            out.append(Registration("注册合格", begin, end, authority, when))
            when = _day(rng, end - timedelta(days=200), end - timedelta(days=20))
        elif roll < 0.9:
            out.append(Registration("暂缓注册", None, None, authority, when))
            when = _day(rng, when + timedelta(days=180), when + timedelta(days=600))
        else:
            out.append(Registration("注册不合格", None, None, authority, when))
            break
    return out


def make_holder(rng: random.Random) -> Holder:
    """A consistent holder: ID, certificate number, authority and dates agree."""
    places = _counties()
    home = rng.choice(places)
    work = home if rng.random() < 0.85 else rng.choice(places)
    qtype = rng.choices(list(TYPE_WEIGHTS), weights=list(TYPE_WEIGHTS.values()))[0]
    gender = rng.choice(("男", "女"))
    issued = _day(rng, date(2004, 1, 1), date(2025, 6, 30))
    birth = _day(rng, date(issued.year - 45, 1, 1), date(issued.year - 21, 1, 1))
    h = Holder(
        name=_name(rng), gender=gender, birth=birth,
        ethnicity=rng.choices(("汉族", "回族", "满族", "壮族", "苗族"), (90, 3, 3, 2, 2))[0],
        id_number=_id_number(rng, home[0], birth, gender), qtype=qtype,
        subject=rng.choice(SUBJECTS[qtype]), cert_number="",
        authority=_authority(rng, qtype, work), issued=issued,
    )  # fmt: skip
    h.cert_number = _cert_number(rng, h, work)
    for _ in range(rng.choices((0, 1, 2), (62, 30, 8))[0]):
        when = _day(rng, issued + timedelta(days=60), LAST_DAY)
        h.remarks.append((when, rng.choice(REMARKS)))
    h.remarks.sort()
    city = work[0][:2] in MUNICIPALITIES
    reg_auth = (work[1] if city else work[2]) + work[3] + ("教育委员会" if city else _bureau(rng))
    h.registrations = _registrations(rng, issued, reg_auth)
    return h
