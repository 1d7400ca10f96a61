"""The staff console (``/admin``): search the region's records, read one record whole, and do
every action the CLI offers, each behind a confirmation step; reports as downloads.

Pages sign in with the staff session (core.web.StaffUser) and ask core.policy what the user may
see and do; the services they call are the same ones the CLI and the API call.
"""

from __future__ import annotations

from fastapi import APIRouter

from issuer.console._actions import router as _actions
from issuer.console._pages import router as _pages

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
router.include_router(_pages)
router.include_router(_actions)
