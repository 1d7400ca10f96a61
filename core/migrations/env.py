"""Alembic environment: the URL comes from the caller (core.migrate) or ECERT settings."""

from __future__ import annotations

from alembic import context
from sqlalchemy import pool

import core.models  # noqa: F401  (registers every table on the metadata)
from core.db import make_engine
from core.models import metadata
from core.settings import load_settings

config = context.config


def run_migrations() -> None:
    url = config.get_main_option("sqlalchemy.url") or load_settings().database_url
    connectable = config.attributes.get("connection")
    if connectable is not None:
        _run(connectable)
        return
    engine = make_engine(url)
    engine.pool = pool.NullPool(engine.pool._creator)
    with engine.connect() as connection:
        _run(connection)


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
