"""The teacher's portal (``/holder``): ask for a one-time code, download the signed PDF and the
JSON credential, see the certificate's status."""

from __future__ import annotations

from fastapi import APIRouter

__all__ = ["router"]

router = APIRouter(prefix="/holder", include_in_schema=False)
