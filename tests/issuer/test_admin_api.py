"""Admin routes: 401 without a token, 404 outside the region, 403 for the wrong role, JSON error
codes, the audit actor, and OpenAPI documentation."""

from __future__ import annotations

import json

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from core.db import session_scope
from ecert.app import create_app, create_issuer_app
from tests.issuer._status_support import cert, events, seed, token

STATUS = {"reason": "弄虚作假取得教师资格", "document": "京教师〔2026〕3号"}
BODIES = {
    "registrations": {"conclusion": "暂缓注册", "decision_date": "2026-10-30"},
    "annotations": {"kind": "更正", "text": "出生日期更正为1990年3月7日"},
    "reissue": {
        "field": "qualification_type",
        "new_value": "3",
        "reason": "录入错误",
        "issue": False,
    },
    "revoke": STATUS,
    "forfeit": STATUS,
    "reinstate": STATUS,
}
REPORTS = ["/api/admin/reports/restrictions", "/api/admin/reports/penalties?year=2026&quarter=4"]


@pytest.fixture
def client(sqlite_registry: Engine) -> TestClient:
    return TestClient(create_app())


@pytest.fixture
def number(sqlite_registry: Engine) -> str:
    return seed(1)[0]


def _post(
    client: TestClient,
    number: str,
    route: str,
    headers: dict[str, str] | None = None,
    body: dict[str, object] | None = None,
) -> httpx.Response:
    return client.post(
        f"/api/admin/certificates/{number}/{route}",
        json=BODIES[route] if body is None else body,
        headers=headers or {},
    )


@pytest.mark.parametrize("route", list(BODIES))
def test_change_routes_refuse_unauthenticated_outside_region_and_wrong_role(
    client: TestClient, number: str, route: str
) -> None:
    r = _post(client, number, route)
    assert r.status_code == 401 and r.json()["error"]["code"] == "not_authenticated"
    r = _post(client, number, route, {"Authorization": "Bearer ect_forged"})
    assert r.status_code == 401
    r = _post(client, number, route, token("henan", "reviewer", "41"))
    assert r.status_code == 404 and r.json()["error"]["code"] == "certificate_not_found"
    for role in ("clerk", "auditor"):
        r = _post(client, number, route, token(f"bj-{role}", role, "11"))
        assert r.status_code == 403 and r.json()["error"]["code"] == "role_not_allowed"
    with session_scope() as s:
        assert cert(s, number).row_version == 1  # nothing changed


@pytest.mark.parametrize("url", REPORTS)
def test_report_routes_refuse_unauthenticated_and_wrong_role(client: TestClient, url: str) -> None:
    assert client.get(url).status_code == 401
    for role in ("clerk", "reviewer"):
        r = client.get(url, headers=token(f"r-{role}", role, "11"))
        assert r.status_code == 403 and r.json()["error"]["code"] == "role_not_allowed"
    assert client.get(url, headers=token("aud", "auditor", "11")).status_code == 200


def test_revoke_then_reinstate_records_the_user_as_actor(client: TestClient, number: str) -> None:
    reviewer = token("王审核", "reviewer", "11")
    r = _post(client, number, "revoke", reviewer)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "revoked" and body["reapply_after"] == "2031-11-01"
    assert body["decision_document"] == STATUS["document"] and body["created_by"] == "王审核"
    r = _post(client, number, "forfeit", reviewer)
    assert r.status_code == 200 and r.json()["reapply_after"] is None
    r = _post(client, number, "registrations", reviewer)
    assert r.status_code == 409 and r.json()["error"]["code"] == "holder_restricted"
    r = _post(client, number, "reinstate", token("admin", "admin", ""))
    assert r.status_code == 200 and r.json()["status"] == "valid"
    actors = [(e.action, e.actor) for e in events("status.")]
    assert ("status.revocation", "王审核") in actors and ("status.reinstatement", "admin") in actors


def test_changes_answer_with_machine_readable_codes(client: TestClient, number: str) -> None:
    reviewer = token("rev", "reviewer", "11")
    r = _post(
        client,
        number,
        "reissue",
        reviewer,
        {"field": "subject", "new_value": "语文", "reason": "录入错误"},
    )
    assert r.status_code == 422 and r.json()["error"]["code"] == "reissue_not_allowed"
    assert r.json()["error"]["field"] == "field"
    r = _post(client, number, "revoke", reviewer, {"reason": "", "document": "d"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "required"
    r = _post(client, number, "revoke", reviewer, {"reason": "r"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request"
    r = _post(client, "20151101042999999", "revoke", reviewer)
    assert r.status_code == 404


def test_registration_annotation_and_reissue_happy_paths(client: TestClient, number: str) -> None:
    reviewer = token("rev", "reviewer", "11")
    r = _post(
        client,
        number,
        "registrations",
        reviewer,
        {"conclusion": "注册合格", "decision_date": "2026-10-30", "valid_from": "2027-09-01"},
    )
    assert r.status_code == 201 and r.json()["valid_until"] == "2032-08-31"
    r = _post(client, number, "annotations", reviewer)
    assert r.status_code == 201 and r.json()["kind"] == "correction"
    assert r.json()["credential"] is None
    r = _post(client, number, "reissue", reviewer)
    assert r.status_code == 201, r.text
    new = r.json()["new_number"]
    assert new[9] == "3" and not r.json()["in_place"] and r.json()["credential"] is None
    with session_scope() as s:
        assert cert(s, number).replaced_by_id == cert(s, new).id
    r = _post(client, number, "revoke", reviewer)
    assert r.status_code == 409 and r.json()["error"]["code"] == "certificate_replaced"
    assert {e.actor for e in events("reissue.")} == {"rev"}


def test_restriction_report_full_id_is_admin_only_and_audited(
    client: TestClient, number: str
) -> None:
    _post(client, number, "revoke", token("rev", "reviewer", "11"))
    auditor = token("aud", "auditor", "11")
    r = client.get("/api/admin/reports/restrictions?format=csv", headers=auditor)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert number in r.text and "*" in r.text
    r = client.get("/api/admin/reports/restrictions?full_id=true", headers=auditor)
    assert r.status_code == 403
    outside = client.get("/api/admin/reports/restrictions", headers=token("a41", "auditor", "41"))
    assert number not in outside.text  # another region sees only its own rows
    admin = token("boss", "admin", "")
    r = client.get("/api/admin/reports/restrictions?full_id=true&format=xlsx", headers=admin)
    assert r.status_code == 200 and r.content[:2] == b"PK"
    audit = events("reports.restrictions.full_id")
    assert [(e.actor, json.loads(e.after or "{}")["rows"]) for e in audit] == [("boss", 1)]


def test_openapi_documents_every_route(sqlite_registry: Engine) -> None:
    paths = TestClient(create_issuer_app()).get("/openapi.json").json()["paths"]
    for route in BODIES:
        op = paths[f"/api/admin/certificates/{{number}}/{route}"]["post"]
        assert op["summary"] and "application/json" in str(op["responses"])
    for path in (
        "/api/admin/reports/restrictions",
        "/api/admin/reports/penalties",
        "/api/holder/request-code",
        "/api/holder/download",
    ):
        assert path in paths
