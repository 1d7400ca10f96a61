"""The 定期注册 pages, as routers for the app factory (ecert.app):

- :data:`console_router`: the staff console's ``/admin/cycles`` (plan a cycle, school review and
  the school's XLSX submission, county decisions and objections, city re-check, provincial
  filing), behind the staff sign-in;
- :data:`holder_router`: the teacher's ``/holder/apply`` in the portal, after the one-time code;
- :data:`notice_router`: the public notice ``/notice`` (公示) with its objection form — public,
  published beside ``/holder``, since an objection writes to the registry and the verifier
  has no write access.
"""

from __future__ import annotations

from fastapi import APIRouter

from issuer._holder_apply import router as holder_router
from issuer._notice_pages import router as notice_router
from issuer.console._cycle_app_pages import router as _applications
from issuer.console._cycle_pages import router as _cycles
from issuer.console._cycle_upload_pages import router as _upload

__all__ = ["console_router", "holder_router", "notice_router"]

console_router = APIRouter(include_in_schema=False)
console_router.include_router(_cycles)
console_router.include_router(_upload)
console_router.include_router(_applications)
