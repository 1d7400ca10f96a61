"""The 定期注册 JSON API (/api/admin/registration): a cycle driven by each tier's token, the
tier rule and the school scope from core.policy, and errors as 4xx JSON with codes."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from core.models import User
from core.policy import Action, may
from ecert.app import create_app
from tests.issuer._cycle_support import on
from tests.issuer._status_support import events, seed, token

API = "/api/admin/registration"
D = date
CYCLE = {"region": "110101", "year": 2026, "period_start": "2026-12-01",
         "apply_from": "2026-11-01", "apply_until": "2026-11-10",
         "school_from": "2026-11-01", "school_until": "2026-11-15",
         "county_from": "2026-11-05", "county_until": "2026-11-30",
         "city_from": "2026-11-10", "city_until": "2026-12-20"}


@pytest.fixture
def client(sqlite_registry: Engine) -> TestClient:
    return TestClient(create_app())


@pytest.fixture
def users(sqlite_registry: Engine) -> dict[str, dict[str, str]]:
    made = {"admin": token("admin1", "admin", ""),
            "county": token("county1", "reviewer", "110101"),
            "city": token("city1", "reviewer", "1101"),
            "province": token("prov1", "reviewer", "11"),
            "clerk": token("clerk1", "clerk", "11"),
            "school": token("school1", "school", "110101", school="第一中学"),
            "other_county": token("county2", "reviewer", "110102")}
    return made


def _error(response: object) -> str:
    body = response.json()  # type: ignore[attr-defined]
    return str(body["error"]["code"])


def test_a_cycle_through_the_api_by_each_tier(client: TestClient,
                                              users: dict[str, dict[str, str]]) -> None:
    number, other = seed(1, 2)
    refused = client.post(f"{API}/cycles", json=CYCLE, headers=users["county"])
    assert (refused.status_code, _error(refused)) == (403, "role_not_allowed")
    opened = client.post(f"{API}/cycles", json=CYCLE, headers=users["admin"])
    assert opened.status_code == 201, opened.text
    cycle_id = opened.json()["id"]
    assert _error(client.post(f"{API}/cycles", json=CYCLE, headers=users["admin"])) == \
        "cycle_exists"
    with on(D(2026, 11, 2)):
        body = {"certificate_number": number, "school": "第一中学", "training_hours": 360}
        made = client.post(f"{API}/cycles/{cycle_id}/applications", json=body,
                           headers=users["school"])
        assert made.status_code == 201, made.text
        app_id = made.json()["id"]
        assert made.json()["source"] == "school" and "*" in made.json()["masked_id"]
        elsewhere = client.post(f"{API}/cycles/{cycle_id}/applications", headers=users["school"],
                                json={"certificate_number": other, "school": "第二中学"})
        assert (elsewhere.status_code, _error(elsewhere)) == (403, "outside_school")
        client.post(f"{API}/cycles/{cycle_id}/applications", headers=users["clerk"],
                    json={"certificate_number": other, "school": "第二中学"})
        seen = client.get(f"{API}/cycles/{cycle_id}/applications", headers=users["school"])
        assert [a["certificate_number"] for a in seen.json()] == [number]  # own school only
        passed = client.post(f"{API}/applications/{app_id}/school-review",
                             json={"passed": True}, headers=users["school"])
        assert passed.json()["state"] == "school_passed", passed.text
    with on(D(2026, 11, 5)):
        for who in ("city", "province"):
            tier = client.post(f"{API}/applications/{app_id}/decide",
                               json={"conclusion": "注册合格"}, headers=users[who])
            assert (tier.status_code, _error(tier)) == (403, "wrong_tier")
        outside = client.post(f"{API}/applications/{app_id}/decide",
                              json={"conclusion": "注册合格"}, headers=users["other_county"])
        assert (outside.status_code, _error(outside)) == (403, "outside_region")
        decided = client.post(f"{API}/applications/{app_id}/decide",
                              json={"conclusion": "注册合格"}, headers=users["county"])
        assert decided.json()["conclusion"] == "注册合格", decided.text
        batch = client.post(f"{API}/cycles/{cycle_id}/publish", json={},
                            headers=users["county"])
        assert batch.json() == {"done": [app_id], "refused": []}
        rows = client.get(f"{API}/cycles/{cycle_id}/notice", headers=users["clerk"]).json()
        assert [r["application_id"] for r in rows] == [app_id]
        assert number not in str(rows)
    with on(D(2026, 11, 11)):
        early = client.post(f"{API}/applications/{app_id}/city-confirm", json={},
                            headers=users["city"])
        assert (early.status_code, _error(early)) == (409, "notice_running")
    with on(D(2026, 11, 12)):
        confirmed = client.post(f"{API}/cycles/{cycle_id}/city-confirm",
                                json={"application_ids": [app_id]}, headers=users["city"])
        assert confirmed.json()["done"] == [app_id], confirmed.text
        waiting = client.post(f"{API}/cycles/{cycle_id}/file", json={},
                              headers=users["province"])
        assert (waiting.status_code, _error(waiting)) == (409, "applications_pending")
        assert waiting.json()["error"]["pending"][0]["certificate_number"] == other
    assert {e.actor for e in events("application.decide")} == {"county1"}


def test_bad_bodies_and_unknown_ids_are_json_errors(client: TestClient,
                                                    users: dict[str, dict[str, str]]) -> None:
    missing = client.get(f"{API}/applications/12345", headers=users["county"])
    assert (missing.status_code, _error(missing)) == (404, "application_not_found")
    bad = client.post(f"{API}/cycles", json={**CYCLE, "region": "1101"}, headers=users["admin"])
    assert bad.status_code == 422
    placeholder = client.post(f"{API}/cycles", json={**CYCLE, "region": "110100"},
                              headers=users["admin"])
    assert (placeholder.status_code, _error(placeholder)) == (422, "cycle_region")
    backwards = client.post(f"{API}/cycles", headers=users["admin"],
                            json={**CYCLE, "school_until": "2026-11-05"})
    assert backwards.status_code == 422 and "学校审查" in backwards.text
    assert client.get(f"{API}/cycles").status_code == 401


@pytest.mark.parametrize(("role", "region", "action", "allowed"), [
    ("reviewer", "110101", Action.CYCLE_DECIDE, True),
    ("reviewer", "1101", Action.CYCLE_DECIDE, False),
    ("reviewer", "1101", Action.CYCLE_CITY, True),
    ("reviewer", "110101", Action.CYCLE_CITY, False),
    ("reviewer", "11", Action.CYCLE_FILE, True),
    ("reviewer", "", Action.CYCLE_FILE, False),
    ("admin", "", Action.CYCLE_PLAN, True),
    ("admin", "", Action.CYCLE_DECIDE, False),  # admins plan; reviewers decide
    ("clerk", "11", Action.CYCLE_OBJECTION, True),
    ("school", "110101", Action.CYCLE_SCHOOL, True),
    ("school", "110101", Action.CYCLE_DECIDE, False),
    ("auditor", "", Action.CYCLE_READ, True),
])
def test_the_tier_rule(role: str, region: str, action: Action, allowed: bool) -> None:
    user = User(name="u", role=role, region=region, token_hash="h",
                school="第一中学" if role == "school" else None)
    assert may(user, action, division_code="110101") is allowed
    if role == "school":
        assert not may(user, action, division_code="110101", school="第二中学")
        assert not may(User(name="v", role="school", region=region, token_hash="h"), action)
