"""The third generator's holders: valid, mutually consistent facts as a real booklet states them.

Every number obeys its rule (GB 11643 check character, the 17-digit certificate structure with
year = issue year, province digits = the authority's division, type digit = 资格种类, gender
digit by era), dates are in order, and the authority's name is built from a GB/T 2260 division
that is still in force. Names, subjects and remark texts are this generator's own pools.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Any

from core.rules import division_table, registration_period

#: No booklet entry is dated after this day (the sets are "scanned" in early 2026).
LAST_DAY = date(2025, 12, 31)
QUALIFICATIONS = ("幼儿园", "小学", "初级中学", "高级中学", "中等职业学校",
                  "中等职业学校实习指导", "高等学校")
_SURNAMES = "林陆范魏苏蔡叶邱廖龚钟程丁沈姜韦卢崔贾夏方孔毛熊严石金邵葛尹覃谭左殷"
_GIVEN = ("俊佳慧玉晓红建国志华春燕海波永梅国庆雅琴文斌秋菊宏伟小龙少华晓东丽萍"
          "新民淑珍立群秀云德胜凤霞家豪梦瑶雨萱一鸣子墨书涵天佑若曦嘉怡")
_SUBJECTS = {
    1: ("幼儿教育", "学前教育", "幼儿园"),
    2: ("语文", "数学", "英语", "科学", "音乐", "美术", "体育", "品德与社会", "信息技术"),
    3: ("语文", "数学", "英语", "物理", "化学", "生物", "历史", "地理", "思想品德", "日语",
        "音乐", "体育与健康", "美术", "信息技术", "心理健康教育"),
    4: ("语文", "数学", "英语", "物理", "化学", "生物", "历史", "地理", "思想政治", "俄语",
        "通用技术", "信息技术", "音乐", "美术", "体育与健康"),
    5: ("计算机应用", "会计", "机械加工技术", "护理", "烹饪", "电子商务", "汽车运用与维修"),
    6: ("数控技术应用", "电工", "中式烹调", "美容美发", "焊接技术"),
    7: ("汉语言文学", "计算机科学与技术", "临床医学", "机械工程", "法学", "土木工程"),
}
_MUNICIPALITIES = ("11", "12", "31", "50")
_OPEN = re.compile(r"\[(\d*)-\]")


@cache
def _divisions() -> tuple[dict[str, str], ...]:
    """(provinces, prefectures, counties): code → current name, for divisions still in force."""
    provinces: dict[str, str] = {}
    prefectures: dict[str, str] = {}
    counties: dict[str, str] = {}
    for code, (province, entry) in division_table().items():
        last = entry.split(",")[-1]
        if "[" in last and not _OPEN.match(last):
            continue  # abolished or renamed: no current booklet names it
        name = re.sub(r"^\[[^\]]*\]", "", last)
        if name in ("市辖区", "县") or "直辖" in name or not name:
            continue
        if code[2:] == "0000":
            provinces[code] = province
        elif code[4:] == "00":
            prefectures[code] = name
        else:
            counties[code] = name
    return provinces, prefectures, counties


def check_char(body: str) -> str:
    """GB 11643 / ISO 7064 MOD 11-2 check character of the first 17 digits."""
    total = sum(int(d) * (2 ** (17 - i) % 11) for i, d in enumerate(body))
    return "10X98765432"[total % 11]


def _authority(rng: random.Random, qualification: int) -> tuple[str, str]:
    """(division code, printed authority name): the province digits follow from the code."""
    provinces, prefectures, counties = _divisions()
    if qualification == 7 or rng.random() < 0.12:
        code = rng.choice(sorted(provinces))
        suffix = "教育委员会" if code[:2] in _MUNICIPALITIES else "教育厅"
        return code, provinces[code] + suffix
    code = rng.choice(sorted(counties))
    county = counties[code]
    prefecture = prefectures.get(code[:4] + "00", "")
    province = provinces.get(code[:2] + "0000", "")
    if code[:2] in _MUNICIPALITIES:
        return code, province + county + rng.choice(("教育委员会", "教育局"))
    if qualification >= 4 and prefecture:  # senior types are often granted by the city
        return code[:4] + "00", rng.choice(("", province)) + prefecture + "教育局"
    style = rng.random()
    if style < 0.4 or not prefecture:
        return code, county + "教育局"
    if style < 0.85:
        return code, prefecture + county + "教育局"
    return code, province + prefecture + county + "教育局"


@dataclass
class Holder:
    """One teacher and everything their booklet states (truth) plus how it was written."""

    name: str
    gender: str
    birth: date
    ethnicity: str
    id_number: str
    qualification: int
    subject: str
    certificate_number: str
    authority: str
    issued: date
    registrations: list[dict[str, Any]] = field(default_factory=list)
    remarks: list[dict[str, Any]] = field(default_factory=list)

    def truth(self, source: str) -> dict[str, Any]:
        """The truth.jsonl line the scorer compares with (same keys as the other generators)."""
        return {
            "source": source, "name": self.name, "gender": self.gender,
            "birth_date": self.birth.isoformat(), "id_number": self.id_number,
            "qualification_type": QUALIFICATIONS[self.qualification - 1] + "教师资格",
            "subject": self.subject, "certificate_number": self.certificate_number,
            "issuing_authority": self.authority, "issue_date": self.issued.isoformat(),
            "annotations": [{"date": r["date"].isoformat(), "text": r["text"]}
                            for r in self.remarks],
            "registrations": [_reg_truth(r) for r in self.registrations],
            "photo": None, "needs_review": False, "confidence": {}, "findings": [],
        }


def _reg_truth(r: dict[str, Any]) -> dict[str, Any]:
    until = r.get("valid_until")
    start = r.get("valid_from")
    return {"conclusion": r["conclusion"], "valid_from": start and start.isoformat(),
            "valid_until": until and until.isoformat(), "authority": r["authority"],
            "date": r["date"].isoformat()}


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _id_number(rng: random.Random, birth: date, male: bool, near: str) -> str:
    counties = _divisions()[2]
    same = [c for c in counties if c[:2] == near[:2]]
    code = rng.choice(sorted(same) if same and rng.random() < 0.7 else sorted(counties))
    order = rng.randrange(0, 999)
    if order % 2 != int(male):
        order = (order + 1) % 1000
    body = f"{code}{birth:%Y%m%d}{order:03d}"
    return body + check_char(body)


def make_holder(rng: random.Random) -> Holder:
    """A random holder whose facts satisfy every domain rule."""
    male = rng.random() < 0.4
    qualification = rng.choices(range(1, 8), weights=(12, 22, 22, 20, 8, 4, 6))[0]
    division, authority = _authority(rng, qualification)
    birth = _day(rng, date(1962, 1, 1), date(2001, 12, 31))
    issued = _day(rng, max(date(1996, 1, 1), birth.replace(year=birth.year + 21)),
                  date(2025, 6, 30))
    gender_digit = (1 if male else 2) if issued.year >= 2009 else (0 if male else 1)
    code3 = f"{(int(division[2:4]) * 7 + int(division[4:6])) % 1000:03d}"
    if division[2:] == "0000":
        code3 = rng.choice(("000", "001", "100"))
    number = (f"{issued.year}{division[:2]}{code3}{qualification}{gender_digit}"
              f"{rng.randrange(0, 10**6):06d}")
    name = rng.choice(_SURNAMES) + "".join(
        rng.choice(_GIVEN) for _ in range(rng.choice((1, 2, 2, 2))))
    holder = Holder(
        name=name, gender="男" if male else "女", birth=birth,
        ethnicity=rng.choices(("汉", "回", "满", "壮", "苗", "土家"), (85, 3, 3, 3, 3, 3))[0],
        id_number=_id_number(rng, birth, male, division), qualification=qualification,
        subject=rng.choice(_SUBJECTS[qualification]), certificate_number=number,
        authority=authority, issued=issued,
    )
    holder.registrations = _registrations(rng, holder)
    holder.remarks = _remarks(rng, holder)
    return holder


def _registrations(rng: random.Random, h: Holder) -> list[dict[str, Any]]:
    """0–3 decisions in date order; only 合格 carries a 5-year period."""
    out: list[dict[str, Any]] = []
    if rng.random() < 0.2:
        return out
    local = h.authority if "教育厅" not in h.authority else _authority(rng, 2)[1]
    cursor = max(h.issued + timedelta(days=200), date(2014, 3, 1))
    while cursor < LAST_DAY and len(out) < 3:
        decided = _day(rng, cursor, min(cursor + timedelta(days=300), LAST_DAY))
        conclusion = rng.choices(("注册合格", "暂缓注册", "注册不合格"), (80, 14, 6))[0]
        entry: dict[str, Any] = {"conclusion": conclusion, "date": decided,
                                 "authority": local, "valid_from": None, "valid_until": None}
        if conclusion == "注册合格":
            start = decided + timedelta(days=rng.choice((0, 1, 10, 30, 45)))
            if decided.month in (5, 6, 7, 8) and rng.random() < 0.7:
                start = date(decided.year, 9, 1)  # many provinces start on 1 September
            entry["valid_from"], entry["valid_until"] = registration_period(start)
            cursor = entry["valid_until"] - timedelta(days=rng.randint(30, 200))
        else:
            cursor = decided + timedelta(days=rng.randint(200, 500))
        out.append(entry)
        if conclusion == "注册不合格":
            break
    return out


_REMARKS = (
    "原证书遗失，经本人申请予以补发",
    "证书污损，同意换发新证",
    "该证书于{y}年{m}月遗失，已登报声明作废，准予补发",
    "照片脱落，重新粘贴并加盖钢印",
    "持证人姓名由“{old}”更正为“{name}”",
    "出生日期更正为{by}年{bm}月{bd}日",
    "任教学科更正为{subject}",
    "经审核，原认定学科有误，现更正",
    "因原证书破损，经核实予以换发",
)


def _remarks(rng: random.Random, h: Holder) -> list[dict[str, Any]]:
    """0–3 dated remarks after the issue date, in date order, texts free of duplicates."""
    n = rng.choices((0, 1, 2, 3), (30, 40, 20, 10))[0]
    if h.issued > LAST_DAY - timedelta(days=120):
        n = 0
    days = sorted(_day(rng, h.issued + timedelta(days=60), LAST_DAY) for _ in range(n))
    texts = rng.sample(_REMARKS, n)
    out = []
    for when, template in zip(days, texts, strict=True):
        lost = _day(rng, h.issued, when)
        text = template.format(y=lost.year, m=lost.month, old=h.name[0] + rng.choice(_GIVEN),
                               name=h.name, by=h.birth.year, bm=h.birth.month,
                               bd=h.birth.day, subject=h.subject)
        out.append({"date": when, "text": text})
    return out
