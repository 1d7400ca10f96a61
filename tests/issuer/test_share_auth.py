"""Who may call the sharing interface: signatures, clients, clock skew, replayed nonces, the
declared purpose, rate limits, and the client commands (``ecert share clients …``)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import func, select

import issuer._share_api as share_api
from core import clock
from core.db import session_scope
from core.identity import derive_key
from core.models import AuditEvent, ShareNonce
from core.ratelimit import RateLimiter, TokenBucket
from ecert.app import create_app
from ecert.cli import main
from issuer._share_auth import (
    WINDOW_SECONDS,
    canonical_query,
    canonical_string,
    client_secret,
    disable_client,
    rotate_client,
    sign,
)
from tests.conftest import FROZEN_NOW
from tests.issuer._share_support import Platform, World, build_world, new_client

NOW = int(FROZEN_NOW.timestamp())


from tests.issuer._share_support import fresh_limits  # noqa: E402,F401 (a fixture)

pytestmark = pytest.mark.usefixtures("fresh_limits")


@pytest.fixture
def world(sqlite_registry: Engine, ecert_env: Path) -> World:
    return build_world(ecert_env / "artifacts")


@pytest.fixture
def platform(world: World) -> Platform:
    return Platform(TestClient(create_app()), *new_client())


def _code(response: object) -> tuple[int, str]:
    r = response
    return r.status_code, r.json()["error"]["code"]  # type: ignore[attr-defined]


def _path(world: World) -> str:
    return f"/api/share/licences/{world.beijing_id}"


# ---- the canonical string (docs/INTEROP.md §5 example) ---------------------------------------

def test_the_documented_example() -> None:
    canonical = canonical_string(
        method="get", path="/api/share/licences/1.2.156.3005.2.T1.11110000D00011010A.1.001.X",
        query="use_cause=%E6%8B%9B%E8%81%98&item_code=ITEM-001&b=2&a=1",
        access_id="ak0123456789abcdef0123", timestamp="1793498400",
        nonce="0f1e2d3c4b5a69788796a5b4", body=b"")
    assert canonical == (
        "ECERT-HMAC-SHA256\nGET\n/api/share/licences/1.2.156.3005.2.T1.11110000D00011010A.1.001"
        ".X\na=1&b=2&item_code=ITEM-001&use_cause=%E6%8B%9B%E8%81%98\nak0123456789abcdef0123\n"
        "1793498400\n0f1e2d3c4b5a69788796a5b4\n"
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    # as `openssl dgst -sha256 -hmac 000…0` gives it (the key is the secret's ASCII text)
    assert sign("00" * 32, canonical) == (
        "37c870a3320c69224d8c73596a6fc244713fc3b3565edba98cf81ce60cefd0b7")


def test_canonical_query_sorts_and_encodes_alike() -> None:
    assert canonical_query("b=2&a=%E6%8B%9B+x&a=1") == "a=1&a=%E6%8B%9B%20x&b=2"
    assert canonical_query("") == ""


def test_secrets_are_derived_never_stored() -> None:
    one = client_secret("app-secret", "ak1", 1)
    assert one == derive_key("app-secret", "ecert/share-client/v1:ak1:1").hex()
    assert one != client_secret("app-secret", "ak1", 2) != client_secret("other", "ak1", 1)
    assert len(one) == 64


# ---- authentication ---------------------------------------------------------------------------

def test_a_signed_request_passes(platform: Platform, world: World) -> None:
    assert platform.call("GET", _path(world)).status_code == 200


@pytest.mark.parametrize("drop", ["X-Ecert-Access-Id", "X-Ecert-Timestamp", "X-Ecert-Nonce",
                                  "X-Ecert-Signature"])
def test_a_missing_header_is_refused(platform: Platform, world: World, drop: str) -> None:
    r = platform.call("GET", _path(world), headers={drop: ""})
    assert _code(r) == (401, "share_auth_missing")


def test_malformed_headers_are_refused(platform: Platform, world: World) -> None:
    for headers in ({"X-Ecert-Nonce": "short"}, {"X-Ecert-Timestamp": "yesterday"},
                    {"X-Ecert-Signature": "zz"}, {"X-Ecert-Access-Id": "AK/../x"}):
        assert _code(platform.call("GET", _path(world), headers=headers)) == (
            401, "share_auth_malformed")


def test_a_bad_signature_is_refused(platform: Platform, world: World) -> None:
    r = platform.call("GET", _path(world), secret="f" * 64)
    assert _code(r) == (401, "share_signature_invalid")


def test_a_changed_query_or_body_breaks_the_signature(platform: Platform,
                                                       world: World) -> None:
    # a signed request, then the same headers with another query or body
    body = json.dumps({"holder_code": "x", "type_code": "T"}).encode()
    good = platform.call("POST", "/api/share/licences/query", body=body,
                         headers={"Content-Type": "application/json"})
    assert good.status_code == 422  # signed, then refused for its content
    req = good.request
    tampered = platform.http.request("POST", str(req.url).replace("ITEM-001", "ITEM-999"),
                                     content=body, headers=dict(req.headers))
    assert _code(tampered) == (401, "share_signature_invalid")
    other_body = platform.http.request("POST", str(req.url), content=body + b" ",
                                       headers={**dict(req.headers),
                                                "X-Ecert-Nonce": "another-nonce-0001"})
    assert _code(other_body) == (401, "share_signature_invalid")


def test_an_unknown_client_is_refused(platform: Platform, world: World) -> None:
    stranger = Platform(platform.http, "ak00000000000000000000", platform.secret)
    assert _code(stranger.call("GET", _path(world))) == (401, "share_signature_invalid")


def test_another_clients_secret_is_refused(platform: Platform, world: World) -> None:
    _, other_secret = new_client("其他平台")
    assert _code(platform.call("GET", _path(world), secret=other_secret)) == (
        401, "share_signature_invalid")


def test_a_disabled_client_is_refused(platform: Platform, world: World) -> None:
    with session_scope() as s:
        disable_client(s, access_id=platform.access_id, actor="test")
    assert _code(platform.call("GET", _path(world))) == (403, "share_client_disabled")


def test_a_rotated_secret_replaces_the_old_one(platform: Platform, world: World) -> None:
    from core.settings import load_settings

    with session_scope() as s:
        _, new = rotate_client(s, access_id=platform.access_id, actor="test",
                               app_secret=load_settings().secret)
    assert _code(platform.call("GET", _path(world))) == (401, "share_signature_invalid")
    assert platform.call("GET", _path(world), secret=new).status_code == 200


@pytest.mark.parametrize(("offset", "ok"), [(-WINDOW_SECONDS, True), (WINDOW_SECONDS, True),
                                            (-WINDOW_SECONDS - 1, False),
                                            (WINDOW_SECONDS + 1, False)])
def test_clock_skew(platform: Platform, world: World, offset: int, ok: bool) -> None:
    r = platform.call("GET", _path(world), timestamp=NOW + offset)
    assert r.status_code == 200 if ok else _code(r) == (401, "share_clock_skew")


def test_a_replayed_nonce_is_refused(platform: Platform, world: World) -> None:
    assert platform.call("GET", _path(world), nonce="replayed-nonce-0001").status_code == 200
    again = platform.call("GET", _path(world), nonce="replayed-nonce-0001")
    assert _code(again) == (401, "share_replay")
    # even when the first use failed later (a 404), the nonce was spent
    missing = world.beijing_id.replace(".001.", ".002.")[:-1]
    first = platform.call("GET", f"/api/share/licences/{missing}0", nonce="spent-nonce-00001")
    assert first.status_code in (404, 422)
    assert _code(platform.call("GET", _path(world), nonce="spent-nonce-00001")) == (
        401, "share_replay")
    # another client may use the same nonce
    other = Platform(platform.http, *new_client("其他平台"))
    assert other.call("GET", _path(world), nonce="replayed-nonce-0001").status_code == 200


def test_nonces_are_pruned_after_twice_the_window(platform: Platform, world: World) -> None:
    platform.call("GET", _path(world), nonce="old-nonce-0000001")
    later = FROZEN_NOW + timedelta(seconds=2 * WINDOW_SECONDS + 1)
    clock.freeze(later)
    assert platform.call("GET", _path(world), nonce="new-nonce-0000001",
                         timestamp=int(later.timestamp())).status_code == 200
    with session_scope() as s:
        kept = set(s.exec(select(ShareNonce.nonce)).all())
    assert kept == {"new-nonce-0000001"}


# ---- the declared purpose, limits ---------------------------------------------------------

def test_every_call_states_a_use_cause_and_an_item_code(platform: Platform,
                                                        world: World) -> None:
    for params, code in (({"item_code": "ITEM-1"}, "share_use_cause_missing"),
                         ({"use_cause": "  ", "item_code": "ITEM-1"}, "share_use_cause_missing"),
                         ({"use_cause": "审查"}, "share_item_code_missing"),
                         ({"use_cause": "审查", "item_code": "含中文"}, "share_item_code_missing")):
        assert _code(platform.call("GET", _path(world), params)) == (422, code)


def test_the_rate_limit_is_per_client(platform: Platform, world: World,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(share_api, "share_limiter", RateLimiter(TokenBucket(2)))
    assert [platform.call("GET", _path(world)).status_code for _ in range(2)] == [200, 200]
    refused = platform.call("GET", _path(world))
    assert _code(refused) == (429, "rate_limited") and int(refused.headers["Retry-After"]) >= 1
    other = Platform(platform.http, *new_client("其他平台"))
    assert other.call("GET", _path(world)).status_code == 200


def test_failed_authentications_are_bounded_per_address(platform: Platform, world: World,
                                                        monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    monkeypatch.setattr(share_api, "failure_limiter", RateLimiter(TokenBucket(3)))
    codes = [platform.call("GET", _path(world), secret="0" * 64).status_code for _ in range(5)]
    assert codes[:4] == [401] * 4 and codes[4] == 429


# ---- the commands -----------------------------------------------------------------------------

def test_client_commands(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["share", "clients", "add", "甘肃省政务服务平台", "--region", "62", "--json"]) == 0
    added = json.loads(capsys.readouterr().out)
    platform = Platform(TestClient(create_app()), added["access_id"], added["secret"])
    r = platform.call("GET", f"/api/share/licences/{world.gansu_id}")
    assert r.status_code == 200
    assert main(["share", "clients", "list"]) == 0
    listed = capsys.readouterr().out
    assert added["access_id"] in listed and added["secret"] not in listed
    assert main(["share", "clients", "rotate", added["access_id"], "--json"]) == 0
    rotated = json.loads(capsys.readouterr().out)["secret"]
    assert rotated != added["secret"]
    assert platform.call("GET", f"/api/share/licences/{world.gansu_id}",
                         secret=rotated).status_code == 200
    assert main(["share", "clients", "disable", added["access_id"]]) == 0
    assert platform.call("GET", f"/api/share/licences/{world.gansu_id}",
                         secret=rotated).status_code == 403
    assert main(["share", "clients", "add", "x", "--region", "99"]) == 2
    with session_scope() as s:
        actions = s.exec(select(AuditEvent.action, func.count()).group_by(
            AuditEvent.action)).all()
    counted = dict(actions)
    assert counted["share.clients.add"] >= 1 and counted["share.clients.rotate"] == 1
    assert counted["share.clients.disable"] == 1


def test_authority_commands(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["authorities", "set-uscc", "11010", "91110000600037341X"]) == 2
    assert "uscc_invalid" in capsys.readouterr().err
    assert main(["authorities", "set-uscc", "11010", "91110000600037341L"]) == 0
    assert main(["authorities", "list"]) == 0
    assert "91110000600037341L" in capsys.readouterr().out
    assert main(["authorities", "set-uscc", "62001", "91110000600037341L"]) == 2
    assert "uscc_taken" in capsys.readouterr().err


def test_the_interface_is_in_the_openapi_document(platform: Platform) -> None:
    paths = platform.http.get("/openapi.json").json()["paths"]
    share = {p: v for p, v in paths.items() if p.startswith("/api/share/")}
    assert set(share) == {"/api/share/licences/query", "/api/share/licences/{licence_id}",
                          "/api/share/licences/{licence_id}/file", "/api/share/verify"}
    for operations in share.values():
        for op in operations.values():
            names = {p["name"] for p in op["parameters"]}
            assert {"use_cause", "item_code", "X-Ecert-Signature", "X-Ecert-Nonce"} <= names
            assert {"401", "429"} <= set(op["responses"]) or "4XX" in op["responses"]
