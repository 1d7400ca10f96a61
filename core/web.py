"""FastAPI dependencies every package's routers share: the app's settings, the request's unit of
work on the admin database pool, the user behind a bearer token (issuer, scanning and the
composition layer all use these), and the client's rate-limit key (issuer and verifier).

The app factory builds the settings once and keeps them in ``app.state.settings``; routes get
them (and the engines made from them) through these dependencies, never from a global."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import re
import secrets
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any
from urllib.parse import quote, urlsplit

import anyio
from anyio.lowlevel import RunVar
from fastapi import Depends, Header, HTTPException, Request, Response
from sqlalchemy.engine import Engine
from sqlmodel import Session

from core.auth import authenticate
from core.db import busy, engine_for, pool_limits, session_scope
from core.errors import NotAuthenticated, PermissionDenied
from core.identity import derive_key
from core.models import StaffSession, User
from core.settings import Settings
from core.staff import COOKIE, session_user

__all__ = [
    "AppSettings",
    "CurrentUser",
    "DbSession",
    "PublicForm",
    "StaffUser",
    "StaffUserAnyState",
    "admin_engine",
    "admin_seat",
    "app_settings",
    "client_key",
    "current_user",
    "db_session",
    "signed_in",
    "staff_context",
    "staff_user",
    "staff_user_any_state",
    "wants_html",
    "asks_for_page",
    "JSON_PATHS",
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


# ---- staff sessions (browser pages) ------------------------------------------------------------

#: methods that change nothing: no CSRF token asked
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: pages a user who must change their password may still open
PASSWORD_PAGE = "/account/password"


#: where the answer is JSON whatever the Accept header says (machine clients, published lists)
JSON_PATHS = ("/api/", "/.well-known/", "/openapi.json", "/healthz")


def asks_for_page(path: str, accept: str) -> bool:
    """A browser asking for a page (Accept: text/html) outside the JSON-only paths: it gets an
    HTML answer (a sign-in redirect, an error page), everyone else the JSON one."""
    return not path.startswith(JSON_PATHS) and "text/html" in accept


def wants_html(request: Request) -> bool:
    """:func:`asks_for_page` for a request."""
    return asks_for_page(request.url.path, request.headers.get("accept", ""))


def _to_login(request: Request) -> HTTPException:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if request.method not in SAFE_METHODS:
        target = request.url.path
    return HTTPException(status_code=303,
                         headers={"Location": f"/login?next={quote(target, safe='/')}"})


def _staff_session(request: Request, session: DbSession) -> tuple[User, StaffSession]:
    """The user and session behind the ``ecert_staff`` cookie, read (and touched) in a short
    transaction of its own, as :func:`signed_in` does for tokens."""
    try:
        found = session_user(session, request.cookies.get(COOKIE))
    except NotAuthenticated:
        session.rollback()
        if wants_html(request):
            raise _to_login(request) from None
        raise
    session.commit()
    return found


def csrf_refused() -> PermissionDenied:
    """403 ``csrf_failed``."""
    return PermissionDenied("表单已过期或来源不明，请刷新页面后重试 (the form's security token "
                            "is missing or wrong: reload the page and try again)",
                            code="csrf_failed")


def same_origin(request: Request) -> bool:
    """False when the request says it comes from another site: ``Sec-Fetch-Site`` (browsers
    send it whatever the referrer policy), else ``Origin``, else ``Referer``. A request naming
    none (older clients, scripts, ``Origin: null`` under the pages' no-referrer policy) passes:
    the CSRF token decides for it."""
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site in {"cross-site", "same-site"}:
        return False
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        origin = request.headers.get("referer")
        if not origin:
            return True
    parts = urlsplit(origin)
    host = request.headers.get("host", "")
    return bool(parts.scheme in {"http", "https"} and parts.netloc and parts.netloc == host)


_NONCE = re.compile(r"[A-Za-z0-9_\-]{32,64}")


@dataclass(frozen=True)
class PublicForm:
    """The CSRF scheme of a public (signed-out) form: a random cookie (HttpOnly,
    SameSite=Strict, limited to ``path``) whose HMAC under ``derive_key(secret, label)`` every
    form carries as ``csrf_token``; a POST is accepted only with both and from this site
    (:func:`same_origin`). No server state: the cookie is the session."""

    cookie: str
    path: str
    label: str

    def _token(self, settings: Settings, nonce: str) -> str:
        return hmac.new(derive_key(settings.secret, self.label), nonce.encode(),
                        hashlib.sha256).hexdigest()

    def token(self, request: Request, settings: Settings) -> tuple[str, str | None]:
        """The form token for this browser, and the new cookie value to set (None: it has
        one already)."""
        nonce = request.cookies.get(self.cookie, "")
        fresh = None if _NONCE.fullmatch(nonce) else secrets.token_urlsafe(32)
        return self._token(settings, fresh or nonce), fresh

    def set_cookie(self, response: Response, request: Request, nonce: str | None) -> None:
        """Give the browser its cookie (``nonce`` from :meth:`token`; None does nothing)."""
        if nonce is not None:
            response.set_cookie(self.cookie, nonce, path=self.path, httponly=True,
                                samesite="strict", secure=request.url.scheme == "https")

    def accepts(self, request: Request, settings: Settings, token: str) -> bool:
        """True for a request from this site carrying the token of its cookie."""
        if not same_origin(request):  # Sec-Fetch-Site, Origin or Referer naming another site
            return False
        nonce = request.cookies.get(self.cookie, "")
        return bool(nonce) and hmac.compare_digest(self._token(settings, nonce), token or "")


async def check_csrf(request: Request, expected: str) -> None:
    """Refuse (403 ``csrf_failed``) an unsafe request from another site or without the session's
    token in the ``X-CSRF-Token`` header or the ``csrf_token`` form field."""
    if request.method in SAFE_METHODS:
        return
    if not same_origin(request):
        raise csrf_refused()
    sent = request.headers.get("x-csrf-token")
    content_type = request.headers.get("content-type", "")
    if sent is None and content_type.startswith(("application/x-www-form-urlencoded",
                                                 "multipart/form-data")):
        # Starlette keeps the parsed form on the request: the route's Form(...) and File(...)
        # parameters read the same one
        value = (await request.form()).get("csrf_token")
        sent = value if isinstance(value, str) else None
    if not sent or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise csrf_refused()


async def staff_user_any_state(
    request: Request,
    found: Annotated[tuple[User, StaffSession], Depends(_staff_session)],
) -> User:
    """The signed-in staff user (CSRF checked on unsafe methods), even one who must still
    change their password: for the password page and sign-out only."""
    user, staff_session = found
    await check_csrf(request, staff_session.csrf_token)
    request.state.staff = user
    request.state.csrf_token = staff_session.csrf_token
    request.state.staff_session_id = staff_session.id
    return user


async def staff_user(
    request: Request, user: Annotated[User, Depends(staff_user_any_state)]
) -> User:
    """The user behind the staff session cookie: pages redirect to /login (others 401), unsafe
    methods need the session's CSRF token (403 ``csrf_failed``), and a user who must change
    their password is sent to do that first."""
    if user.must_change_password:
        if wants_html(request):
            target = PASSWORD_PAGE
            if request.method in SAFE_METHODS:  # back to the page asked for, afterwards
                target += "?next=" + quote(request.url.path, safe="/")
            raise HTTPException(status_code=303, headers={"Location": target})
        raise PermissionDenied("请先修改初始密码 (change your initial password first)",
                               code="password_change_required")
    return user


StaffUser = Annotated[User, Depends(staff_user)]
StaffUserAnyState = Annotated[User, Depends(staff_user_any_state)]


def staff_context(request: Request) -> dict[str, Any]:
    """``{"staff": user, "csrf_token": token}`` for a staff page's template context."""
    return {"staff": getattr(request.state, "staff", None),
            "csrf_token": getattr(request.state, "csrf_token", "")}
