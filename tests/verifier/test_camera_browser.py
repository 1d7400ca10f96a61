"""Camera scanning on /verify in headless Chromium with a fake camera that films a real
credential's QR code (a .y4m video made here): without BarcodeDetector the page decodes the frames
itself with the vendored jsQR, goes to this site's /C/ page and shows the verdict (issue 14)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import qrcode
from numpy.typing import NDArray

from tests.browser import MARKS, launch
from tests.verifier.conftest import World

pytestmark = MARKS

WIDTH, HEIGHT = 640, 480


def qr_frame(text: str, width: int = WIDTH, height: int = HEIGHT) -> NDArray[np.uint8]:
    """A grey frame with ``text``'s QR code in the middle, as big as the frame allows."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(text)
    code.make(fit=True)
    modules = np.array(code.get_matrix(), dtype=bool)  # includes the quiet zone
    scale = max(1, (min(width, height) - 20) // modules.shape[0])
    image = np.where(np.kron(modules, np.ones((scale, scale), dtype=bool)), 0, 255)
    frame = np.full((height, width), 200, dtype=np.uint8)
    top, left = (height - image.shape[0]) // 2, (width - image.shape[1]) // 2
    frame[top:top + image.shape[0], left:left + image.shape[1]] = image
    return frame


def write_y4m(path: Path, luma: NDArray[np.uint8], frames: int = 4) -> None:
    """A YUV 4:2:0 video of ``frames`` copies of the grey picture ``luma`` (Chromium's fake camera
    plays it in a loop)."""
    height, width = luma.shape
    chroma = np.full((height // 2) * (width // 2), 128, dtype=np.uint8).tobytes()
    header = f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode("ascii")
    with path.open("wb") as out:
        out.write(header)
        for _ in range(frames):
            out.write(b"FRAME\n" + luma.tobytes() + chroma + chroma)


def fake_camera(video: Path) -> list[str]:
    return ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}"]


def _filmed(server: str, world: World, tmp_path: Path) -> tuple[Path, str]:
    """The fake camera's 1280×720 video (scan.js scales it down before decoding) of the first
    credential's QR code, under this site's address (as this site's issuer prints it), and the
    /C/ path the page should go to."""
    digits = world.issued[0].qr_text.rsplit("/C/", 1)[1]
    video = tmp_path / "camera.y4m"
    write_y4m(video, qr_frame(f"{server}/C/{digits}", 1280, 720))
    return video, f"/C/{digits}"


def test_without_barcode_detector_the_page_decodes_the_camera_itself(
    server: str, world: World, tmp_path: Path
) -> None:
    from playwright.sync_api import expect, sync_playwright

    video, path = _filmed(server, world, tmp_path)
    with sync_playwright() as pw:
        browser = launch(pw, extra_args=fake_camera(video))
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
        page = context.new_page()
        page.add_init_script("delete window.BarcodeDetector")
        decoder: list[str] = []
        page.on("request", lambda r: decoder.append(r.url) if "/vendor/" in r.url else None)
        page.goto(f"{server}/verify")
        expect(page.locator("#start-scan")).to_be_visible()
        assert decoder == []  # the decoder is loaded only when someone scans
        page.click("#start-scan")
        page.wait_for_url(f"**{path}", timeout=30_000)
        expect(page.locator("#state")).to_have_attribute("data-result", "valid")
        expect(page.locator("#headline")).to_contain_text("证书真实有效")
        assert [u.rsplit("/", 1)[1] for u in decoder] == ["jsqr-1.4.0.js"]
        browser.close()


def test_a_denied_camera_is_explained_and_the_upload_stays(server: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser = launch(pw, extra_args=["--use-fake-device-for-media-stream"])
        context = browser.new_context(locale="zh-CN")  # no camera permission granted
        page = context.new_page()
        page.add_init_script("delete window.BarcodeDetector")
        page.goto(f"{server}/verify")
        page.click("#start-scan")
        expect(page.locator("#scan-status")).to_contain_text("摄像头权限被拒绝")
        expect(page.locator("#scan-status")).to_contain_text("upload a photo")
        expect(page.locator("#preview")).to_be_hidden()
        expect(page.locator("#file")).to_be_visible()
        browser.close()


def test_with_barcode_detector_the_browsers_own_decoder_is_used(
    server: str, world: World, tmp_path: Path
) -> None:
    from playwright.sync_api import expect, sync_playwright

    video, path = _filmed(server, world, tmp_path)
    with sync_playwright() as pw:
        browser = launch(pw, extra_args=fake_camera(video))
        page = browser.new_page(locale="zh-CN")
        page.goto(f"{server}/verify")
        native = page.evaluate("""async () => 'BarcodeDetector' in window &&
            (await BarcodeDetector.getSupportedFormats()).includes('qr_code')""")
        if not native:
            browser.close()
            pytest.skip("this Chromium has no BarcodeDetector for QR codes (Linux desktop builds "
                        "lack it); the jsQR test covers the fallback")
        decoder: list[str] = []
        page.on("request", lambda r: decoder.append(r.url) if "/vendor/" in r.url else None)
        page.click("#start-scan")
        page.wait_for_url(f"**{path}", timeout=30_000)
        expect(page.locator("#state")).to_have_attribute("data-result", "valid")
        assert decoder == []  # the browser's own decoder did it
        browser.close()


def test_a_qr_code_that_is_no_certificate_is_named_and_scanning_goes_on(
    server: str, tmp_path: Path
) -> None:
    from playwright.sync_api import expect, sync_playwright

    video = tmp_path / "camera.y4m"
    write_y4m(video, qr_frame("https://example.com/menu"))
    with sync_playwright() as pw:
        browser = launch(pw, extra_args=fake_camera(video))
        page = browser.new_page(locale="zh-CN")
        page.add_init_script("delete window.BarcodeDetector")
        page.goto(f"{server}/verify?lang=en")
        page.click("#start-scan")
        expect(page.locator("#scan-status")).to_contain_text("not a certificate's code",
                                                             timeout=30_000)
        expect(page.locator("#preview")).to_be_visible()  # still scanning
        expect(page.locator("#start-scan")).to_have_text("Stop scanning")
        page.click("#start-scan")
        expect(page.locator("#scan-status")).to_have_text("Scanning stopped.")
        expect(page.locator("#preview")).to_be_hidden()
        assert page.url.endswith("/verify?lang=en")
        browser.close()


def test_over_plain_http_the_page_says_the_camera_needs_https(server: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    port = server.rsplit(":", 1)[1]
    with sync_playwright() as pw:  # a name that is not localhost: not a secure context
        browser = launch(pw, extra_args=["--host-resolver-rules=MAP verify.example 127.0.0.1",
                                         "--use-fake-ui-for-media-stream",
                                         "--use-fake-device-for-media-stream"])
        page = browser.new_page(locale="zh-CN")
        page.goto(f"http://verify.example:{port}/verify")
        assert page.evaluate("window.isSecureContext") is False
        page.click("#start-scan")
        expect(page.locator("#scan-status")).to_contain_text("需要安全连接（https）")
        expect(page.locator("#scan-status")).to_contain_text("secure connection (https)")
        browser.close()
