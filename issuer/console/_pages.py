"""Console pages that read: the record search and one record's page."""

from __future__ import annotations

from fastapi import APIRouter

__all__ = ["router"]

router = APIRouter(prefix="/admin")
