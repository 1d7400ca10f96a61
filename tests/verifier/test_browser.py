"""The public pages in a real headless Chromium: open a QR link; upload a photo of a print."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from tests.verifier._support import photo_of_print, set_status
from tests.verifier.conftest import World

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed "
                       "(apt-get install chromium); browsers are never downloaded"),
]


@pytest.fixture
def server(world: World) -> Iterator[str]:
    """The public verifier app on a free localhost port, in a background thread."""
    from ecert.app import create_verifier_app

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_verifier_app(), log_level="warning",
                                        lifespan="off"))
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)
    sock.close()


def _digits(qr_text: str) -> str:
    return qr_text.rsplit("/C/", 1)[1]


def test_qr_link_and_photo_upload_in_chromium(server: str, world: World, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    good, revoked = world.issued[0], world.issued[1]
    set_status(revoked.number, status="revoked")
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(photo_of_print(revoked.pdf))
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 390, "height": 844},  # a phone in China
                                locale="zh-CN")
        page.goto(f"{server}/C/{_digits(good.qr_text)}")
        expect(page.locator("#state")).to_have_attribute("data-result", "valid")
        expect(page.locator("#headline")).to_contain_text("证书真实有效")
        expect(page.locator("img.photo")).to_be_visible()
        assert "*" in page.locator("#certificate").inner_text()
        assert good.id_number not in page.content()

        page.goto(f"{server}/verify")
        page.set_input_files("#file", str(photo))
        page.click("#submit")
        expect(page.locator("#state")).to_have_attribute("data-result", "revoked")
        expect(page.locator("#headline")).to_contain_text("撤销")
        assert revoked.number in page.locator("#certificate").inner_text()
        assert page.locator("img.photo").count() == 0
        browser.close()


def test_pages_work_without_javascript(server: str, world: World) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(java_script_enabled=False, locale="en-US")
        page = context.new_page()
        page.goto(f"{server}/C/{_digits(world.issued[0].qr_text)}?lang=en")
        expect(page.locator("#headline")).to_contain_text("Genuine")
        page.goto(f"{server}/verify")
        page.fill("#text", world.issued[0].qr_text)
        page.click("#submit")
        expect(page.locator("#state")).to_have_attribute("data-result", "valid")
        browser.close()
