"""The sharing interface for government-service platforms (``/api/share``, GB/T 36906 style).

Every call is signed by a platform client (issuer._share_auth), rate-limited per client, scoped
to the client's region (a licence outside it answers 404, as if absent), and carries a use cause
(用证事由, ``use_cause``) and an item code (事项编码, ``item_code``) as query parameters, which
are audited with what was asked. A holder code (the ID number) is sent only in a signed POST
body, compared by the registry's keyed hash, and never written to a log or an audit row; it is
answered back only to the platform that sent it (a query by identifier answers the masked form).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from pydantic import BaseModel, Field
from sqlmodel import Session, col, select

from core.audit import record_event
from core.errors import InvalidInput, NotAuthenticated, NotFound, PermissionDenied
from core.identity import vault_for
from core.licence_id import parse_licence_id
from core.models import Authority, Certificate, Credential, Holder, ShareClient
from core.ratelimit import RateLimiter, TokenBucket, TooManyRequests, store_at
from core.rules import validate_id_number
from core.settings import Settings, load_settings
from core.states import QualificationStatus
from core.web import AppSettings, DbSession, client_key
from issuer._licence import (
    HOLDER_CODE_TYPES,
    LicenceMetadata,
    holder_code_type,
    licence_metadata,
)
from issuer._share_auth import HEADERS, SignedRequest, authenticate

__all__ = ["ItemCode", "ShareCall", "UseCause", "failure_limiter", "record_share", "router",
           "share_call", "share_limiter", "signed_request"]

router = APIRouter(prefix="/api/share", tags=["sharing interface (government platforms)"])

#: Requests per minute per client (bursts up to the same number).
SHARE_PER_MINUTE = 120
#: Failed authentications per minute per client address before it is refused outright.
FAILURES_PER_MINUTE = 30
share_limiter = RateLimiter(TokenBucket(SHARE_PER_MINUTE), store=lambda: store_at(
    load_settings().rate_limit_file, "share_client"))
failure_limiter = RateLimiter(TokenBucket(FAILURES_PER_MINUTE), store=lambda: store_at(
    load_settings().rate_limit_file, "share_failure"))

_ITEM_CODE = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
MAX_USE_CAUSE = 200
_ERROR: dict[str, Any] = {"description": "error (JSON with a machine-readable code)"}
_AUTH_ERRORS: dict[int | str, dict[str, Any]] = {
    401: _ERROR, 403: _ERROR, 404: _ERROR, 422: _ERROR,
    429: {**_ERROR, "description": "too many requests; see Retry-After"}}
UseCause = Annotated[str, Query(max_length=MAX_USE_CAUSE, description="用证事由: why the "
                                "platform asks (audited)")]
ItemCode = Annotated[str, Query(max_length=64, description="事项编码: the service item the "
                                "call is made for (audited; 1–64 of A-Z a-z 0-9 . _ -)")]


def _header(name: str, description: str) -> Any:
    return Header(alias=name, description=description)


async def signed_request(
    request: Request,
    access_id: Annotated[str, _header(HEADERS[0], "the client's access id")] = "",
    timestamp: Annotated[str, _header(HEADERS[1], "Unix seconds, within ±300 s")] = "",
    nonce: Annotated[str, _header(HEADERS[2], "16–64 of A-Z a-z 0-9 _ -, once")] = "",
    signature: Annotated[str, _header(HEADERS[3], "hex HMAC-SHA256 of the canonical "
                                      "string (docs/INTEROP.md §5.2)")] = "",
) -> SignedRequest:
    """The signed parts of the request (the body is read here, bounded by the app's limit)."""
    return SignedRequest(request.method, request.url.path, request.url.query,
                         await request.body(), access_id.strip(), timestamp.strip(),
                         nonce.strip(), signature.strip().lower())


Signed = Annotated[SignedRequest, Depends(signed_request)]


@dataclass(frozen=True)
class ShareCall:
    """An authenticated call: the client, and the use cause and item code it declared."""

    client: ShareClient
    use_cause: str
    item_code: str

    @property
    def actor(self) -> str:
        return f"share:{self.client.access_id}"

    def in_region(self, division_code: str) -> bool:
        return division_code.startswith(self.client.region)


def share_call(session: Session, signed: SignedRequest, settings: Settings, *,
               use_cause: str, item_code: str, client: str) -> ShareCall:
    """Authenticate the call, charge the client's budget, and check its declared purpose.

    ``client`` is the caller's address key: each failed authentication costs it one of
    :data:`FAILURES_PER_MINUTE`, so guessing is bounded without locking a platform out."""
    if (wait := failure_limiter.check(client, cost=0)) > 0:
        raise TooManyRequests(max(1, int(wait + 0.999)))
    try:
        found = authenticate(session, signed, app_secret=settings.secret)
    except (NotAuthenticated, PermissionDenied):
        failure_limiter.debit(client, 1)
        raise
    share_limiter.hit(found.access_id)
    cause = " ".join(use_cause.split())
    if not cause:
        raise InvalidInput("每次调用须说明用证事由 use_cause (every call states its use cause)",
                           field="use_cause", rule="share_use_cause_missing")
    if not _ITEM_CODE.match(item_code):
        raise InvalidInput("每次调用须带事项编码 item_code：1–64 位字母、数字或 . _ - "
                           "(every call carries an item code)", field="item_code",
                           rule="share_item_code_missing")
    return ShareCall(found, cause, item_code)


def record_share(session: Session, call: ShareCall, *, action: str, entity_type: str,
                 entity_id: str, **facts: Any) -> None:
    """Audit a call with its use cause and item code (never a holder code)."""
    record_event(session, actor=call.actor, action=action, entity_type=entity_type,
                 entity_id=entity_id, after={"use_cause": call.use_cause,
                                             "item_code": call.item_code, **facts})


def _call(request: Request, session: DbSession, signed: Signed, settings: AppSettings,
          use_cause: UseCause = "", item_code: ItemCode = "") -> ShareCall:
    return share_call(session, signed, settings, use_cause=use_cause, item_code=item_code,
                      client=client_key(request))


Call = Annotated[ShareCall, Depends(_call)]


# ---- answers --------------------------------------------------------------------------------

class LicenceOut(LicenceMetadata):
    """GB/T 36903 metadata of one licence version (docs/INTEROP.md §2) and its state."""

    holder_code: str = Field(repr=False, description="持证主体代码: the ID number when the "
                             "platform sent it (query by holder), else its masked form")
    holder_code_masked: bool
    status: QualificationStatus = Field(description="qualification status today")
    current: bool = Field(description="this version is the holder's current copy")
    current_licence_id: str | None = Field(description="the current version's identifier")
    files: list[Literal["ofd", "pdf"]] = Field(description="formats of /file for this version")


class LicenceList(BaseModel):
    licences: list[LicenceOut]


class HolderQuery(BaseModel):
    holder_code: str = Field(min_length=1, max_length=32, description="持证主体代码 (ID number)")
    holder_code_type: str = Field(default="111", max_length=8,
                                  description="持证主体代码类型 (111 = 公民身份号码)")
    type_code: str = Field(max_length=24, description="证照类型代码 (ECERT_LICENCE_TYPE_CODE)")


_Row = tuple[Credential, Certificate, Holder, Authority]


def _licence(row: _Row, settings: Settings, current: Credential | None, *,
             holder_code: str | None) -> LicenceOut:
    cred, cert, holder, authority = row
    meta = licence_metadata(
        type_code=settings.licence_type_code, number=cert.number, version=cred.version,
        licence_id=cred.licence_id, issuer_name=authority.name, issuer_code=authority.uscc,
        issue_date=cert.issue_date, holder_name=holder.name, id_type=holder.id_type,
        holder_code=holder.id_masked if holder_code is None else holder_code)
    return LicenceOut(
        **meta.model_dump(), holder_code_masked=holder_code is None, status=cert.status,
        current=current is not None and current.id == cred.id,
        current_licence_id=current.licence_id if current is not None else None,
        files=[f for f, path in (("ofd", cred.ofd_path), ("pdf", cred.pdf_path)) if path])


def _rows() -> Any:
    return (select(Credential, Certificate, Holder, Authority)
            .join(Certificate, col(Certificate.id) == Credential.certificate_id)
            .join(Holder, col(Holder.id) == Certificate.holder_id)
            .join(Authority, col(Authority.id) == Certificate.authority_id))


def _current(session: Session, certificate_id: int) -> Credential | None:
    return session.exec(select(Credential).where(
        Credential.certificate_id == certificate_id, col(Credential.superseded).is_(False))
        .order_by(col(Credential.version).desc())).first()


def _holder_hash(query: HolderQuery, settings: Settings) -> str:
    """The keyed hash of the holder code; a malformed resident ID is refused without echoing."""
    code = query.holder_code.strip().upper()
    if query.holder_code_type == "111":
        try:
            code = validate_id_number(code, field="holder_code").number
        except InvalidInput:
            raise InvalidInput("持证主体代码不是有效的公民身份号码 (holder_code is not a valid "
                               "resident ID number)", field="holder_code",
                               rule="holder_code_invalid") from None
    return vault_for(settings.secret).lookup_hash(code)


# ---- routes ---------------------------------------------------------------------------------

@router.post("/licences/query", response_model=LicenceList, responses=_AUTH_ERRORS,
             summary="Query licences by holder code, holder-code type and licence-type code")
def query_by_holder(body: HolderQuery, session: DbSession, call: Call,
                    settings: AppSettings) -> LicenceList:
    """The current version of every licence of the holder in the client's region (an empty
    list when none, or when the type code is not this system's)."""
    if body.holder_code_type not in {*HOLDER_CODE_TYPES.values(), "990"}:
        raise InvalidInput("不支持的持证主体代码类型 (unsupported holder_code_type)",
                           field="holder_code_type", rule="holder_code_type_unknown")
    found: list[LicenceOut] = []
    id_hash = _holder_hash(body, settings)  # a malformed resident ID is refused first
    if body.type_code.strip().upper() == settings.licence_type_code:
        rows = session.exec(_rows().where(
            Holder.id_hash == id_hash,
            col(Credential.superseded).is_(False))
            .order_by(col(Certificate.number), col(Credential.version).desc())).all()
        seen: set[int] = set()
        for row in rows:
            cred, cert, holder, authority = row
            if cert.id in seen or not call.in_region(authority.division_code) \
                    or holder_code_type(holder.id_type) != body.holder_code_type:
                continue
            seen.add(cert.id or 0)
            found.append(_licence(row, settings, cred, holder_code=body.holder_code.strip()))
    record_share(session, call, action="share.query", entity_type="share_client",
                 entity_id=call.client.access_id, by="holder_code",
                 holder_code_type=body.holder_code_type, type_code=body.type_code,
                 found=[lic.number for lic in found])
    return LicenceList(licences=found)


def _by_identifier(session: Session, call: ShareCall, licence_id: str, action: str) -> _Row:
    """The licence version of ``licence_id`` in the client's region; a miss is audited (and
    committed) before its 404."""
    text = str(parse_licence_id(licence_id))  # 422 licence_id_format / licence_id_check
    row: _Row | None = session.exec(_rows().where(Credential.licence_id == text)).first()
    if row is None or not call.in_region(row[3].division_code):
        record_share(session, call, action=action, entity_type="share_client",
                     entity_id=call.client.access_id, licence_id=text, found=False)
        session.commit()
        raise NotFound(f"没有电子证照 {text} (no such licence)", code="licence_not_found")
    return row


@router.get("/licences/{licence_id}", response_model=LicenceOut, responses=_AUTH_ERRORS,
            summary="One licence version by its GB/T 36904 identifier")
def query_by_identifier(licence_id: str, session: DbSession, call: Call,
                        settings: AppSettings) -> LicenceOut:
    """Any version's identifier answers (``current`` says whether it is the current copy);
    the holder code comes back masked."""
    row = _by_identifier(session, call, licence_id, "share.query")
    out = _licence(row, settings, _current(session, row[1].id or 0), holder_code=None)
    record_share(session, call, action="share.query", entity_type="certificate",
                 entity_id=row[1].number, by="licence_id", licence_id=out.licence_id)
    return out


_MEDIA = {"ofd": "application/ofd", "pdf": "application/pdf"}


@router.get("/licences/{licence_id}/file", response_class=Response, responses={
    200: {"content": {m: {} for m in _MEDIA.values()}, "description": "the licence file"},
    **_AUTH_ERRORS}, summary="Download a licence version's OFD (default) or signed PDF")
def download(licence_id: str, session: DbSession, call: Call, settings: AppSettings,
             fmt: Annotated[Literal["ofd", "pdf"], Query(alias="format")] = "ofd") -> Response:
    """The OFD file (sealed, GB/T 38540) or the PAdES-signed PDF of that version."""
    cred, cert, _, _ = _by_identifier(session, call, licence_id, "share.download")
    data = _read_artifact(settings.artifacts_dir, cred.ofd_path if fmt == "ofd" else
                          cred.pdf_path, fmt)
    record_share(session, call, action="share.download", entity_type="certificate",
                 entity_id=cert.number, licence_id=cred.licence_id, format=fmt)
    name = f"{cert.number}-v{cred.version}.{fmt}"
    return Response(data, media_type=_MEDIA[fmt], headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})


def _read_artifact(base: Path, relative: str | None, fmt: str) -> bytes:
    root = base.resolve()
    path = (root / relative).resolve() if relative else None
    # the path comes from the registry; still never read outside the artifacts folder
    if path is None or not path.is_relative_to(root) or not path.is_file():
        raise NotFound(f"该版本没有 {fmt.upper()} 文件 (no {fmt} file for this version)",
                       code=f"{fmt}_missing")
    return path.read_bytes()
