"""Console actions: each one a form, a confirmation showing what will change, and the change."""

from __future__ import annotations

from fastapi import APIRouter

__all__ = ["router"]

router = APIRouter(prefix="/admin")
