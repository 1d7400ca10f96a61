"""Who is using the review page: the staff user behind the staff session (core.web), signed in
at /login like every staff page. Pages redirect to /login?next=…, other requests get 401, and
every POST must carry the session's CSRF token (form field ``csrf_token``)."""

from __future__ import annotations

from core.web import DbSession, StaffUser

__all__ = ["Db", "ReviewUser"]

Db = DbSession
#: the signed-in staff user (see core.web.staff_user)
ReviewUser = StaffUser
