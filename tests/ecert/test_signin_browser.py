"""Staff sign-in in a real headless Chromium: a new clerk opens a staff page, is sent to sign in,
must replace the initial password, lands on the page asked for, signs out; and a run of wrong
passwords ends with the lockout message."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from sqlalchemy.engine import Engine

from core.staff import MAX_FAILURES
from ecert.app import create_app
from tests.browser import MARKS, launch, serve
from tests.staffing import browser_sign_in, make_staff

pytestmark = MARKS


@pytest.fixture
def app(sqlite_registry: Engine) -> Iterator[FastAPI]:
    make_staff(sqlite_registry, "新人", "clerk", "4101", password="Initial-pass-1",
               must_change=True)
    yield create_app()


def test_sign_in_forced_change_and_sign_out(app: FastAPI) -> None:
    from playwright.sync_api import expect, sync_playwright

    with serve(app) as base, sync_playwright() as pw:
        browser = launch(pw)
        try:
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            page.goto(f"{base}/account")
            expect(page).to_have_url(f"{base}/login?next=/account")
            expect(page.locator("h1")).to_contain_text("工作人员登录")

            page.fill("#name", "新人")
            page.fill("#password", "Wrong-password-1")
            page.click("button[type=submit]")
            expect(page.locator("[role=alert]")).to_contain_text("用户名或密码错误")
            expect(page.locator("#name")).to_have_value("新人")

            page.fill("#password", "Initial-pass-1")
            page.click("button[type=submit]")
            expect(page).to_have_url(f"{base}/account/password?next=/account")
            expect(page.locator("[role=status]")).to_contain_text("请先设置您自己的密码")
            page.fill("#current_password", "Initial-pass-1")
            page.fill("#password", "My-own-pass-2026")
            page.fill("#password_again", "My-own-pass-2026")
            page.click("main button[type=submit]")
            expect(page).to_have_url(f"{base}/account")
            expect(page.locator("main")).to_contain_text("窗口工作人员")
            expect(page.locator("main")).to_contain_text("郑州市")
            expect(page.locator("header .who")).to_contain_text("新人")

            page.click("header form button")  # 退出 Sign out
            expect(page).to_have_url(f"{base}/login?bye=1")
            expect(page.locator("[role=status]")).to_contain_text("已退出登录")
            page.goto(f"{base}/account")
            expect(page).to_have_url(f"{base}/login?next=/account")

            browser_sign_in(page, base, "新人", "My-own-pass-2026")
            expect(page.locator("header .who")).to_contain_text("新人")
        finally:
            browser.close()


def test_repeated_failures_lock_the_account(app: FastAPI) -> None:
    from playwright.sync_api import expect, sync_playwright

    with serve(app) as base, sync_playwright() as pw:
        browser = launch(pw)
        try:
            page = browser.new_page(viewport={"width": 390, "height": 844})
            for _ in range(MAX_FAILURES):
                browser_sign_in(page, base, "新人", "Wrong-password-1")
            expect(page.locator("[role=alert]")).to_contain_text("账户已锁定")
            expect(page.locator("[role=alert]")).to_contain_text("15 分钟")
            browser_sign_in(page, base, "新人", "Initial-pass-1")  # right, but locked
            expect(page.locator("[role=alert]")).to_contain_text("账户已锁定")
        finally:
            browser.close()
