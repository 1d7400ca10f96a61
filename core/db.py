"""Engine and sessions: SQLite (WAL, foreign keys) by default, PostgreSQL through psycopg 3.

Two pools per process (issue 11 item 3): the admin/issuer/review engine (``engine_for(settings)``)
and the public verifier's read-only engine (``engine_for(settings, readonly=True)``), each sized
by settings, so an admin burst can never take the connections that serve ``/C/``. A database
failure becomes an error with a machine-readable code (:func:`translate`), never a 200 over lost
work.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, create_engine

from core.audit import AuditedSession
from core.errors import Conflict, EcertError
from core.settings import Settings, load_settings

__all__ = [
    "DatabaseUnavailable",
    "PoolLimits",
    "busy",
    "db_errors",
    "MAX_ROW_ID",
    "engine_for",
    "row_or_none",
    "is_transient",
    "make_engine",
    "normalize_url",
    "pool_limits",
    "session_scope",
    "translate",
]

_Row = TypeVar("_Row")

#: The largest id an INTEGER key holds on every database (PostgreSQL's 4-byte integer).
MAX_ROW_ID = 2**31 - 1


def row_or_none(session: Session, model: type[_Row], row_id: int) -> _Row | None:
    """The row of ``model`` with the primary key ``row_id`` from a request, or None: an id no
    key can hold (0, negative, beyond 32 bits) is simply absent, never a driver overflow."""
    if not 1 <= row_id <= MAX_ROW_ID:
        return None
    return session.get(model, row_id)


#: Seconds a client should wait before retrying a busy pool / an unreachable database.
BUSY_RETRY_AFTER = 1
UNAVAILABLE_RETRY_AFTER = 5


class DatabaseUnavailable(EcertError):
    """The database cannot serve the request now (HTTP 503 with Retry-After): every connection
    of the pool is in use (``busy``) or the database failed (``database_unavailable``)."""

    code = "database_unavailable"
    http_status = 503


def busy() -> DatabaseUnavailable:
    """Every connection of the pool is in use: 503 ``busy``, retry in a second."""
    return DatabaseUnavailable(
        f"服务繁忙，请 {BUSY_RETRY_AFTER} 秒后再试 (the service is busy; retry shortly)",
        code="busy", retry_after=BUSY_RETRY_AFTER)


@dataclass(frozen=True, slots=True)
class PoolLimits:
    """Connections kept open, extra ones under load, and how long a checkout may wait."""

    size: int
    overflow: int
    timeout: float

    @property
    def capacity(self) -> int:
        """The most connections the pool ever opens."""
        return self.size + self.overflow


def pool_limits(settings: Settings, *, readonly: bool) -> PoolLimits:
    """The configured limits of the admin pool, or of the public verifier's (``readonly``)."""
    if readonly:
        return PoolLimits(settings.verifier_pool_size, settings.verifier_max_overflow,
                          settings.verifier_pool_timeout)
    return PoolLimits(settings.db_pool_size, settings.db_max_overflow, settings.db_pool_timeout)


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


def _pool_args(limits: PoolLimits | None) -> dict[str, Any]:
    if limits is None:
        return {}
    return {"pool_size": limits.size, "max_overflow": limits.overflow,
            "pool_timeout": limits.timeout}


def make_engine(url: str, *, readonly: bool = False, echo: bool = False,
                pool: PoolLimits | None = None) -> Engine:
    """Create an engine; ``readonly`` makes every connection refuse writes (the verifier);
    ``pool`` bounds its connections (default: SQLAlchemy's, for the CLI and migrations)."""
    url = normalize_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        memory = not parsed.database or parsed.database == ":memory:"
        if not memory:
            Path(parsed.database or "").parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, echo=echo, connect_args={"check_same_thread": False, "timeout": 10},
            **({} if memory else _pool_args(pool)),  # an in-memory database has no queue pool
        )
        with engine.connect() as conn:  # WAL is a property of the file: set it once
            conn.exec_driver_sql("PRAGMA journal_mode=WAL")
        event.listen(engine, "connect", _sqlite_pragmas)
        if readonly:
            event.listen(engine, "connect", _sqlite_readonly)
        engine.dispose()
        return engine
    connect_args: dict[str, Any] = {}
    if readonly:
        # psycopg lets a keyword argument replace the URL's own ``options`` (a search_path, say):
        # keep them and add the read-only default.
        options = str(parsed.query.get("options", ""))
        connect_args["options"] = f"{options} -c default_transaction_read_only=on".strip()
    return create_engine(url, echo=echo, pool_pre_ping=True, connect_args=connect_args,
                         **_pool_args(pool))


#: Engines made by :func:`engine_for`, by everything that shapes them. Production has two; more
#: appear only when one process sees several databases (the tests), and the oldest are closed.
_ENGINES: OrderedDict[tuple[str, bool, PoolLimits], Engine] = OrderedDict()
_ENGINES_KEPT = 8
_engines_lock = threading.Lock()


def engine_for(settings: Settings, *, readonly: bool = False) -> Engine:
    """The engine of ``settings``' database: the admin pool, or the public verifier's read-only
    pool. Callers with equal settings share one pool; it is keyed by the URL, the mode and the
    pool limits together, so settings that differ in any of them never get a stale engine."""
    limits = pool_limits(settings, readonly=readonly)
    key = (normalize_url(settings.database_url), readonly, limits)
    with _engines_lock:
        engine = _ENGINES.get(key)
        if engine is None:
            engine = _ENGINES[key] = make_engine(settings.database_url, readonly=readonly,
                                                 pool=limits)
            while len(_ENGINES) > _ENGINES_KEPT:  # close idle connections; still usable
                _ENGINES.popitem(last=False)[1].dispose()
        _ENGINES.move_to_end(key)
        return engine


#: PostgreSQL SQLSTATEs for a transaction that lost a race: serialization failure, deadlock.
_RETRYABLE_SQLSTATES = {"40001", "40P01"}


def is_transient(exc: sa_exc.DBAPIError) -> bool:
    """True when the database aborted the transaction because of another writer."""
    sqlstate = getattr(exc.orig, "sqlstate", None)
    return sqlstate in _RETRYABLE_SQLSTATES or "database is locked" in str(exc.orig)


def translate(exc: sa_exc.SQLAlchemyError) -> EcertError | None:
    """The error a client sees for a database failure; None for a programming error (a 500).

    Pool exhausted → 503 ``busy``; lost race → 409 ``concurrent_write``; a constraint the
    database refused → 409 ``write_conflict``; database down, full or unreachable → 503
    ``database_unavailable``. The transaction was rolled back in each case: nothing was written.
    """
    if isinstance(exc, sa_exc.TimeoutError):  # QueuePool checkout waited pool_timeout
        return busy()
    if not isinstance(exc, sa_exc.DBAPIError):
        return None
    if is_transient(exc):
        return Conflict("another change was written at the same time; retry",
                        code="concurrent_write")
    if isinstance(exc, sa_exc.IntegrityError):
        return Conflict("数据冲突，未保存任何更改 (the change conflicts with stored data; "
                        "nothing was written)", code="write_conflict")
    if isinstance(exc, sa_exc.OperationalError | sa_exc.InterfaceError) \
            or exc.connection_invalidated:
        return DatabaseUnavailable(
            "数据库暂时不可用，未保存任何更改，请稍后再试 (the database is unavailable; "
            "nothing was written; retry later)", retry_after=UNAVAILABLE_RETRY_AFTER)
    return None


@contextmanager
def db_errors() -> Iterator[None]:
    """Raise database failures inside the block as :func:`translate` says."""
    try:
        yield
    except sa_exc.SQLAlchemyError as exc:
        mapped = translate(exc)
        if mapped is None:
            raise
        raise mapped from exc


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error, on ``engine`` (by default
    the admin engine of the settings in the environment now, :func:`engine_for`).

    A database failure, in the block or at commit, leaves nothing written and is raised as
    :func:`translate` says (e.g. ``Conflict(code="concurrent_write")``: the caller may retry).
    """
    engine = engine or engine_for(load_settings())
    with db_errors(), AuditedSession(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
