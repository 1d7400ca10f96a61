"""Bulk approval on the review page: only the unflagged records of a batch that the reviewer
saw, each checked and audited on its own; only for roles that may approve."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from core.db import session_scope
from core.models import AuditEvent, Certificate
from tests.factories import record

from ._review_support import import_scans, review_app, scanned_record, staff_login

HTML = {"Accept": "text/html"}
FLAGGED = scanned_record(1)
CLEAN = [record(2), record(4)]
STORED_FLAG = record(5, needs_review=True)  # flagged by the scanner, no finding left saying why
OTHER_BATCH = record(6)


@pytest.fixture
def client(sqlite_registry: Engine, tmp_path: Path) -> TestClient:
    import_scans(tmp_path / "a", [FLAGGED, *CLEAN, STORED_FLAG], batch="school-a")
    import_scans(tmp_path / "b", [OTHER_BATCH], batch="school-b")
    return TestClient(review_app())


def _login(client: TestClient, role: str = "reviewer", region: str = "11") -> None:
    staff_login(client, f"{role}-{region}", role, region)


def _states() -> dict[str, str]:
    with session_scope() as s:
        return {c.number: c.review_state for c in s.exec(select(Certificate)).all()}


def _approvals() -> list[str]:
    with session_scope() as s:
        events = s.exec(select(AuditEvent).where(AuditEvent.action == "records.approve")
                        .order_by(col(AuditEvent.seq))).all()
        return [e.entity_id for e in events]


def _offered(client: TestClient, batch: str = "school-a") -> list[str]:
    page = client.get(f"/review?batch={batch}", headers=HTML).text
    form = re.search(r'<form method="post" action="/review/approve-unflagged".*?</form>', page,
                     re.S)
    return re.findall(r'name="numbers" value="(\d+)"', form.group(0)) if form else []


def test_the_batch_page_offers_exactly_its_unflagged_records(client: TestClient) -> None:
    _login(client)
    assert _offered(client) == [r["certificate_number"] for r in CLEAN]
    assert "approve-unflagged" not in client.get("/review", headers=HTML).text  # no batch chosen


def test_bulk_approval_approves_each_unflagged_record_with_its_own_audit_event(
    client: TestClient,
) -> None:
    _login(client)
    clean = [r["certificate_number"] for r in CLEAN]
    smuggled = [FLAGGED["certificate_number"], STORED_FLAG["certificate_number"],
                OTHER_BATCH["certificate_number"]]
    r = client.post("/review/approve-unflagged", headers=HTML,
                    data={"batch": "school-a", "numbers": clean + smuggled})
    assert r.status_code == 200
    assert "已批量审核通过 2 条" in r.text
    left = re.findall(r'<li data-number="(\d+)"', r.text)
    assert left == smuggled  # each left with its reason
    states = _states()
    assert [states[n] for n in clean] == ["approved", "approved"]
    assert all(states[n] != "approved" for n in smuggled)
    assert _approvals() == clean
    assert _offered(client) == []  # nothing left to bulk-approve


@pytest.mark.parametrize("role", ["auditor", "clerk"])
def test_bulk_approval_is_refused_to_roles_that_may_not_approve(
    client: TestClient, role: str
) -> None:
    _login(client, role=role)
    assert _offered(client) == []
    numbers = [r["certificate_number"] for r in CLEAN]
    r = client.post("/review/approve-unflagged", headers=HTML,
                    data={"batch": "school-a", "numbers": numbers})
    assert r.status_code == 403 and not _approvals()


def test_bulk_approval_stays_in_the_reviewers_region_and_needs_sign_in(client: TestClient) -> None:
    numbers = [r["certificate_number"] for r in CLEAN]
    r = client.post("/review/approve-unflagged", data={"batch": "school-a", "numbers": numbers},
                    follow_redirects=False)
    assert r.status_code in (303, 401) and not _approvals()
    _login(client, region="44")
    r = client.post("/review/approve-unflagged", headers=HTML,
                    data={"batch": "school-a", "numbers": numbers})
    assert "已批量审核通过 0 条" in r.text and not _approvals()
