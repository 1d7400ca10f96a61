"""End to end in a real headless Chromium: sign in, open a scanned record, see the highlighted
low-confidence field over the page image, correct it, save, approve; then check the registry."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from core.db import session_scope
from core.models import AuditEvent, Certificate, Holder
from tests.browser import MARKS, launch, serve

from ._review_support import (
    MISREAD,
    NAME_BOX,
    PAGE_SIZE,
    TRUE_NAME,
    import_scans,
    review_app,
    scanned_record,
)

pytestmark = MARKS
ROW = scanned_record(1)
NUMBER = ROW["certificate_number"]


@pytest.fixture
def server(sqlite_registry: Engine, tmp_path: Path) -> Iterator[str]:
    """The app on a free localhost port, in a background thread."""
    import_scans(tmp_path / "scan", [ROW])
    with serve(review_app()) as url:
        yield url


def test_clerk_corrects_and_a_reviewer_approves_in_chromium(server: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    from core.db import engine_for
    from core.settings import load_settings
    from tests.staffing import PASSWORD, make_staff

    make_staff(engine_for(load_settings()), "王芳", "clerk", "11")
    make_staff(engine_for(load_settings()), "李审核", "reviewer", "11")
    with sync_playwright() as pw:
        browser = launch(pw)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{server}/review")
            expect(page).to_have_url(f"{server}/login?next=/review")
            page.fill("#name", "王芳")
            page.fill("#password", PASSWORD)
            page.click("button[type=submit]")
            expect(page).to_have_url(f"{server}/review")
            page.click(f"a[href='/review/{NUMBER}'] >> nth=0")

            field = page.locator("#field-name")
            expect(field).to_have_class("field low")
            _assert_box_over_image(page)
            page.screenshot(path=str(tmp_path / "record.png"), full_page=True)

            page.fill("#in-name", TRUE_NAME)
            page.click("#save")
            expect(page.locator("[role=status]")).to_contain_text("已保存")
            expect(field).to_have_class("field")
            expect(page.locator("#in-name")).to_have_value(TRUE_NAME)

            expect(page.locator("#approve")).to_have_count(0)  # four eyes: not the clerk
            page.click("header form button")  # sign out
            page.goto(f"{server}/review/{NUMBER}")
            expect(page).to_have_url(f"{server}/login?next=/review/{NUMBER}")
            page.fill("#name", "李审核")
            page.fill("#password", PASSWORD)
            page.click("button[type=submit]")
            expect(page).to_have_url(f"{server}/review/{NUMBER}")
            page.click("#approve")
            expect(page.locator("#review-state")).to_have_attribute("data-state", "approved")
            assert ROW["id_number"] not in page.content()
        finally:
            browser.close()
    _assert_registry()


def _assert_box_over_image(page: object) -> None:
    """The evidence box sits where the evidence says, scaled with the image (CSS only)."""
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    box = page.locator(".box.low[data-field=name]")
    expect(box).to_be_visible()
    img = page.locator("#page-0 img")
    expect(img).to_be_visible()
    # polled from here: the page's CSP (no eval) refuses wait_for_function's in-page polling
    for _ in range(200):
        if img.evaluate("i => i.naturalWidth") > 0:
            break
        page.wait_for_timeout(50)
    ib, bb = img.bounding_box(), box.bounding_box()
    assert ib is not None and bb is not None
    scale = ib["width"] / PAGE_SIZE[0]
    assert bb["x"] == pytest.approx(ib["x"] + NAME_BOX[0] * scale, abs=2)
    assert bb["y"] == pytest.approx(ib["y"] + NAME_BOX[1] * scale, abs=2)
    assert bb["width"] == pytest.approx((NAME_BOX[2] - NAME_BOX[0]) * scale, abs=2)


def _assert_registry() -> None:
    with session_scope() as s:
        cert = s.exec(select(Certificate).where(Certificate.number == NUMBER)).one()
        holder = s.get(Holder, cert.holder_id)
        assert holder is not None and holder.name == TRUE_NAME != MISREAD
        assert cert.review_state == "approved" and cert.reviewed_by == "李审核"
        actions = [(e.action, e.actor) for e in s.exec(select(AuditEvent)).all()]
        assert ("review.correct", "王芳") in actions and ("records.approve", "李审核") in actions
