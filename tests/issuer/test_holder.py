"""Holder download: one-time codes, identical answers (no enumeration), rate limits, and no ID
number in any response or log line."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine
from sqlmodel import select

import issuer.api as api
from core import clock
from core.db import session_scope
from core.errors import ConfigurationError
from core.identity import vault_for
from core.models import Certificate, Holder, HolderCode
from core.ratelimit import RateLimiter, SlidingWindow
from core.settings import Settings, load_settings
from ecert.app import create_app
from issuer._holder import HOLDER_LIMITS
from issuer._notify import (
    CodeMessage,
    ConsoleNotifier,
    configure_notifier,
    current_notifier,
    drain_deliveries,
)
from tests.conftest import FROZEN_NOW
from tests.issuer._status_support import fake_credential, id_of, seed, token


@pytest.fixture
def client(sqlite_registry: Engine, ecert_env: Path, outbox: list[CodeMessage]) -> TestClient:
    numbers = seed(1, 2)
    fake_credential(numbers[0], ecert_env / "artifacts")
    return TestClient(create_app())


N1, N2 = "20151101042000001", "20151101042000002"


def _ask(client: TestClient, id_number: str, number: str) -> httpx.Response:
    r = client.post(
        "/api/holder/request-code", json={"id_number": id_number, "certificate_number": number}
    )
    drain_deliveries()  # codes are sent on a background thread, after the answer
    return r


def _get(
    client: TestClient, id_number: str, number: str, code: str, fmt: str = "pdf"
) -> httpx.Response:
    return client.post(
        "/api/holder/download",
        json={"id_number": id_number, "certificate_number": number, "code": code, "format": fmt},
    )


def test_request_code_answers_the_same_whether_or_not_it_matches(
    client: TestClient, outbox: list[CodeMessage]
) -> None:
    answers = [
        _ask(client, id_of(1), N1),
        _ask(client, id_of(2), N1),
        _ask(client, id_of(1), "20151101042999999"),
        _ask(client, "X", "1"),
    ]
    assert {(r.status_code, r.text) for r in answers} == {(202, answers[0].text)}
    assert [m.certificate_number for m in outbox] == [N1]
    assert len(outbox[0].code) == 6 and outbox[0].code.isdigit()
    with session_scope() as s:
        row = s.exec(select(HolderCode).where(HolderCode.certificate_id != None)).one()  # noqa: E711
    assert outbox[0].code not in row.code_hash and len(row.code_hash) == 64  # only a keyed hash
    assert row.expires_at.replace(tzinfo=None) == (FROZEN_NOW + timedelta(minutes=10)).replace(
        tzinfo=None
    )


def test_right_code_gives_pdf_then_is_used_up(
    client: TestClient, outbox: list[CodeMessage]
) -> None:
    _ask(client, id_of(1), N1)
    r = _get(client, id_of(1), N1, outbox[-1].code)
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    assert r.headers["content-type"] == "application/pdf"
    again = _get(client, id_of(1), N1, outbox[-1].code)
    assert again.status_code == 403 and again.json()["error"]["code"] == "invalid_code"


def test_json_credential_has_claims_and_qr_text(
    client: TestClient, outbox: list[CodeMessage]
) -> None:
    _ask(client, id_of(1).lower(), f" {N1} ")  # tolerant of case and spaces
    r = _get(client, id_of(1), N1, outbox[-1].code, "json")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["qr_text"].startswith("HTTPS://VERIFY.EXAMPLE/") or "://" in body["qr_text"]
    assert body["claims"]["certificate_number"] == N1 and "*" in body["claims"]["masked_id"]
    assert id_of(1) not in r.text


def test_every_failure_has_the_same_shape(client: TestClient, outbox: list[CodeMessage]) -> None:
    _ask(client, id_of(1), N1)
    code = outbox[-1].code
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    failures = [
        _get(client, id_of(1), N1, wrong),  # wrong code
        _get(client, id_of(2), N1, code),  # another person's ID
        _get(client, "110105199003070999", N1, code),  # unknown ID
        _get(client, id_of(2), N2, code),  # right person, no code requested
        _get(client, id_of(1), "20151101042999999", code),  # unknown certificate
        _get(client, id_of(1), N1, "abc"),  # malformed code
    ]
    assert {(r.status_code, r.text) for r in failures} == {(403, failures[0].text)}


def test_five_wrong_attempts_burn_the_code(client: TestClient, outbox: list[CodeMessage]) -> None:
    _ask(client, id_of(1), N1)
    code = outbox[-1].code
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(5):
        assert _get(client, id_of(1), N1, wrong).status_code == 403
    assert _get(client, id_of(1), N1, code).status_code == 403
    _ask(client, id_of(1), N1)  # a new code works again
    assert _get(client, id_of(1), N1, outbox[-1].code).status_code == 200


def test_codes_expire_after_ten_minutes(client: TestClient, outbox: list[CodeMessage]) -> None:
    _ask(client, id_of(1), N1)
    clock.freeze(FROZEN_NOW + timedelta(minutes=10, seconds=1))
    assert _get(client, id_of(1), N1, outbox[-1].code).status_code == 403


def test_rate_limits_return_429_with_retry_after(
    client: TestClient, outbox: list[CodeMessage], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(api, "request_limiter", RateLimiter(HOLDER_LIMITS))
    monkeypatch.setattr(api, "download_limiter", RateLimiter(HOLDER_LIMITS))
    assert [_ask(client, id_of(1), N1).status_code for _ in range(5)] == [202] * 5
    limited = _ask(client, id_of(2), N2)  # same client IP, another certificate
    assert limited.status_code == 429 and limited.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(limited.headers["Retry-After"]) <= 60
    codes = [_get(client, id_of(1), N1, "000000").status_code for _ in range(6)]
    assert codes == [403] * 5 + [429]


def test_holder_limits_key_ipv6_clients_by_their_64_network(
    client: TestClient, outbox: list[CodeMessage], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(api, "request_limiter", RateLimiter(HOLDER_LIMITS))
    app = client.app

    def ask(host: str, number: str) -> int:
        other = TestClient(app, client=(host, 40000))
        return _ask(other, id_of(1), number).status_code

    # five certificates' worth from one /64, each request from a fresh address in it
    assert [ask(f"2001:db8:7:7::{n}", N1) for n in range(1, 6)] == [202] * 5
    assert ask("2001:db8:7:7::99", N2) == 429
    assert ask("2001:db8:7:8::1", N2) == 202  # another /64


def test_limiter_windows_per_key() -> None:
    now = [0.0]
    limiter = RateLimiter(HOLDER_LIMITS, clock=lambda: now[0])
    for i in range(5):
        assert limiter.check(["ip:a", f"cert:{i}"]) == 0
    assert limiter.check(["ip:b", "cert:0"]) == 0  # other IP, other certificate budget
    assert limiter.check(["ip:a", "cert:9"]) == pytest.approx(60.0)
    now[0] = 61.0
    assert limiter.check(["ip:a", "cert:9"]) == 0
    for minute in range(2, 6):  # 20 an hour per key
        now[0] = minute * 61.0
        assert [limiter.check(["ip:c"]) for _ in range(5)] == [0.0] * 5
    now[0] = 6 * 61.0
    assert limiter.check(["ip:c"]) > 60  # the hourly window, not the minute one


def test_id_number_never_in_responses_or_logs(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    configure_notifier(ConsoleNotifier())
    caplog.set_level(logging.DEBUG)
    texts = [_ask(client, id_of(1), N1).text]
    code = next(
        r.getMessage().split(": ")[1].split()[0]
        for r in caplog.records
        if "one-time code" in r.getMessage()
    )
    texts += [
        _get(client, id_of(1), N1, code, "json").text,
        _get(client, id_of(1), N1, "12345678901234").text,  # 422 echoes no input
        client.post("/api/holder/download", json={"id_number": id_of(1)}).text,
    ]
    assert "…0001" in caplog.text
    for needle in (id_of(1), id_of(1)[:14]):
        assert needle not in caplog.text and all(needle not in t for t in texts)


def test_production_needs_a_configured_notifier(
    outbox: list[CodeMessage], tmp_path: Path
) -> None:
    configure_notifier(None)
    strong = "Qm7vX2pL9sTn4RkW8zYc1HdJ6bFg3AeN5uVx0MqZrKtPwSyE"  # production refuses weak ones
    # A home of its own: production refuses one holding development keys, whatever
    # ECERT_HOME another test on this worker left behind.
    prod = Settings(env="production", secret=strong, allow_dev_keys=False, home=tmp_path,
                    issuer_name="某某省教育厅")
    with pytest.raises(ConfigurationError):
        current_notifier(prod)


def test_real_issuance_reissue_and_download(ecert_env: Path, outbox: list[CodeMessage]) -> None:
    from ecert.cli import main

    assert main(["init", "--demo", "1"]) == 0
    with session_scope() as s:
        number, holder_id = s.exec(select(Certificate.number, Certificate.holder_id)).one()
        holder = s.get(Holder, holder_id)
        assert holder is not None
        id_number = vault_for(load_settings().secret).decrypt(holder.id_cipher)
    client = TestClient(create_app())
    new_type = 1 if number[9] != "1" else 2
    r = client.post(
        f"/api/admin/certificates/{number}/reissue",
        headers=token("r", "admin", ""),
        json={
            "field": "qualification_type",
            "new_value": str(new_type),
            "reason": "资格种类录入错误",
        },
    )
    assert r.status_code == 201, r.text
    new_number, credential = r.json()["new_number"], r.json()["credential"]
    assert credential["version"] == 1 and credential["error"] is None
    _ask(client, id_number, number)  # the old number leads to the corrected certificate
    pdf = _get(client, id_number, number, outbox[-1].code)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert new_number in pdf.headers["content-disposition"]
    _ask(client, id_number, new_number)
    body = _get(client, id_number, new_number, outbox[-1].code, "json").json()
    assert body["qr_text"] == credential["qr_text"]
    assert body["claims"]["qualification_type"] == new_type


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=2, allow_nan=False), min_size=1, max_size=80))
def test_limiter_never_accepts_more_than_the_rules_allow(gaps: list[float]) -> None:
    now = [0.0]
    limiter = RateLimiter(SlidingWindow(((3, 1.0), (7, 10.0))), clock=lambda: now[0])
    accepted = []
    for gap in gaps:
        now[0] += gap
        wait = limiter.check(["k"])
        if wait == 0:
            accepted.append(now[0])
        else:
            assert wait > 0
    for t in accepted:  # every sliding window holds at most its limit
        assert sum(t <= u < t + 1.0 for u in accepted) <= 3
        assert sum(t <= u < t + 10.0 for u in accepted) <= 7
