"""Every response carries the security headers (core.secheaders): no framing, no sniffing, no
referrer, a same-origin Content Security Policy; pages with personal data are never cached."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ecert.app import create_app

PAGES = ["/", "/verify", "/lookup", "/bulk", "/trust", "/holder", "/login", "/admin",
         "/review", "/no-such-page", "/api/verify", "/healthz", "/static/core/staff.css"]


@pytest.fixture
def client(ecert_env: Path) -> TestClient:
    return TestClient(create_app(), follow_redirects=False)


@pytest.mark.parametrize("path", PAGES)
def test_every_answer_forbids_framing_sniffing_and_referrers(client: TestClient,
                                                             path: str) -> None:
    answer = client.get(path, headers={"accept": "text/html"})
    assert answer.headers["x-frame-options"] == "DENY"
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["referrer-policy"] == "no-referrer"
    policy = answer.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "object-src" not in policy or \
        "object-src 'none'" in policy
    assert "unsafe-inline" not in policy.split("script-src", 1)[1].split(";", 1)[0]


@pytest.mark.parametrize("path", ["/holder", "/login", "/admin", "/review", "/account"])
def test_pages_with_personal_data_are_never_cached(client: TestClient, path: str) -> None:
    assert client.get(path, headers={"accept": "text/html"}).headers["cache-control"] == \
        "no-store"


def test_the_sign_in_page_keeps_its_stricter_policy(client: TestClient) -> None:
    policy = client.get("/login").headers["content-security-policy"]
    assert "script-src 'none'" in policy


def test_a_refused_oversized_body_gets_the_headers_too(client: TestClient) -> None:
    answer = client.post("/api/verify", content=bytes(11 * 1024 * 1024),
                         headers={"content-type": "application/json"})
    assert answer.status_code == 413 and answer.headers["x-frame-options"] == "DENY"
