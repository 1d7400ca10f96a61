"""Valid registry records built from parts, for tests (not a product data path)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from stdnum.cn import ric

QUALIFICATION_LABELS = {
    1: "幼儿园教师资格", 2: "小学教师资格", 3: "初级中学教师资格", 4: "高级中学教师资格",
    5: "中等职业学校教师资格", 6: "中等职业学校实习指导教师资格", 7: "高等学校教师资格",
}


def id_number(division: str = "110105", birth: date = date(1990, 3, 7), order: int = 12) -> str:
    """A valid 18-character resident ID (order odd = male, even = female)."""
    body = f"{division}{birth:%Y%m%d}{order:03d}"
    return body + ric.calc_check_digit(body + "0")  # stdnum expects a placeholder check char


def certificate_number(
    *, year: int = 2015, province: str = "11", authority: str = "010", qtype: int = 4,
    gender_digit: int = 2, serial: int = 1,
) -> str:
    """A 17-digit certificate number from its parts (year, province, authority, …)."""
    return f"{year:04d}{province}{authority}{qtype}{gender_digit}{serial:06d}"


def record(serial: int = 1, **overrides: Any) -> dict[str, Any]:
    """A valid records.jsonl object: a female senior-secondary teacher in Beijing."""
    base: dict[str, Any] = {
        "source": f"booklet-{serial:04d}.pdf",
        "school": "第一中学",
        "name": "李小梅",
        "gender": "女",
        "birth_date": "1990-03-07",
        "id_number": id_number(order=10 + 2 * (serial % 400)),
        "qualification_type": "高级中学教师资格",
        "subject": "数学",
        "certificate_number": certificate_number(serial=serial),
        "issuing_authority": "北京市东城区教育委员会",
        "issue_date": "2015-07-01",
        "annotations": [],
        "registrations": [{
            "conclusion": "注册合格", "valid_from": "2022-09-01", "valid_until": "2027-08-31",
            "authority": "北京市东城区教育委员会", "date": "2022-08-15",
        }],
        "photo": None,
        "needs_review": False,
        "confidence": {},
        "findings": [],
    }
    base.update(overrides)
    return base


def write_jsonl(path: Path, rows: list[dict[str, Any] | str]) -> Path:
    """Write rows (objects, or raw strings for malformed lines) as JSONL."""
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write((row if isinstance(row, str) else json.dumps(row, ensure_ascii=False)) + "\n")
    return path
