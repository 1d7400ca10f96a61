"""Engine and sessions: SQLite (WAL, foreign keys) by default, PostgreSQL through psycopg 3."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, create_engine

from core.errors import Conflict
from core.settings import get_settings

__all__ = ["get_engine", "is_transient", "make_engine", "normalize_url", "session_scope"]


def normalize_url(url: str) -> str:
    """Use psycopg 3 for plain ``postgresql://`` URLs."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_readonly(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA query_only=ON")
    cur.close()


def make_engine(url: str, *, readonly: bool = False, echo: bool = False) -> Engine:
    """Create an engine; ``readonly`` makes every connection refuse writes (the verifier)."""
    url = normalize_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, echo=echo, connect_args={"check_same_thread": False, "timeout": 10}
        )
        with engine.connect() as conn:  # WAL is a property of the file: set it once
            conn.exec_driver_sql("PRAGMA journal_mode=WAL")
        event.listen(engine, "connect", _sqlite_pragmas)
        if readonly:
            event.listen(engine, "connect", _sqlite_readonly)
        engine.dispose()
        return engine
    options: dict[str, Any] = {"default_transaction_read_only": "on"} if readonly else {}
    connect_args = {"options": " ".join(f"-c {k}={v}" for k, v in options.items())}
    return create_engine(
        url, echo=echo, pool_pre_ping=True, connect_args=connect_args if options else {}
    )


@lru_cache(maxsize=4)
def get_engine(readonly: bool = False) -> Engine:
    """The process-wide engine for the configured database."""
    return make_engine(get_settings().database_url, readonly=readonly)


#: PostgreSQL SQLSTATEs for a transaction that lost a race: serialization failure, deadlock.
_RETRYABLE_SQLSTATES = {"40001", "40P01"}


def is_transient(exc: DBAPIError) -> bool:
    """True when the database aborted the transaction because of another writer."""
    sqlstate = getattr(exc.orig, "sqlstate", None)
    return sqlstate in _RETRYABLE_SQLSTATES or "database is locked" in str(exc.orig)


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error.

    A transaction aborted by a concurrent writer becomes ``Conflict(code="concurrent_write")``:
    nothing was written and the caller may retry.
    """
    with Session(engine or get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except DBAPIError as exc:
            session.rollback()
            if is_transient(exc):
                raise Conflict("another change was written at the same time; retry",
                               code="concurrent_write") from exc
            raise
        except BaseException:
            session.rollback()
            raise
