"""The staff sign-in pages through the app: /login (next= stays local), the cookie's flags, the
forced change of an initial password, sign-out ending the session on the server, CSRF and
cross-site refusals, lockout and the per-client limit as the person sees them, the second
factor, and forms read by the CSRF check and the route alike (urlencoded and multipart)."""

from __future__ import annotations

import re
from datetime import timedelta

import pyotp
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from core import clock
from core.staff import COOKIE, LOCKOUT, MAX_FAILURES, SIGNIN_BURST
from ecert.app import create_app
from tests.conftest import FROZEN_NOW
from tests.staffing import PASSWORD, csrf_of, make_staff, sign_in_client, staff_client

HTML = {"Accept": "text/html"}


@pytest.fixture
def app(sqlite_registry: Engine) -> FastAPI:
    return create_app()


def _login(client: TestClient, name: str, password: str = PASSWORD, **extra: str
           ) -> object:
    return client.post("/login", data={"name": name, "password": password, **extra},
                       headers=HTML, follow_redirects=False)


def test_login_page_is_chinese_first_and_needs_no_session(app: FastAPI) -> None:
    page = TestClient(app).get("/login", headers=HTML)
    assert page.status_code == 200
    assert "工作人员登录" in page.text and 'class="en">Staff sign-in' in page.text
    assert 'name="password"' in page.text and "退出" not in page.text
    assert page.headers["cache-control"] == "no-store"


@pytest.mark.parametrize(("asked", "landing"), [
    ("/review?batch=a", "/review?batch=a"),
    ("", "/admin"),
    ("https://evil.example/", "/admin"),
    ("//evil.example/x", "/admin"),
    ("/\\evil.example", "/admin"),
    ("javascript:alert(1)", "/admin"),
    ("/login", "/admin"),
])
def test_next_is_only_a_local_path(app: FastAPI, sqlite_registry: Engine, asked: str,
                                   landing: str) -> None:
    make_staff(sqlite_registry, "王芳", "clerk", "11")
    r = _login(TestClient(app), "王芳", next=asked)
    assert r.status_code == 303 and r.headers["location"] == landing  # type: ignore[attr-defined]


def test_cookie_flags(app: FastAPI, sqlite_registry: Engine) -> None:
    make_staff(sqlite_registry, "王芳", "clerk", "11")
    cookie = _login(TestClient(app), "王芳").headers["set-cookie"]  # type: ignore[attr-defined]
    assert cookie.startswith(f"{COOKIE}=")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # plain http in development
    secure = _login(TestClient(app, base_url="https://testserver"), "王芳")
    assert "Secure" in secure.headers["set-cookie"]  # type: ignore[attr-defined]


def test_unsigned_pages_go_to_login_and_api_calls_get_401(app: FastAPI) -> None:
    client = TestClient(app)
    r = client.get("/account", headers=HTML, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?next=/account"
    r = client.get("/account")
    assert r.status_code == 401 and r.json()["error"]["code"] == "not_authenticated"
    r = client.get("/account", headers={**HTML, "Cookie": f"{COOKIE}=forged"},
                   follow_redirects=False)
    assert r.status_code == 303


def test_wrong_password_keeps_the_name_and_says_why(app: FastAPI, sqlite_registry: Engine
                                                    ) -> None:
    make_staff(sqlite_registry, "王芳", "clerk", "11")
    r = _login(TestClient(app), "王芳", "Wrong-password-1")
    assert r.status_code == 401  # type: ignore[attr-defined]
    text = r.text  # type: ignore[attr-defined]
    assert "用户名或密码错误" in text and 'value="王芳"' in text
    unknown = _login(TestClient(app), "无此人", "Wrong-password-1")
    assert unknown.status_code == 401  # type: ignore[attr-defined]
    assert "用户名或密码错误" in unknown.text  # type: ignore[attr-defined]


def test_forced_change_of_an_initial_password(app: FastAPI, sqlite_registry: Engine) -> None:
    make_staff(sqlite_registry, "新人", "clerk", "11", password="Initial-pass-1",
               must_change=True)
    client = TestClient(app)
    r = _login(client, "新人", "Initial-pass-1", next="/review")
    assert r.status_code == 303  # type: ignore[attr-defined]
    assert r.headers["location"] == "/account/password?next=/review"  # type: ignore[attr-defined]
    r = client.get("/account", headers=HTML, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/account/password?next=/account"
    api = client.get("/account")
    assert api.status_code == 403 and api.json()["error"]["code"] == "password_change_required"
    page = client.get("/account/password?next=/review", headers=HTML)
    assert "请先设置您自己的密码" in page.text
    token = csrf_of(page.text)
    form = {"csrf_token": token, "current_password": "Initial-pass-1", "next": "/review"}
    r = client.post("/account/password", headers=HTML, data={
        **form, "password": "My-own-pass-2026", "password_again": "My-own-pass-2027"})
    assert r.status_code == 422 and "两次输入的新密码不一致" in r.text
    r = client.post("/account/password", headers=HTML, data={
        **form, "password": "short", "password_again": "short"})
    assert r.status_code == 422 and "至少 10 个字符" in r.text
    r = client.post("/account/password", headers=HTML, follow_redirects=False, data={
        **form, "password": "My-own-pass-2026", "password_again": "My-own-pass-2026"})
    assert r.status_code == 303 and r.headers["location"] == "/review"
    assert client.get("/account", headers=HTML).status_code == 200
    assert _login(TestClient(app), "新人", "My-own-pass-2026").status_code == 303  # type: ignore


def test_account_page_says_who_and_where(app: FastAPI) -> None:
    client = staff_client(app, role="reviewer", region="4101", name="李审核")
    page = client.get("/account", headers=HTML)
    assert page.status_code == 200
    for text in ("李审核", "审核人员", "郑州市", "4101", "当前"):
        assert text in page.text, text
    assert "+00:00" not in page.text


def test_sign_out_ends_the_session_on_the_server(app: FastAPI) -> None:
    client = staff_client(app, role="clerk", region="11")
    stolen = client.cookies[COOKIE]
    r = client.post("/logout", data={"csrf_token": client.csrf}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?bye=1"
    assert COOKIE not in client.cookies
    assert "已退出登录" in client.get("/login?bye=1", headers=HTML).text
    replay = TestClient(app)
    r = replay.get("/account", headers={"Cookie": f"{COOKIE}={stolen}"})
    assert r.status_code == 401


def test_idle_session_ends(app: FastAPI) -> None:
    client = staff_client(app, role="clerk", region="11")
    clock.freeze(FROZEN_NOW + timedelta(minutes=29))
    assert client.get("/account").status_code == 200
    clock.freeze(FROZEN_NOW + timedelta(minutes=29 + 31))
    r = client.get("/account", headers=HTML, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")


@pytest.mark.parametrize("token", [None, "", "forged-token"])
def test_missing_or_bad_csrf_is_403(app: FastAPI, token: str | None) -> None:
    client = staff_client(app, role="clerk", region="11")
    data = {} if token is None else {"csrf_token": token}
    r = client.post("/logout", data=data)
    assert r.status_code == 403 and r.json()["error"]["code"] == "csrf_failed"
    r = client.post("/logout", headers={"X-CSRF-Token": token or ""})
    assert r.status_code == 403
    assert client.get("/account").status_code == 200  # still signed in


def test_csrf_token_in_a_header_or_a_multipart_form(app: FastAPI) -> None:
    client = staff_client(app, role="clerk", region="11")
    fields = {"current_password": PASSWORD, "password": "Multipart-pass-1",
              "password_again": "Multipart-pass-1"}
    # a route with Form(...) parameters, sent as multipart with a file: both read one form
    r = client.post("/account/password", data={**fields, "csrf_token": client.csrf},
                    files={"attachment": ("a.txt", b"x" * 10, "text/plain")},
                    follow_redirects=False)
    assert r.status_code == 303, r.text
    r = client.post("/logout", headers={"X-CSRF-Token": client.csrf}, follow_redirects=False)
    assert r.status_code == 303


@pytest.mark.parametrize("headers", [
    {"Origin": "https://evil.example"},
    {"Referer": "https://evil.example/page"},
    {"Sec-Fetch-Site": "cross-site"},
    {"Origin": "http://testserver.evil.example"},
])
def test_cross_site_posts_are_refused_even_with_the_token(app: FastAPI,
                                                          headers: dict[str, str]) -> None:
    client = staff_client(app, role="clerk", region="11")
    r = client.post("/logout", data={"csrf_token": client.csrf}, headers=headers)
    assert r.status_code == 403 and r.json()["error"]["code"] == "csrf_failed"
    r = client.post("/logout", data={"csrf_token": client.csrf},
                    headers={"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"},
                    follow_redirects=False)
    assert r.status_code == 303


def test_a_cross_site_sign_in_is_refused(app: FastAPI, sqlite_registry: Engine) -> None:
    make_staff(sqlite_registry, "王芳", "clerk", "11")
    r = TestClient(app).post(
        "/login", data={"name": "王芳", "password": PASSWORD},
        headers={"Origin": "https://evil.example"}, follow_redirects=False)
    assert r.status_code == 403 and "请求来源不明" in r.text and COOKIE not in r.cookies


def test_lockout_engages_after_repeated_failures(app: FastAPI, sqlite_registry: Engine) -> None:
    make_staff(sqlite_registry, "王芳", "clerk", "11")
    client = TestClient(app)
    for _ in range(MAX_FAILURES - 1):
        assert _login(client, "王芳", "Wrong-password-1").status_code == 401  # type: ignore
    r = _login(client, "王芳", "Wrong-password-1")
    assert r.status_code == 429  # type: ignore[attr-defined]
    assert "账户已锁定" in r.text and "15 分钟" in r.text  # type: ignore[attr-defined]
    assert r.headers["retry-after"] == str(int(LOCKOUT.total_seconds()))  # type: ignore
    right = _login(client, "王芳")
    assert right.status_code == 429 and "账户已锁定" in right.text  # type: ignore[attr-defined]
    clock.freeze(FROZEN_NOW + LOCKOUT + timedelta(seconds=1))
    assert _login(client, "王芳").status_code == 303  # type: ignore[attr-defined]


def test_unknown_names_lock_the_same_way(app: FastAPI) -> None:
    client = TestClient(app)
    codes = [_login(client, "无此人", "Wrong-password-1").status_code  # type: ignore
             for _ in range(MAX_FAILURES + 1)]
    assert codes == [401] * (MAX_FAILURES - 1) + [429, 429]


def test_sign_in_attempts_are_limited_per_client(app: FastAPI) -> None:
    client = TestClient(app)
    codes = [_login(client, f"name-{i}", "Wrong-password-1").status_code  # type: ignore
             for i in range(SIGNIN_BURST + 1)]
    assert codes[:SIGNIN_BURST] == [401] * SIGNIN_BURST
    r = _login(client, "another", "Wrong-password-1")
    assert r.status_code == 429 and "尝试过于频繁" in r.text  # type: ignore[attr-defined]
    assert int(r.headers["retry-after"]) >= 1  # type: ignore[attr-defined]


def test_second_factor_enrolment_and_sign_in(app: FastAPI) -> None:
    client = staff_client(app, role="admin", name="管理员")
    page = client.get("/account/totp", headers=HTML)
    assert page.status_code == 200 and "<svg" in page.text and "二次验证" in page.text
    found = re.search(r'name="totp_secret" value="([A-Z2-7]+)"', page.text)
    assert found
    secret = found.group(1)
    r = client.post("/account/totp", headers=HTML, data={
        "csrf_token": client.csrf, "totp_secret": secret, "code": "000000"
        if pyotp.TOTP(secret).at(FROZEN_NOW) != "000000" else "111111"})
    assert r.status_code == 422 and "动态口令不正确" in r.text
    r = client.post("/account/totp", headers=HTML, data={
        "csrf_token": client.csrf, "totp_secret": secret,
        "code": pyotp.TOTP(secret).at(FROZEN_NOW)})
    assert r.status_code == 200 and "二次验证已启用" in r.text
    assert "已启用" in client.get("/account", headers=HTML).text

    fresh = TestClient(app)
    r = _login(fresh, "管理员")
    assert r.status_code == 401 and "请输入动态口令" in r.text  # type: ignore[attr-defined]
    assert "required" in r.text  # type: ignore[attr-defined]  (the code field is now required)
    clock.freeze(FROZEN_NOW + timedelta(seconds=60))
    r = _login(fresh, "管理员", totp=pyotp.TOTP(secret).at(FROZEN_NOW + timedelta(seconds=60)))
    assert r.status_code == 303  # type: ignore[attr-defined]


def test_staff_client_helper_signs_in_through_the_page(app: FastAPI) -> None:
    client = staff_client(app, role="auditor", region="")
    assert client.user_name.startswith("auditor")  # type: ignore[attr-defined]
    assert len(client.csrf) > 20  # type: ignore[attr-defined]
    again = sign_in_client(TestClient(app), client.user_name)  # type: ignore[attr-defined]
    assert again.csrf != client.csrf  # type: ignore[attr-defined]  (one token per session)


def test_sign_out_everywhere_else(app: FastAPI) -> None:
    here = staff_client(app, role="reviewer", region="11", name="两地")
    there = sign_in_client(TestClient(app), "两地")
    page = here.get("/account", headers=HTML).text
    assert "退出其他设备上的登录" in page
    r = here.post("/account/sessions/end-others", data={"csrf_token": here.csrf},  # type: ignore
                  headers=HTML)
    assert r.status_code == 200 and "已退出其他 1 个登录" in r.text
    assert there.get("/account").status_code == 401
    assert here.get("/account").status_code == 200


def test_guessing_the_current_password_locks_and_signs_out(app: FastAPI) -> None:
    client = staff_client(app, role="clerk", region="11", name="被盗")
    form = {"csrf_token": client.csrf, "password": "New-password-2026",  # type: ignore
            "password_again": "New-password-2026"}
    for _ in range(MAX_FAILURES - 1):
        r = client.post("/account/password", headers=HTML,
                        data={**form, "current_password": "Guess-password-1"})
        assert r.status_code == 422 and "当前密码不正确" in r.text
    r = client.post("/account/password", headers=HTML,
                    data={**form, "current_password": "Guess-password-1"})
    assert r.status_code == 429 and "账户已锁定" in r.text
    assert client.get("/account").status_code == 401
    assert _login(TestClient(app), "被盗").status_code == 429  # type: ignore[attr-defined]


def test_each_role_lands_on_a_page_it_may_open(app: FastAPI, sqlite_registry: Engine) -> None:
    from core.auth import create_user
    from core.db import session_scope
    from core.staff import set_password

    make_staff(sqlite_registry, "审核员", "reviewer", "11")
    with session_scope(sqlite_registry) as s:  # 学校审查 reads no certificate records
        create_user(s, name="一中", role="school", region="110101", actor="t", school="第一中学")
        set_password(s, "一中", PASSWORD, actor="t", must_change=False, check_rule=False)
    for name, home in (("审核员", "/admin"), ("一中", "/admin/cycles")):
        client = TestClient(app)
        assert _login(client, name).headers["location"] == home  # type: ignore[attr-defined]
        page = client.get(home, headers=HTML)
        assert page.status_code == 200
        assert f'class="brand" href="{home}"' in page.text
