"""The published lists, served for verifiers and mirrors: the signed trust list and status list
(cacheable until their next update, with an ETag), the signed audit checkpoints, and the public
key files `ecert publish` writes (the CA certificate of the PDF signatures, the root key)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from email.utils import format_datetime

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from core.clock import utcnow
from core.errors import EcertError
from core.settings import PUBLIC_CA, PUBLIC_ROOT_KEY
from core.web import app_settings
from verifier._checkpoints import checkpoint_router
from verifier._online import STATUS_LIST_FILE, TRUST_LIST_FILE, public_file
from verifier._routing import PublicRoute, service

__all__ = ["lists_router"]

lists_router = APIRouter(route_class=PublicRoute, tags=["public lists"])
lists_router.include_router(checkpoint_router)  # the signed audit checkpoints


@lists_router.get("/.well-known/ecert/trust-list.cbor", summary="The signed trust list",
                  response_class=Response)
def trust_list_file(request: Request) -> Response:
    """COSE_Sign1 trust list (docs/TRUST_LIST.md), cacheable until its next update."""
    return _list_response(request, TRUST_LIST_FILE)


@lists_router.get("/.well-known/ecert/status-list.cbor", summary="The signed status list",
                  response_class=Response)
def status_list_file(request: Request) -> Response:
    """COSE_Sign1 status list: every certificate's state, so lookups stay private."""
    return _list_response(request, STATUS_LIST_FILE)


@lists_router.get("/.well-known/ecert/ca.pem", summary="The CA certificate (PEM) of the PDF "
                  "signatures", response_class=Response)
def ca_file(request: Request) -> Response:
    """The root of the PDF signing chain, as `ecert publish` wrote it; trust it in a PDF reader
    (the /trust page explains how)."""
    return _key_file(request, PUBLIC_CA)


@lists_router.get("/.well-known/ecert/root-key.pem", summary="The root public key (PEM)",
                  response_class=Response)
def root_key_file(request: Request) -> Response:
    """The Ed25519 key that signs the trust and status lists (pin it in offline verifiers)."""
    return _key_file(request, PUBLIC_ROOT_KEY)


def _key_file(request: Request, name: str) -> Response:
    path = public_file(app_settings(request), name)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return JSONResponse(status_code=503, headers={"Retry-After": "60"}, content={"error": {
            "code": "key_file_unavailable", "message": f"{name} 尚未发布 not published yet"}})
    etag = '"' + hashlib.sha256(data).hexdigest()[:32] + '"'
    headers = {"ETag": etag, "Cache-Control": "public, max-age=3600"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(data, media_type="application/x-pem-file", headers=headers)


def _next_update(request: Request, name: str) -> datetime | None:
    lists = service(request).lists
    try:
        now = utcnow()
        if name == TRUST_LIST_FILE:
            return lists.trust(now).next_update
        return lists.status(now).status.next_update
    except EcertError:
        return None  # a stale or unreadable list is still served, but not cached


def _list_response(request: Request, name: str) -> Response:
    path = public_file(app_settings(request), name)
    try:
        data, mtime = path.read_bytes(), path.stat().st_mtime
    except FileNotFoundError:
        code = name.removesuffix(".cbor").replace("-", "_") + "_unavailable"
        return JSONResponse(status_code=503, headers={"Retry-After": "60"}, content={"error": {
            "code": code, "message": f"{name} 尚未发布 not published yet"}})
    etag = '"' + hashlib.sha256(data).hexdigest()[:32] + '"'
    nxt = _next_update(request, name)
    max_age = max(0, int((nxt - utcnow()).total_seconds())) if nxt else 0
    headers = {"ETag": etag, "Cache-Control": f"public, max-age={max_age}",
               "Last-Modified": format_datetime(datetime.fromtimestamp(mtime, UTC), usegmt=True)}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(data, media_type="application/cbor", headers=headers)
