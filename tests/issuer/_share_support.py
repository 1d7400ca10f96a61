"""What the sharing-interface tests share: a registry with licences in two regions, platform
clients, and a client that signs its requests as docs/INTEROP.md §5 says."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

import issuer._share_api as share_api
from core.db import session_scope
from core.models import Authority, Credential
from core.ratelimit import RateLimiter, TokenBucket
from core.settings import load_settings
from issuer._licence import licence_id_for, set_authority_uscc
from issuer._share_auth import add_client
from tests.conftest import FROZEN_NOW
from tests.factories import certificate_number, id_number
from tests.issuer._status_support import cert, fake_credential, seed

__all__ = ["HOLDER_ID", "PURPOSE", "Platform", "World", "build_world", "fresh_limits",
           "new_client"]

#: the one holder of both licences (a Beijing and a Gansu certificate)
HOLDER_ID = id_number(order=10)
BEIJING_USCC = "11110000D00011010A"
GANSU_USCC = "11620000D000620010"
_NONCES = itertools.count(1)


@dataclass
class World:
    beijing: str  # certificate numbers
    gansu: str
    beijing_id: str  # their licence identifiers
    gansu_id: str


def _set_licence_id(number: str, artifacts: Path) -> str:
    fake_credential(number, artifacts)
    with session_scope() as s:
        c = cert(s, number)
        authority = s.get(Authority, c.authority_id)
        assert authority is not None and authority.uscc
        row = s.exec(select(Credential).where(Credential.certificate_id == c.id)).one()
        row.licence_id = licence_id_for(type_code=load_settings().licence_type_code,
                                        authority_uscc=authority.uscc, number=number,
                                        version=row.version)
        s.add(row)
        assert row.licence_id is not None
        return row.licence_id


def build_world(artifacts: Path) -> World:
    """Two approved certificates of one holder, in Beijing (11) and Gansu (62), each with a
    credential carrying its licence identifier."""
    (beijing,) = seed(1, id_number=HOLDER_ID)
    (gansu,) = seed(2, id_number=HOLDER_ID, issuing_authority="甘肃省教育厅",
                    certificate_number=certificate_number(province="62", authority="001",
                                                          serial=2))
    with session_scope() as s:
        for number, uscc in ((beijing, BEIJING_USCC), (gansu, GANSU_USCC)):
            authority = s.get(Authority, cert(s, number).authority_id)
            assert authority is not None
            set_authority_uscc(s, code=authority.code, uscc=uscc, actor="test")
    return World(beijing, gansu, _set_licence_id(beijing, artifacts),
                 _set_licence_id(gansu, artifacts))


@pytest.fixture
def fresh_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test its own budgets (the limiters live in the process); a test that checks a
    limit installs a tight one itself."""
    monkeypatch.setattr(share_api, "share_limiter", RateLimiter(TokenBucket(1000)))
    monkeypatch.setattr(share_api, "failure_limiter", RateLimiter(TokenBucket(1000)))


def new_client(name: str = "平台", region: str = "") -> tuple[str, str]:
    """A platform client: (access id, secret)."""
    with session_scope() as s:
        client, secret = add_client(s, name=name, region=region, actor="test",
                                    app_secret=load_settings().secret)
        return client.access_id, secret


PURPOSE = {"use_cause": "教师招聘资格审查", "item_code": "ITEM-001"}


@dataclass
class Platform:
    """A government platform calling /api/share with its access id and secret."""

    http: TestClient
    access_id: str
    secret: str

    def call(self, method: str, path: str, params: dict[str, str] | None = None, *,
             body: bytes = b"", json_body: Any = None, nonce: str | None = None,
             timestamp: int | None = None, secret: str | None = None,
             headers: dict[str, str] | None = None) -> httpx.Response:
        """Sign and send one request (the canonical string built here from docs/INTEROP.md,
        independently of issuer._share_auth)."""
        query = urlencode(sorted((params if params is not None else PURPOSE).items()),
                          quote_via=quote, safe="-_.~")
        if json_body is not None:
            body = json.dumps(json_body, ensure_ascii=False).encode()
        ts = str(timestamp if timestamp is not None else int(FROZEN_NOW.timestamp()))
        nonce = nonce or f"nonce-{next(_NONCES):012d}"
        canonical = "\n".join(("ECERT-HMAC-SHA256", method, path, query, self.access_id, ts,
                               nonce, hashlib.sha256(body).hexdigest()))
        signature = hmac.new((secret or self.secret).encode(), canonical.encode(),
                             hashlib.sha256).hexdigest()
        sent = {"X-Ecert-Access-Id": self.access_id, "X-Ecert-Timestamp": ts,
                "X-Ecert-Nonce": nonce, "X-Ecert-Signature": signature,
                "Content-Type": "application/json" if json_body is not None else
                "application/octet-stream", **(headers or {})}
        return self.http.request(method, f"{path}?{query}" if query else path, content=body,
                                 headers=sent)

    def by_holder(self, holder_code: str = HOLDER_ID, **extra: Any) -> httpx.Response:
        body = {"holder_code": holder_code, "holder_code_type": "111",
                "type_code": load_settings().licence_type_code, **extra}
        return self.call("POST", "/api/share/licences/query", json_body=body)

