"""What the 定期注册 page tests share: teachers of two schools in one county (Beijing records,
the province's authority), staff of each tier signed in through /login, the teacher's portal
sign-in with a one-time code, the school's 基本情况表 as an XLSX, and the cycle planned through
the page with the service tests' dates (apply 11-01..11-10, school ..11-15, county
11-05..11-30, city 11-10..12-20; the frozen clock is 2026-11-01 in China)."""

from __future__ import annotations

import io
import re
from typing import Any

import httpx
from fastapi.testclient import TestClient
from openpyxl import Workbook
from sqlalchemy.engine import Engine

from core.auth import create_user
from core.clock import today
from core.db import session_scope
from core.identity import vault_for
from core.records import validate_record
from core.registry import import_records
from core.settings import load_settings
from core.staff import set_password
from issuer._notify import CodeMessage, drain_deliveries
from tests.factories import record
from tests.staffing import PASSWORD, make_staff, sign_in_client

__all__ = ["COUNTY", "SCHOOLS", "basic_form_xlsx", "holder_sign_in", "plan_cycle", "post",
           "school_staff", "seed_teachers", "staff", "token_of"]

COUNTY = "110101"  # 北京市东城区
SCHOOLS = ("东城第一中学", "东城第二中学")
_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧"
_GIVEN = "明华英红建国平文玉兰"
PLAN = {"region": COUNTY, "year": "2026", "title": "", "period_start": "2026-12-01",
        "notice_days": "7", "points": "东城区教委 | 东城区某路 1 号 | county1",
        "apply_from": "2026-11-01", "apply_until": "2026-11-10",
        "school_from": "2026-11-01", "school_until": "2026-11-15",
        "county_from": "2026-11-05", "county_until": "2026-11-30",
        "city_from": "2026-11-10", "city_until": "2026-12-20"}


def name_of(serial: int) -> str:
    """A distinct name per teacher (王明, 李华 …)."""
    return _SURNAMES[serial % len(_SURNAMES)] + _GIVEN[serial % len(_GIVEN)]


def seed_teachers(count: int = 30) -> list[str]:
    """``count`` approved teachers, alternately at the two schools; their numbers (serial 1…)."""
    rows = [record(s, name=name_of(s), school=SCHOOLS[s % 2], criminal_check_done=True)
            for s in range(1, count + 1)]
    with session_scope() as session:
        valid = [(i + 1, validate_record(r, today=today(), line=i + 1))
                 for i, r in enumerate(rows)]
        import_records(session, valid, actor="seed", approve=True,
                       vault=vault_for(load_settings().secret))
    return [r["certificate_number"] for r in rows]


def token_of(page: httpx.Response) -> str:
    """The CSRF token of a page's first form (staff pages: the sign-out form's)."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found, page.text[:500]
    return found[1]


def staff(app: Any, engine: Engine, name: str, role: str, region: str,
          school: str | None = None) -> TestClient:
    """A staff member signed in through /login (``.csrf``); a school reviewer with a school."""
    if school is None:
        make_staff(engine, name, role, region)
    else:  # a school reviewer is created with their school (core.auth.create_user checks it)
        with session_scope(engine) as session:
            create_user(session, name=name, role=role, region=region, actor="tests",
                        school=school)
            set_password(session, name, PASSWORD, actor="tests", must_change=False,
                         check_rule=False)
    client = TestClient(app, follow_redirects=False)
    return sign_in_client(client, name)


def school_staff(app: Any, engine: Engine, index: int) -> TestClient:
    """The school reviewer of SCHOOLS[index]."""
    return staff(app, engine, f"school{index + 1}", "school", COUNTY, SCHOOLS[index])


def post(client: TestClient, path: str, data: dict[str, Any] | list[tuple[str, str]],
         **kw: Any) -> httpx.Response:
    """A form POST with the client's CSRF token, as a browser sends it."""
    items = list(data.items()) if isinstance(data, dict) else list(data)
    form: dict[str, list[str]] = {}
    for key, value in [*items, ("csrf_token", client.csrf)]:  # type: ignore[attr-defined]
        form.setdefault(key, []).append(str(value))
    return client.post(path, data=form, headers={"Accept": "text/html"}, **kw)


def plan_cycle(admin: TestClient, **changes: str) -> int:
    """Plan the cycle through the page (preview, then confirm); its id."""
    values = {**PLAN, **changes}
    preview = post(admin, "/admin/cycles/new", values)
    assert preview.status_code == 200 and "确认创建" in preview.text, preview.text[-2000:]
    done = post(admin, "/admin/cycles/new", {**values, "step": "confirm"})
    assert done.status_code == 303, done.text[-2000:]
    return int(done.headers["location"].split("/")[3].split("?")[0])


def basic_form_xlsx(rows: list[dict[str, Any]], *, title_rows: int = 3) -> bytes:
    """A 基本情况表 as the county sends it: title lines, then the header and the rows."""
    book = Workbook()
    sheet = book.active
    sheet.append(["中小学教师资格定期注册申请人员基本情况表"])
    for _ in range(title_rows - 2):
        sheet.append(["填报单位：", "", "", "填报日期："])
    sheet.append([""])
    headers = ["序号", "学校", "学校性质", "姓名", "性别", "身份证件号码", "教师资格证书号码",
               "资格种类", "任教学科", "岗位", "培训学时", "年度考核结果"]
    sheet.append(headers)
    for i, row in enumerate(rows, start=1):
        sheet.append([i, row.get("school", ""), row.get("school_type", "公办"),
                      row.get("name", ""), "女", "110***********1234", row.get("number", ""),
                      "高级中学教师资格", "数学", row.get("post", "专任教师"),
                      row.get("hours", 360), row.get("assessments", "2024合格；2025合格")])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def holder_sign_in(client: TestClient, number: str, id_number: str,
                   outbox: list[CodeMessage]) -> None:
    """The teacher's portal: certificate and ID number, then the one-time code."""
    token = token_of(client.get("/holder"))
    asked = client.post("/holder", data={"certificate_number": number, "id_number": id_number,
                                         "csrf_token": token})
    assert asked.status_code == 303, asked.text[-1000:]
    drain_deliveries()
    code = [m for m in outbox if m.certificate_number == number][-1].code
    token = token_of(client.get("/holder/code"))
    entered = client.post("/holder/code", data={"code": code, "csrf_token": token})
    assert entered.status_code == 303 and entered.headers["location"].startswith(
        "/holder/certificate"), entered.text[-1000:]
