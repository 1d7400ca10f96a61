"""A reviewer in Chromium: signs in, finds a record by the holder's name, opens it and reads its
sections; at a phone's width the list stays readable."""

from __future__ import annotations

from pathlib import Path

from core.db import engine_for
from ecert.app import create_app
from tests.browser import MARKS, launch, serve
from tests.issuer.console.test_pages import BJ2, BJ3, full_record, seeded  # noqa: F401
from tests.staffing import browser_sign_in, make_staff

pytestmark = MARKS


def test_reviewer_finds_a_record_by_name_and_reads_it(full_record: str,  # noqa: F811
                                                       tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    app = create_app()
    make_staff(engine_for(app.state.settings), "reviewer-bj-ui", "reviewer", "11")
    with serve(app) as base, sync_playwright() as pw:
        browser = launch(pw)
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        browser_sign_in(page, base, "reviewer-bj-ui")
        page.goto(f"{base}/admin")
        expect(page.locator("h1")).to_contain_text("证书记录")
        page.fill("#f-name", "张三丰")
        page.click("form.filters button[type=submit]")
        expect(page.locator("table.records tbody tr")).to_have_count(1)
        expect(page.locator("table.records")).to_contain_text("第三中学")
        page.click(f"text={full_record}")
        expect(page.locator("h1")).to_contain_text("张三丰")
        for heading in ("证书信息", "扫描页", "电子证照与 PDF", "定期注册", "备注",
                        "资格状态变更", "审计记录"):
            expect(page.locator("h2", has_text=heading)).to_be_visible()
        expect(page.locator("#h-events + div")).to_contain_text("京教师〔2026〕3号")
        expect(page.locator("a", has_text="下载 PDF").first).to_be_visible()
        # a phone: the list turns into cards, no sideways scrolling
        phone = browser.new_page(viewport={"width": 390, "height": 844})
        browser_sign_in(phone, base, "reviewer-bj-ui")
        phone.goto(f"{base}/admin?name=王大明")
        expect(phone.locator("table.records")).to_contain_text(BJ2)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390
        browser.close()
    assert BJ3 == full_record

