"""What a fifth-generator booklet states, by the domain's rules (issue 12's held-out bench).

ID numbers: a GB/T 2260 code in force in the birth year, the birth date, an order number whose
parity is the gender and the GB 11643 check character. Certificate numbers: grant year, the
authority's province, a 3-digit authority code, the qualification digit, the gender digit (0/1
before 2009, 1/2 after) and a 6-digit serial. Authorities: real divisions at the level that grants
the qualification. Registrations: 5-year periods (core.rules.registration_period), deferrals and
failures. Remarks: the standard wordings of 补发, 换发 and corrections. Names include compound
surnames and minority names written with a middle dot.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Any

from core.rules import division_table, registration_period

TODAY = date(2026, 5, 31)
QUALIFICATIONS = ("", "幼儿园教师资格", "小学教师资格", "初级中学教师资格", "高级中学教师资格",
                  "中等职业学校教师资格", "中等职业学校实习指导教师资格", "高等学校教师资格")
_SUBJECTS = {
    1: ["幼儿园"],
    2: ["语文", "数学", "英语", "科学", "音乐", "美术", "体育", "道德与法治", "信息技术",
        "综合实践活动"],
    3: ["语文", "数学", "英语", "物理", "化学", "生物学", "历史", "地理", "道德与法治", "音乐",
        "美术", "体育与健康", "信息科技", "心理健康教育"],
    4: ["语文", "数学", "英语", "物理", "化学", "生物", "历史", "地理", "思想政治", "通用技术",
        "信息技术", "体育与健康", "艺术", "俄语"],
    5: ["机械加工技术", "电子商务", "计算机网络技术", "会计事务", "建筑工程施工", "护理",
        "酒店服务与管理", "畜牧兽医", "语文", "数学"],
    6: ["车工", "钳工", "中式烹调", "电气运行与控制", "美发与形象设计", "汽车维修"],
    7: ["物理学", "化学", "软件工程", "历史学", "工商管理", "药学", "小学教育", "学前教育",
        "环境工程", "新闻学", "音乐学", "体育教育"],
}
_SURNAMES = list("赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏"
                 "水窦章云苏潘葛奚范彭郎鲁韦昌马苗凤花方俞任袁柳鲍史唐费廉岑薛雷贺倪汤滕殷罗毕"
                 "郝邬安常乐于时傅皮卞齐康伍余元卜顾孟平黄和穆萧尹") + ["欧阳", "司马", "诸葛",
                                                                      "上官", "令狐", "皇甫"]
_GIVEN = "子涵欣怡梓萱一诺浩宇俊杰思远晨曦雨桐嘉怡文博天佑明哲晓婷丽君秋月志强建华德明春生玉兰淑珍"
_MINORITY = ("阿依古丽·买买提", "热依拉·艾力", "古丽娜尔·吐尔逊", "艾尔肯·阿不都", "巴特尔",
             "其其格", "卓玛", "扎西顿珠", "阿卜杜拉·吾守尔", "娜仁花")
_ETHNIC = ["汉族"] * 12 + ["蒙古族", "回族", "藏族", "维吾尔族", "苗族", "壮族", "满族", "侗族"]
_OPEN_END = re.compile(r"^\[(\d{4})?-\](.+)$")
_SKIP = re.compile(r"市辖区|^县$|直辖|^省$|行政区划")
_CITY_LEVEL = {"11", "12", "31", "50"}


def gb11643_check(body: str) -> str:
    """The check character of an ID number's first 17 digits (ISO 7064 MOD 11-2)."""
    total = sum(int(ch) * (2 ** (17 - i) % 11) for i, ch in enumerate(body))
    return "10X98765432"[total % 11]


@cache
def _current() -> dict[str, tuple[int, str]]:
    """Division code → (first year of its current name, current name), abolished ones left out."""
    out: dict[str, tuple[int, str]] = {}
    for code, (_prov, entry) in division_table().items():
        last = entry.split(",")[-1].strip()
        if last.startswith("["):
            m = _OPEN_END.match(last)
            if not m:
                continue  # closed period: no longer in force
            since, name = int(m[1] or 0), m[2]
        else:
            since, name = 0, last
        if "[" in name or _SKIP.search(name):
            continue
        out[code] = (since, name)
    return out


@cache
def _counties() -> tuple[str, ...]:
    cur = _current()
    return tuple(sorted(c for c in cur if c[4:] != "00"
                        and (c[:4] + "00" in cur or c[:2] in _CITY_LEVEL)))


def _pick_county(rng: random.Random, before: int, province: str | None = None) -> str:
    pool = [c for c in _counties() if _current()[c][0] <= before
            and (province is None or c.startswith(province))]
    return rng.choice(pool or [c for c in _counties() if _current()[c][0] <= before])


def authority_for(rng: random.Random, qtype: int, year: int) -> tuple[str, str]:
    """(authority name, the division code it belongs to) at the level granting ``qtype``."""
    county = _pick_county(rng, year)
    prov = county[:2] + "0000"
    province_name = division_table()[prov][0]
    cur = _current()
    if county[:2] in _CITY_LEVEL:
        if qtype >= 4:
            return province_name + "教育委员会", prov
        suffix = "教育委员会" if county[:2] in ("11", "50") else "教育局"
        return province_name + cur[county][1] + suffix, county
    if qtype == 7 or (qtype >= 5 and rng.random() < 0.3):
        return province_name + "教育厅", prov
    city = county[:4] + "00"
    city_name = cur.get(city, (0, ""))[1]
    if qtype >= 4 or not city_name:
        return (city_name or province_name) + rng.choice(["教育局"] * 5 + ["教育和体育局"]), city
    name = cur[county][1]
    if name.endswith("区") or rng.random() < 0.5:
        name = city_name + name
    return name + rng.choice(["教育局"] * 6 + ["教育体育局", "教育和科技局"]), county


@dataclass
class Entry:
    """A 定期注册 entry."""

    conclusion: str
    decided: date
    authority: str
    start: date | None = None
    end: date | None = None

    def truth(self) -> dict[str, Any]:
        return {"conclusion": self.conclusion,
                "valid_from": self.start.isoformat() if self.start else None,
                "valid_until": self.end.isoformat() if self.end else None,
                "authority": self.authority, "date": self.decided.isoformat()}


@dataclass
class Note:
    """A 备注 entry."""

    day: date
    text: str


@dataclass
class Facts:
    """Everything a booklet states."""

    name: str
    male: bool
    birth: date
    ethnicity: str
    id_number: str
    qtype: int
    subject: str
    number: str
    authority: str
    issued: date
    registrations: list[Entry] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    @property
    def gender(self) -> str:
        return "男" if self.male else "女"

    @property
    def qualification(self) -> str:
        return QUALIFICATIONS[self.qtype]

    def truth(self, source: str) -> dict[str, Any]:
        """One truth.jsonl line (the scorer's format)."""
        return {"source": source, "name": self.name, "gender": self.gender,
                "birth_date": self.birth.isoformat(), "id_number": self.id_number,
                "qualification_type": self.qualification, "subject": self.subject,
                "certificate_number": self.number, "issuing_authority": self.authority,
                "issue_date": self.issued.isoformat(),
                "annotations": [{"date": n.day.isoformat(), "text": n.text} for n in self.notes],
                "registrations": [e.truth() for e in self.registrations],
                "photo": None, "needs_review": False, "confidence": {}, "findings": []}


def _between(rng: random.Random, a: date, b: date) -> date:
    return a + timedelta(days=rng.randint(0, max(0, (b - a).days)))


def _name(rng: random.Random, male: bool) -> str:
    if rng.random() < 0.08:
        return rng.choice(_MINORITY)
    given = "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(_SURNAMES) + given


def _entries(rng: random.Random, issued: date, authority: str) -> list[Entry]:
    out: list[Entry] = []
    decided = _between(rng, max(issued + timedelta(days=120), date(2013, 9, 1)), date(2022, 6, 1))
    nxt: date | None = None
    while decided < TODAY - timedelta(days=20) and len(out) < 3:
        roll = rng.random()
        if roll < 0.8:
            start = nxt or date(decided.year, rng.choice((1, 3, 7, 9)), 1)
            if start < decided:
                start = decided + timedelta(days=rng.randint(3, 60))
            start, end = registration_period(start)
            out.append(Entry("注册合格", decided, authority, start, end))
            nxt = end + timedelta(days=1)
            decided = nxt - timedelta(days=rng.randint(30, 150))
        elif roll < 0.93:
            out.append(Entry("暂缓注册", decided, authority))
            decided += timedelta(days=rng.randint(250, 420))
            nxt = None
        else:
            out.append(Entry("注册不合格", decided, authority))
            break
    return out


NOTE_WORDINGS = (
    "原证遗失，经本人申请予以补发，证书号码不变",
    "因证书破损，准予换发新证，原证收回作废",
    "经核实，持证人性别更正为“{gender}”",
    "出生日期更正为{birth}，特此说明",
    "任教学科由“{old}”更正为“{subject}”",
    "持证人姓名更正为“{name}”，原姓名有误",
    "本证书补发，原证书同时作废",
)


def _notes(rng: random.Random, f: Facts) -> list[Note]:
    n = rng.choices((0, 1, 2, 3), (25, 40, 25, 10))[0]
    days = sorted(_between(rng, f.issued + timedelta(days=90), TODAY) for _ in range(n))
    old = rng.choice([s for s in _SUBJECTS[3] if s != f.subject])
    birth = f"{f.birth.year}年{f.birth.month}月{f.birth.day}日"
    return [Note(d, t.format(gender=f.gender, birth=birth, old=old, subject=f.subject,
                             name=f.name))
            for d, t in zip(days, rng.sample(NOTE_WORDINGS, n), strict=True)]


def make_facts(rng: random.Random) -> Facts:
    """A holder, a certificate and its history, all consistent."""
    male = rng.random() < 0.35
    qtype = rng.choices(range(1, 8), (12, 28, 22, 18, 9, 3, 8))[0]
    issued = _between(rng, date(1996, 9, 1), date(2025, 11, 30))
    birth = _between(rng, date(issued.year - 50, 1, 1), date(issued.year - 22, 6, 30))
    authority, division = authority_for(rng, qtype, issued.year)
    home = _pick_county(rng, birth.year, division[:2] if rng.random() < 0.7 else None)
    body = f"{home}{birth:%Y%m%d}{rng.randrange(0, 999, 2) + (1 if male else 0):03d}"
    code = (int(division[2:]) * 7 + 11) % 1000
    sex = ("1" if male else "2") if issued.year >= 2009 else ("1" if male else "0")
    number = f"{issued.year}{division[:2]}{code:03d}{qtype}{sex}{rng.randint(1, 99999):06d}"
    f = Facts(_name(rng, male), male, birth, rng.choice(_ETHNIC), body + gb11643_check(body),
              qtype, rng.choice(_SUBJECTS[qtype]), number, authority, issued)
    if issued < date(2021, 6, 1) and rng.random() < 0.75:
        f.registrations = _entries(rng, issued, authority)
    f.notes = _notes(rng, f)
    return f
