"""FastAPI dependencies every package's routers share: the app's settings, the request's unit of
work on the admin database pool, the user behind a bearer token (issuer, scanning and the
composition layer all use these), and the client's rate-limit key (issuer and verifier).

The app factory builds the settings once and keeps them in ``app.state.settings``; routes get
them (and the engines made from them) through these dependencies, never from a global."""

from __future__ import annotations

import ipaddress
from collections.abc import AsyncIterator, Iterator
from functools import lru_cache
from typing import Annotated

import anyio
from anyio.lowlevel import RunVar
from fastapi import Depends, Header, Request
from sqlalchemy.engine import Engine
from sqlmodel import Session

from core.auth import authenticate
from core.db import busy, engine_for, pool_limits, session_scope
from core.models import User
from core.settings import Settings

__all__ = [
    "AppSettings",
    "CurrentUser",
    "DbSession",
    "admin_engine",
    "admin_seat",
    "app_settings",
    "client_key",
    "current_user",
    "db_session",
    "signed_in",
]

def app_settings(request: Request) -> Settings:
    """The settings the app was built with (``app.state.settings``)."""
    settings = request.app.state.settings
    assert isinstance(settings, Settings)
    return settings


AppSettings = Annotated[Settings, Depends(app_settings)]


def admin_engine(request: Request) -> Engine:
    """The app's admin pool (issuer, review, records)."""
    return engine_for(app_settings(request))


#: This event loop's seats on the admin pool, with the capacity they were made for.
_SEATS: RunVar[tuple[int, anyio.Semaphore]] = RunVar("ecert_admin_db_seats")


def _seats(capacity: int) -> anyio.Semaphore:
    try:
        made_for, seats = _SEATS.get()
        if made_for == capacity:
            return seats
    except LookupError:
        pass
    seats = anyio.Semaphore(capacity)
    _SEATS.set((capacity, seats))
    return seats


async def admin_seat(request: Request) -> AsyncIterator[None]:
    """One of the admin pool's connections for this request, or 503 ``busy`` after
    ``ECERT_DB_POOL_TIMEOUT`` seconds.

    The wait happens on the event loop, not in a worker thread: a burst of admin requests
    queues here instead of filling the thread pool that also serves the public verifier.
    """
    limits = pool_limits(app_settings(request), readonly=False)
    seats = _seats(limits.capacity)
    seated = False
    with anyio.move_on_after(limits.timeout):
        await seats.acquire()
        seated = True
    if not seated:
        raise busy()
    try:
        yield
    finally:
        seats.release()


def db_session(
    request: Request, _seat: Annotated[None, Depends(admin_seat, scope="function")]
) -> Iterator[Session]:
    """The request's unit of work: it commits (or fails with an error response) before the
    response is produced, never after the client has a 200."""
    with session_scope(admin_engine(request)) as session:
        yield session


#: ``scope="function"``: FastAPI ends the dependency when the route returns, before it sends the
#: response (the default "request" scope would commit after the response was sent).
DbSession = Annotated[Session, Depends(db_session, scope="function")]


def current_user(
    session: DbSession, authorization: Annotated[str | None, Header()] = None
) -> User:
    """The user behind ``Authorization: Bearer <token>``; 401 otherwise."""
    token = None
    if authorization and authorization.lower().startswith("bearer "):
        token = authorization[7:].strip()
    return signed_in(session, token)


def signed_in(session: Session, token: str | None) -> User:
    """The active user owning ``token`` (401 otherwise), read in a short transaction of its own.

    Ending the read hands the connection back to the pool before the route runs: a route that
    opens its own unit of work (the review pages) then needs one admin connection, not two.
    """
    user = authenticate(session, token)
    session.commit()  # nothing is pending yet: this only ends the read (the user stays loaded)
    return user


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
