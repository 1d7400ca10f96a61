"""Random but internally valid ground-truth records for synthetic booklets."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from stdnum.cn import ric

from core.records import INFORMATION_FIELDS

QUALIFICATION_TYPES = [
    "幼儿园教师资格",
    "小学教师资格",
    "初级中学教师资格",
    "高级中学教师资格",
    "中等职业学校教师资格",
    "中等职业学校实习指导教师资格",
    "高等学校教师资格",
]
SUBJECTS = [
    "语文",
    "数学",
    "英语",
    "物理",
    "化学",
    "生物",
    "历史",
    "地理",
    "思想政治",
    "音乐",
    "体育",
    "美术",
    "信息技术",
    "学前教育",
    "小学全科",
    "通用技术",
    "心理健康教育",
    "道德与法治",
    "科学",
    "日语",
    "书法",
    "机械加工技术",
    "会计事务",
    "计算机应用",
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"  # noqa: E501
COMPOUND_SURNAMES = ["欧阳", "司马", "诸葛", "上官"]
GIVEN_CHARS = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志文斌慧晨宇浩然欣怡子涵梓萱雨轩思远嘉琪佳怡海燕晓东春梅丹凤雪梅婷婷立新俊杰红霞光明"  # noqa: E501
ANNOTATIONS = [
    "证书遗失，予以补发",
    "原证书损坏，予以换发",
    "出生日期已更正",
    "任教学科已更正",
    "经核查信息无误",
]
CONCLUSIONS = ["注册合格", "注册合格", "注册合格", "暂缓注册", "注册不合格"]
_LOC = Path(ric.__file__).with_name("loc.dat")


@dataclass(frozen=True)
class Division:
    """A GB/T 2260 county-level division valid over the whole period."""

    code: str
    province: str
    county: str


@cache
def divisions() -> list[Division]:
    """County-level divisions without a validity window, from python-stdnum's table."""
    out: list[Division] = []
    province = ""
    prefix = ""
    for raw in _LOC.read_text(encoding="utf-8").splitlines():
        if not raw or raw.startswith("#"):
            continue
        if not raw.startswith(" "):
            prefix, _, rest = raw.partition(" ")
            province = rest.split('"')[1]
            continue
        code, _, rest = raw.strip().partition(" ")
        name = rest.split('"')[1]
        if "[" in name or code.endswith("00") or code.endswith("01") or len(name) < 2:
            continue
        if prefix in {"71", "81", "82"} or name in {"市辖区", "县", "省直辖县级行政区划"}:
            continue
        out.append(Division(prefix + code, province, name))
    return out


@dataclass
class TruthRecord:
    """Ground truth for one booklet, in the records.jsonl layout."""

    name: str
    gender: str
    birth_date: str
    id_number: str
    qualification_type: str
    subject: str
    certificate_number: str
    issuing_authority: str
    issue_date: str
    annotations: list[dict[str, str]] = field(default_factory=list)
    registrations: list[dict[str, str | None]] = field(default_factory=list)
    ethnicity: str = "汉族"

    def as_json(self, source: str, school: str | None) -> dict[str, Any]:
        """The record as written to truth.jsonl."""
        data: dict[str, Any] = {"source": source}
        for key in (
            *INFORMATION_FIELDS,
            "annotations",
            "registrations",
        ):
            data[key] = getattr(self, key)
        data.update(photo=None, needs_review=False, confidence={}, findings=[])
        if school:
            data["school"] = school
        return data


def _date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days))


def _name(rng: random.Random) -> str:
    surname = rng.choice(COMPOUND_SURNAMES) if rng.random() < 0.04 else rng.choice(SURNAMES)
    given = "".join(rng.choice(GIVEN_CHARS) for _ in range(rng.choice([1, 2, 2, 2])))
    return (surname + given)[:4]


def make_id_number(rng: random.Random, code: str, birth: dt.date, gender: str) -> str:
    """A valid 18-character resident ID number for the division, birth date and gender."""
    order = rng.randrange(0, 500) * 2 + (1 if gender == "男" else 0)
    if order == 0:
        order = 2
    body = f"{code}{birth:%Y%m%d}{order:03d}"
    return body + ric.calc_check_digit(body + "0")  # stdnum expects a placeholder check char


def make_certificate_number(
    rng: random.Random, year: int, province: str, type_index: int, gender: str
) -> str:
    """A 17-digit certificate number: year, province, authority, type, gender, serial."""
    authority = f"{rng.randrange(1, 999):03d}"
    sex = ("1" if gender == "男" else "2") if year >= 2009 else ("1" if gender == "男" else "0")
    return f"{year}{province}{authority}{type_index + 1}{sex}{rng.randrange(1, 999999):06d}"


def _registrations(rng: random.Random, issued: dt.date, authority: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    start = dt.date(max(issued.year + 1, 2016), 9, 1)
    for _ in range(rng.choice([0, 1, 1, 2])):
        if start.year > 2025:
            break
        conclusion = rng.choice(CONCLUSIONS)
        done = start - dt.timedelta(days=rng.randrange(10, 40))
        ok = conclusion == "注册合格"
        until = dt.date(start.year + 5, 8, 31)
        out.append(
            {
                "conclusion": conclusion,
                "valid_from": start.isoformat() if ok else None,
                "valid_until": until.isoformat() if ok else None,
                "authority": authority,
                "date": done.isoformat(),
            }
        )
        start = dt.date(start.year + 5, 9, 1)
    return out


def random_record(rng: random.Random) -> TruthRecord:
    """One internally valid holder + certificate record."""
    div = rng.choice(divisions())
    gender = rng.choice(["男", "女"])
    birth = _date(rng, dt.date(1962, 1, 1), dt.date(2000, 12, 31))
    issued = _date(rng, dt.date(max(birth.year + 21, 2002), 1, 1), dt.date(2024, 12, 31))
    type_index = rng.randrange(len(QUALIFICATION_TYPES))
    authority = f"{div.county}教育局"
    if type_index >= 3:
        authority = f"{div.province}教育厅"[:12]
    notes = []
    for _ in range(rng.choice([0, 0, 1, 1, 2])):
        when = _date(rng, issued, dt.date(2025, 6, 30))
        notes.append({"date": when.isoformat(), "text": rng.choice(ANNOTATIONS)})
    notes.sort(key=lambda n: n["date"])
    return TruthRecord(
        name=_name(rng),
        gender=gender,
        birth_date=birth.isoformat(),
        id_number=make_id_number(rng, div.code, birth, gender),
        qualification_type=QUALIFICATION_TYPES[type_index],
        subject=rng.choice(SUBJECTS)[:8],
        certificate_number=make_certificate_number(
            rng, issued.year, div.code[:2], type_index, gender
        ),
        issuing_authority=authority,
        issue_date=issued.isoformat(),
        annotations=notes,
        registrations=_registrations(rng, issued, f"{div.county}教育局"),
        ethnicity=rng.choice(["汉族"] * 6 + ["回族", "满族", "壮族", "蒙古族"]),
    )
