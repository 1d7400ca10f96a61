"""Ground-truth records for wide-variety booklets: authorities at every level built from GB/T 2260
names, a wide subject list, rarer given-name characters and varied remark texts."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from functools import cache
from typing import Any

from scanning.sample._records import (
    _LOC,
    COMPOUND_SURNAMES,
    GIVEN_CHARS,
    QUALIFICATION_TYPES,
    SUBJECTS,
    SURNAMES,
    TruthRecord,
    make_certificate_number,
    make_id_number,
)

RARE_GIVEN = (
    "琰玥昊珺婧彧翀喆赟堃璟钰淼蕊曦骁璐瑾珏祎炜昕晗赜琛瑜翊钊铎琦昶煜婕姝妍嫣湉沅泓澍骞奕珩"
)
MORE_SURNAMES = "晏鄢阙隗郦郗禤麦覃庹佘亓乜岑甘"
MORE_SUBJECTS = [
    "体育与健康", "艺术", "品德与社会", "品德与生活", "俄语", "电子技术应用", "汽车运用与维修",
    "烹饪", "护理", "舞蹈", "特殊教育", "历史与社会", "综合实践活动", "生物学", "思想品德",
    "信息科技", "德语", "法语", "西班牙语", "劳动", "数控技术应用", "电子商务", "旅游服务与管理",
    "建筑工程施工", "物流服务与管理", "畜牧兽医",
]  # fmt: skip
HIGHER_SUBJECTS = [
    "计算机科学与技术", "汉语言文学", "临床医学", "机械工程", "土木工程", "法学", "经济学",
]  # fmt: skip
#: remark texts, as offices write them; some long enough to wrap over two lines
REMARKS = [
    "证书遗失，予以补发",
    "原证书损坏，予以换发",
    "出生日期已更正",
    "任教学科已更正",
    "经核查信息无误",
    "原证书因保管不慎遗失，经本人申请，予以补发",
    "姓名变更，原证书收回，予以换发",
    "经核实，身份证件号码已更正",
    "证书污损，经本人申请予以换发",
    "民族信息已更正",
    "原证书破损严重，同意换发新证",
]
#: conclusions as printed on stickers → the canonical value core.rules parses them to
PRINTED_CONCLUSIONS = {
    "注册合格": ["注册合格", "合格"],
    "暂缓注册": ["暂缓注册"],
    "注册不合格": ["注册不合格", "不合格"],
}
_MUNICIPALITIES = {"北京市", "天津市", "上海市", "重庆市"}
_SKIP = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划", "郊区", "城区", "矿区"}


@dataclass(frozen=True)
class Place:
    """A county-level division with its prefecture and province names."""

    code: str
    province: str
    city: str
    county: str


@cache
def places() -> list[Place]:
    """Current county-level divisions with their prefecture (from python-stdnum's table)."""
    out: list[Place] = []
    province = prefix = city = ""
    for raw in _LOC.read_text(encoding="utf-8").splitlines():
        if not raw or raw.startswith("#"):
            continue
        if not raw.startswith(" "):
            prefix, _, rest = raw.partition(" ")
            province = city = rest.split('"')[1]
            continue
        code, _, rest = raw.strip().partition(" ")
        name = rest.split('"')[1]
        if "[" in name and not name.startswith("[") or name.startswith("[") and "-]" not in name:
            continue  # abolished divisions carry an end year: [1983-1997]
        name = name.split("]")[-1]
        if code.endswith("00"):
            city = name if name not in _SKIP and code != "0000" else province
            continue
        if prefix in {"71", "81", "82"} or name in _SKIP or len(name) < 2 or code.endswith("01"):
            continue
        out.append(Place(prefix + code, province, city, name))
    return out


def authority_for(place: Place, level: str, rng: random.Random) -> str:
    """An education authority name for a place at a level (county, city or province)."""
    if level == "province":
        if place.province in _MUNICIPALITIES:
            return f"{place.province}教育委员会"
        return f"{place.province}教育厅"
    if level == "city":
        name = place.city if place.city != place.province else place.province
        if name in _MUNICIPALITIES:
            return f"{name}教育委员会"
        return f"{name}{rng.choice(['教育局', '教育局', '教育局', '教育委员会'])}"
    suffix = "教育局"
    if place.county.endswith("县") or place.county.endswith("旗"):
        suffix = rng.choice(["教育局", "教育局", "教育和体育局", "教育体育局"])
    if place.city not in (place.province, place.county) and rng.random() < 0.35:
        full = f"{place.city}{place.county}{suffix}"
        if len(full) <= 16:
            return full
    return f"{place.county}{suffix}"


def _date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(max(1, (end - start).days)))


def _name(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.04:
        surname = rng.choice(COMPOUND_SURNAMES)
    elif roll < 0.12:
        surname = rng.choice(MORE_SURNAMES)
    else:
        surname = rng.choice(SURNAMES)
    pool = GIVEN_CHARS + RARE_GIVEN * 2
    given = "".join(rng.choice(pool) for _ in range(rng.choice([1, 2, 2, 2])))
    return (surname + given)[:4]


def _level(type_index: int, rng: random.Random) -> str:
    # Kindergarten to junior-middle certificates come from counties (sometimes cities);
    # senior-middle, vocational and higher-education ones from cities or the province.
    if type_index < 3:
        return rng.choice(["county", "county", "county", "city"])
    return rng.choice(["city", "province", "province"])


def _registrations(rng: random.Random, issued: dt.date, authority: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    start = dt.date(max(issued.year + 1, 2016), rng.choice([1, 9, 9, 9]), 1)
    for _ in range(rng.choice([0, 1, 1, 2, 2])):
        if start.year > 2025:
            break
        conclusion = rng.choice(["注册合格"] * 6 + ["暂缓注册", "注册不合格"])
        done = start - dt.timedelta(days=rng.randrange(10, 60))
        ok = conclusion == "注册合格"
        until = dt.date(start.year + 5, start.month, 1) - dt.timedelta(days=1)
        out.append(
            {
                "conclusion": conclusion,
                "valid_from": start.isoformat() if ok else None,
                "valid_until": until.isoformat() if ok else None,
                "authority": authority,
                "date": done.isoformat(),
            }
        )
        start = dt.date(start.year + (5 if ok else 1), start.month, 1)
    return out


def wide_record(rng: random.Random) -> TruthRecord:
    """One internally valid record, with authorities and subjects of every kind."""
    place = rng.choice(places())
    gender = rng.choice(["男", "女"])
    birth = _date(rng, dt.date(1962, 1, 1), dt.date(2001, 12, 31))
    issued = _date(rng, dt.date(max(birth.year + 21, 2002), 1, 1), dt.date(2025, 6, 30))
    type_index = rng.randrange(len(QUALIFICATION_TYPES))
    authority = authority_for(place, _level(type_index, rng), rng)
    notes = []
    for _ in range(rng.choice([0, 1, 1, 2, 2, 3])):
        when = _date(rng, issued, dt.date(2025, 6, 30))
        notes.append({"date": when.isoformat(), "text": rng.choice(REMARKS)})
    notes.sort(key=lambda n: n["date"])
    subjects = SUBJECTS + MORE_SUBJECTS + (HIGHER_SUBJECTS * 3 if type_index == 6 else [])
    return TruthRecord(
        name=_name(rng),
        gender=gender,
        birth_date=birth.isoformat(),
        id_number=make_id_number(rng, place.code, birth, gender),
        qualification_type=QUALIFICATION_TYPES[type_index],
        subject=rng.choice(subjects),
        certificate_number=make_certificate_number(
            rng, issued.year, place.code[:2], type_index, gender
        ),
        issuing_authority=authority,
        issue_date=issued.isoformat(),
        annotations=notes,
        registrations=_registrations(rng, issued, authority_for(place, "county", rng)),
        ethnicity=rng.choice(
            ["汉族"] * 6 + ["回族", "满族", "壮族", "蒙古族", "土家族", "维吾尔族"]
        ),
    )
