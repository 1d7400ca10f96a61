"""The reviewer's journey in a real browser (Debian's Chromium): sign in, find a record, record
the criminal-record check, approve, issue, add a registration conclusion, revoke it with a
decision document — each through its confirmation page — and then the certificate's QR page on
the verifier shows it revoked, in red."""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from core.db import engine_for, session_scope
from core.models import Credential
from core.settings import load_settings
from ecert.app import create_app
from issuer.console import _batch
from tests.browser import MARKS, launch, serve
from tests.issuer.console.test_actions import _pending, beijing_keys
from tests.staffing import browser_sign_in, make_staff

pytestmark = MARKS


def _qr_path(number: str) -> str:
    with session_scope() as s:
        from tests.issuer._status_support import cert

        row = cert(s, number)
        cred = s.exec(select(Credential).where(Credential.certificate_id == row.id)).one()
        return urlsplit(cred.qr_text).path


def test_a_reviewer_checks_approves_issues_registers_and_revokes(
        ecert_env: Path, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    beijing_keys()
    (number,) = _pending(tmp_path, 41)
    engine: Engine = engine_for(load_settings())
    make_staff(engine, "wang", "reviewer", "11")
    app = create_app()
    with serve(app) as base, sync_playwright() as pw:
        browser = launch(pw)
        page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="zh-CN")
        browser_sign_in(page, base, "wang")

        # find the record
        page.goto(f"{base}/admin")
        page.fill("#f-number", number)
        page.press("#f-number", "Enter")
        page.get_by_role("link", name=number).first.click()
        expect(page).to_have_url(re.compile(f"/admin/records/{number}$"))

        def act(slug: str, confirm: str, shows: list[str], fill: dict[str, str] | None = None,
                select: dict[str, str] | None = None) -> None:
            page.locator(f'a[data-action="{slug}"]').click()
            for field, value in (select or {}).items():
                page.select_option(f"#f-{field}", value)
            for field, value in (fill or {}).items():
                page.fill(f"#f-{field}", value)
            page.get_by_role("button", name=re.compile("下一步")).click()
            changes = page.locator("table.changes")
            expect(page.locator("h1")).to_contain_text("请确认")
            for text in shows:  # the confirmation says what will change
                expect(changes).to_contain_text(text)
            page.get_by_role("button", name=re.compile(f"^{confirm}")).click()
            expect(page).to_have_url(re.compile(f"/admin/records/{number}\\?done={slug}"))

        act("criminal-check", "确认登记犯罪记录核查", ["未完成", "已完成（wang"])
        expect(page.locator(".notice.ok")).to_contain_text("已登记犯罪记录核查")
        act("approve", "确认审核通过", ["审核状态", "已审核"])
        expect(page.locator(".notice.ok")).to_contain_text("已审核通过")
        act("issue", "确认签发电子证照", ["尚未签发", "签发第 1 版"])
        expect(page.locator(".notice.ok")).to_contain_text("电子证照第 1 版已签发")
        act("registration", "确认登记定期注册结论", ["2027年09月01日至2032年08月31日"],
            select={"conclusion": "注册合格"},
            fill={"decision_date": "2026-10-30", "valid_from": "2027-09-01"})
        expect(page.locator(".notice.ok")).to_contain_text("已登记定期注册结论")
        act("revoke", "确认撤销教师资格", ["有效", "已撤销", "京教师〔2026〕9号"],
            fill={"document": "京教师〔2026〕9号 关于撤销教师资格的决定",
                  "reason": "弄虚作假、骗取教师资格"})
        expect(page.locator(".notice.ok")).to_contain_text("已撤销教师资格")

        # the employer scans the QR: the verifier in the same app shows it revoked, red
        page.goto(base + _qr_path(number))
        state = page.locator("#state")
        expect(state).to_have_attribute("data-result", "revoked")
        expect(page.locator("#state-word")).to_contain_text("已撤销")
        color = state.evaluate("el => getComputedStyle(el).backgroundColor + ' ' + "
                               "getComputedStyle(el).color + ' ' + "
                               "getComputedStyle(el).borderColor")
        reds = [tuple(int(x) for x in m) for m in re.findall(r"rgb\((\d+), (\d+), (\d+)\)",
                                                              color)]
        assert any(r > 150 and g < 110 and b < 110 for r, g, b in reds) or any(
            r > 240 and g < 240 and b < 240 and r - g > 15 for r, g, b in reds), color
        browser.close()


def test_a_batch_shows_its_progress_then_each_records_result(
        sqlite_registry: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The selection from the list (checkboxes ``numbers``) → confirmation → the progress bar
    (batch.js polling) → the result table, in a real browser."""
    from playwright.sync_api import expect, sync_playwright

    go_on = threading.Event()  # the batch waits until the page has shown it running
    approve = _batch.approve_certificate

    def held(*args: Any, **kwargs: Any) -> Any:
        assert go_on.wait(30)
        return approve(*args, **kwargs)

    monkeypatch.setattr(_batch, "approve_certificate", held)

    numbers = _pending(tmp_path, 61, 62, 63)
    make_staff(engine_for(load_settings()), "li", "reviewer", "11")
    with serve(create_app()) as base, sync_playwright() as pw:
        browser = launch(pw)
        page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="zh-CN")
        browser_sign_in(page, base, "li")
        page.goto(f"{base}/admin")
        for number in numbers:  # the list's own checkboxes, joined to the batch form
            page.get_by_role("checkbox", name=f"选择 {number}").check()
        expect(page.locator("#batch-count")).to_have_text("3")
        page.locator("#batch-form").get_by_role("button", name=re.compile("批量审核通过")).click()
        expect(page.locator(".notice.warn")).to_contain_text("共选择 3 条，将办理 3 条")
        page.get_by_role("button", name=re.compile("确认批量审核通过")).click()
        expect(page.locator("#batch-status")).to_contain_text("正在办理")
        expect(page.locator("table.results")).to_have_count(0)
        go_on.set()  # batch.js polls the progress and shows the results once it is done
        expect(page.locator("table.results")).to_be_visible(timeout=30_000)
        expect(page.locator("#batch-status")).to_contain_text("已完成")
        expect(page.locator("table.results tbody tr")).to_have_count(3)
        expect(page.locator("table.results")).to_contain_text("已审核通过")
        browser.close()
