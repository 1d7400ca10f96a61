"""The 定期注册 console pages: refusals shown with the rule's Chinese message and the input kept,
CSRF on every POST, a school reviewer held to their school, and the 基本情况表 upload read as a
hostile file (bounded, per-row problems)."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy.engine import Engine

from core import clock
from core.db import session_scope
from ecert.app import create_app
from issuer._cycle_steps import apply, decide, school_review
from issuer._notify import CodeMessage
from issuer.console._cycle_upload import MAX_ROWS, parse_basic_form
from tests.issuer._cycle_pages_support import (
    COUNTY,
    PLAN,
    SCHOOLS,
    basic_form_xlsx,
    holder_sign_in,
    name_of,
    plan_cycle,
    post,
    school_staff,
    seed_teachers,
    staff,
)
from tests.issuer._cycle_support import details
from tests.issuer._status_support import events, id_of

HTML = {"Accept": "text/html"}


@dataclass
class Setup:
    app: Any
    engine: Engine
    numbers: list[str]
    cycle_id: int
    admin: TestClient


@pytest.fixture
def setup(sqlite_registry: Engine, ecert_env: Path, outbox: list[CodeMessage]) -> Iterator[Setup]:
    """Four teachers (two per school) and the county's cycle, planned through the page."""
    numbers = seed_teachers(4)
    app = create_app()
    admin = staff(app, sqlite_registry, "admin-p", "admin", "")
    yield Setup(app, sqlite_registry, numbers, plan_cycle(admin), admin)


def _applied(setup: Setup, serial: int) -> int:
    with session_scope(setup.engine) as s:
        app = apply(s, setup.cycle_id, setup.numbers[serial - 1],
                    details=details(school=SCHOOLS[serial % 2]), source="portal",
                    actor="holder")
        return int(app.id or 0)


def test_a_refused_plan_keeps_what_was_typed(setup: Setup) -> None:
    bad = {**PLAN, "year": "2027", "title": "第二个周期", "school_until": "2026-10-01"}
    page = post(setup.admin, "/admin/cycles/new", bad)
    assert page.status_code == 422 and 'class="notice bad"' in page.text
    assert "学校审查" in page.text and 'value="第二个周期"' in page.text
    again = post(setup.admin, "/admin/cycles/new", {**PLAN, "step": "confirm"})
    assert again.status_code == 409 and "已存在" in again.text  # one cycle per county and year


def test_every_post_needs_the_csrf_token(setup: Setup) -> None:
    for path in ("/admin/cycles/new", f"/admin/cycles/{setup.cycle_id}/publish",
                 f"/admin/cycles/{setup.cycle_id}/batch", f"/admin/cycles/{setup.cycle_id}/file",
                 f"/admin/cycles/{setup.cycle_id}/applications/1/decide"):
        refused = setup.admin.post(path, data={"step": "decide"}, headers=HTML)
        assert refused.status_code == 403 and "csrf_failed" in refused.text, path


def test_the_county_decision_refused_without_a_reason_keeps_the_choice(setup: Setup) -> None:
    app_id = _applied(setup, 1)
    school = school_staff(setup.app, setup.engine, 1)
    passed = post(school, f"/admin/cycles/{setup.cycle_id}/applications/{app_id}/school",
                  {"verdict": "pass"})
    assert passed.status_code == 303
    clock.freeze(datetime(2026, 11, 5, 2, tzinfo=UTC))
    county = staff(setup.app, setup.engine, "county-p", "reviewer", COUNTY)
    page = post(county, f"/admin/cycles/{setup.cycle_id}/applications/{app_id}/decide",
                {"conclusion": "暂缓注册", "reason": "", "reason_text": "学时证明待补"})
    assert page.status_code == 422 and 'class="notice bad"' in page.text
    assert "暂缓注册须选择原因" in page.text
    assert 'value="暂缓注册" selected' in page.text and 'value="学时证明待补"' in page.text
    # and a school reviewer is offered no county decision, and refused one
    assert 'id="decide"' not in school.get(
        f"/admin/cycles/{setup.cycle_id}/applications/{app_id}", headers=HTML).text


def test_a_school_reviewer_sees_and_acts_for_their_school_only(setup: Setup) -> None:
    mine, theirs = _applied(setup, 2), _applied(setup, 1)  # 2 → SCHOOLS[0], 1 → SCHOOLS[1]
    school = school_staff(setup.app, setup.engine, 0)
    overview = school.get(f"/admin/cycles/{setup.cycle_id}", headers=HTML).text
    assert setup.numbers[1] in overview and setup.numbers[0] not in overview
    assert school.get(f"/admin/cycles/{setup.cycle_id}/applications/{theirs}",
                      headers=HTML).status_code == 404
    returned = post(school, f"/admin/cycles/{setup.cycle_id}/applications/{theirs}/school",
                    {"verdict": "return", "note": "不是本校"})
    assert returned.status_code == 404
    empty = post(school, f"/admin/cycles/{setup.cycle_id}/applications/{mine}/school",
                 {"verdict": "return", "note": ""})
    assert empty.status_code == 422 and 'class="notice bad"' in empty.text


def test_the_teacher_sees_the_reason_and_a_late_application_is_refused(
        setup: Setup, outbox: list[CodeMessage]) -> None:
    app_id = _applied(setup, 2)
    school = school_staff(setup.app, setup.engine, 0)
    post(school, f"/admin/cycles/{setup.cycle_id}/applications/{app_id}/school",
         {"verdict": "return", "note": "年度考核结果与档案不符"})
    teacher = TestClient(setup.app, follow_redirects=False)
    holder_sign_in(teacher, setup.numbers[1], id_of(2), outbox)
    page = teacher.get("/holder/apply")
    assert "年度考核结果与档案不符" in page.text and id_of(2) not in page.text
    clock.freeze(datetime(2026, 11, 11, 2, tzinfo=UTC))  # after the application window
    late = TestClient(setup.app, follow_redirects=False)
    holder_sign_in(late, setup.numbers[2], id_of(3), outbox)
    form = late.get("/holder/apply")
    assert 'id="no-cycle"' in form.text  # no cycle open for applying any more
    signed_out = TestClient(setup.app, follow_redirects=False).get("/holder/apply")
    assert signed_out.status_code == 303 and "expired=1" in signed_out.headers["location"]


def _upload(client: TestClient, cycle_id: int, data: bytes) -> Any:
    return client.post(f"/admin/cycles/{cycle_id}/upload", files={"file": ("a.xlsx", data)},
                       data={"csrf_token": client.csrf},  # type: ignore[attr-defined]
                       headers=HTML)


def test_upload_preview_shows_each_rows_problem_and_writes_nothing(setup: Setup) -> None:
    school = school_staff(setup.app, setup.engine, 0)
    data = basic_form_xlsx([
        {"number": setup.numbers[1], "name": name_of(2), "school": SCHOOLS[0]},
        {"number": setup.numbers[3], "name": "错名字", "school": SCHOOLS[0]},
        {"number": setup.numbers[0], "name": name_of(1), "school": SCHOOLS[1]},
        {"number": "12345", "name": "某人", "school": SCHOOLS[0], "hours": "很多"},
    ])
    page = _upload(school, setup.cycle_id, data)
    assert page.status_code == 200 and "可以提交 1 人" in page.text
    for problem in ("姓名与证书不符", "不是本校", "应为 17 位数字", "培训学时不是数字"):
        assert problem in page.text, problem
    overview = school.get(f"/admin/cycles/{setup.cycle_id}", headers=HTML).text
    assert "没有申请" in overview  # the preview wrote nothing


def _bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    return out.getvalue()


@pytest.mark.parametrize(("data", "message"), [
    (b"not a spreadsheet", "不是有效的 XLSX"),
    (_bomb(), "解压后过大"),
])
def test_a_hostile_upload_is_refused_whole(setup: Setup, data: bytes, message: str) -> None:
    school = school_staff(setup.app, setup.engine, 0)
    page = _upload(school, setup.cycle_id, data)
    assert page.status_code == 422 and 'class="notice bad"' in page.text
    assert message in page.text
    big = _upload(school, setup.cycle_id, b"PK" + b"\0" * (8 * 1024 * 1024))
    assert big.status_code == 413  # the app's body limit, or the page's own 2 MB


def test_the_parser_finds_the_header_and_bounds_the_rows() -> None:
    rows = parse_basic_form(basic_form_xlsx([{"number": "20151101042000001", "name": "王明",
                                              "assessments": "2023优秀；2024合格"}],
                                            title_rows=5))
    assert rows[0].assessments == [{"year": 2023, "result": "优秀"},
                                   {"year": 2024, "result": "合格"}] and rows[0].ok
    many = basic_form_xlsx([{"number": f"2015110104200{i:04d}", "name": "王明"}
                            for i in range(MAX_ROWS + 1)])
    with pytest.raises(Exception, match="一次最多提交"):
        parse_basic_form(many)
    assert date(2026, 11, 1) == clock.today()


def test_who_is_due_and_the_forms(setup: Setup) -> None:
    _applied(setup, 1)
    due = setup.admin.get(f"/admin/cycles/{setup.cycle_id}/due", headers=HTML)
    assert due.status_code == 200 and due.text.count('data-label="证书号码"') == 4
    assert "已申请" in due.text and "未申请" in due.text and id_of(1) not in due.text
    for kind in ("basic", "conclusions", "statistics"):
        form = setup.admin.get(f"/admin/cycles/{setup.cycle_id}/forms/{kind}.xlsx")
        assert form.status_code == 200 and form.content[:2] == b"PK", kind
        assert "attachment" in form.headers["content-disposition"]
    def names(content: bytes) -> list[object]:
        return [c for row in load_workbook(io.BytesIO(content)).active.iter_rows(
            values_only=True) for c in row]

    everyone = setup.admin.get(f"/admin/cycles/{setup.cycle_id}/forms/basic.xlsx")
    assert name_of(1) in names(everyone.content)
    school = school_staff(setup.app, setup.engine, 0)  # their school's 基本情况表 only
    mine = school.get(f"/admin/cycles/{setup.cycle_id}/forms/basic.xlsx")
    assert mine.status_code == 200 and name_of(1) not in names(mine.content)  # at SCHOOLS[1]
    assert school.get(f"/admin/cycles/{setup.cycle_id}/due", headers=HTML).status_code == 403


def test_a_correction_is_audited_and_a_clerk_records_an_objection(setup: Setup) -> None:
    app_id = _applied(setup, 2)
    school = school_staff(setup.app, setup.engine, 0)
    base = f"/admin/cycles/{setup.cycle_id}/applications/{app_id}"
    fixed = post(school, f"{base}/correct", {"school": SCHOOLS[0], "post": "专任教师",
                                              "training_hours": "372",
                                              "assessments": "2024合格；2025优秀"})
    assert fixed.status_code == 303 and "done=correct" in fixed.headers["location"]
    assert "已更正申请信息" in school.get(fixed.headers["location"], headers=HTML).text
    changed = events("application.correct")
    assert changed and changed[-1].actor == "school1"
    assert json.loads(changed[-1].after or "{}").get("training_hours") == 372
    bad = post(school, f"{base}/correct", {"school": SCHOOLS[0], "training_hours": "很多",
                                            "assessments": "2025合格"})
    assert bad.status_code == 422 and 'value="很多"' in bad.text
    with session_scope(setup.engine) as s:
        school_review(s, app_id, passed=True, actor="school1")
    clock.freeze(datetime(2026, 11, 5, 2, tzinfo=UTC))
    with session_scope(setup.engine) as s:
        decide(s, app_id, conclusion="注册合格", actor="county")
    clerk = staff(setup.app, setup.engine, "clerk-p", "clerk", COUNTY)
    recorded = post(clerk, f"{base}/objections", {"text": "来信反映该教师长期未在岗。",
                                                  "contact": "王先生 010-12345678"})
    assert recorded.status_code == 303, recorded.text[-800:]
    page = clerk.get(recorded.headers["location"], headers=HTML).text
    assert "异议已登记" in page and "工作人员登记（clerk-p）" in page
    assert "处理完毕" not in page  # resolving is the county reviewer's
