"""What a fourth-generator booklet states: holder, numbers, authority, registrations, remarks.

Every fact obeys the real rules: the ID number carries a GB/T 2260 division code still in force,
the birth date and an order digit whose parity is the gender, and the GB 11643 MOD 11-2 check
character; the certificate number is issue year + the authority's province + a 3-digit authority
code + the qualification-type digit + the gender digit (1/2 since 2009, 1/0 before) + a serial;
authorities are real divisions + 教育局/教育和体育局/教育委员会/教育厅 at the level that grants
each qualification type; registrations are 5-year periods (core.rules.registration_period).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Any

from core.rules import division_table, registration_period

#: The last day anything in a booklet may be dated (the bench runs in 2026).
LAST_DAY = date(2026, 6, 30)

QTYPES = {1: "幼儿园教师资格", 2: "小学教师资格", 3: "初级中学教师资格", 4: "高级中学教师资格",
          5: "中等职业学校教师资格", 6: "中等职业学校实习指导教师资格", 7: "高等学校教师资格"}
_QWEIGHTS = (14, 26, 22, 18, 8, 3, 9)
_SCHOOL_SUBJECTS = ("语文", "数学", "英语", "物理", "化学", "生物", "历史", "地理", "思想政治",
                    "音乐", "体育", "美术", "信息技术", "科学", "道德与法治", "心理健康教育",
                    "体育与健康", "日语", "俄语", "通用技术", "品德与社会", "书法")
_SUBJECTS = {
    1: ("幼儿园",),
    2: _SCHOOL_SUBJECTS[:13] + ("品德与社会", "道德与法治", "心理健康教育"),
    3: _SCHOOL_SUBJECTS,
    4: _SCHOOL_SUBJECTS,
    5: ("计算机应用", "会计", "数控技术应用", "机电技术应用", "学前教育", "护理", "旅游服务与管理",
        "电子技术应用", "汽车运用与维修", "烹饪", "服装设计与工艺", "语文", "数学", "英语"),
    6: ("数控技术应用", "汽车运用与维修", "烹饪", "电工电子", "美容美发与形象设计", "焊接技术应用"),
    7: ("计算机科学与技术", "临床医学", "汉语言文学", "机械工程", "会计学", "法学", "英语",
        "土木工程", "护理学", "数学与应用数学", "电气工程及其自动化", "思想政治教育"),
}
_SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋"
             "蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段"
             "雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
_GIVEN_M = "伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新"
_GIVEN_F = "秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香"
_ETHNIC = ("汉族",) * 14 + ("回族", "壮族", "满族", "蒙古族", "土家族", "苗族", "彝族", "朝鲜族")
_MUNICIPAL = {"11", "12", "31", "50"}
_PLACEHOLDER = re.compile(r"市辖区|^县$|直辖|办事处|^省$")
_OPEN = re.compile(r"^\[(\d*)-\](.+)$")


def check_char(first17: str) -> str:
    """GB 11643 / ISO 7064 MOD 11-2 check character of an ID number's first 17 digits."""
    weights = [pow(2, 17 - i, 11) for i in range(17)]
    total = sum(int(c) * w for c, w in zip(first17, weights, strict=True))
    return "10X98765432"[total % 11]


@cache
def _divisions() -> dict[str, tuple[int, str]]:
    """Codes whose current name is still in force: code → (year it took that name, name)."""
    out: dict[str, tuple[int, str]] = {}
    for code, (_province, entry) in division_table().items():
        last = entry.split(",")[-1]
        match = _OPEN.match(last)
        start, name = (int(match[1] or 0), match[2]) if match else (0, last)
        if "[" in name or (not match and "[" in last) or _PLACEHOLDER.search(name):
            continue
        if last.startswith("[") and not match:
            continue  # abolished
        out[code] = (start, name)
    return out


def _name(code: str) -> str | None:
    entry = _divisions().get(code)
    return entry[1] if entry else None


@cache
def _all_counties() -> tuple[tuple[str, int], ...]:
    """County-level codes under a named prefecture (or a municipality), with their start year."""
    d = _divisions()
    return tuple((c, start) for c, (start, _n) in sorted(d.items())
                 if c[4:] != "00" and (c[:4] + "00" in d or c[:2] in _MUNICIPAL))


def _counties(province: str | None, before: int) -> list[str]:
    return [c for c, start in _all_counties()
            if start <= before and (province is None or c[:2] == province)]


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


@dataclass
class Registration:
    """One 定期注册 entry as the booklet shows it."""

    conclusion: str  # 注册合格 / 暂缓注册 / 注册不合格 (the truth's spelling)
    decided: date
    authority: str
    valid_from: date | None = None
    valid_until: date | None = None

    def truth(self) -> dict[str, Any]:
        """The scorer's shape."""
        return {"conclusion": self.conclusion, "valid_from": _iso(self.valid_from),
                "valid_until": _iso(self.valid_until), "authority": self.authority,
                "date": self.decided.isoformat()}


@dataclass
class Remark:
    """One 备注 entry: its date and its text exactly as written."""

    day: date
    text: str


@dataclass
class Holder:
    """Everything one booklet states."""

    name: str
    gender: str
    birth: date
    ethnicity: str
    id_number: str
    qtype: int
    subject: str
    certificate_number: str
    authority: str
    issue_date: date
    registrations: list[Registration] = field(default_factory=list)
    remarks: list[Remark] = field(default_factory=list)

    @property
    def qualification(self) -> str:
        """The printed qualification type, e.g. 高级中学教师资格."""
        return QTYPES[self.qtype]

    def truth(self, source: str) -> dict[str, Any]:
        """The truth.jsonl line for this booklet."""
        return {"source": source, "name": self.name, "gender": self.gender,
                "birth_date": self.birth.isoformat(), "id_number": self.id_number,
                "qualification_type": self.qualification, "subject": self.subject,
                "certificate_number": self.certificate_number,
                "issuing_authority": self.authority, "issue_date": self.issue_date.isoformat(),
                "annotations": [{"date": r.day.isoformat(), "text": r.text}
                                for r in self.remarks],
                "registrations": [r.truth() for r in self.registrations],
                "photo": None, "needs_review": False, "confidence": {}, "findings": []}


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange(max(1, (end - start).days)))


def _authority(rng: random.Random, qtype: int, year: int) -> tuple[str, str]:
    """(authority name, its division code) at the level that grants ``qtype``."""
    county = rng.choice(_counties(None, year))
    prov, pref = county[:2] + "0000", county[:4] + "00"
    pname = division_table()[prov][0]
    if prov[:2] in _MUNICIPAL:
        if qtype >= 4 or rng.random() < 0.25:
            return pname + "教育委员会", prov
        tail = "教育委员会" if prov[:2] in {"11", "50"} else "教育局"
        return pname + _name(county) + tail, county  # type: ignore[operator]
    if qtype == 7 or (qtype >= 4 and rng.random() < 0.15):
        return pname + "教育厅", prov
    pref_name = _name(pref) or ""
    if qtype >= 4:
        lead = pname + pref_name if rng.random() < 0.3 else pref_name
        return lead + rng.choice(("教育局",) * 6 + ("教育和体育局",)), pref
    cname = _name(county) or ""
    tail = rng.choice(("教育局",) * 7 + ("教育和体育局", "教育体育局"))
    if cname.endswith("区") or rng.random() < 0.45:
        cname = pref_name + cname
    return cname + tail, county


def _id_number(rng: random.Random, birth: date, male: bool, province: str) -> str:
    # A code in force in the birth year (as stdnum.cn.ric checks), usually in the same province.
    here = _counties(province, birth.year) if rng.random() < 0.75 else []
    division = rng.choice(here or _counties(None, birth.year))
    order = rng.randrange(0, 500) * 2 + (1 if male else 0)
    first = f"{division}{birth:%Y%m%d}{order:03d}"
    return first + check_char(first)


def _cert_number(rng: random.Random, year: int, division: str, qtype: int, male: bool) -> str:
    code = f"{(int(division[2:4]) * 37 + int(division[4:])) % 1000:03d}"
    gender = ("1" if male else "2") if year >= 2009 else ("1" if male else "0")
    return f"{year}{division[:2]}{code}{qtype}{gender}{rng.randrange(1, 60000):06d}"


def _registrations(rng: random.Random, issue: date, authority: str) -> list[Registration]:
    """Decisions in order; a 注册合格 period follows the last one without gap or overlap."""
    out: list[Registration] = []
    decided = _day(rng, max(issue + timedelta(days=200), date(2014, 3, 1)), date(2021, 12, 1))
    start: date | None = None
    while decided < LAST_DAY - timedelta(days=30) and len(out) < 4:
        roll = rng.random()
        if roll < 0.84:
            if start is None:
                start = (date(decided.year, 9, 1) if decided.month < 8 and rng.random() < 0.5
                         else decided + timedelta(days=rng.randrange(1, 40)))
            _, end = registration_period(start)
            out.append(Registration("注册合格", decided, authority, start, end))
            start = end + timedelta(days=1)
            decided = start - timedelta(days=rng.randrange(20, 120))
        elif roll < 0.95:
            out.append(Registration("暂缓注册", decided, authority))
            decided += timedelta(days=rng.randrange(300, 500))
            start = None
        else:
            out.append(Registration("注册不合格", decided, authority))
            break
    return out


_REMARK_TEXTS = (
    "原证书遗失，经本人申请，予以补发",
    "因原证书污损，予以换发，原证书作废",
    "持证人身份证号码已升位，以本证记载号码为准",
    "照片脱落，重新粘贴照片并加盖钢印",
    "经本人申请，{authority}审核同意，补发教师资格证书",
    "任教学科更正为“{subject}”，原记载有误",
    "该证书遗失，已在报刊登载遗失声明，准予补发，原证书号码不变",
    "持证人曾用名“{alias}”，现以本证记载为准",
)


def _remarks(rng: random.Random, h: Holder) -> list[Remark]:
    n = rng.choices((0, 1, 2, 3), (30, 40, 22, 8))[0]
    days = sorted(_day(rng, h.issue_date + timedelta(days=60), LAST_DAY) for _ in range(n))
    alias = h.name[0] + rng.choice(_GIVEN_M + _GIVEN_F)
    texts = rng.sample(_REMARK_TEXTS, n)
    # A full stop at the end is written on some entries and not on others; the truth is the text
    # as written.
    return [Remark(d, t.format(authority=h.authority, subject=h.subject, alias=alias)
                   + ("。" if rng.random() < 0.35 else ""))
            for d, t in zip(days, texts, strict=True)]


def make_holder(rng: random.Random) -> Holder:
    """A holder whose every fact obeys the domain rules."""
    male = rng.random() < 0.38
    qtype = rng.choices(range(1, 8), _QWEIGHTS)[0]
    issue = _day(rng, date(1997, 3, 1), date(2025, 12, 20))
    birth = _day(rng, date(issue.year - 45, 1, 1), date(issue.year - 21, 1, 1))
    authority, division = _authority(rng, qtype, issue.year)
    given = _GIVEN_M if male else _GIVEN_F
    name = rng.choice(_SURNAMES) + "".join(rng.choice(given)
                                           for _ in range(rng.choice((1, 2, 2, 2))))
    h = Holder(name=name, gender="男" if male else "女", birth=birth,
               ethnicity=rng.choice(_ETHNIC),
               id_number=_id_number(rng, birth, male, division[:2]), qtype=qtype,
               subject=rng.choice(_SUBJECTS[qtype]),
               certificate_number=_cert_number(rng, issue.year, division, qtype, male),
               authority=authority, issue_date=issue)
    if rng.random() < 0.7 and issue < date(2022, 1, 1):
        h.registrations = _registrations(rng, issue, authority)
    h.remarks = _remarks(rng, h)
    return h
