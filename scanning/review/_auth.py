"""Browser sign-in for the review page: the clerk pastes their API token once; it is kept in an
HttpOnly, SameSite=Strict cookie scoped to /review, and checked on every request."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, HTTPException, Request, Response

from core.errors import NotAuthenticated
from core.models import User
from core.web import DbSession, signed_in

__all__ = ["COOKIE", "Db", "ReviewUser", "clear_cookie", "safe_next", "set_cookie"]

COOKIE = "ecert_review"
PATH = "/review"
#: a working day; the clerk signs in again the next morning
MAX_AGE = 10 * 3600


Db = DbSession


def wants_html(request: Request) -> bool:
    """A browser navigating to a page (as opposed to an API client or an image request)."""
    return "text/html" in request.headers.get("accept", "")


def safe_next(target: str | None) -> str:
    """Only paths inside the review page are followed after sign-in (no open redirect)."""
    if target and target.startswith(PATH) and not target.startswith("//") and "\\" not in target:
        return target
    return PATH


def review_user(request: Request, session: Db) -> User:
    """The user behind the review cookie; pages redirect to sign-in, other requests get 401."""
    try:
        return signed_in(session, request.cookies.get(COOKIE))
    except NotAuthenticated:
        if wants_html(request):
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            raise HTTPException(
                status_code=303,
                headers={"Location": f"{PATH}/login?next={quote(safe_next(target), safe='/')}"},
            ) from None
        raise


ReviewUser = Annotated[User, Depends(review_user)]


def set_cookie(response: Response, request: Request, token: str) -> None:
    """Keep the token where scripts cannot read it and other sites cannot send it."""
    response.set_cookie(
        COOKIE,
        token,
        max_age=MAX_AGE,
        path=PATH,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )


def clear_cookie(response: Response) -> None:
    """Sign out."""
    response.delete_cookie(COOKIE, path=PATH, httponly=True, samesite="strict")
