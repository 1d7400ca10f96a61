"""FastAPI dependencies every package's routers share: a request-scoped database session and
the user behind a bearer token (issuer, scanning and the composition layer all use these)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Header
from sqlmodel import Session

from core.auth import authenticate
from core.db import session_scope
from core.models import User

__all__ = ["CurrentUser", "DbSession", "current_user", "db_session"]


def db_session() -> Iterator[Session]:
    """A request-scoped session: commits on success, rolls back on error."""
    with session_scope() as session:
        yield session


DbSession = Annotated[Session, Depends(db_session)]


def current_user(
    session: DbSession, authorization: Annotated[str | None, Header()] = None
) -> User:
    """The user behind ``Authorization: Bearer <token>``; 401 otherwise."""
    token = None
    if authorization and authorization.lower().startswith("bearer "):
        token = authorization[7:].strip()
    return authenticate(session, token)


CurrentUser = Annotated[User, Depends(current_user)]
