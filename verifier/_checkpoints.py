"""The published audit checkpoints, served so that anyone can keep copies (a mirror the
issuer's server cannot rewrite is what makes the anchoring hold). Format: docs/OPERATIONS.md;
checked by ``ecert audit verify``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response

from core.audit import CHECKPOINT_DIR, CHECKPOINT_NAME
from core.web import AppSettings

__all__ = ["checkpoint_router"]

checkpoint_router = APIRouter(tags=["public lists"])
_TEXT = "text/plain; charset=utf-8"
_PREFIX = "/.well-known/ecert/audit-checkpoints/"
_TEXT_OK: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/plain": {"schema": {"type": "string"}}}, "description": "text"}}
_NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {
    "description": "no such checkpoint", "content": {"application/json": {"example": {
        "error": {"code": "checkpoint_not_found", "message": "…"}}}}}}


@checkpoint_router.get(_PREFIX, summary="Names of the published audit checkpoints",
                       response_class=Response, responses=_TEXT_OK)
def checkpoint_index(settings: AppSettings) -> Response:
    """One file name a line, oldest first; fetch each at ``…/audit-checkpoints/<name>``."""
    folder = settings.public_dir / CHECKPOINT_DIR
    names = sorted(p.name for p in folder.iterdir() if CHECKPOINT_NAME.match(p.name)) \
        if folder.is_dir() else []
    return Response("".join(f"{name}\n" for name in names), media_type=_TEXT,
                    headers={"Cache-Control": "no-cache"})


@checkpoint_router.get(_PREFIX + "{name}", summary="One signed audit checkpoint",
                       response_class=Response, responses={**_TEXT_OK, **_NOT_FOUND})
def checkpoint_file(name: str, settings: AppSettings) -> Response:
    """The checkpoint as published; it never changes once written."""
    path = settings.public_dir / CHECKPOINT_DIR / name
    try:
        data = path.read_bytes() if CHECKPOINT_NAME.match(name) else None
    except FileNotFoundError:
        data = None
    if data is None:
        return JSONResponse(status_code=404, content={"error": {
            "code": "checkpoint_not_found",
            "message": "没有该审计检查点 no such audit checkpoint"}})
    return Response(data, media_type=_TEXT,
                    headers={"Cache-Control": "public, max-age=31536000, immutable"})
