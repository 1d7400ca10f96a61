"""Synthetic, realistic claims for size checks and benchmarks (never real people).

Names of 2–4 characters (compound surnames included), subjects up to 8 characters, 5-, 6- or
9-character authority codes, masked IDs as docs/MASKING.md makes them, status indexes (certificate
ids) up to ``MAX_SYNTHETIC_INDEX`` -- a provincial registry.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from ._claims import Claims

__all__ = ["MAX_SYNTHETIC_INDEX", "synthetic_batch", "synthetic_claims"]

#: Largest status index (registry certificate id) drawn: a provincial registry's size. Any index
#: from 65,536 to 2^32 - 1 takes the same 5 CBOR bytes, so this is also the worst case for size.
MAX_SYNTHETIC_INDEX = 200_000

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋"
_COMPOUND = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "慕容")
_GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂鑫婷雪琳晨曦浩宇梓涵子轩思颖博文欣怡"
_SUBJECTS = (
    "语文", "数学", "英语", "物理", "化学", "生物", "历史", "地理", "音乐", "体育", "美术",
    "思想政治", "信息技术", "通用技术", "科学", "道德与法治", "心理健康教育", "学前教育",
    "体育与健康", "计算机应用", "汽车运用与维修", "电子技术应用", "机电技术应用", "会计电算化",
    "中等职业学校实习", "护理", "舞蹈表演", "旅游服务与管理", "数控技术应用专业", "幼儿园",
)  # fmt: skip
_DIVISIONS = ("110101", "310104", "410100", "410102", "420106", "440305", "510107", "620102")


def _name(rng: random.Random) -> str:
    surname = rng.choice(_COMPOUND) if rng.random() < 0.05 else rng.choice(_SURNAMES)
    given_length = max(1, rng.choice((2, 3, 3, 4)) - len(surname))
    return surname + "".join(rng.choice(_GIVEN) for _ in range(given_length))


def _authority(rng: random.Random, division: str) -> str:
    kind = rng.random()
    if kind < 0.5:
        return division[:2] + division[2:4] + "0"  # province (2) + authority (3), as in numbers
    if kind < 0.9:
        return division
    return division + f"{rng.randrange(1000):03d}"


def synthetic_claims(rng: random.Random) -> Claims:
    """One realistic random record."""
    division = rng.choice(_DIVISIONS)
    birth = date(1955, 1, 1) + timedelta(days=rng.randrange(50 * 365))  # not a claim (v2)
    issued = date(max(birth.year + 21, 1996), 1, 1) + timedelta(days=rng.randrange(365 * 5))
    gender = rng.choice("12")
    qualification = rng.randrange(1, 8)
    number = f"{issued.year}{division[:2]}{rng.randrange(1000):03d}{qualification}{gender}"
    number += f"{rng.randrange(10**6):06d}"
    check = rng.choice("0123456789X")
    masked = division[0] + "*" * 16 + check  # docs/MASKING.md: 18 characters, first 1 + last 1
    if rng.random() < 0.05:
        masked = rng.choice("HMEG") + "*" * 7 + rng.choice("0123456789")  # 9-character documents
    return Claims(
        certificate_number=number,
        name=_name(rng),
        gender="男" if gender == "1" else "女",
        masked_id=masked,
        qualification_type=qualification,
        subject=rng.choice(_SUBJECTS),
        authority_code=_authority(rng, division),
        issue_date=issued,
        version=rng.randrange(1, 4),
        issued_at=datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=rng.randrange(10**8)),
        status_index=rng.randrange(1, MAX_SYNTHETIC_INDEX + 1),
    )


def synthetic_batch(count: int, *, seed: int = 20261122) -> list[Claims]:
    """``count`` records from a seeded generator (same seed, same batch)."""
    rng = random.Random(seed)
    return [synthetic_claims(rng) for _ in range(count)]
