"""A new staff member in Chromium at a phone's width (390×844) and at a desktop's (1366×768):
no page scrolls sideways, tables become cards whose values stay in the value column, the less
used list filters fold away, dates do not break and the English on filled buttons is light."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.db import engine_for
from ecert.app import create_app
from tests.browser import MARKS, launch, serve
from tests.issuer.console.test_pages import BJ2, full_record, seeded  # noqa: F401
from tests.staffing import browser_sign_in, make_staff

pytestmark = MARKS

_LUMINANCE = """el => { const m = getComputedStyle(el).color.match(/[0-9.]+/g).map(Number);
  return (0.2126 * m[0] + 0.7152 * m[1] + 0.0722 * m[2]) / 255; }"""


def _no_sideways_scroll(page: Any, path: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{path} is {width} px wide on a 390 px screen"


def test_staff_pages_fit_a_phone_and_read_on_a_desktop(full_record: str,  # noqa: F811
                                                       tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    app = create_app()
    make_staff(engine_for(app.state.settings), "admin-ui", "admin", "")
    with serve(app) as base, sync_playwright() as pw:
        browser = launch(pw)
        phone = browser.new_page(viewport={"width": 390, "height": 844}, locale="zh-CN")
        browser_sign_in(phone, base, "admin-ui")
        for path in ("/review", "/admin/audit", "/account", "/admin",
                     f"/admin/records/{full_record}"):
            phone.goto(base + path)
            _no_sideways_scroll(phone, path)

        # /review: each record a card, the state on one line beside its label
        phone.goto(f"{base}/review")
        state = phone.locator("table.list tbody tr td[data-label='状态']").first
        expect(state).to_be_visible()
        box = state.bounding_box()
        assert box is not None and box["height"] < 40  # not "已/审/核" one character a line
        expect(phone.locator("h1")).to_contain_text("Scan review")
        expect(phone.locator("h1")).not_to_contain_text("pending first")

        # /admin/audit: actions in words, the code a small gloss
        phone.goto(f"{base}/admin/audit")
        expect(phone.locator("table.audit")).to_contain_text("登录")
        expect(phone.locator("table.audit")).to_contain_text("staff.signin")

        # /admin: the less used filters fold away until one is set
        phone.goto(f"{base}/admin")
        expect(phone.locator("#f-number")).to_be_visible()
        expect(phone.locator("#f-status")).to_be_hidden()
        expect(phone.locator("details.more summary")).to_contain_text("更多筛选")
        phone.click("details.more summary")
        expect(phone.locator("#f-status")).to_be_visible()
        phone.goto(f"{base}/admin?status=valid&name=王大明")
        expect(phone.locator("#f-status")).to_be_visible()
        # a card keeps the school's second line (the authority) in the value column
        school = phone.locator("table.records td[data-label='学校']").first
        authority = school.locator(".muted")
        expect(authority).to_contain_text("教育")
        label_end = school.bounding_box()["x"] + 90  # type: ignore[index]
        assert authority.bounding_box()["x"] >= label_end  # type: ignore[index]
        expect(phone.locator("table.records")).to_contain_text(BJ2)

        # a desktop: every filter shown, dates on one line, light English on filled buttons
        desk = browser.new_page(viewport={"width": 1366, "height": 768}, locale="zh-CN")
        browser_sign_in(desk, base, "admin-ui")
        desk.goto(f"{base}/admin")
        expect(desk.locator("#f-status")).to_be_visible()
        expect(desk.locator("details.more summary")).to_be_hidden()
        date = desk.locator("table.records td[data-label='发证日期']").first
        assert date.evaluate("el => getComputedStyle(el).whiteSpace") == "nowrap"
        gloss = desk.locator("form.filters button.primary .en")
        assert gloss.evaluate(_LUMINANCE) > 0.8  # light on navy, not grey
        desk.goto(f"{base}/admin/records/{full_record}/act/revoke")
        danger = desk.locator("button.danger .en, button.primary .en").first
        assert danger.evaluate(_LUMINANCE) > 0.8
        browser.close()
