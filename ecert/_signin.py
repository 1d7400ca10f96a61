"""Staff sign-in pages: /login, /logout, /account (password change, second factor).

The services are in core.staff; the session dependency (``StaffUser``) in core.web. A sign-in
attempt is limited per client (a burst of :data:`core.staff.SIGNIN_BURST`, then
:data:`core.staff.SIGNIN_PER_MINUTE` a minute; a successful one gives its token back).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from core.db import session_scope
from core.errors import EcertError, InvalidInput
from core.models import User
from core.pages import page_templates, region_label, staff_home
from core.ratelimit import RateLimiter, TokenBucket, store_at
from core.staff import (
    COOKIE,
    SESSION_LIFETIME,
    SIGNIN_BURST,
    SIGNIN_PER_MINUTE,
    AccountLocked,
    active_sessions,
    change_password,
    confirm_password,
    end_sessions,
    enrol_totp,
    new_totp_secret,
    sign_in,
    sign_out,
    totp_uri,
)
from core.web import (
    StaffUser,
    StaffUserAnyState,
    admin_engine,
    app_settings,
    client_key,
    same_origin,
    staff_context,
)

__all__ = ["router", "safe_next"]

router = APIRouter(include_in_schema=False)
templates = page_templates(Path(__file__).parent / "templates")
#: where a signed-in user lands when no page asked for them
HOME = "/admin"
#: stricter than the app's policy (core.secheaders): the sign-in pages run no script at all
_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self' "
    "'unsafe-inline'; script-src 'none'; form-action 'self'; frame-ancestors 'none'",
}


def safe_next(target: str | None) -> str:
    """A local path to go on to after sign-in; anything else (another site, ``//host``,
    backslashes, the sign-in page itself) becomes the console's home."""
    if (not target or not target.startswith("/") or target.startswith("//")
            or "\\" in target or any(ord(c) < 0x20 or c == "\x7f" for c in target)
            or target.startswith(("/login", "/logout"))):
        return HOME
    return target


def _page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    full = {**staff_context(request), "nav": "", **context}
    response = templates.TemplateResponse(request, name, full, status_code=status)
    response.headers.update(_HEADERS)
    return response


def _limiter(request: Request) -> RateLimiter:
    """The app's sign-in limiter (one per app; shared by the workers of a host when
    ``ECERT_RATE_LIMIT_FILE`` is set)."""
    state = request.app.state
    limiter = getattr(state, "staff_signin_limiter", None)
    if limiter is None:
        path = app_settings(request).rate_limit_file
        limiter = RateLimiter(TokenBucket(SIGNIN_PER_MINUTE, SIGNIN_BURST),
                              store=lambda: store_at(path, "staff_signin"))
        state.staff_signin_limiter = limiter
    assert isinstance(limiter, RateLimiter)
    return limiter


# ---- sign-in and sign-out ----------------------------------------------------------------------


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "", bye: str = "") -> Response:
    """The sign-in form."""
    message = ("已退出登录 (signed out)" if bye else None)
    return _page(request, "staff/login.html", {"next": safe_next(next) if next else "",
                                               "name": "", "error": None, "message": message})


@router.post("/login", response_class=HTMLResponse, response_model=None)
def login(
    request: Request,
    name: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    totp: Annotated[str, Form(max_length=16)] = "",
    next: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Check the name and password; on success set the session cookie and go on."""
    context = {"next": safe_next(next) if next else "", "name": name, "message": None,
               "ask_totp": bool(totp)}
    if not same_origin(request):
        return _page(request, "staff/login.html", {**context, "error": "请求来源不明 (the "
                     "form was sent from another site)"}, 403)
    key = f"ip:{client_key(request)}"
    limiter = _limiter(request)
    wait = limiter.check(key)
    if wait > 0:
        seconds = max(1, int(wait + 0.999))
        response = _page(request, "staff/login.html", {**context, "error": (
            f"尝试过于频繁，请 {seconds} 秒后再试 (too many attempts; retry in {seconds} s)")}, 429)
        response.headers["Retry-After"] = str(seconds)
        return response
    error: EcertError | None = None
    with session_scope(admin_engine(request)) as session:
        try:
            user, token, _ = sign_in(session, name=name, password=password, totp=totp or None,
                                     client=client_key(request),
                                     secret=app_settings(request).secret)
            must_change = user.must_change_password
            home = staff_home(user)
        except EcertError as exc:  # counted and audited in this unit of work: commit it
            error = exc
    if error is not None:
        context["ask_totp"] = context["ask_totp"] or error.code in {"totp_required",
                                                                    "totp_invalid"}
        response = _page(request, "staff/login.html", {**context, "error": error.message,
                                                       "code": error.code}, error.http_status)
        retry = error.details.get("retry_after")
        if isinstance(retry, int):
            response.headers["Retry-After"] = str(retry)
        return response
    limiter.debit(key, -1)  # a successful sign-in costs nothing
    target = safe_next(next) if next else home
    if must_change:
        target = "/account/password?next=" + quote(target, safe="/")
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(COOKIE, token, max_age=int(SESSION_LIFETIME.total_seconds()), path="/",
                        httponly=True, samesite="strict", secure=request.url.scheme == "https")
    return response


@router.post("/logout")
def logout(request: Request, _user: StaffUserAnyState) -> RedirectResponse:
    """End the session (server side) and drop the cookie."""
    with session_scope(admin_engine(request)) as session:
        sign_out(session, request.cookies.get(COOKIE))
    response = RedirectResponse("/login?bye=1", status_code=303)
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict",
                           secure=request.url.scheme == "https")
    return response


# ---- the account -------------------------------------------------------------------------------


@router.get("/account", response_class=HTMLResponse)
def account(request: Request, user: StaffUser) -> Response:
    """Who am I: name, role, region, second factor, sessions."""
    with session_scope(admin_engine(request)) as session:
        sessions = active_sessions(session, user)
        fresh = session.get(User, user.id)
        assert fresh is not None
        session.expunge_all()
    region = region_label(user.region) if user.region else ""
    return _page(request, "staff/account.html", {
        "user": fresh, "region_name": region, "sessions": sessions,
        "current_session": getattr(request.state, "staff_session_id", None),
        "changed": request.query_params.get("changed"),
        "totp_on": fresh.totp_cipher is not None,
        "ended": _int_or_none(request.query_params.get("ended")),
    })


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 6 else None


@router.post("/account/sessions/end-others")
def end_other_sessions(request: Request, user: StaffUser) -> RedirectResponse:
    """Sign out on every other device (a forgotten browser elsewhere)."""
    with session_scope(admin_engine(request)) as session:
        ended = end_sessions(session, _reload(session, user),
                             keep=_current_session(request, session))
    return RedirectResponse(f"/account?ended={ended}", status_code=303)


@router.get("/account/password", response_class=HTMLResponse)
def password_form(request: Request, user: StaffUserAnyState, next: str = "") -> Response:
    """Choose a new password (forced after an initial or reset one)."""
    return _page(request, "staff/password.html", {"next": safe_next(next) if next else "",
                                                  "error": None, "forced":
                                                  user.must_change_password})


@router.post("/account/password", response_class=HTMLResponse, response_model=None)
def password_change(
    request: Request,
    user: StaffUserAnyState,
    current_password: Annotated[str, Form(max_length=1024)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    password_again: Annotated[str, Form(max_length=1024)] = "",
    next: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Change the password; the user's other sessions end."""
    error: EcertError | None = None
    if password != password_again:
        error = InvalidInput("两次输入的新密码不一致 (the new passwords differ)",
                             field="password_again", rule="password_mismatch")
    else:
        with session_scope(admin_engine(request)) as session:
            try:
                change_password(session, _reload(session, user), current=current_password,
                                new=password, keep=_current_session(request, session))
            except EcertError as exc:  # a wrong current password is counted: commit that
                error = exc
    if isinstance(error, AccountLocked):
        return _locked_out(request, error)
    if error is not None:
        return _page(request, "staff/password.html", {
            "next": safe_next(next) if next else "", "error": error.message,
            "forced": user.must_change_password}, error.http_status)
    return RedirectResponse(safe_next(next) if next else "/account?changed=1", status_code=303)


def _locked_out(request: Request, error: AccountLocked) -> Response:
    """Too many wrong passwords from a signed-in page: every session ended; the sign-in page
    says why."""
    response = _page(request, "staff/login.html", {
        "next": "", "name": "", "message": None, "error": error.message,
        "code": error.code}, error.http_status)
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict",
                           secure=request.url.scheme == "https")
    return response


def _reload(session: Session, user: User) -> User:
    fresh = session.get(User, user.id)
    assert fresh is not None
    return fresh


def _current_session(request: Request, session: Session) -> Any:
    from core.models import StaffSession

    ident = getattr(request.state, "staff_session_id", None)
    return session.get(StaffSession, ident) if ident is not None else None


# ---- second factor -----------------------------------------------------------------------------


def _qr_svg(text: str) -> str:
    import qrcode
    from qrcode.image.svg import SvgPathImage

    image = qrcode.make(text, image_factory=SvgPathImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg"):]  # inline: without the XML declaration


def _totp_page(request: Request, user: User, *, totp_secret: str | None = None,
               error: str | None = None, status: int = 200, done: bool = False) -> Response:
    on = user.totp_cipher is not None
    secret = None if on else (totp_secret or new_totp_secret())
    uri = totp_uri(secret, user.name) if secret else ""
    key = " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)) if secret else ""
    return _page(request, "staff/totp.html", {
        "on": on, "totp_secret": secret, "totp_key": key, "qr_svg": _qr_svg(uri) if uri else "",
        "uri": uri, "error": error, "done": done}, status)


@router.get("/account/totp", response_class=HTMLResponse)
def totp_form(request: Request, user: StaffUser) -> Response:
    """Enrol an authenticator app: a QR code (and the secret to type in), then one code."""
    with session_scope(admin_engine(request)) as session:
        fresh = _reload(session, user)
    return _totp_page(request, fresh, done=bool(request.query_params.get("done")))


@router.post("/account/totp", response_class=HTMLResponse, response_model=None)
def totp_enrol(
    request: Request,
    user: StaffUser,
    totp_secret: Annotated[str, Form(max_length=64)] = "",
    code: Annotated[str, Form(max_length=16)] = "",
) -> Response:
    """Turn the second factor on once the code from the app matches."""
    try:
        with session_scope(admin_engine(request)) as session:
            fresh = _reload(session, user)
            if fresh.totp_cipher is not None:
                raise InvalidInput("已启用二次验证 (the second factor is already on)",
                                   field="code", rule="totp_enrolled")
            enrol_totp(session, fresh, totp_secret=totp_secret.strip(), code=code,
                       secret=app_settings(request).secret)
    except EcertError as exc:  # the same key again (the app may hold it), unless it was bad
        keep = totp_secret.strip() if exc.code == "totp_invalid" else None
        return _totp_page(request, user, totp_secret=keep, error=exc.message,
                          status=exc.http_status)
    return RedirectResponse("/account/totp?done=1", status_code=303)


@router.post("/account/totp/remove", response_class=HTMLResponse, response_model=None)
def totp_remove(
    request: Request,
    user: StaffUser,
    password: Annotated[str, Form(max_length=1024)] = "",
) -> Response:
    """Turn the second factor off (the password is asked again)."""
    from core.staff import remove_totp

    error: EcertError | None = None
    with session_scope(admin_engine(request)) as session:
        fresh = _reload(session, user)
        try:
            confirm_password(session, fresh, password)
            remove_totp(session, fresh.name, actor=fresh.name)
        except EcertError as exc:  # counted: commit it
            error = exc
    if isinstance(error, AccountLocked):
        return _locked_out(request, error)
    if error is not None:
        return _totp_page(request, user, error=error.message, status=error.http_status)
    return RedirectResponse("/account", status_code=303)
