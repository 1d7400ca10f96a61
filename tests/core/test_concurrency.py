"""Concurrent writers: no duplicate certificate numbers, no lost updates, one unbroken chain."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import select

from core.audit import record_event, verify_chain
from core.clock import today
from core.db import session_scope
from core.errors import Conflict
from core.identity import vault_for
from core.models import AuditEvent, Certificate
from core.records import validate_record
from core.registry import certificate_by_number, import_records, update_certificate
from tests.factories import record

WORKERS = 6


def _run_all(fn, n: int) -> list:
    barrier = Barrier(n)

    def start(i: int):
        barrier.wait()
        return fn(i)

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(start, range(n)))


def test_concurrent_imports_never_duplicate_numbers(registry: Engine) -> None:
    vault = vault_for("test-secret")

    def import_overlapping(i: int) -> str:
        # worker i imports numbers i and i+1: every number is wanted by two workers
        rows = [(n, validate_record(record(n), today=today())) for n in (i, i + 1)]
        try:
            with session_scope() as s:
                import_records(s, rows, actor=f"w{i}", vault=vault)
            return "ok"
        except Conflict:
            return "conflict"

    outcomes = _run_all(import_overlapping, WORKERS)
    with session_scope() as s:
        numbers = s.exec(select(Certificate.number)).all()
        events = s.exec(select(func.count()).select_from(AuditEvent)).one()
        assert verify_chain(s).ok
    assert len(numbers) == len(set(numbers))
    assert len(numbers) == 2 * outcomes.count("ok")  # whole files in, or nothing
    assert events == len(numbers)
    assert "ok" in outcomes


def test_concurrent_updates_are_never_lost(registry: Engine) -> None:
    with session_scope() as s:
        import_records(s, [(1, validate_record(record(1), today=today()))], actor="init",
                       vault=vault_for("test-secret"))
    per_worker = 3

    def update_with_retry(i: int) -> int:
        done = attempts = 0
        while done < per_worker and attempts < 200:
            attempts += 1
            try:
                with session_scope() as s:
                    cert = certificate_by_number(s, record(1)["certificate_number"])
                    update_certificate(s, cert, actor=f"w{i}", action="records.edit",
                                       changes={"subject": f"w{i}-{done}"})
                done += 1
            except Conflict:
                continue
        return done

    applied = sum(_run_all(update_with_retry, WORKERS))
    with session_scope() as s:
        cert = certificate_by_number(s, record(1)["certificate_number"])
        edits = s.exec(select(func.count()).select_from(AuditEvent)
                       .where(AuditEvent.action == "records.edit")).one()
        assert verify_chain(s).ok
    assert applied == WORKERS * per_worker
    assert cert.row_version == 1 + applied  # every applied update counted exactly once
    assert edits == applied


def test_concurrent_audit_appends_keep_one_chain(registry: Engine) -> None:
    def append(i: int) -> None:
        for k in range(5):
            with session_scope() as s:
                record_event(s, actor=f"w{i}", action="x", entity_type="t", entity_id=f"{i}-{k}")

    _run_all(append, WORKERS)
    with session_scope() as s:
        report = verify_chain(s)
    assert report.ok and report.count == WORKERS * 5
