"""Admin routes: unauthenticated → 401, outside the region or role → 403, JSON error codes."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from core.auth import create_user
from core.db import session_scope
from ecert.app import create_app
from ecert.cli import main
from tests.factories import record, write_jsonl


@pytest.fixture
def client(sqlite_registry: Engine, tmp_path) -> TestClient:
    path = write_jsonl(tmp_path / "r.jsonl", [record(1), record(2)])  # Beijing, division 11…
    assert main(["records", "import", str(path)]) == 0
    return TestClient(create_app())


def _token(name: str, role: str, region: str) -> dict[str, str]:
    with session_scope() as s:
        _, token = create_user(s, name=name, role=role, region=region, actor="test")
    return {"Authorization": f"Bearer {token}"}


NUMBER = record(1)["certificate_number"]


def test_unauthenticated_requests_get_401_with_code(client: TestClient) -> None:
    approve = f"/api/admin/records/{NUMBER}/approve"
    for method, url in [("get", "/api/admin/records"), ("post", approve)]:
        r = getattr(client, method)(url)
        assert r.status_code == 401 and r.json()["error"]["code"] == "not_authenticated"
    r = client.get("/api/admin/records", headers={"Authorization": "Bearer ect_forged"})
    assert r.status_code == 401


def test_region_scoping(client: TestClient) -> None:
    beijing = _token("bj", "reviewer", "11")
    henan = _token("ha", "reviewer", "41")
    assert len(client.get("/api/admin/records", headers=beijing).json()) == 2
    assert client.get("/api/admin/records", headers=henan).json() == []
    r = client.post(f"/api/admin/records/{NUMBER}/approve", headers=henan)
    assert r.status_code == 404  # outside the region looks like absent: no enumeration
    r = client.post(f"/api/admin/records/{NUMBER}/approve", headers=beijing)
    assert r.status_code == 200 and r.json()["review_state"] == "approved"
    assert "*" in r.json()["masked_id"]


def test_role_scoping(client: TestClient) -> None:
    clerk = _token("clerk", "clerk", "11")
    r = client.post(f"/api/admin/records/{NUMBER}/criminal-check", headers=clerk)
    assert r.status_code == 403 and r.json()["error"]["code"] == "role_not_allowed"
    assert client.get("/api/admin/audit/verify", headers=clerk).status_code == 403
    auditor = _token("aud", "auditor", "")
    body = client.get("/api/admin/audit/verify", headers=auditor).json()
    assert body["ok"] is True and body["count"] >= 2
