"""The vendored QR decoder (jsQR, for camera scanning without BarcodeDetector) is served byte for
byte as pinned in verifier/static/vendor/jsqr/VERSION: a changed file fails here, not in a
visitor's browser."""

from __future__ import annotations

import hashlib

import pytest
from fastapi.testclient import TestClient

from ecert.app import create_verifier_app
from verifier._vendor import JSQR_URL, VENDOR_DIR


def _pin() -> dict[str, str]:
    lines = (VENDOR_DIR / "jsqr" / "VERSION").read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_verifier_app())


def test_the_served_decoder_is_the_pinned_file(client: TestClient) -> None:
    pin = _pin()
    assert (pin["package"], pin["version"], pin["license"]) == ("jsqr", "1.4.0", "Apache-2.0")
    assert pin["integrity"].startswith("sha512-") and pin["source"].endswith("jsqr-1.4.0.tgz")
    assert JSQR_URL.endswith(f"jsqr-{pin['version']}.js")  # a new version is a new URL
    answer = client.get(JSQR_URL)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/javascript")
    assert "immutable" in answer.headers["cache-control"]
    assert len(answer.content) == int(pin["bytes"])
    assert hashlib.sha256(answer.content).hexdigest() == pin["sha256"]


def test_the_license_is_served_next_to_it(client: TestClient) -> None:
    answer = client.get("/verify/static/vendor/jsqr-1.4.0.LICENSE.txt")
    assert answer.status_code == 200
    assert "Apache License" in answer.text and "Version 2.0" in answer.text


@pytest.mark.parametrize("name", ["jsQR.js", "jsqr/jsQR.js", "..%2Fscan.js", "VERSION",
                                  "jsqr-1.3.0.js"])
def test_only_the_listed_names_are_served(client: TestClient, name: str) -> None:
    assert client.get(f"/verify/static/vendor/{name}").status_code == 404


def test_the_vendor_route_is_rate_limited_like_every_public_route() -> None:
    from verifier._routing import PublicRoute
    from verifier._vendor import vendor_router

    assert vendor_router.routes and all(isinstance(r, PublicRoute) for r in vendor_router.routes)
