"""The audit log is append-only and hash-chained; any tampering is found by `audit verify`."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from core.audit import record_event, verify_chain
from core.db import session_scope
from ecert.cli import main

COLUMNS = ["at", "actor", "action", "entity_type", "entity_id", "before", "after", "prev_hash",
           "hash"]


def _append(n: int) -> None:
    with session_scope() as s:
        for i in range(n):
            record_event(s, actor=f"clerk{i}", action="records.approve", entity_type="certificate",
                         entity_id=str(i), before={"state": "pending"}, after={"state": "ok"})


def _unprotect(engine: Engine) -> None:
    """An attacker with database access can drop the trigger; the chain must still tell."""
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("DROP TRIGGER audit_event_no_update")
            conn.exec_driver_sql("DROP TRIGGER audit_event_no_delete")
        else:
            conn.exec_driver_sql("DROP TRIGGER audit_event_append_only ON audit_event")


def test_chain_intact_after_appends(registry: Engine) -> None:
    _append(5)
    with session_scope() as s:
        report = verify_chain(s)
    assert report.ok and report.count == 5


def test_database_refuses_update_and_delete(registry: Engine) -> None:
    _append(1)
    for stmt in ("UPDATE audit_event SET actor = 'x'", "DELETE FROM audit_event"):
        with pytest.raises(DBAPIError, match="append-only"), registry.begin() as conn:
            conn.execute(text(stmt))


def test_rolled_back_change_leaves_no_event(registry: Engine) -> None:
    _append(2)
    with pytest.raises(RuntimeError), session_scope() as s:
        record_event(s, actor="a", action="x", entity_type="t", entity_id="1")
        raise RuntimeError("boom")
    _append(1)
    with session_scope() as s:
        assert verify_chain(s).ok and verify_chain(s).count == 3


@pytest.mark.parametrize("column", COLUMNS)
def test_tampering_any_column_of_any_row_is_detected(registry: Engine, column: str) -> None:
    _append(4)
    _unprotect(registry)
    value = "2020-01-01 00:00:00" if column == "at" else '{"state": "forged"}'
    if column in ("prev_hash", "hash"):
        value = "f" * 64
    with registry.begin() as conn:
        conn.execute(text(f"UPDATE audit_event SET {column} = :v WHERE seq = 3"), {"v": value})
    with session_scope() as s:
        report = verify_chain(s)
    assert not report.ok
    assert report.broken_at in (3, 4)  # a forged hash shows at the row or its successor


@pytest.mark.parametrize("seq", [1, 2, 4])
def test_deleted_rows_are_detected(registry: Engine, seq: int) -> None:
    _append(4)
    _unprotect(registry)
    with registry.begin() as conn:
        conn.execute(text("DELETE FROM audit_event WHERE seq = :s"), {"s": seq})
    with session_scope() as s:
        report = verify_chain(s)
    assert not report.ok and report.broken_at == seq


def test_cli_audit_verify_exit_codes(registry: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    _append(3)
    assert main(["audit", "verify"]) == 0
    assert "3 event(s)" in capsys.readouterr().out
    _unprotect(registry)
    with registry.begin() as conn:
        conn.execute(text("UPDATE audit_event SET actor = 'mallory' WHERE seq = 2"))
    assert main(["audit", "verify"]) == 1
    assert "BROKEN at event 2" in capsys.readouterr().err
