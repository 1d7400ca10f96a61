"""The camera scanner on /verify (scan.js) in headless Chromium, with a stand-in BarcodeDetector:
a code under another site's address is sent to the server (foreign_host), never turned into
this site's /C/ page (issue 11 item 14)."""

from __future__ import annotations

import json

from tests.browser import MARKS, launch
from tests.verifier.conftest import World

pytestmark = MARKS

_FAKE_CAMERA = """
window.BarcodeDetector = class {
  constructor() {}
  detect() { return Promise.resolve([{ rawValue: %s }]); }
};
const fakeStream = () => {
  const canvas = document.createElement("canvas");
  canvas.width = 8; canvas.height = 8;
  return Promise.resolve(canvas.captureStream());
};
if (navigator.mediaDevices) { navigator.mediaDevices.getUserMedia = fakeStream; }
else { Object.defineProperty(navigator, "mediaDevices", { value: { getUserMedia: fakeStream } }); }
"""


def _scan(server: str, code: str) -> str:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch(pw)
        page = browser.new_page(locale="zh-CN")
        page.add_init_script(_FAKE_CAMERA % json.dumps(code))
        page.goto(f"{server}/verify")
        page.click("#start-scan")
        page.wait_for_selector("#state", timeout=15_000)
        result = str(page.locator("#state").get_attribute("data-result"))
        browser.close()
        return result


def test_camera_scan_of_a_foreign_address_is_refused(server: str, world: World) -> None:
    digits = world.issued[0].qr_text.rsplit("/C/", 1)[1]
    assert _scan(server, f"https://evil.example.com/phish/C/{digits}") == "foreign_host"
    assert _scan(server, digits) == "valid"
    assert _scan(server, world.issued[0].qr_text) == "valid"  # the issuer's own address
