"""Shared fixtures: a migrated registry on SQLite and on PostgreSQL, frozen time, records.

PostgreSQL tests run when ECERT_TEST_POSTGRES_URL is set (``.ci/run`` sets it); otherwise each is
skipped with that reason. Every PostgreSQL test gets its own schema, dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from sqlalchemy.engine import Engine

from core import clock
from core.db import engine_for, make_engine
from core.migrate import upgrade
from core.settings import load_settings

# No per-example deadline: on a shared 2-core host a slow example says nothing about correctness
# (speed is measured in bench/). Under CI, Hypothesis's own "ci" profile applies (no deadline,
# derandomized, so a CI run is reproducible); elsewhere examples stay random, to find new cases.
if not os.environ.get("CI"):
    hypothesis_settings.register_profile("ecert-local", deadline=None)
    hypothesis_settings.load_profile("ecert-local")

PG_URL = os.environ.get("ECERT_TEST_POSTGRES_URL", "")
FROZEN_NOW = datetime(2026, 11, 1, 2, 0, 0, tzinfo=UTC)


def pytest_report_header(config: pytest.Config) -> str:
    if PG_URL:
        return "database tests: SQLite and PostgreSQL"
    return "database tests: SQLite only — PostgreSQL SKIPPED (set ECERT_TEST_POSTGRES_URL)"


@pytest.fixture(autouse=True)
def _frozen_clock() -> Iterator[datetime]:
    clock.freeze(FROZEN_NOW)
    yield FROZEN_NOW
    clock.freeze(None)


@pytest.fixture(autouse=True)
def _no_phantom_lockouts() -> Iterator[None]:
    """Every test starts with no sign-in lockout of unknown names (core.staff keeps those in
    the process, not the database)."""
    from core.staff import PHANTOMS

    PHANTOMS.clear()
    yield
    PHANTOMS.clear()


@pytest.fixture(autouse=True, scope="session")
def _upload_time_limit_out_of_reach() -> Iterator[None]:
    """Uploads are examined within a time limit a loaded test machine cannot reach: the
    product's limit protects a server's CPU, and a test that a busy machine pushes past it
    would assert a timing. The limit itself is tested on its own pool (test_workpool)."""
    from verifier import _uploads

    patch = pytest.MonkeyPatch()
    patch.setattr(_uploads, "UPLOAD_SECONDS", 600.0)
    yield
    patch.undo()


def _with_search_path(url: str, schema: str) -> str:
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database URL: a SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'ecert.db'}"
        return
    if not PG_URL:
        pytest.skip("PostgreSQL not configured: set ECERT_TEST_POSTGRES_URL (.ci/run does)")
    schema = "t_" + uuid.uuid4().hex[:16]
    admin = make_engine(PG_URL)
    with admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    try:
        yield _with_search_path(PG_URL, schema)
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


@pytest.fixture
def ecert_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """ECERT_HOME in a temp folder (development settings). Nothing to reset afterwards: settings
    are read when used, and engines are made per database URL (``core.db.engine_for``)."""
    home = tmp_path / "home"
    monkeypatch.setenv("ECERT_HOME", str(home))
    monkeypatch.setenv("ECERT_ENV", "development")
    monkeypatch.delenv("ECERT_DATABASE_URL", raising=False)
    yield home


def _migrated(url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    monkeypatch.setenv("ECERT_DATABASE_URL", url)
    upgrade(url)
    engine = engine_for(load_settings())
    yield engine
    engine.dispose()  # hand its connections back before the database goes away


@pytest.fixture
def registry(db_url: str, ecert_env: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """A migrated, empty registry on each database; ``core.db.session_scope()`` uses it."""
    yield from _migrated(db_url, monkeypatch)


@pytest.fixture
def sqlite_registry(ecert_env: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """A migrated registry on SQLite only (for tests about the app, not the database)."""
    yield from _migrated(f"sqlite:///{ecert_env / 'ecert.db'}", monkeypatch)
