"""The teacher's portal (``/holder``): ask for a one-time code, download the signed PDF and the
JSON credential, see the certificate's status.

The pages go through the same service as the API (:mod:`issuer._holder`): asking for a code
answers the same page, after the same work, whether or not the details match anything.

State lives in three cookies, all HttpOnly, ``SameSite=Strict``, scoped to ``/holder`` and
sealed (Fernet, key derived from ``ECERT_SECRET`` under its own label), so the server keeps none
(sign-out drops the session cookie; a copy taken before would work until it expires):

- ``ecert_holder_csrf``: a random value; every form carries its HMAC (``csrf_token``), and a
  POST without the cookie or with another token is refused, and so is one a browser says comes
  from another site (``core.web.same_origin``).
- ``ecert_holder_flow``: the certificate and ID numbers just typed, for the code page (10
  minutes, the code's life), so the ID number never appears in a page.
- ``ecert_holder``: after a right code, the certificate it opens, for 15 minutes: one code
  serves both downloads.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

from cryptography.fernet import Fernet, InvalidToken
from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from sqlmodel import Session, col, select

from core.audit import record_event
from core.clock import today, utcnow
from core.db import engine_for, session_scope
from core.errors import ConfigurationError, EcertError
from core.identity import sealer, vault_for
from core.models import Certificate, Credential, Holder, Registration
from core.pages import page_templates
from core.ratelimit import RateLimiter
from core.rules import QualificationType, registration_state
from core.settings import Settings
from core.states import QualificationStatus, RegistrationState
from core.web import AppSettings, PublicForm, client_key
from issuer import _holder
from issuer._holder import (
    CODE_TTL,
    CREDENTIAL_FILES,
    MAX_ATTEMPTS,
    credential_file,
    credential_json,
    current_credential,
    redeem_code,
    request_code,
)
from issuer._notify import current_notifier, submit_delivery

__all__ = ["SESSION_TTL", "router"]

router = APIRouter(prefix="/holder", include_in_schema=False)
templates = page_templates(Path(__file__).parent / "templates")

#: every form's CSRF cookie and token
FORM = PublicForm(cookie="ecert_holder_csrf", path="/holder", label="ecert/holder-form/v1")
FLOW_COOKIE = "ecert_holder_flow"
SESSION_COOKIE = "ecert_holder"
#: how long a right code keeps the certificate page (and both downloads) open
SESSION_TTL = timedelta(minutes=15)
_NUMBER = re.compile(r"^[0-9]{17}$")
_ID = re.compile(r"^[0-9A-Za-z]{6,32}$")

Lang = str
FormText = Annotated[str, Form(max_length=64)]


# ---- sealed cookies ------------------------------------------------------

def _fernet(settings: Settings) -> Fernet:
    return sealer(settings.secret, "ecert/holder-portal/v1")


def _seal(settings: Settings, data: dict[str, Any], ttl: timedelta,
          exp: int | None = None) -> str:
    """``data`` sealed until now + ``ttl`` (or until ``exp``, epoch seconds)."""
    exp = int((utcnow() + ttl).timestamp()) if exp is None else exp
    return _fernet(settings).encrypt(json.dumps({**data, "exp": exp}).encode()).decode()


def _open(settings: Settings, token: str | None) -> dict[str, Any] | None:
    """The sealed data, or None when absent, forged, sealed under another secret, or expired."""
    if not token:
        return None
    try:
        data = json.loads(_fernet(settings).decrypt(token.encode()))
    except (InvalidToken, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("exp"), int):
        return None
    return data if data["exp"] > utcnow().timestamp() else None


def _set_cookie(response: Response, request: Request, name: str, value: str,
                max_age: int | None) -> None:
    response.set_cookie(name, value, max_age=max_age, path="/holder", httponly=True,
                        samesite="strict", secure=request.url.scheme == "https")


def _drop_cookie(response: Response, request: Request, name: str) -> None:
    response.delete_cookie(name, path="/holder", httponly=True, samesite="strict",
                           secure=request.url.scheme == "https")


# ---- rendering -------------------------------------------------------------------------------

def _lang(request: Request) -> Lang:
    return "en" if request.query_params.get("lang") == "en" else "zh"


def _q(lang: Lang) -> str:
    return "?lang=en" if lang == "en" else ""


def _render(request: Request, settings: Settings, name: str, context: dict[str, Any],
            status_code: int = 200) -> HTMLResponse:
    lang = _lang(request)
    token, nonce = FORM.token(request, settings)
    response = templates.TemplateResponse(request, f"holder/{name}", {
        "lang": lang, "q": _q(lang), "csrf_token": token,
        # the public verifier's CA page: on the verifier's address, which in production is
        # another service than this one
        "trust_url": settings.public_url.rstrip("/") + "/trust",
        "t": lambda zh, en: en if lang == "en" else zh, **context}, status_code=status_code)
    FORM.set_cookie(response, request, nonce)
    return response  # not cached, not framed, no referrer: core.secheaders


def _refused(request: Request, settings: Settings) -> HTMLResponse:
    return _render(request, settings, "message.html", {
        "kind": "bad", "zh": "页面已过期或请求来源不正确，请返回首页重新填写。",
        "en": "This form has expired or did not come from this site; please start again."},
        status_code=403)


def _limited(request: Request, settings: Settings, limiter: RateLimiter,
             number: str) -> HTMLResponse | None:
    wait = limiter.check((f"ip:{client_key(request)}", f"cert:{number}"))
    if wait <= 0:
        return None
    seconds = max(1, int(wait + 0.999))
    response = _render(request, settings, "message.html", {
        "kind": "warn", "zh": f"请求过于频繁，请 {seconds} 秒后再试。",
        "en": f"Too many requests; please try again in {seconds} seconds."}, status_code=429)
    response.headers["Retry-After"] = str(seconds)
    return response


def _to(path: str, lang: Lang) -> RedirectResponse:
    return RedirectResponse(path + _q(lang), status_code=303)


# ---- 1. certificate number + ID number -------------------------------------------------------

@router.get("", response_class=HTMLResponse)
def start(request: Request, settings: AppSettings) -> HTMLResponse:
    """The form: certificate number and ID number, and how it works."""
    expired = request.query_params.get("expired") == "1"
    return _render(request, settings, "start.html", {"expired": expired, "number": ""})


@router.post("", response_class=HTMLResponse)
def ask_code(request: Request, settings: AppSettings, certificate_number: FormText = "",
             id_number: FormText = "", csrf_token: FormText = "") -> Response:
    """Ask for a code: the same answer whether or not the details match a certificate."""
    if not FORM.accepts(request, settings, csrf_token):
        return _refused(request, settings)
    number = re.sub(r"\s", "", certificate_number)
    id_text = re.sub(r"\s", "", id_number)
    problems = []
    if not _NUMBER.match(number):
        problems.append(("证书号码应为 17 位数字。", "The certificate number has 17 digits."))
    if not _ID.match(id_text):
        problems.append(("请填写证件号码（身份证号码为 18 位）。",
                         "Enter your ID number (18 characters for a resident ID card)."))
    if problems:
        return _render(request, settings, "start.html", {
            "problems": problems, "number": number[:17], "expired": False}, status_code=422)
    return _send_code(request, settings, number, id_text)


def _send_code(request: Request, settings: AppSettings, number: str, id_text: str) -> Response:
    if (limited := _limited(request, settings, _holder.request_limiter, number)) is not None:
        return limited
    try:
        notifier = current_notifier(settings)  # refused before any lookup when not configured
    except ConfigurationError:
        return _render(request, settings, "message.html", {
            "kind": "bad", "zh": "验证码发送服务暂未开通，请联系发证机关。",
            "en": "Code delivery is not set up yet; please contact the issuing authority."},
            status_code=503)
    with session_scope(engine_for(settings)) as session:
        message = request_code(session, id_number=id_text, certificate_number=number,
                               vault=vault_for(settings.secret), secret=settings.secret)
    submit_delivery(notifier, message)  # queued alike when nothing matched; sent off-path
    response = _to("/holder/code", _lang(request))
    _set_cookie(response, request, FLOW_COOKIE,
                _seal(settings, {"n": number, "i": id_text, "a": 0}, CODE_TTL),
                int(CODE_TTL.total_seconds()))
    return response


# ---- 2. the code -----------------------------------------------------------------------------

@router.get("/code", response_class=HTMLResponse)
def code_page(request: Request, settings: AppSettings) -> Response:
    """Where the code is typed in (only after asking for one)."""
    flow = _open(settings, request.cookies.get(FLOW_COOKIE))
    if flow is None:
        return _to("/holder", _lang(request))
    left = _tries_left(int(flow.get("a", 0)))
    return _render(request, settings, "code.html", {"hint": flow["n"][-4:], "wrong": False,
                                                    "left": left, "spent": left == 0})


@router.post("/code", response_class=HTMLResponse)
def enter_code(request: Request, settings: AppSettings, code: FormText = "",
               csrf_token: FormText = "") -> Response:
    """A right code opens the certificate page; a wrong one says so, at most 5 times."""
    if not FORM.accepts(request, settings, csrf_token):
        return _refused(request, settings)
    flow = _open(settings, request.cookies.get(FLOW_COOKIE))
    if flow is None:
        return _to("/holder?expired=1", _lang(request))
    number, id_text = str(flow["n"]), str(flow["i"])
    if (limited := _limited(request, settings, _holder.download_limiter, number)) is not None:
        return limited
    with session_scope(engine_for(settings)) as session:  # commits the attempt when wrong
        cert = redeem_code(session, id_number=id_text, certificate_number=number,
                           code=re.sub(r"\s", "", code), vault=vault_for(settings.secret),
                           secret=settings.secret)
        if cert is not None:
            record_event(session, actor="holder", action="holder.portal.sign_in",
                         entity_type="certificate", entity_id=cert.number)
            cert_id = cert.id
    if cert is None:
        # The tries left come from this browser's own count (the flow cookie), the same for a
        # number that matches nothing: the stored code's count is never read into the page.
        attempts = int(flow.get("a", 0)) + 1
        left = _tries_left(attempts)
        response = _render(request, settings, "code.html", {
            "hint": number[-4:], "wrong": True, "left": left, "spent": left == 0},
            status_code=400)
        left = int(flow["exp"] - utcnow().timestamp())  # the code's life does not restart
        _set_cookie(response, request, FLOW_COOKIE, _seal(
            settings, {"n": number, "i": id_text, "a": attempts}, CODE_TTL, exp=flow["exp"]),
            max(1, left))
        return response
    done = _to("/holder/certificate", _lang(request))
    _drop_cookie(done, request, FLOW_COOKIE)
    _set_cookie(done, request, SESSION_COOKIE, _seal(settings, {"c": cert_id}, SESSION_TTL),
                int(SESSION_TTL.total_seconds()))
    return done


@router.post("/resend", response_class=HTMLResponse)
def resend(request: Request, settings: AppSettings, csrf_token: FormText = "") -> Response:
    """A new code for the details already typed (the earlier code stops working)."""
    if not FORM.accepts(request, settings, csrf_token):
        return _refused(request, settings)
    flow = _open(settings, request.cookies.get(FLOW_COOKIE))
    if flow is None:
        return _to("/holder?expired=1", _lang(request))
    return _send_code(request, settings, str(flow["n"]), str(flow["i"]))


# ---- 3. the certificate ----------------------------------------------------------------------

def _session_cert(request: Request, settings: Settings, session: Session) -> Certificate | None:
    data = _open(settings, request.cookies.get(SESSION_COOKIE))
    if data is None or not isinstance(data.get("c"), int):
        return None
    return session.get(Certificate, data["c"])


@dataclass(frozen=True)
class _View:
    """What the certificate page shows."""

    cert: Certificate
    holder: Holder
    qualification: str
    status: QualificationStatus
    status_label: str
    registration: str
    registered: bool
    registered_until: Any
    current: Certificate | None
    credential: Credential | None
    unavailable: tuple[str, str] | None
    expires: datetime


_NOT_VALID = ("本证书当前状态不提供电子证照下载。", "No download for a certificate in this state.")
_NOT_ISSUED = ("电子证照尚未签发，请稍后再来。", "The electronic certificate is not issued yet.")


def _as_label(text: str, lang: Lang) -> str:
    """A state label shown as a value: on English pages it starts with a capital ("Valid",
    "Registration lapsed"), as the public verifier shows it; Chinese is unchanged."""
    return text[:1].upper() + text[1:] if lang == "en" else text


def _tries_left(attempts: int) -> int:
    """How many more codes this browser may try, from the wrong answers *this page* has given
    (the flow cookie's count) — never from the stored code: an unknown number counts alike."""
    return max(0, MAX_ATTEMPTS - attempts)


def _view(session: Session, cert: Certificate, lang: Lang, expires: datetime) -> _View:
    holder = session.get(Holder, cert.holder_id)
    assert holder is not None
    try:
        kind = QualificationType(cert.qualification_type)
        qualification = kind.english if lang == "en" else kind.label  # core.rules' names
    except ValueError:
        qualification = str(cert.qualification_type)
    current: Certificate | None = None
    cred: Credential | None = None
    unavailable: tuple[str, str] | None = None
    try:
        current, cred = current_credential(session, cert)
    except EcertError as exc:
        unavailable = _NOT_VALID if exc.code == "certificate_not_valid" else _NOT_ISSUED
    shown = current or cert
    regs = session.exec(select(Registration).where(
        Registration.certificate_id == shown.id).order_by(col(Registration.id))).all()
    reg = registration_state(regs, today())
    status = QualificationStatus(shown.status)
    return _View(cert=shown, holder=holder, qualification=str(qualification),
                 status=status, status_label=_as_label(status.label(lang), lang),
                 registration=_as_label(reg.state.label(lang), lang),
                 registered=reg.state is RegistrationState.REGISTERED,
                 registered_until=reg.valid_until, current=current, credential=cred,
                 unavailable=unavailable, expires=expires)


@router.get("/certificate", response_class=HTMLResponse)
def certificate_page(request: Request, settings: AppSettings) -> Response:
    """Status, registration, the two downloads and how to verify (with a holder session)."""
    lang = _lang(request)
    data = _open(settings, request.cookies.get(SESSION_COOKIE))
    with session_scope(engine_for(settings)) as session:
        cert = _session_cert(request, settings, session)
        if cert is None or data is None:
            return _to("/holder?expired=1", lang)
        expires = datetime.fromtimestamp(int(data["exp"]), tz=utcnow().tzinfo)
        view = _view(session, cert, lang, expires)
        return _render(request, settings, "certificate.html", {"v": view})


def _download(request: Request, settings: Settings, fmt: str) -> Response:
    with session_scope(engine_for(settings)) as session:
        cert = _session_cert(request, settings, session)
        if cert is None:
            return _to("/holder?expired=1", _lang(request))
        try:
            current, cred = current_credential(session, cert)
        except EcertError:  # revoked, forfeited or not issued: the page says which
            return _to("/holder/certificate", _lang(request))
        record_event(session, actor="holder", action=f"holder.download.{fmt}",
                     entity_type="certificate", entity_id=current.number)
        if fmt == "json":
            return JSONResponse(credential_json(current, cred), headers={
                "Cache-Control": "no-store", "Content-Disposition":
                f'attachment; filename="{current.number}-v{cred.version}.json"'})
        data = credential_file(cred, settings.artifacts_dir, fmt)
        return Response(data, media_type=CREDENTIAL_FILES[fmt], headers={
            "Content-Disposition":
            f'attachment; filename="{current.number}-v{cred.version}.{fmt}"',
            "Cache-Control": "no-store"})


@router.get("/certificate.pdf")
def download_pdf(request: Request, settings: AppSettings) -> Response:
    """The signed PDF of the current credential."""
    return _download(request, settings, "pdf")


@router.get("/certificate.ofd")
def download_ofd(request: Request, settings: AppSettings) -> Response:
    """The OFD e-licence of the current credential, with the authority's electronic seal."""
    return _download(request, settings, "ofd")


@router.get("/credential.json")
def download_json(request: Request, settings: AppSettings) -> Response:
    """The JSON credential (claims, QR text, version, key id)."""
    return _download(request, settings, "json")


@router.post("/sign-out", response_class=HTMLResponse)
def sign_out(request: Request, settings: AppSettings, csrf_token: FormText = "") -> Response:
    """End the holder session at once."""
    if not FORM.accepts(request, settings, csrf_token):
        return _refused(request, settings)
    response = _to("/holder", _lang(request))
    _drop_cookie(response, request, SESSION_COOKIE)
    return response
