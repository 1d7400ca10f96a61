"""FastAPI dependencies every package's routers share: a request-scoped database session, the
user behind a bearer token (issuer, scanning and the composition layer all use these), and the
client's rate-limit key (issuer and verifier)."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from functools import lru_cache
from typing import Annotated

from fastapi import Depends, Header, Request
from sqlmodel import Session

from core.auth import authenticate
from core.db import session_scope
from core.models import User

__all__ = ["CurrentUser", "DbSession", "client_key", "current_user", "db_session"]


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


def client_key(request: Request) -> str:
    """The rate-limit key of the request's client: IPv4 by address, IPv6 by its /64 network.

    One subscriber gets at least a /64 and can use any address in it, so keying IPv6 by address
    would give one client 2^64 buckets (and fill a limiter until it forgets everyone). Behind a
    trusted proxy the address is the one it forwarded (``ecert serve --forwarded-allow-ips``).
    """
    return address_key(request.client.host if request.client else "")


@lru_cache(maxsize=4096)
def address_key(host: str) -> str:
    """:func:`client_key` of a bare address (an IPv4-mapped IPv6 address is that IPv4 client)."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host or "unknown"
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)
