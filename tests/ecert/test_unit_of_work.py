"""Issue 11 item 3: the server commits before it answers, a failed commit is an error the client
sees (never a 200 over lost work), and an admin burst cannot take the public verifier's database
connections. On SQLite and PostgreSQL (``registry``/``db_url`` fixtures)."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.db import engine_for, pool_limits, session_scope
from core.settings import load_settings
from core.web import _seats
from ecert.app import create_app
from tests.issuer._status_support import cert, events, seed, token

STATUS = {"reason": "弄虚作假取得教师资格", "document": "京教师〔2026〕3号"}


@contextlib.contextmanager
def failing_commits(engine: Engine, exc: Exception) -> Iterator[None]:
    """Every COMMIT on ``engine`` raises ``exc`` (a full disk, a lost connection, a constraint
    the database checks only at commit) while the block runs."""

    def boom(_conn: Any) -> None:
        raise exc

    event.listen(engine, "commit", boom)
    try:
        yield
    finally:
        event.remove(engine, "commit", boom)


_DISK_FULL = OperationalError("COMMIT", {}, Exception("database or disk is full"))
_DEFERRED = IntegrityError("COMMIT", {}, Exception("deferred constraint violated"))


@pytest.mark.parametrize(("exc", "status", "code"), [
    (_DISK_FULL, 503, "database_unavailable"),
    (_DEFERRED, 409, "write_conflict"),
])
def test_a_failed_commit_is_an_error_response_and_writes_nothing(
    registry: Engine, exc: Exception, status: int, code: str
) -> None:
    number = seed(1)[0]
    admin = token("root", "admin", "")
    audited = len(events(""))
    client = TestClient(create_app(), raise_server_exceptions=False)
    with failing_commits(registry, exc):
        r = client.post(f"/api/admin/certificates/{number}/revoke", json=STATUS, headers=admin)
    assert r.status_code == status, r.text
    assert r.json()["error"]["code"] == code
    if status == 503:
        assert int(r.headers["Retry-After"]) >= 1
    with session_scope() as s:
        assert cert(s, number).status == "valid"  # nothing half-written
    assert len(events("")) == audited


class _ProbeAtResponseStart:
    """ASGI wrapper: runs ``probe`` the moment the app starts its response, i.e. what a client
    could observe as soon as it has the status line."""

    def __init__(self, app: ASGIApp, probe: Callable[[], object]) -> None:
        self.app, self.probe, self.seen = app, probe, list[object]()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def spy(message: Message) -> None:
            if message["type"] == "http.response.start":
                self.seen.append(self.probe())
            await send(message)

        await self.app(scope, receive, spy)


def test_b_full_id_export_is_audited_before_the_client_has_the_response(
    registry: Engine,
) -> None:
    seed(1)
    admin = token("root", "admin", "")
    app = _ProbeAtResponseStart(
        create_app(), lambda: [e.actor for e in events("reports.restrictions.full_id")])
    r = TestClient(app).get("/api/admin/reports/restrictions?full_id=true", headers=admin)
    assert r.status_code == 200
    assert app.seen == [["root"]]


def _cli(*args: str) -> str:
    from ecert.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(list(args)) == 0, args
    return out.getvalue()


@pytest.fixture
def issued(db_url: str, ecert_env: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """One issued demo certificate with published lists; its QR path (``/C/…``)."""
    monkeypatch.setenv("ECERT_DATABASE_URL", db_url)
    _cli("init", "--demo", "1")
    lines = _cli("issue", "--all", "--json", "--workers", "1").splitlines()
    qr = next(x for x in lines if x.startswith("{")).split('"qr_text": "', 1)[1].split('"')[0]
    _cli("publish", "--actor", "test")
    yield "/C/" + qr.split("/C/", 1)[1]


def _small_admin_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ECERT_DB_POOL_SIZE", "2")
    monkeypatch.setenv("ECERT_DB_MAX_OVERFLOW", "0")
    monkeypatch.setenv("ECERT_DB_POOL_TIMEOUT", "0.05")


def _hold_every_connection(engine: Engine, stack: contextlib.ExitStack) -> None:
    pool: Any = engine.pool
    for _ in range(pool.size() + max(pool._max_overflow, 0)):
        conn = stack.enter_context(engine.connect())
        conn.exec_driver_sql("SELECT 1")


def test_c_exhausted_admin_pool_answers_busy_and_the_public_page_is_served(
    issued: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = token("root", "admin", "")
    _small_admin_pool(monkeypatch)
    client = TestClient(create_app(), raise_server_exceptions=False)
    with contextlib.ExitStack() as held:
        _hold_every_connection(engine_for(load_settings()), held)
        page = client.get(issued)
        assert page.status_code == 200 and "有效" in page.text
        r = client.get("/api/admin/records", headers=admin)
        assert r.status_code == 503, r.text
        assert r.json()["error"]["code"] == "busy"
        assert int(r.headers["Retry-After"]) >= 1
    assert client.get("/api/admin/records", headers=admin).status_code == 200


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_d_admin_requests_beyond_the_pool_queue_off_thread_then_answer_busy(
    issued: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every seat taken (as by a burst of slow admin requests): the next admin request waits on
    the event loop, not in a worker thread, then gets 503 ``busy``; ``/C/`` is served."""
    admin = token("root", "admin", "")
    _small_admin_pool(monkeypatch)
    capacity = pool_limits(load_settings(), readonly=False).capacity

    async def take_every_seat() -> None:
        for _ in range(capacity):
            await _seats(capacity).acquire()

    async def free_every_seat() -> None:
        for _ in range(capacity):
            _seats(capacity).release()

    with TestClient(create_app(), raise_server_exceptions=False) as client:
        client.portal.call(take_every_seat)
        try:
            r = client.get("/api/admin/records", headers=admin)
            assert r.status_code == 503 and r.json()["error"]["code"] == "busy"
            assert int(r.headers["Retry-After"]) >= 1
            assert client.get(issued).status_code == 200
        finally:
            client.portal.call(free_every_seat)
        assert client.get("/api/admin/records", headers=admin).status_code == 200


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_e_exhausted_public_pool_is_a_503_busy_not_a_500(
    issued: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The verifier's own pool has limits too: past them a lookup is 503 ``busy``, never a 500,
    and the admin side is not affected."""
    admin = token("root", "admin", "")
    monkeypatch.setenv("ECERT_VERIFIER_POOL_SIZE", "1")
    monkeypatch.setenv("ECERT_VERIFIER_MAX_OVERFLOW", "0")
    monkeypatch.setenv("ECERT_VERIFIER_POOL_TIMEOUT", "0.05")
    client = TestClient(create_app(), raise_server_exceptions=False)
    with contextlib.ExitStack() as held:
        _hold_every_connection(engine_for(load_settings(), readonly=True), held)
        page = client.get(issued)
        assert page.status_code == 503, page.text
        r = client.post("/api/verify", json={"text": "HTTP://127.0.0.1:8000" + issued})
        assert r.status_code == 503 and r.json()["error"]["code"] == "busy", r.text
        assert client.get("/api/admin/records", headers=admin).status_code == 200
    assert client.get(issued).status_code == 200


def test_f_a_review_page_needs_one_admin_connection_not_two(
    sqlite_registry: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sign-in check must not keep its connection while the page opens its own unit of
    work: two per request would let a handful of clerks exhaust the admin pool."""
    from core.staff import COOKIE, sign_in
    from tests.factories import record
    from tests.scanning._review_support import import_scans, scanned_record
    from tests.staffing import PASSWORD, make_staff

    import_scans(tmp_path / "scan", [scanned_record(1)])
    make_staff(sqlite_registry, "王芳", "clerk", "11")
    with session_scope(sqlite_registry) as s:
        _, token, _ = sign_in(s, name="王芳", password=PASSWORD, client="test")
    cookie = {"Cookie": f"{COOKIE}={token}"}
    monkeypatch.setenv("ECERT_DB_POOL_SIZE", "1")
    monkeypatch.setenv("ECERT_DB_MAX_OVERFLOW", "0")
    monkeypatch.setenv("ECERT_DB_POOL_TIMEOUT", "0.05")
    client = TestClient(create_app(), raise_server_exceptions=False)
    r = client.get(f"/review/{record(1)['certificate_number']}", headers=cookie)
    assert r.status_code == 200, r.text
