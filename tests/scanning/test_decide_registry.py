"""``ecert scan`` passes the registry's authorities to the decoder (names and codes)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine

from core.db import session_scope
from core.registry import get_or_create_authority
from scanning._vocab_registry import KnownAuthority
from scanning.cli import registry_authorities


def test_registry_authorities_are_read_with_their_codes(sqlite_registry: Engine) -> None:
    with session_scope() as session:
        get_or_create_authority(session, code="42117", name="东湖新技术开发区教育局")
    assert registry_authorities() == {KnownAuthority("东湖新技术开发区教育局", "42117")}


def test_no_registry_means_no_authorities_and_no_database_created(ecert_env: Path) -> None:
    assert registry_authorities() == frozenset()
    assert not (ecert_env / "ecert.db").exists()
