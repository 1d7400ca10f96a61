"""The sharing interface's answers on SQLite and PostgreSQL: queries by holder code and by
identifier, region scoping, downloads, file verification, the audit of every call's use cause
and item code, and no ID number in any log line or audit row."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import select

from core.db import session_scope
from core.licence_id import parse_licence_id
from core.models import AuditEvent
from ecert.app import create_app
from tests.issuer._share_support import (
    HOLDER_ID,
    PURPOSE,
    Platform,
    World,
    build_world,
    fresh_limits,  # noqa: F401 (a fixture, used by pytestmark)
    new_client,
)

pytestmark = pytest.mark.usefixtures("fresh_limits")


@pytest.fixture
def world(registry: Engine, ecert_env: Path) -> World:
    return build_world(ecert_env / "artifacts")


@pytest.fixture
def http(world: World) -> TestClient:
    return TestClient(create_app())


def _platform(http: TestClient, region: str = "") -> Platform:
    return Platform(http, *new_client(region=region))


def _audit(action: str) -> list[AuditEvent]:
    with session_scope() as s:
        return list(s.exec(select(AuditEvent).where(AuditEvent.action == action)).all())


def test_identifiers_carry_a_valid_check_character(world: World) -> None:
    for text in (world.beijing_id, world.gansu_id):
        parsed = parse_licence_id(text)
        assert parsed.serial in (world.beijing, world.gansu) and parsed.version == 1


def test_query_by_holder_answers_the_holder_code_it_was_sent(http: TestClient,
                                                             world: World) -> None:
    r = _platform(http).by_holder()
    assert r.status_code == 200, r.text
    got = {lic["number"]: lic for lic in r.json()["licences"]}
    assert set(got) == {world.beijing, world.gansu}
    lic = got[world.beijing]
    assert lic["licence_id"] == world.beijing_id and lic["current"] is True
    assert lic["holder_code"] == HOLDER_ID and lic["holder_code_masked"] is False
    assert lic["licence_name"] == "教师资格证书" and lic["validity_to"] == "长期"
    assert lic["holder_code_type"] == "111" and lic["issuer_code"] == "11110000D00011010A"
    assert lic["files"] == ["pdf"] and lic["status"] == "valid"


def test_query_by_holder_finds_nothing_for_another_person_or_type(http: TestClient,
                                                                 world: World) -> None:
    platform = _platform(http)
    from tests.factories import id_number

    assert platform.by_holder(id_number(order=998)).json() == {"licences": []}
    assert platform.by_holder(type_code="OTHERTYPE001").json() == {"licences": []}
    bad = platform.by_holder("11010519900307001X")  # wrong check digit
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "holder_code_invalid"
    assert "11010519900307001X" not in bad.text


def test_region_scoping(http: TestClient, world: World) -> None:
    beijing, gansu = _platform(http, "11"), _platform(http, "62")
    assert [lic["number"] for lic in beijing.by_holder().json()["licences"]] == [world.beijing]
    assert [lic["number"] for lic in gansu.by_holder().json()["licences"]] == [world.gansu]
    # a licence outside the region answers as if absent, for the query and the file alike
    for path in (f"/api/share/licences/{world.gansu_id}",
                 f"/api/share/licences/{world.gansu_id}/file"):
        r = beijing.call("GET", path, {**PURPOSE, "format": "pdf"} if "file" in path else None)
        assert r.status_code == 404 and r.json()["error"]["code"] == "licence_not_found"
    assert gansu.call("GET", f"/api/share/licences/{world.gansu_id}").status_code == 200


def test_query_by_identifier_answers_a_masked_holder_code(http: TestClient,
                                                         world: World) -> None:
    r = _platform(http).call("GET", f"/api/share/licences/{world.beijing_id.lower()}")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["number"] == world.beijing and body["holder_code_masked"] is True
    assert HOLDER_ID not in r.text and body["holder_code"].count("*") >= 10
    assert body["current_licence_id"] == world.beijing_id


def test_a_wrong_check_character_is_refused(http: TestClient, world: World) -> None:
    good = world.beijing_id
    wrong = good[:-1] + ("0" if good[-1] != "0" else "1")
    r = _platform(http).call("GET", f"/api/share/licences/{wrong}")
    assert r.status_code == 422 and r.json()["error"]["code"] == "licence_id_check"


def test_download(http: TestClient, world: World) -> None:
    platform = _platform(http)
    r = platform.call("GET", f"/api/share/licences/{world.beijing_id}/file",
                      {**PURPOSE, "format": "pdf"})
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    assert r.headers["content-type"] == "application/pdf"
    assert r.headers["cache-control"] == "no-store"
    missing = platform.call("GET", f"/api/share/licences/{world.beijing_id}/file")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "ofd_missing"


def test_verify_refusals(http: TestClient, world: World) -> None:
    platform = _platform(http)
    empty = platform.call("POST", "/api/share/verify")
    assert empty.status_code == 422 and empty.json()["error"]["code"] == "share_file_missing"
    assert platform.call("POST", "/api/share/verify", body=b"x",
                         secret="0" * 64).status_code == 401
    assert _audit("share.verify") == []  # a refused call reached no verifier


def test_every_call_is_audited_with_its_use_cause_and_item_code(http: TestClient,
                                                               world: World) -> None:
    platform = _platform(http)
    platform.by_holder()
    platform.call("GET", f"/api/share/licences/{world.beijing_id}")
    platform.call("GET", f"/api/share/licences/{world.beijing_id}/file", {**PURPOSE,
                                                                          "format": "pdf"})
    events = _audit("share.query") + _audit("share.download")
    assert len(events) >= 3
    for event in events:
        assert event.actor == f"share:{platform.access_id}"
        assert "教师招聘资格审查" in (event.after or "") and "ITEM-001" in (event.after or "")
    by_holder = next(e for e in events if '"by": "holder_code"' in (e.after or ""))
    assert world.beijing in (by_holder.after or "") and world.gansu in (by_holder.after or "")


def test_no_id_number_in_logs_or_audit_rows(http: TestClient, world: World,
                                            caplog: pytest.LogCaptureFixture) -> None:
    platform = _platform(http)
    with caplog.at_level(logging.DEBUG):
        platform.by_holder()
        platform.by_holder(HOLDER_ID.lower())
        platform.call("GET", f"/api/share/licences/{world.beijing_id}")
        platform.by_holder(HOLDER_ID, holder_code_type="999")  # refused
        platform.by_holder(HOLDER_ID, nonce_field="x")  # an unknown field is ignored
    logged = "\n".join(f"{r.getMessage()} {r.args!r}" for r in caplog.records)
    assert HOLDER_ID not in logged and HOLDER_ID.lower() not in logged
    with session_scope() as s:
        rows = s.exec(select(AuditEvent)).all()
    assert rows and not any(HOLDER_ID in f"{e.entity_id}{e.before}{e.after}" for e in rows)


def test_replay_disabled_clients_and_pruning_on_every_database(http: TestClient,
                                                               world: World) -> None:
    """The nonce's unique constraint and the disabled flag, as each database enforces them."""
    from datetime import timedelta

    from core import clock
    from core.models import ShareNonce
    from issuer._share_auth import WINDOW_SECONDS, disable_client
    from tests.conftest import FROZEN_NOW

    platform = _platform(http)
    path = f"/api/share/licences/{world.beijing_id}"
    assert platform.call("GET", path, nonce="nonce-on-every-db-1").status_code == 200
    again = platform.call("GET", path, nonce="nonce-on-every-db-1")
    assert (again.status_code, again.json()["error"]["code"]) == (401, "share_replay")
    assert platform.call("GET", path, nonce="nonce-on-every-db-2").status_code == 200
    later = FROZEN_NOW + timedelta(seconds=2 * WINDOW_SECONDS + 1)
    clock.freeze(later)
    assert platform.call("GET", path, nonce="nonce-on-every-db-3",
                         timestamp=int(later.timestamp())).status_code == 200
    with session_scope() as s:
        assert set(s.exec(select(ShareNonce.nonce)).all()) == {"nonce-on-every-db-3"}
        disable_client(s, access_id=platform.access_id, actor="test")
    refused = platform.call("GET", path, timestamp=int(later.timestamp()))
    assert (refused.status_code, refused.json()["error"]["code"]) == (403,
                                                                      "share_client_disabled")
