"""``POST /api/share/verify``: a platform sends a licence file (OFD or PDF) and gets the
verifier's verdict. Composition: the issuer authenticates and audits the call, the verifier
(its public surface, no private keys) judges the file; neither package imports the other."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from core.db import engine_for, session_scope
from core.errors import InvalidInput
from core.settings import Settings
from core.web import client_key
from issuer.api import (
    ItemCode,
    ShareCall,
    SignedRequest,
    UseCause,
    record_share,
    share_call,
    signed_request,
)
from verifier import Verdict, VerifierService, verify_in_pool

__all__ = ["router"]

router = APIRouter(prefix="/api/share", tags=["sharing interface (government platforms)"])

_FILE_BODY: dict[str, Any] = {"requestBody": {"required": True, "description": "the licence "
                              "file as the raw body (OFD or signed PDF), bounded by "
                              "ECERT_MAX_UPLOAD_BYTES", "content": {
                                  "application/ofd": {"schema": {"type": "string",
                                                                 "format": "binary"}},
                                  "application/pdf": {"schema": {"type": "string",
                                                                 "format": "binary"}}}}}


def _service(request: Request) -> VerifierService:
    """One verifier service per app (it caches the published lists)."""
    state = request.app.state
    if getattr(state, "share_verifier", None) is None:
        state.share_verifier = VerifierService(state.settings)
    service: VerifierService = state.share_verifier
    return service


def _authorised(request: Request, settings: Settings, signed: SignedRequest,
                use_cause: str, item_code: str) -> ShareCall:
    with session_scope(engine_for(settings)) as session:
        return share_call(session, signed, settings, use_cause=use_cause, item_code=item_code,
                          client=client_key(request))


def _audit(settings: Settings, call: ShareCall, verdict: Verdict) -> None:
    cert = verdict.certificate
    with session_scope(engine_for(settings)) as session:
        record_share(session, call, action="share.verify", entity_type="share_client",
                     entity_id=call.client.access_id, result=str(verdict.result),
                     number=cert.number if cert else None,
                     licence_id=cert.licence_id if cert else None)


@router.post("/verify", openapi_extra=_FILE_BODY,
             summary="Verify a licence file (OFD with its seal, or the signed PDF)")
async def verify_file(request: Request,
                      signed: Annotated[SignedRequest, Depends(signed_request)],
                      use_cause: UseCause = "", item_code: ItemCode = "") -> JSONResponse:
    """The verdict as ``/api/verify`` gives it (the holder's ID number only masked)."""
    settings: Settings = request.app.state.settings
    call = await run_in_threadpool(_authorised, request, settings, signed, use_cause,
                                   item_code)
    if not signed.body:
        raise InvalidInput("请求体须为证照文件 (the body must be the licence file)",
                           field="body", rule="share_file_missing")
    # The verifier's upload pool: a worker process with a time limit, one of this platform's
    # upload slots, so a hostile file costs a bounded amount of work and never a server thread.
    verdict = await verify_in_pool(_service(request), signed.body,
                                   f"share:{call.client.access_id}")
    await run_in_threadpool(_audit, settings, call, verdict)
    return JSONResponse(verdict.to_dict(), headers={"Cache-Control": "no-store"})
