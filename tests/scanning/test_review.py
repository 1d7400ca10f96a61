"""The clerks' review page through FastAPI's TestClient: sign-in, region scoping, corrections
(validated, audited, compare-and-set), approval, page images, and no full ID number in HTML."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from core.db import engine_for, session_scope
from core.identity import vault_for
from core.models import AuditEvent, Certificate, Holder
from core.rules import mask_id_number
from core.settings import load_settings
from tests.factories import certificate_number, id_number, record

from ._review_support import (
    MISREAD,
    NAME_BOX,
    PAGE_SIZE,
    TRUE_NAME,
    import_scans,
    review_app,
    scanned_record,
    staff_login,
)

HTML = {"Accept": "text/html"}
ROWS = [scanned_record(1), record(2, school="第二中学"), scanned_record(3, needs_review=False)]
NUMBER = ROWS[0]["certificate_number"]
NEW_ID = id_number(order=14)  # same birth date, still female
FULL_IDS = [r["id_number"] for r in ROWS] + [NEW_ID]


class Seen:
    """Every HTML body a test received, to check that no full ID number leaked."""

    def __init__(self) -> None:
        self.bodies: list[str] = []

    def check(self) -> None:
        assert self.bodies
        for body in self.bodies:
            for full in FULL_IDS:
                assert full not in body


@pytest.fixture
def seen() -> Seen:
    return Seen()


@pytest.fixture
def app_client(sqlite_registry: Engine, tmp_path: Path, seen: Seen) -> TestClient:
    import_scans(tmp_path / "scan", ROWS)
    client = TestClient(review_app())
    original = client.request

    def recording(method: str, url: str, **kw: object) -> object:
        response = original(method, url, **kw)  # type: ignore[arg-type]
        if "text/html" in response.headers.get("content-type", ""):
            seen.bodies.append(response.text)
        return response

    client.request = recording  # type: ignore[method-assign]
    return client


def login(
    client: TestClient, role: str = "clerk", region: str = "11", name: str = "王芳"
) -> TestClient:
    staff_login(client, name, role, region)
    assert client.get("/review", headers=HTML).status_code == 200
    return client


def _form(client: TestClient, number: str = NUMBER, **changes: str) -> dict[str, str]:
    page = client.get(f"/review/{number}", headers=HTML).text
    version = re.search(r'name="row_version" value="(\d+)"', page)
    assert version
    return {"row_version": version.group(1), **changes}


def _cert(number: str = NUMBER) -> tuple[Certificate, Holder]:
    with session_scope() as s:
        cert = s.exec(select(Certificate).where(Certificate.number == number)).one()
        holder = s.get(Holder, cert.holder_id)
        assert holder is not None
        return cert, holder


def _events(action: str) -> list[AuditEvent]:
    with session_scope() as s:
        return list(
            s.exec(
                select(AuditEvent).where(AuditEvent.action == action).order_by(col(AuditEvent.seq))
            ).all()
        )


def test_pages_need_sign_in(app_client: TestClient, seen: Seen) -> None:
    r = app_client.get("/review", headers=HTML, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?next=/review"
    r = app_client.get(f"/review/{NUMBER}/page/0")
    assert r.status_code == 401 and r.json()["error"]["code"] == "not_authenticated"
    assert app_client.post(f"/review/{NUMBER}/approve").status_code == 401
    # the old token sign-in is gone: its address leads to the staff sign-in
    r = app_client.get("/review/login", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?next=/review"
    assert app_client.post("/review/login", data={"token": "ect_forged"}).status_code == 401
    assert _cert()[0].review_state == "needs_review"
    assert "工作人员登录" in app_client.get("/review", headers=HTML).text  # the /login page
    seen.check()


def test_staff_sign_in_cookie_and_sign_out(app_client: TestClient) -> None:
    from tests.staffing import PASSWORD, make_staff

    make_staff(engine_for(load_settings()), "王芳", "clerk", "11")
    r = app_client.post(
        "/login",
        data={"name": "王芳", "password": PASSWORD, "next": "https://evil.example/"},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/admin"  # no open redirect
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    page = app_client.get("/review", headers=HTML)
    assert page.status_code == 200 and "王芳" in page.text and "退出" in page.text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert csrf
    app_client.post("/logout", data={"csrf_token": csrf.group(1)})
    r = app_client.get("/review", headers=HTML, follow_redirects=False)
    assert r.status_code == 303


def test_review_forms_carry_the_csrf_token(app_client: TestClient, seen: Seen) -> None:
    login(app_client, role="reviewer", name="李审核")
    del app_client.headers["X-CSRF-Token"]  # as a browser: only the form's field
    page = app_client.get(f"/review/{NUMBER}", headers=HTML).text
    fields = re.findall(r'name="csrf_token" value="([^"]+)"', page)
    assert len(fields) >= 3  # sign-out, corrections, approval
    form = _form(app_client, name=TRUE_NAME)
    r = app_client.post(f"/review/{NUMBER}", headers=HTML, data=form, follow_redirects=False)
    assert r.status_code == 403 and _cert()[1].name == MISREAD  # no token: refused, unchanged
    r = app_client.post(f"/review/{NUMBER}", headers=HTML,
                        data={**form, "csrf_token": "forged"}, follow_redirects=False)
    assert r.status_code == 403
    r = app_client.post(f"/review/{NUMBER}", headers=HTML,
                        data={**form, "csrf_token": fields[1]}, follow_redirects=False)
    assert r.status_code == 303 and _cert()[1].name == TRUE_NAME


def test_list_puts_records_needing_review_first(app_client: TestClient, seen: Seen) -> None:
    login(app_client)
    page = app_client.get("/review", headers=HTML).text
    order = [page.index(r["certificate_number"]) for r in ROWS]
    assert order[0] < order[1] and order[0] < order[2]
    assert "0.62" in page and "ocr" not in page  # lowest confidence shown, findings counted
    filtered = app_client.get("/review", params={"school": "第二中学"}, headers=HTML).text
    assert ROWS[1]["certificate_number"] in filtered and NUMBER not in filtered
    by_batch = app_client.get("/review", params={"batch": "other"}, headers=HTML).text
    assert NUMBER not in by_batch
    seen.check()


def test_outside_region_is_404(app_client: TestClient, seen: Seen) -> None:
    login(app_client, region="41", name="河南")
    assert app_client.get(f"/review/{NUMBER}", headers=HTML).status_code == 404
    assert app_client.get(f"/review/{NUMBER}/page/0").status_code == 404
    assert (
        app_client.post(
            f"/review/{NUMBER}", data={"row_version": "1", "name": "张三"}, headers=HTML
        ).status_code
        == 404
    )
    assert app_client.post(f"/review/{NUMBER}/approve", headers=HTML).status_code == 404
    assert NUMBER not in app_client.get("/review", headers=HTML).text
    assert _cert()[0].review_state == "needs_review" and _cert()[1].name == MISREAD
    seen.check()


def test_record_page_highlights_low_confidence_and_draws_boxes(
    app_client: TestClient, seen: Seen
) -> None:
    login(app_client)
    r = app_client.get(f"/review/{NUMBER}", headers=HTML)
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    page = r.text
    assert re.search(r'class="field low" id="field-name"', page)
    assert re.search(r'class="field" id="field-subject"', page)
    left, top = 100 * NAME_BOX[0] / PAGE_SIZE[0], 100 * NAME_BOX[1] / PAGE_SIZE[1]
    box = re.search(
        r'class="box low" data-field="name"[^>]*style="left:([\d.]+)%;top:([\d.]+)%', page
    )
    assert box and float(box.group(1)) == pytest.approx(left)
    assert float(box.group(2)) == pytest.approx(top, abs=1e-3)
    assert f'src="/review/{NUMBER}/page/0"' in page and f"/review/{NUMBER}/photo" in page
    full = ROWS[0]["id_number"]
    assert mask_id_number(full) in page  # masked, also inside the quoted finding
    seen.check()


def test_correction_saved_with_audit(app_client: TestClient, seen: Seen) -> None:
    login(app_client)
    before_cert, _ = _cert()
    r = app_client.post(
        f"/review/{NUMBER}", headers=HTML, data=_form(app_client, name=TRUE_NAME, id_number=NEW_ID)
    )
    assert r.status_code == 200 and r.url.path == f"/review/{NUMBER}" and "已保存" in r.text
    assert 'class="field" id="field-name"' in r.text  # no longer highlighted
    cert, holder = _cert()
    assert holder.name == TRUE_NAME and cert.row_version == before_cert.row_version + 1
    vault = vault_for(load_settings().secret)
    assert holder.id_hash == vault.lookup_hash(NEW_ID) and vault.decrypt(holder.id_cipher) == NEW_ID
    assert holder.id_masked == mask_id_number(NEW_ID)
    assert cert.review_state == "needs_review"  # correcting is not approving
    [event] = _events("review.correct")
    assert event.actor == "王芳" and event.entity_id == NUMBER
    before, after = json.loads(event.before or ""), json.loads(event.after or "")
    assert before["name"] == MISREAD and after["name"] == TRUE_NAME
    assert set(after) == {"name", "id_number"} and after["id_number"] == holder.id_masked
    assert NEW_ID not in (event.after or "") and ROWS[0]["id_number"] not in (event.before or "")
    seen.check()


def test_invalid_correction_refused_and_nothing_saved(app_client: TestClient, seen: Seen) -> None:
    login(app_client)
    r = app_client.post(
        f"/review/{NUMBER}",
        headers=HTML,
        data=_form(app_client, name=TRUE_NAME, birth_date="1991-03-07"),
    )
    assert r.status_code == 422
    assert 'data-field="birth_date" data-rule="id_birth_date_mismatch"' in r.text
    assert f'value="{TRUE_NAME}"' in r.text  # the clerk's typing is kept
    bad_id = NEW_ID[:-1] + ("0" if NEW_ID[-1] != "0" else "1")
    r = app_client.post(f"/review/{NUMBER}", headers=HTML, data=_form(app_client, id_number=bad_id))
    assert r.status_code == 422
    assert 'data-field="id_number" data-rule="id_checksum"' in r.text
    # what the clerk typed stays in the box to be fixed; it is shown nowhere else
    assert r.text.count(bad_id) == 1 and re.search(rf'id="in-id_number" name="id_number" '
                                                   rf'value="{bad_id}"', r.text)
    cert, holder = _cert()
    assert holder.name == MISREAD and cert.row_version == 1 and not _events("review.correct")
    seen.check()


def test_a_correction_lists_every_failed_rule_at_once(app_client: TestClient, seen: Seen
                                                      ) -> None:
    login(app_client)
    bad_id = NEW_ID[:-1] + ("0" if NEW_ID[-1] != "0" else "1")
    typed = {"name": TRUE_NAME, "id_number": bad_id, "issue_date": "2015年13月45日",
             "qualification_type": "大学教授资格", "gender": "男"}
    r = app_client.post(f"/review/{NUMBER}", headers=HTML, data=_form(app_client, **typed))
    assert r.status_code == 422
    failed = set(re.findall(r'<li data-field="(\w+)" data-rule="(\w+)"', r.text))
    assert {("id_number", "id_checksum"), ("issue_date", "date_format"),
            ("qualification_type", "unknown_qualification_type")} <= failed
    for key, value in typed.items():  # every typed value is kept, the ID number too
        assert f'value="{value}"' in r.text, key
    assert _cert()[1].name == MISREAD and not _events("review.correct")
    seen.check()


def test_every_finding_is_shown_with_its_field_and_rule(app_client: TestClient, seen: Seen
                                                        ) -> None:
    login(app_client)
    page = app_client.get(f"/review/{NUMBER}", headers=HTML).text
    listed = re.findall(r'<li class="sev-(\w+)" data-field="(\w+)" data-rule="(\w+)"', page)
    assert ("error", "name", "ocr_disagreement") in listed
    assert ("note", "id_number", "note") in listed
    assert listed[0][0] != "note"  # what blocks comes first
    seen.check()


def test_stale_form_is_409(app_client: TestClient, seen: Seen) -> None:
    login(app_client)
    stale = _form(app_client, name=TRUE_NAME)
    assert (
        app_client.post(
            f"/review/{NUMBER}", data={**stale, "subject": "物理"}, headers=HTML
        ).status_code
        == 200
    )
    r = app_client.post(f"/review/{NUMBER}", data=stale, headers=HTML)
    assert r.status_code == 409 and "someone else changed this record, reload" in r.text
    cert, holder = _cert()
    assert cert.subject == "物理" and cert.row_version == 2
    assert len(_events("review.correct")) == 1
    seen.check()


def test_corrected_certificate_number_moves_the_page(app_client: TestClient) -> None:
    login(app_client)
    new_number = certificate_number(serial=77)
    r = app_client.post(
        f"/review/{NUMBER}", headers=HTML, data=_form(app_client, certificate_number=new_number)
    )
    assert r.status_code == 200 and r.url.path == f"/review/{new_number}"
    taken = ROWS[1]["certificate_number"]
    r = app_client.post(
        f"/review/{new_number}",
        headers=HTML,
        data=_form(app_client, new_number, certificate_number=taken),
    )
    assert r.status_code == 409 and _cert(new_number)[0].row_version == 2


def test_approve(app_client: TestClient, seen: Seen) -> None:
    login(app_client, role="auditor", name="审计")
    r = app_client.post(f"/review/{NUMBER}/approve", headers=HTML)
    assert r.status_code == 403 and _cert()[0].review_state == "needs_review"
    app_client.cookies.clear()
    login(app_client)  # the clerk who corrects does not approve (four eyes)
    page = app_client.get(f"/review/{NUMBER}", headers=HTML).text
    assert 'id="approve"' not in page and "待审核人员审核通过" in page
    r = app_client.post(f"/review/{NUMBER}/approve", data=_form(app_client), headers=HTML)
    assert r.status_code == 403 and _cert()[0].review_state == "needs_review"
    app_client.cookies.clear()
    login(app_client, role="reviewer", name="李审核")
    r = app_client.post(f"/review/{NUMBER}/approve", data=_form(app_client), headers=HTML)
    assert r.status_code == 200 and 'data-state="approved"' in r.text
    cert, _ = _cert()
    assert cert.review_state == "approved" and cert.reviewed_by == "李审核"
    assert [e.actor for e in _events("records.approve")] == ["李审核"]
    seen.check()


def test_page_image_and_photo_served(app_client: TestClient) -> None:
    login(app_client)
    r = app_client.get(f"/review/{NUMBER}/page/0")
    assert r.status_code == 200 and r.content.startswith(b"\x89PNG")
    assert r.headers["cache-control"] == "private, no-store"
    assert app_client.get(f"/review/{NUMBER}/photo").content.startswith(b"\x89PNG")
    assert app_client.get(f"/review/{NUMBER}/page/1").status_code == 404
    assert app_client.get(f"/review/{NUMBER}/page/-1").status_code == 404


def test_paths_outside_artifacts_refused(app_client: TestClient, tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG not for clerks")
    artifacts = load_settings().artifacts_dir
    with session_scope() as s:
        cert = s.exec(select(Certificate).where(Certificate.number == NUMBER)).one()
        data = json.loads(cert.scan_data or "{}")
        data["pages"] = ["../../secret.png", str(secret), "scans/../../../secret.png"]
        cert.scan_data, cert.photo_path = json.dumps(data), "../../secret.png"
        s.add(cert)
    assert (artifacts / "../../secret.png").resolve() == secret.resolve()
    login(app_client)
    for i in range(3):
        assert app_client.get(f"/review/{NUMBER}/page/{i}").status_code == 404
    assert app_client.get(f"/review/{NUMBER}/photo").status_code == 404
    assert app_client.get(f"/review/{NUMBER}", headers=HTML).status_code == 200


def test_user_text_is_escaped(app_client: TestClient) -> None:
    login(app_client)
    r = app_client.post(
        f"/review/{NUMBER}",
        headers=HTML,
        data=_form(app_client, subject="<script>alert(1)</script>"),
    )
    assert r.status_code == 200
    assert "<script>alert" not in r.text and "&lt;script&gt;" in r.text
