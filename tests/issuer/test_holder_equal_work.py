"""A code request does the same work whatever it asks for (issue 11, item 10).

Timing told whether an (ID number, certificate) pair matched: a match ran more queries, stored a
code and sent it before answering. These tests count the work instead of timing it: the SQL
statements run, the HMAC computations, the codes drawn and the deliveries queued must be the same
for a match, a wrong ID number, an unknown certificate, a malformed number and a revoked
certificate, and every answer identical in status, body and headers.
"""

from __future__ import annotations

import hmac
import re
import secrets
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import select

import issuer._notify as notify
import issuer.api as api
from core.db import session_scope
from core.models import Certificate, HolderCode
from ecert.app import create_app
from issuer._notify import CodeMessage, configure_notifier, drain_deliveries
from tests.issuer._status_support import id_of, seed

N1, N2, N3 = "20151101042000001", "20151101042000002", "20151101042000003"


@pytest.fixture
def client(sqlite_registry: Engine, ecert_env: Path, outbox: list[CodeMessage]) -> TestClient:
    seed(1, 2, 3)
    with session_scope() as s:
        revoked = s.exec(select(Certificate).where(Certificate.number == N3)).one()
        revoked.status = "revoked"
        s.add(revoked)
    return TestClient(create_app())


CASES = {
    "match": (id_of(1), N1),
    "wrong_id": (id_of(2), N1),
    "unknown_certificate": (id_of(1), "20151101042999999"),
    "malformed_number": (id_of(1), "12-34"),
    "unknown_id_format": ("not an id", N2),
    "revoked": (id_of(3), N3),
}

_LITERAL = re.compile(r"'[^']*'|\b\d+\b")


class Work:
    """Counts what one request does: SQL statements (text without literals), HMACs, codes drawn,
    deliveries queued."""

    def __init__(self, engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
        self.sql: list[str] = []
        self.calls: Counter[str] = Counter()
        event.listen(engine, "before_cursor_execute", self._statement)
        self._engine = engine
        real_new, real_randbelow = hmac.new, secrets.randbelow
        real_submit = notify.submit_delivery

        def counting_new(*args: Any, **kwargs: Any) -> Any:
            self.calls["hmac.new"] += 1
            return real_new(*args, **kwargs)

        def counting_randbelow(n: int) -> int:
            self.calls["secrets.randbelow"] += 1
            return real_randbelow(n)

        def counting_submit(*args: Any, **kwargs: Any) -> None:
            self.calls["submit_delivery"] += 1
            real_submit(*args, **kwargs)

        monkeypatch.setattr(hmac, "new", counting_new)
        monkeypatch.setattr(secrets, "randbelow", counting_randbelow)
        monkeypatch.setattr(api, "submit_delivery", counting_submit)

    def _statement(self, _conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        self.sql.append(_LITERAL.sub("?", " ".join(statement.split())))

    def take(self) -> tuple[list[str], dict[str, int]]:
        out = (self.sql, dict(self.calls))
        self.sql, self.calls = [], Counter()
        return out

    def close(self) -> None:
        event.remove(self._engine, "before_cursor_execute", self._statement)


@pytest.fixture
def work(client: TestClient, sqlite_registry: Engine,
         monkeypatch: pytest.MonkeyPatch) -> Iterator[Work]:
    counter = Work(sqlite_registry, monkeypatch)
    yield counter
    counter.close()


def _ask(client: TestClient, id_number: str, number: str) -> Any:
    return client.post("/api/holder/request-code",
                       json={"id_number": id_number, "certificate_number": number})


def test_every_kind_of_request_does_the_same_work(client: TestClient, work: Work,
                                                  outbox: list[CodeMessage]) -> None:
    _ask(client, *CASES["wrong_id"])  # warm-up: first-use caches (settings, engine, vault)
    drain_deliveries()
    work.take()
    done: dict[str, tuple[list[str], dict[str, int]]] = {}
    for name, (id_number, number) in CASES.items():
        _ask(client, id_number, number)
        done[name] = work.take()
    sql, calls = done["match"]
    assert sql and calls.get("hmac.new", 0) >= 3 and calls.get("submit_delivery") == 1
    for name, (other_sql, other_calls) in done.items():
        assert other_sql == sql, f"{name} runs other SQL than a match"
        assert other_calls == calls, f"{name} does other work than a match"
    drain_deliveries()
    assert [m.certificate_number for m in outbox] == [N1, N3]  # only matches are delivered


def test_every_answer_is_identical(client: TestClient, outbox: list[CodeMessage]) -> None:
    answers = [_ask(client, *case) for case in CASES.values()]
    first = answers[0]
    for r in answers:
        assert (r.status_code, r.content, dict(r.headers)) == (
            first.status_code, first.content, dict(first.headers))


def test_delivery_happens_off_the_request_path(client: TestClient,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    gate = threading.Event()
    threads: list[str] = []

    class Slow:
        def send_code(self, message: CodeMessage) -> None:
            threads.append(threading.current_thread().name)
            gate.wait(5)

    configure_notifier(Slow())
    r = _ask(client, *CASES["match"])  # answered while the notifier still blocks
    assert r.status_code == 202 and not gate.is_set()
    gate.set()
    drain_deliveries()
    assert threads and threads[0] != threading.current_thread().name


def test_non_matching_requests_leave_no_usable_code(client: TestClient,
                                                    outbox: list[CodeMessage]) -> None:
    from datetime import timedelta

    from core import clock
    from tests.conftest import FROZEN_NOW

    for name in ("wrong_id", "unknown_certificate", "malformed_number"):
        _ask(client, *CASES[name])
    _ask(client, *CASES["match"])
    _ask(client, *CASES["wrong_id"])  # must not cancel the holder's code
    drain_deliveries()
    with session_scope() as s:
        live = [r for r in s.exec(select(HolderCode)).all() if r.certificate_id is not None]
    assert len(live) == 1
    r = client.post("/api/holder/download", json={
        "id_number": id_of(1), "certificate_number": N1, "code": outbox[-1].code,
        "format": "json"})
    assert r.status_code != 403  # the holder's code still works (no credential yet: 404)
    clock.freeze(FROZEN_NOW + timedelta(minutes=11))
    _ask(client, *CASES["unknown_certificate"])  # expired decoys are cleared as it goes
    with session_scope() as s:
        decoys = [r for r in s.exec(select(HolderCode)).all() if r.certificate_id is None]
    assert len(decoys) == 1


def test_a_wrong_code_does_the_same_work_for_every_kind_of_request(
    client: TestClient, work: Work, outbox: list[CodeMessage]
) -> None:
    def attempt(id_number: str, number: str) -> tuple[int, list[str], dict[str, int]]:
        r = client.post("/api/holder/download", json={
            "id_number": id_number, "certificate_number": number, "code": "000000"})
        sql, calls = work.take()
        return r.status_code, sql, calls

    attempt(*CASES["wrong_id"])  # warm-up
    for asked_first in (False, True):  # without and with a code (or decoy) requested before
        done = {}
        for name, case in CASES.items():
            if asked_first:
                _ask(client, *case)
                drain_deliveries()
                work.take()
            done[name] = attempt(*case)
        first = done["match"]
        assert first[0] == 403
        for name, other in done.items():
            assert other == first, f"{name} differs from a match (asked first: {asked_first})"
