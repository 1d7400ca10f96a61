"""Staff accounts for tests: make one, and a TestClient (or a Chromium page) signed in as it
through the real /login page.

Importing this module makes password hashing cheap (Argon2id with the smallest parameters) for
the test process: a test signs in many times, and the production cost (64 MiB, 3 passes) is
measured in tests/core/test_staff.py, not paid on every fixture.
"""

from __future__ import annotations

import re
from typing import Any

from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

import core.staff
from core.auth import create_user
from core.db import engine_for, session_scope
from core.models import User
from core.staff import set_password

__all__ = ["PASSWORD", "browser_sign_in", "csrf_of", "make_staff", "sign_in_client",
           "staff_client"]

#: the password test accounts get (meets the rule)
PASSWORD = "Test-passw0rd-ecert"
core.staff.HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def make_staff(engine_or_session: Engine | Session, name: str, role: str, region: str = "",
               password: str = PASSWORD, *, must_change: bool = False,
               school: str | None = None) -> User:
    """A user with a password (and, as every user, an API token); a school reviewer needs
    its ``school`` and a county ``region``."""
    if isinstance(engine_or_session, Session):
        return _make(engine_or_session, name, role, region, password, must_change, school)
    with session_scope(engine_or_session) as session:
        return _make(session, name, role, region, password, must_change, school)


def _make(session: Session, name: str, role: str, region: str, password: str,
          must_change: bool, school: str | None) -> User:
    user, _token = create_user(session, name=name, role=role, region=region, actor="tests",
                               school=school)
    set_password(session, name, password, actor="tests", must_change=must_change,
                 check_rule=False)
    return user


def csrf_of(html: str) -> str:
    """The CSRF token a staff page carries (every signed-in page has one: the sign-out form)."""
    found = _CSRF.search(html)
    assert found, "no csrf_token on the page"
    return found.group(1)


def sign_in_client(client: TestClient, name: str, password: str = PASSWORD) -> TestClient:
    """Sign ``client`` in through /login; sets ``client.csrf`` and ``client.user_name``."""
    response = client.post("/login", data={"name": name, "password": password},
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    page = client.get("/account/password" if "/account/password" in response.headers[
        "location"] else "/account", headers={"Accept": "text/html"})
    assert page.status_code == 200, page.text
    client.csrf = csrf_of(page.text)  # type: ignore[attr-defined]
    client.user_name = name  # type: ignore[attr-defined]
    return client


_counter = [0]


def staff_client(app: FastAPI, *, role: str, region: str = "", name: str | None = None,
                 **client_options: Any) -> TestClient:
    """A TestClient signed in as a new user of ``role`` in ``region`` (``.csrf``,
    ``.user_name``). Pages are asked for as a browser would (``Accept: text/html``) only when
    a test says so."""
    if name is None:
        _counter[0] += 1
        name = f"{role}{region or 'all'}-{_counter[0]}"
    make_staff(engine_for(app.state.settings), name, role, region)
    client = TestClient(app, **client_options)
    return sign_in_client(client, name)


def browser_sign_in(page: Any, base_url: str, name: str, password: str = PASSWORD) -> None:
    """Sign a Playwright page in through /login (lands wherever the app sends it)."""
    page.goto(f"{base_url}/login")
    page.fill("#name", name)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
