"""The API browser at /docs is served whole by the app (Swagger UI from the swagger-ui-bundle
wheel): it works on a host without internet, and it renders in a real browser with every request
outside the app refused."""

from __future__ import annotations

from fastapi.testclient import TestClient

from ecert.app import create_verifier_app
from tests.browser import MARKS, launch, serve


def test_docs_page_names_only_the_apps_own_assets() -> None:
    client = TestClient(create_verifier_app())
    page = client.get("/docs")
    assert page.status_code == 200
    assert "/docs-assets/swagger-ui-bundle.js" in page.text
    assert "/docs-assets/swagger-ui.css" in page.text
    assert "cdn" not in page.text and "https://" not in page.text.replace(
        "https://fastapi.tiangolo.com", "")  # FastAPI's favicon default is replaced too
    script = client.get("/docs-assets/swagger-ui-bundle.js")
    assert script.status_code == 200 and len(script.content) > 100_000
    assert client.get("/docs-assets/swagger-ui.css").status_code == 200
    assert client.get("/redoc").status_code == 404  # ReDoc would need a CDN: not offered


@MARKS[0]
@MARKS[1]
@MARKS[2]
def test_docs_render_in_chromium_with_the_internet_cut_off() -> None:
    from playwright.sync_api import expect, sync_playwright

    with serve(create_verifier_app()) as base, sync_playwright() as pw:
        browser = launch(pw)
        page = browser.new_page()
        outside: list[str] = []

        def only_the_app(route, request) -> None:  # type: ignore[no-untyped-def]
            if request.url.startswith(base):
                route.continue_()
            else:
                outside.append(request.url)
                route.abort()

        page.route("**/*", only_the_app)
        page.goto(f"{base}/docs")
        expect(page.locator(".swagger-ui .info .title")).to_contain_text("ecert verifier")
        expect(page.locator(".opblock").first).to_be_visible()
        browser.close()
    assert outside == []
