"""Who may call the sharing interface (/api/share): platform clients and signed requests.

A client (a provincial government-service platform) has an access id and a secret. The secret
is never stored: it is derived from ``ECERT_SECRET``, the access id and the client's
``secret_version`` (core.identity.derive_key), shown once when the client is added or rotated.
Every request is signed with HMAC-SHA256 over the canonical string of docs/INTEROP.md §5::

    ECERT-HMAC-SHA256 \\n METHOD \\n path \\n canonical query \\n access id \\n timestamp \\n
    nonce \\n hex SHA-256 of the body

The timestamp must be within :data:`WINDOW_SECONDS` of the server's clock, and a nonce is good
once (``share_nonce``; rows older than twice the window are pruned, when a replay would fail the
timestamp check anyway).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import parse_qsl, quote, urlencode

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, select

from core.audit import record_event
from core.clock import utcnow
from core.errors import InvalidInput, NotAuthenticated, NotFound, PermissionDenied
from core.identity import derive_key
from core.models import ShareClient, ShareNonce
from core.rules import division_name

__all__ = [
    "ALGORITHM",
    "HEADERS",
    "WINDOW_SECONDS",
    "SignedRequest",
    "add_client",
    "authenticate",
    "canonical_query",
    "canonical_string",
    "client_secret",
    "disable_client",
    "list_clients",
    "rotate_client",
    "sign",
]

ALGORITHM = "ECERT-HMAC-SHA256"
#: how far a request's timestamp may be from the server's clock, either way
WINDOW_SECONDS = 300
#: the request headers, in the order of the canonical string
HEADERS = ("X-Ecert-Access-Id", "X-Ecert-Timestamp", "X-Ecert-Nonce", "X-Ecert-Signature")
_NONCE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
_ACCESS_ID = re.compile(r"^[a-z0-9]{8,32}$")
_TIMESTAMP = re.compile(r"^[0-9]{1,12}$")
_SIGNATURE = re.compile(r"^[0-9a-f]{64}$")


def client_secret(app_secret: str, access_id: str, version: int) -> str:
    """The secret of a client at ``version``: 64 hex digits, the HMAC key as ASCII bytes."""
    return derive_key(app_secret, f"ecert/share-client/v1:{access_id}:{version}").hex()


def canonical_query(query: str) -> str:
    """The query sorted by name then value, each percent-encoded (RFC 3986 unreserved kept)."""
    pairs = sorted(parse_qsl(query, keep_blank_values=True))
    return urlencode(pairs, quote_via=quote, safe="-_.~")


def canonical_string(*, method: str, path: str, query: str, access_id: str, timestamp: str,
                     nonce: str, body: bytes) -> str:
    """What a client signs (docs/INTEROP.md §5): eight lines joined by ``\\n``."""
    return "\n".join((ALGORITHM, method.upper(), path, canonical_query(query), access_id,
                      timestamp, nonce, hashlib.sha256(body).hexdigest()))


def sign(secret: str, canonical: str) -> str:
    """HMAC-SHA256 of the canonical string under the client's secret, lowercase hex."""
    return hmac.new(secret.encode(), canonical.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class SignedRequest:
    """The parts of one HTTP request the signature covers (read before any database work)."""

    method: str
    path: str
    query: str
    body: bytes
    access_id: str
    timestamp: str
    nonce: str
    signature: str

    def canonical(self) -> str:
        return canonical_string(method=self.method, path=self.path, query=self.query,
                                access_id=self.access_id, timestamp=self.timestamp,
                                nonce=self.nonce, body=self.body)


def _refuse(code: str, message: str) -> NotAuthenticated:
    return NotAuthenticated(message, code=code)


def _check_shape(req: SignedRequest, now: datetime) -> None:
    if not (req.access_id and req.timestamp and req.nonce and req.signature):
        raise _refuse("share_auth_missing", "缺少签名请求头 (missing signature headers: "
                      + ", ".join(HEADERS) + ")")
    if not (_ACCESS_ID.match(req.access_id) and _NONCE.match(req.nonce)
            and _TIMESTAMP.match(req.timestamp) and _SIGNATURE.match(req.signature)):
        raise _refuse("share_auth_malformed", "签名请求头格式不正确 (malformed signature "
                      "headers: access id, unix-seconds timestamp, 16–64 character nonce, "
                      "64 lowercase hex digits)")
    skew = abs(now.timestamp() - int(req.timestamp))
    if skew > WINDOW_SECONDS:
        raise _refuse("share_clock_skew", f"请求时间与服务器相差 {int(skew)} 秒，超过 "
                      f"{WINDOW_SECONDS} 秒 (timestamp outside ±{WINDOW_SECONDS} s of the "
                      "server's clock)")


def authenticate(session: Session, req: SignedRequest, *, app_secret: str) -> ShareClient:
    """The active client that signed ``req``, its nonce now spent (committed: a request that
    fails later still cannot be replayed); 401/403 otherwise."""
    now = utcnow()
    _check_shape(req, now)
    client = session.exec(select(ShareClient).where(
        ShareClient.access_id == req.access_id)).first()
    # an unknown client is checked against a throw-away secret: the same work either way
    secret = client_secret(app_secret, req.access_id, client.secret_version if client else 0)
    good = hmac.compare_digest(sign(secret, req.canonical()), req.signature)
    if client is None or not good:
        raise _refuse("share_signature_invalid", "签名无效或接入方未知 (unknown access id or bad "
                      "signature)")
    if not client.active:
        raise PermissionDenied("该接入方已停用 (this client is disabled)",
                               code="share_client_disabled")
    _spend_nonce(session, req, now)
    return client


def _spend_nonce(session: Session, req: SignedRequest, now: datetime) -> None:
    """Record the nonce and commit at once (a failing request still spends it); a nonce seen
    before is a replay. Rows older than twice the window go first: their timestamps could no
    longer pass :func:`_check_shape`."""
    session.execute(delete(ShareNonce).where(
        col(ShareNonce.seen_at) < now - timedelta(seconds=2 * WINDOW_SECONDS)))
    session.add(ShareNonce(access_id=req.access_id, nonce=req.nonce, seen_at=now))
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise _refuse("share_replay", "该随机数已使用过，请求被拒绝 (nonce already used: "
                      "replayed request)") from None


# ---- client management (the CLI) ------------------------------------------------------------

def _check_region(region: str) -> str:
    region = region.strip()
    if region and (not region.isdigit() or len(region) > 6 or len(region) % 2
                   or division_name(region.ljust(6, "0")) is None):
        raise InvalidInput(f"地区应为行政区划代码前缀（2、4 或 6 位）：{region!r} (region: a "
                           "division-code prefix such as 62 or 6201; empty for all)",
                           field="region", rule="region_format")
    return region


def add_client(session: Session, *, name: str, region: str, actor: str,
               app_secret: str) -> tuple[ShareClient, str]:
    """A new client and its secret (shown once, never stored)."""
    name = name.strip()
    if not name or len(name) > 100:
        raise InvalidInput("接入方名称应为 1–100 个字符 (name: 1–100 characters)",
                           field="name", rule="required")
    client = ShareClient(access_id=f"ak{secrets.token_hex(10)}", name=name,
                         region=_check_region(region), created_by=actor)
    session.add(client)
    session.flush()
    record_event(session, actor=actor, action="share.clients.add", entity_type="share_client",
                 entity_id=client.access_id, after={"name": name, "region": client.region})
    return client, client_secret(app_secret, client.access_id, client.secret_version)


def _client(session: Session, access_id: str) -> ShareClient:
    client = session.exec(select(ShareClient).where(ShareClient.access_id == access_id)).first()
    if client is None:
        raise NotFound(f"没有接入方 {access_id!r} (no such client)", code="share_client_unknown")
    return client


def disable_client(session: Session, *, access_id: str, actor: str) -> ShareClient:
    """Refuse every later request of the client (its secret stops working at once)."""
    client = _client(session, access_id)
    client.active = False
    session.add(client)
    record_event(session, actor=actor, action="share.clients.disable",
                 entity_type="share_client", entity_id=access_id)
    return client


def rotate_client(session: Session, *, access_id: str, actor: str,
                  app_secret: str) -> tuple[ShareClient, str]:
    """A new secret for the client (the old one stops working at once), shown once."""
    client = _client(session, access_id)
    client.secret_version += 1
    session.add(client)
    record_event(session, actor=actor, action="share.clients.rotate",
                 entity_type="share_client", entity_id=access_id,
                 after={"secret_version": client.secret_version})
    return client, client_secret(app_secret, access_id, client.secret_version)


def list_clients(session: Session) -> list[ShareClient]:
    """Every client, oldest first."""
    return list(session.exec(select(ShareClient).order_by(col(ShareClient.id))).all())
