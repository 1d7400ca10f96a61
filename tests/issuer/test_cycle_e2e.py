"""定期注册 end to end, through the pages, on SQLite and PostgreSQL (issue 15's first "done
when"): 30 teachers at 2 schools of one county apply (some in the teacher's portal, the rest
from each school's 基本情况表 XLSX), one is returned and corrected, the county decides a mix of
all three conclusions, the public notice shows the right rows and no ID number for its seven
days (frozen clock), an objection holds one conclusion until it is resolved, the city returns
one to the county, the province files — and the QR pages of the certificates show the new
registration states, online and offline (the signed status list).

Most steps are driven through the pages with a TestClient (fast); the key ones — the school's
upload, the county's batch decision, the public notice and its objection form, the province's
filing — in headless Chromium (tests/browser.py) when it is installed.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import select

from core import clock
from core.db import session_scope
from core.models import Certificate, Credential, RegistrationApplication, RegistrationObjection
from core.settings import load_settings
from core.states import ApplicationState, RegistrationConclusion
from ecert._init import _ensure_keys, initialise
from ecert.app import create_app
from issuer import issuer_context, publish_lists
from issuer._issuance import Selection, issue_batch
from issuer._notify import CodeMessage, drain_deliveries
from keys import root_public_key
from tests.browser import CHROMIUM, launch, serve
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
    token_of,
)
from tests.issuer._status_support import id_of, token
from tests.staffing import browser_sign_in, sign_in_client
from verifier import verify_offline

D = date
PORTAL = (1, 2, 3, 4, 5, 6)  # the teachers who apply in the portal; the rest by their school
RETURNED = 2  # returned by the school for correction, corrected and resubmitted
DEFERRED, FAILED = (25, 26, 27), (28, 29, 30)
OBJECTED = 5  # an objection holds this conclusion until the county resolves it
CITY_RETURNED = 9  # the city returns it; the county decides 暂缓注册 instead


def at(day: date, *staff_clients: TestClient) -> None:
    """The clock at 10:00 in China on ``day``; the staff sign in again (a staff session ends
    after hours, and days pass between the stages)."""
    clock.freeze(datetime(day.year, day.month, day.day, 2, 0, tzinfo=UTC))
    for client in staff_clients:
        sign_in_client(client, client.user_name)  # type: ignore[attr-defined]


@dataclass
class World:
    app: Any
    engine: Engine
    numbers: list[str]
    home: Path

    def number(self, serial: int) -> str:
        return self.numbers[serial - 1]


@pytest.fixture
def world(registry: Engine, ecert_env: Path, outbox: list[CodeMessage]) -> Iterator[World]:
    """Keys for Beijing, 30 approved teachers with issued credentials, the lists published."""
    settings = load_settings()
    initialise(settings)
    _ensure_keys(settings, ["11"])
    numbers = seed_teachers(30)
    ctx = issuer_context(settings, render_pdf=False)
    publish_lists(ctx, settings.public_dir, custodian="test", engine=registry)  # the new key
    summary = issue_batch(Selection(numbers=tuple(numbers)),
                          ctx=ctx, actor="test",
                          workers=1, engine=registry)
    assert len(summary.issued) == 30, summary.failed
    publish_lists(ctx, settings.public_dir, custodian="test", engine=registry)
    yield World(create_app(), registry, numbers, ecert_env)


def _app_ids(world: World) -> dict[int, int]:
    """Teacher serial → application id."""
    with session_scope(world.engine) as s:
        rows = s.exec(select(RegistrationApplication)).all()
        by_cert = {r.certificate_id: int(r.id or 0) for r in rows}
        certs = s.exec(select(Certificate)).all()
        ids = {c.number: by_cert.get(int(c.id or 0)) for c in certs}
    return {i + 1: n for i, number in enumerate(world.numbers)
            if (n := ids.get(number)) is not None}


def _states(world: World) -> dict[int, RegistrationApplication]:
    with session_scope(world.engine) as s:
        rows = {int(r.id or 0): r for r in s.exec(select(RegistrationApplication)).all()}
        for r in rows.values():
            s.expunge(r)
    ids = _app_ids(world)
    return {serial: rows[app_id] for serial, app_id in ids.items()}


def _portal_apply(world: World, serial: int, outbox: list[CodeMessage], hours: str = "360"
                  ) -> TestClient:
    client = TestClient(world.app, follow_redirects=False)
    holder_sign_in(client, world.number(serial), id_of(serial), outbox)
    form = client.get("/holder/apply")
    assert form.status_code == 200 and "申请定期注册" in form.text, form.text[-800:]
    done = client.post("/holder/apply", data={
        "school": SCHOOLS[serial % 2], "school_type": "public", "post": "专任教师",
        "training_hours": hours, "assessments": "2024合格；2025优秀",
        "csrf_token": token_of(form)})
    assert done.status_code == 303, done.text[-1500:]
    assert "申请已提交" in client.get(done.headers["location"]).text
    return client


def _upload(school: TestClient, cycle_id: int, rows: list[dict[str, Any]]) -> str:
    data = basic_form_xlsx(rows)
    preview = school.post(f"/admin/cycles/{cycle_id}/upload", files={"file": (
        "基本情况表.xlsx", data, "application/vnd.openxmlformats-officedocument."
        "spreadsheetml.sheet")}, data={"csrf_token": school.csrf},  # type: ignore[attr-defined]
        headers={"Accept": "text/html"})
    assert preview.status_code == 200, preview.text[-1500:]
    rows_json = re.search(r'name="rows" value="([^"]*)"', preview.text)
    assert rows_json
    done = post(school, f"/admin/cycles/{cycle_id}/upload/confirm",
                {"rows": html.unescape(rows_json[1])})
    assert done.status_code == 303, re.findall(r'data-label="说明">([^<]*)<', done.text)
    return preview.text


def _batch(client: TestClient, cycle_id: int, step: str, app_ids: list[int],
           **values: str) -> str:
    form = [("step", step), *(("ids", str(i)) for i in app_ids), *values.items()]
    preview = post(client, f"/admin/cycles/{cycle_id}/batch", form)
    assert preview.status_code == 200, (preview.headers.get("location"), preview.text[-1500:])
    done = post(client, f"/admin/cycles/{cycle_id}/batch", [*form, ("confirm", "1")])
    assert done.status_code == 303, done.text[-1500:]
    return preview.text


def test_a_county_cycle_end_to_end(world: World, outbox: list[CodeMessage]) -> None:
    app, engine = world.app, world.engine
    admin = staff(app, engine, "cycle-admin", "admin", "")
    county = staff(app, engine, "county1", "reviewer", COUNTY)
    city = staff(app, engine, "city1", "reviewer", COUNTY[:4])
    province = staff(app, engine, "province1", "reviewer", COUNTY[:2])
    schools = [school_staff(app, engine, 0), school_staff(app, engine, 1)]

    # 后台设置 (11-01): the admin plans the county's cycle; all 30 are due
    at(D(2026, 11, 1))
    cycle_id = plan_cycle(admin)
    overview = admin.get(f"/admin/cycles/{cycle_id}", headers={"Accept": "text/html"})
    assert re.search(r'id="due">30 人', overview.text), overview.text[-3000:]

    # 本人申请: six in the portal, the others from their school's 基本情况表
    for serial in PORTAL:
        _portal_apply(world, serial, outbox, hours="20" if serial == RETURNED else "360")
    for index, school in enumerate(schools):
        mine = [s for s in range(7, 31) if s % 2 == (0 if index == 0 else 1)]
        rows = [{"number": world.number(s), "name": name_of(s), "school": SCHOOLS[index]}
                for s in mine]
        # another school's teacher and a wrong name are refused row by row, the rest go in
        stranger = 8 if index == 1 else 7
        preview = _upload(school, cycle_id, [
            *rows, {"number": world.number(stranger), "name": name_of(stranger),
                    "school": SCHOOLS[1 - index]}])
        assert "不是本校" in preview and f"可以提交 {len(mine)} 人" in preview
    ids = _app_ids(world)
    assert len(ids) == 30

    # 学校审查: RETURNED goes back with a reason the teacher sees; the rest pass in a batch
    one = post(schools[0], f"/admin/cycles/{cycle_id}/applications/{ids[RETURNED]}/school",
               {"verdict": "return", "note": "培训学时证明缺失，请补充"})
    assert one.status_code == 303 and "done=" in one.headers["location"], one.headers
    for index, school in enumerate(schools):
        mine = [ids[s] for s in ids if s % 2 == (0 if index == 0 else 1) and s != RETURNED]
        _batch(school, cycle_id, "school_pass", mine)
    teacher = TestClient(app, follow_redirects=False)
    holder_sign_in(teacher, world.number(RETURNED), id_of(RETURNED), outbox)
    page = teacher.get("/holder/apply")
    assert "培训学时证明缺失，请补充" in page.text and "退回补正" in page.text
    again = teacher.post("/holder/apply", data={
        "school": SCHOOLS[0], "school_type": "public", "post": "专任教师",
        "training_hours": "360", "assessments": "2024合格；2025合格",
        "csrf_token": token_of(page)})
    assert again.status_code == 303, again.text[-1500:]
    assert "已重新提交" in teacher.get(again.headers["location"]).text
    _batch(schools[0], cycle_id, "school_pass", [ids[RETURNED]])

    # 县级审核 (11-05): a batch of each conclusion, then the notice
    at(D(2026, 11, 5), county)
    qualified = [ids[s] for s in range(1, 25)]
    _batch(county, cycle_id, "decide", qualified, conclusion="注册合格")
    _batch(county, cycle_id, "decide", [ids[s] for s in DEFERRED], conclusion="暂缓注册",
           reason="training_hours")
    _batch(county, cycle_id, "decide", [ids[s] for s in FAILED], conclusion="注册不合格",
           reason="ethics")
    published = post(county, f"/admin/cycles/{cycle_id}/publish", {})
    assert published.status_code == 303, published.text[-1500:]

    # 公示: seven days, every row, never an ID number
    public = TestClient(app, follow_redirects=False)
    for day in range(5, 12):
        at(D(2026, 11, day))
        listed = public.get("/notice")
        assert f"/notice/{cycle_id}/{COUNTY}" in listed.text
        notice = public.get(f"/notice/{cycle_id}/{COUNTY}")
        assert notice.status_code == 200
        for serial in range(1, 31):
            assert name_of(serial) in notice.text
            assert id_of(serial) not in notice.text and world.number(serial) not in notice.text
        assert "1990-03-07" not in notice.text and "***" not in notice.text
        assert notice.text.count("注册不合格") >= 3 and notice.text.count("暂缓注册") >= 3
    at(D(2026, 11, 6))
    notice = public.get(f"/notice/{cycle_id}/{COUNTY}")
    raised = public.post(f"/notice/{cycle_id}/{COUNTY}", data={
        "application": str(ids[OBJECTED]), "text": "该教师本学年未在教学岗位任教。",
        "contact": "13800000000", "csrf_token": token_of(notice)})
    assert raised.status_code == 303, raised.text[-1500:]
    assert "您的异议已收到" in public.get(raised.headers["location"]).text

    # 市级复核 before the notice ends is refused, with the rule's message and nothing changed
    at(D(2026, 11, 10), city)
    early = post(city, f"/admin/cycles/{cycle_id}/applications/{ids[1]}/city",
                 {"verdict": "confirm"})
    assert early.status_code == 409 and "notice bad" in early.text and "公示期" in early.text

    # after seven days: the city confirms all but the objected one; returns one to the county
    at(D(2026, 11, 12), city, county)
    assert f"/notice/{cycle_id}/" not in public.get("/notice").text  # the seven days are over
    returned = post(city, f"/admin/cycles/{cycle_id}/applications/{ids[CITY_RETURNED]}/city",
                    {"verdict": "return", "note": "年度考核材料与结论不符，请复核"})
    assert returned.status_code == 303, returned.text[-1500:]
    others = [ids[s] for s in range(1, 31) if s != CITY_RETURNED]
    preview = _batch(city, cycle_id, "city_confirm", others)
    assert "异议待处理" in preview  # the objected one is held, the rest are confirmed
    assert _states(world)[OBJECTED].state is ApplicationState.DECIDED

    # the county resolves the objection (conclusion kept) and decides the returned one again
    with session_scope(engine) as s:
        objection = s.exec(select(RegistrationObjection)).one()
        objection_id = objection.id
        assert objection.contact_cipher and b"13800000000" not in objection.contact_cipher
    page = county.get(f"/admin/cycles/{cycle_id}/applications/{ids[OBJECTED]}",
                      headers={"Accept": "text/html"})
    assert "13800000000" in page.text  # the contact, decrypted for staff only
    resolved = post(county, f"/admin/cycles/{cycle_id}/applications/{ids[OBJECTED]}"
                    f"/objections/{objection_id}/resolve",
                    {"resolution": "经核实，该教师在岗任教，异议不成立。"})
    assert resolved.status_code == 303, resolved.text[-1500:]
    _batch(city, cycle_id, "city_confirm", [ids[OBJECTED]])
    again = post(county, f"/admin/cycles/{cycle_id}/applications/{ids[CITY_RETURNED]}/decide",
                 {"conclusion": "暂缓注册", "reason": "assessment"})
    assert again.status_code == 303, again.text[-1500:]
    assert post(county, f"/admin/cycles/{cycle_id}/publish", {}).status_code == 303
    at(D(2026, 11, 19), city, province)
    _batch(city, cycle_id, "city_confirm", [ids[CITY_RETURNED]])

    # 省级备案: every conclusion becomes the certificate's registration; stickers counted
    form = province.get(f"/admin/cycles/{cycle_id}/file", headers={"Accept": "text/html"})
    assert form.status_code == 200 and "确认备案" in form.text, form.text[-1500:]
    filed = post(province, f"/admin/cycles/{cycle_id}/file", {})
    assert filed.status_code == 303, filed.text[-1500:]
    done = province.get(filed.headers["location"], headers={"Accept": "text/html"})
    assert "已省级备案" in done.text and 'id="stickers"' in done.text
    states = _states(world)
    assert all(a.state is ApplicationState.FILED for a in states.values())
    conclusions = {s: a.conclusion for s, a in states.items()}
    assert conclusions[CITY_RETURNED] is RegistrationConclusion.DEFERRED
    _check_qr_pages(world, conclusions)


def _check_qr_pages(world: World, conclusions: dict[int, Any]) -> None:
    """Every certificate's QR page and its offline check show the filed conclusion."""
    settings = load_settings()
    # the operator's routine `ecert publish` (the trust list of 11-01 has expired by now); the
    # filing itself signed the status list
    publish_lists(issuer_context(settings, render_pdf=False), settings.public_dir,
                  custodian="test", engine=world.engine)
    public = TestClient(world.app)
    trust = (settings.public_dir / "trust-list.cbor").read_bytes()
    status = (settings.public_dir / "status-list.cbor").read_bytes()
    root = root_public_key(settings.keys_dir)
    expected = {RegistrationConclusion.DEFERRED: "暂缓注册",
                RegistrationConclusion.FAILED: "注册不合格"}
    for serial in range(1, 31):
        with session_scope(world.engine) as s:
            cert = s.exec(select(Certificate).where(
                Certificate.number == world.number(serial))).one()
            qr = s.exec(select(Credential.qr_text).where(
                Credential.certificate_id == cert.id,
                Credential.superseded == False)).one()  # noqa: E712
        page = public.get("/C/" + qr.rsplit("/", 1)[1], headers={"Accept": "text/html"})
        assert page.status_code == 200, page.text[-800:]
        offline = verify_offline(qr, trust_list=trust, status_list=status,
                                 root_public_key=root, now=clock.utcnow())
        assert offline.registration is not None
        want = expected.get(conclusions[serial])
        if want:
            assert want in page.text, (serial, page.text[-2000:])
            assert offline.registration.state.zh == want
        else:
            assert "定期注册合格" in page.text
            assert offline.registration.state.value == "registered"


def _api(world: World, name: str, role: str, region: str) -> TestClient:
    """A machine client of the JSON API (Bearer token), as a county's or city's system."""
    client = TestClient(world.app)
    client.headers.update(token(name, role, region))
    return client


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed")
def test_the_key_steps_in_chromium(world: World, outbox: list[CodeMessage],
                                   tmp_path: Path) -> None:
    """The same cycle in headless Chromium for the steps people do by hand — planning, the
    teacher's application, the school's upload and review, the county's batch decision and
    notice, the public notice and an objection, the province's filing, the QR page — with the
    county's and the city's systems on the JSON API for the rest."""
    from playwright.sync_api import expect, sync_playwright

    app, engine = world.app, world.engine
    for name, role, region, school in (
            ("admin-b", "admin", "", None), ("school1", "school", COUNTY, SCHOOLS[0]),
            ("school2", "school", COUNTY, SCHOOLS[1]), ("county-b", "reviewer", COUNTY, None),
            ("province-b", "reviewer", COUNTY[:2], None)):
        staff(app, engine, name, role, region, school)
    county_api = _api(world, "county-api", "reviewer", COUNTY)
    city_api = _api(world, "city-api", "reviewer", COUNTY[:4])
    at(D(2026, 11, 1))
    with serve(app) as base, sync_playwright() as pw:
        browser = launch(pw)
        page = browser.new_page()
        # 后台设置: the admin plans the cycle (preview shows who is due, then confirm)
        browser_sign_in(page, base, "admin-b")
        page.goto(f"{base}/admin/cycles")
        page.click("#plan-cycle")
        for key in ("apply", "school", "county", "city"):
            page.fill(f"#{key}_from", PLAN[f"{key}_from"])
            page.fill(f"#{key}_until", PLAN[f"{key}_until"])
        page.fill("#region", COUNTY)
        page.fill("#period_start", PLAN["period_start"])
        page.click("#preview-plan")
        expect(page.locator("#due-count")).to_have_text("30")
        page.click("#confirm-plan")
        expect(page.locator("#done")).to_contain_text("注册周期已创建")
        cycle_id = int(page.url.split("/admin/cycles/")[1].split("?")[0])

        # 本人申请 in the portal (teacher 1)
        teacher = browser.new_context().new_page()
        teacher.goto(f"{base}/holder")
        teacher.fill("#certificate_number", world.number(1))
        teacher.fill("#id_number", id_of(1))
        teacher.click("button[type=submit]")
        drain_deliveries()
        teacher.fill("#code", [m for m in outbox if m.certificate_number == world.number(1)][-1]
                     .code)
        teacher.click("button[type=submit]")
        teacher.goto(f"{base}/holder/apply")
        teacher.fill("#school", SCHOOLS[1])
        teacher.fill("#training_hours", "360")
        teacher.fill("#assessments", "2024合格；2025合格")
        teacher.click("#submit-application")
        expect(teacher.locator("#done")).to_contain_text("申请已提交")
        expect(teacher.locator("#app-state")).to_have_text("已申请")

        # 学校审查: school 1 uploads its 基本情况表, previews, confirms, passes all selected
        sheet = tmp_path / "基本情况表.xlsx"
        sheet.write_bytes(basic_form_xlsx([
            {"number": world.number(s), "name": name_of(s), "school": SCHOOLS[0]}
            for s in range(2, 31, 2)]))
        school = browser.new_context().new_page()
        browser_sign_in(school, base, "school1")
        school.goto(f"{base}/admin/cycles/{cycle_id}/upload")
        school.set_input_files("#file", str(sheet))
        school.click("#preview-upload")
        expect(school.locator("#upload-summary")).to_contain_text("可以提交 15 人")
        school.click("#confirm-upload")
        expect(school.locator("#done")).to_contain_text("已提交")
        school.locator("#applications input[name=ids]").evaluate_all(
            "boxes => boxes.forEach(b => b.checked = true)")
        school.click("#school-pass-selected")
        school.click("#confirm-batch")
        expect(school.locator('a[data-state="school_passed"] b')).to_have_text("15")
        # the other school's teachers: its page in a TestClient (teacher 1 is there already)
        other = staff_again(app, "school2")
        _upload(other, cycle_id, [{"number": world.number(s), "name": name_of(s),
                                   "school": SCHOOLS[1]} for s in range(3, 31, 2)])
        ids = _app_ids(world)
        _batch(other, cycle_id, "school_pass", [ids[s] for s in range(1, 31, 2)])

        # 县级审核 (11-05): the county decides 注册合格 for 1–24 in the browser, the rest come
        # from its system on the API; then the notice
        at(D(2026, 11, 5))
        county = browser.new_context().new_page()
        browser_sign_in(county, base, "county-b")
        county.goto(f"{base}/admin/cycles/{cycle_id}?state=school_passed")
        for serial in range(1, 25):
            county.check(f'#applications tr[data-number="{world.number(serial)}"] '
                         "input[name=ids]")
        county.select_option("#conclusion", "注册合格")
        county.click("#decide-selected")
        expect(county.locator("#batch-results .badge.ok")).to_have_count(24)
        county.click("#confirm-batch")
        for serials, conclusion, reason in ((DEFERRED, "暂缓注册", "training_hours"),
                                            (FAILED, "注册不合格", "ethics")):
            answer = county_api.post(f"/api/admin/registration/cycles/{cycle_id}/decide", json={
                "application_ids": [ids[s] for s in serials], "conclusion": conclusion,
                "reason": reason})
            assert answer.status_code == 200 and not answer.json()["refused"], answer.text
        county.goto(f"{base}/admin/cycles/{cycle_id}")
        county.click("#publish")
        expect(county.locator("#done")).to_contain_text("已开始公示")

        # 公示: from the verifier's home page to the county's notice; an objection
        public = browser.new_context(locale="zh-CN").new_page()
        public.goto(f"{base}/")
        public.click("#entry-notice")
        public.click(f'a[href^="/notice/{cycle_id}/{COUNTY}"]')  # ?lang=en: Chromium says en
        expect(public.locator("#notice-rows tbody tr")).to_have_count(30)
        text = public.locator("main").inner_text()
        assert id_of(5) not in text and world.number(5) not in text
        public.select_option("#application", str(ids[OBJECTED]))
        public.fill("#text", "该教师本学年未在教学岗位任教。")
        public.click("#objection button[type=submit]")
        expect(public.locator("#objection-sent")).to_be_visible()

        # 市级复核 on the city's system; the objection holds one until the county resolves it
        at(D(2026, 11, 12))
        answer = city_api.post(f"/api/admin/registration/cycles/{cycle_id}/city-confirm",
                               json={"application_ids": list(ids.values())}).json()
        assert [r["application_id"] for r in answer["refused"]] == [ids[OBJECTED]]
        assert answer["refused"][0]["code"] == "objection_open"
        browser_sign_in(county, base, "county-b")
        county.goto(f"{base}/admin/cycles/{cycle_id}/applications/{ids[OBJECTED]}")
        county.locator(".objection textarea").fill("经核实，异议不成立。")
        county.locator(".objection button[type=submit]").click()
        expect(county.locator("#done")).to_contain_text("异议已处理")
        answer = city_api.post(f"/api/admin/registration/cycles/{cycle_id}/city-confirm",
                               json={"application_ids": [ids[OBJECTED]]}).json()
        assert answer["done"] == [ids[OBJECTED]], answer

        # 省级备案, and the QR page of a deferred teacher's certificate
        filing = browser.new_context().new_page()
        browser_sign_in(filing, base, "province-b")
        filing.goto(f"{base}/admin/cycles/{cycle_id}/file")
        filing.click("#confirm-file")
        expect(filing.locator("#cycle-state")).to_have_text("已备案")
        expect(filing.locator("#stickers")).to_contain_text("24")
        with session_scope(engine) as s:
            qr = s.exec(select(Credential.qr_text).join(
                Certificate, Certificate.id == Credential.certificate_id).where(  # type: ignore[arg-type]
                Certificate.number == world.number(DEFERRED[0]),
                Credential.superseded == False)).one()  # noqa: E712
        settings = load_settings()  # the operator's routine `ecert publish` (the trust list)
        publish_lists(issuer_context(settings, render_pdf=False), settings.public_dir,
                      custodian="test", engine=engine)
        public.goto(base + "/C/" + qr.rsplit("/", 1)[1])
        expect(public.locator("main")).to_contain_text("暂缓注册")
        browser.close()


def staff_again(app: Any, name: str) -> TestClient:
    """A TestClient signed in as an existing staff member."""
    return sign_in_client(TestClient(app, follow_redirects=False), name)
