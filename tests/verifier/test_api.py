"""The public JSON API and pages through the ASGI app (no network)."""

from __future__ import annotations

import contextlib
import logging
import re
import struct
import zlib
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.verifier._support import page_image, photo_of_print, png_bytes, set_status, tampered
from tests.verifier.conftest import World, publish_lists


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    from ecert.app import create_verifier_app

    with TestClient(create_verifier_app()) as test_client:
        yield test_client


def _fresh_client() -> TestClient:
    """An app built now, from the environment as the test has set it."""
    from ecert.app import create_verifier_app

    return TestClient(create_verifier_app())


def _digits(qr_text: str) -> str:
    return qr_text.rsplit("/C/", 1)[1]


def test_api_verify_json(client: TestClient, world: World) -> None:
    item = world.issued[0]
    body = client.post("/api/verify", json={"text": item.qr_text}).json()
    assert body["result"] == "valid" and body["authentic"] is True
    assert body["certificate"]["number"] == item.number
    assert body["certificate"]["qualification_label"].endswith("教师资格")
    assert {c["name"] for c in body["checks"]} >= {"format", "signature", "status"}
    assert body["lang"] == "zh" and "证书真实有效" in body["message"]
    english = client.post("/api/verify?lang=en", json={"text": item.qr_text}).json()
    assert english["message"].startswith("Genuine")
    accept = client.post("/api/verify", json={"text": item.qr_text},
                         headers={"Accept-Language": "en-GB,en;q=0.9"}).json()
    assert accept["lang"] == "en"


def test_api_verify_results_are_not_errors(client: TestClient, world: World) -> None:
    bad = client.post("/api/verify", json={"text": tampered(world.issued[0].qr_text)})
    assert bad.status_code == 200 and bad.json()["result"] == "invalid_signature"
    junk = client.post("/api/verify", json={"text": "not a credential"})
    # not a credential at all: the client's error (issue 11 item 7), the verdict shape kept
    assert junk.status_code == 422 and junk.json()["result"] == "malformed"
    assert junk.json()["error"]["code"] == "malformed"
    assert "wrong_prefix" in junk.json()["checks"][0]["detail"]


def test_api_verify_upload_image_and_pdf(client: TestClient, world: World) -> None:
    item = world.issued[1]
    png = png_bytes(page_image(item.pdf))
    body = client.post("/api/verify", files={"file": ("page.png", png, "image/png")}).json()
    assert (body["result"], body["certificate"]["number"]) == ("valid", item.number)
    photo = photo_of_print(item.pdf)
    body = client.post("/api/verify", files={"file": ("photo.jpg", photo, "image/jpeg")}).json()
    assert body["certificate"]["number"] == item.number
    pdf = client.post("/api/verify", files={"file": ("c.pdf", item.pdf.read_bytes(),
                                                     "application/pdf")}).json()
    assert pdf["result"] == "valid"
    assert "pdf_signature" in {c["name"] for c in pdf["checks"]}


def test_upload_without_qr_is_malformed(client: TestClient) -> None:
    import numpy as np

    blank = png_bytes(np.full((200, 300), 255, np.uint8))
    body = client.post("/api/verify", files={"file": ("x.png", blank, "image/png")}).json()
    assert body["result"] == "malformed" and "no_qr_found" in body["checks"][0]["detail"]


def _png_header(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(ihdr)) + chunk
            + struct.pack(">I", zlib.crc32(chunk)) + b"\x00" * 64)


def _real_bomb(kind: str) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("L", (7000, 7000), 255).save(out, kind)  # 49 MP of white: tiny on disk
    return out.getvalue()


def test_uploads_are_limited(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, data in [("b.png", _png_header(60000, 60000)), ("r.png", _real_bomb("PNG")),
                       ("r.jpg", _real_bomb("JPEG"))]:
        bomb = client.post("/api/verify", files={"file": (name, data, "image/png")})
        assert bomb.status_code == 422 and bomb.json()["error"]["code"] == "image_too_large"
    exe = client.post("/api/verify", files={"file": ("x.jpg", b"MZ\x90\x00" * 100, "image/jpeg")})
    assert exe.status_code == 415 and exe.json()["error"]["code"] == "unsupported_type"

    monkeypatch.setenv("ECERT_MAX_UPLOAD_BYTES", "1000")
    big = _fresh_client().post("/api/verify", files={"file": ("b.png", b"\x89PNG" + b"0" * 5000,
                                                              "image/png")})
    assert big.status_code == 413 and big.json()["error"]["code"] == "upload_too_large"


def test_qr_page_shows_verdict_and_photo(client: TestClient, world: World) -> None:
    item = world.issued[0]
    page = client.get(f"/C/{_digits(item.qr_text)}")
    assert page.status_code == 200 and "证书真实有效" in page.text
    assert 'data-result="valid"' in page.text and "data:image/jpeg;base64," in page.text
    assert page.headers["cache-control"] == "no-store"
    lower = client.get(f"/c/{_digits(item.qr_text)}?lang=en")
    assert "Genuine" in lower.text
    bad = client.get(f"/C/{_digits(tampered(item.qr_text))}")
    assert 'data-result="invalid_signature"' in bad.text and "data:image" not in bad.text


def test_verify_form_never_shows_photo(client: TestClient, world: World) -> None:
    item = world.issued[0]
    page = client.post("/verify", data={"text": item.qr_text})
    assert 'data-result="valid"' in page.text and "data:image" not in page.text


def test_user_text_is_escaped(client: TestClient) -> None:
    page = client.post("/verify", data={"text": "<script>alert(1)</script>/C/"})
    assert "<script>alert(1)" not in page.text


def test_full_id_number_never_leaks(client: TestClient, world: World,
                                    caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    for item in world.issued:
        digits = _digits(item.qr_text)
        responses = [
            client.get(f"/C/{digits}"), client.post("/api/verify", json={"text": item.qr_text}),
            client.post("/verify", data={"text": item.qr_text}),
            client.post("/api/lookup", json={"number": item.number, "name": "x"}),
        ]
        for response in responses:
            assert item.id_number not in response.text
            assert item.id_number[6:14] not in re.sub(r"\d{17,}", "", response.text)
        assert item.id_number not in caplog.text


def _name(client: TestClient, item_text: str) -> str:
    body = client.post("/api/verify", json={"text": item_text}).json()
    return str(body["certificate"]["name"])


def test_lookup_same_shape_for_missing_and_wrong_name(client: TestClient, world: World) -> None:
    item = world.issued[0]
    name = _name(client, item.qr_text)
    hit = client.post("/api/lookup", json={"number": item.number, "name": name}).json()
    assert hit["match"] is True and hit["result"] == "valid"
    assert "photo" not in str(hit) and "masked" not in str(hit)
    wrong = client.post("/api/lookup", json={"number": item.number, "name": name + "甲"}).json()
    missing = client.post("/api/lookup", json={"number": "2" * 17, "name": name}).json()
    assert set(hit) == set(wrong) == set(missing)
    assert {k: v for k, v in wrong.items() if k != "number"} == \
        {k: v for k, v in missing.items() if k != "number"}
    assert wrong["match"] is False and wrong["result"] == "not_found"
    page = client.post("/lookup", data={"number": item.number, "name": name})
    assert 'data-result="valid"' in page.text


def test_lookup_shows_revocation(client: TestClient, world: World) -> None:
    item = world.issued[0]
    name = _name(client, item.qr_text)
    set_status(item.number, status="revoked")
    body = client.post("/api/lookup", json={"number": item.number, "name": name}).json()
    assert (body["match"], body["result"]) == (True, "revoked")


def test_rate_limit(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    from ecert.app import create_verifier_app

    monkeypatch.setenv("ECERT_PUBLIC_RATE_LIMIT", "5")
    with TestClient(create_verifier_app()) as client:
        codes = [client.post("/api/verify", json={"text": "x"}).status_code for _ in range(7)]
        assert codes[:5] == [422] * 5 and codes[5] == 429  # "x" is malformed: 422
        limited = client.post("/api/verify", json={"text": "x"})
        assert int(limited.headers["retry-after"]) >= 1
        assert limited.json()["error"]["code"] == "rate_limited"


def test_well_known_lists(client: TestClient, world: World) -> None:
    for name in ("trust-list.cbor", "status-list.cbor"):
        response = client.get(f"/.well-known/ecert/{name}")
        assert response.status_code == 200
        assert response.content == (world.public / name).read_bytes()
        max_age = int(response.headers["cache-control"].split("max-age=")[1])
        assert 0 < max_age <= 86400
        assert response.headers["last-modified"].endswith("GMT")
        again = client.get(f"/.well-known/ecert/{name}",
                           headers={"If-None-Match": response.headers["etag"]})
        assert again.status_code == 304
    (world.public / "status-list.cbor").unlink()
    gone = client.get("/.well-known/ecert/status-list.cbor")
    assert gone.status_code == 503 and gone.json()["error"]["code"] == "status_list_unavailable"


def test_unpublished_trust_list_is_a_clear_503(client: TestClient, world: World) -> None:
    (world.public / "trust-list.cbor").unlink()
    response = client.post("/api/verify", json={"text": world.issued[0].qr_text})
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "trust_list_unavailable"


def test_new_lists_are_picked_up(client: TestClient, world: World) -> None:
    item = world.issued[0]
    assert client.post("/api/verify", json={"text": item.qr_text}).json()["result"] == "valid"
    set_status(item.number, status="forfeited")
    publish_lists(world.home)
    assert client.post("/api/verify", json={"text": item.qr_text}).json()["result"] == \
        "forfeited"


def test_openapi_documents_verify(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    post = spec["paths"]["/api/verify"]["post"]
    assert set(post["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    assert "VerdictModel" in str(post["responses"]["200"])
    assert "/api/lookup" in spec["paths"] and "/api/verify/bulk" in spec["paths"]


def test_json_matches_the_documented_model(client: TestClient, world: World) -> None:
    from verifier._schema import VerdictModel
    from verifier.api import MalformedModel

    for text in (world.issued[0].qr_text, tampered(world.issued[0].qr_text), "x"):
        response = client.post("/api/verify", json={"text": text})
        model = MalformedModel if response.status_code == 422 else VerdictModel
        body = response.json()
        assert model.model_validate(body).model_dump(mode="json") == body


@pytest.mark.parametrize("payload", [b"not json", b'{"txt": 1}', b'{"text": 5}'])
def test_bad_json_body_is_a_clear_422(client: TestClient, payload: bytes) -> None:
    response = client.post("/api/verify", content=payload,
                           headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_request"


def _pdf_check(client: TestClient, pdf: bytes, result: str) -> dict[str, str]:
    body = client.post("/api/verify", files={"file": ("c.pdf", pdf, "application/pdf")}).json()
    assert body["result"] == result
    return next(c for c in body["checks"] if c["name"] == "pdf_signature")


def test_pdf_signature_is_checked(client: TestClient, world: World) -> None:
    pdf = world.issued[0].pdf.read_bytes()
    assert _pdf_check(client, pdf, "valid")["outcome"] == "pass"
    appended = pdf + b"\n% appended after signing\n"
    assert _pdf_check(client, appended, "pdf_signature_invalid")["outcome"] == "fail"


def test_verify_page_and_static_files(client: TestClient) -> None:
    page = client.get("/verify")
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.text
    assert 'id="camera" hidden' in page.text  # shown by scan.js only where BarcodeDetector exists
    assert client.get("/verify/static/scan.js").text.count("BarcodeDetector") >= 1
    assert client.get("/verify/static/verifier.css").headers["content-type"].startswith("text/css")
    assert client.get("/verify/static/api.py").status_code == 404


def test_declared_oversize_refused_before_parsing(world: World,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ECERT_MAX_UPLOAD_BYTES", "10")  # read when the app is built
    client = _fresh_client()
    body = b"x" * (70 * 1024)
    response = client.post("/api/verify", content=body,
                           headers={"content-type": "multipart/form-data; boundary=zz"})
    assert response.status_code == 413
    assert client.get("/verify", headers={"content-length": "0"}).status_code == 200


def test_ipv6_clients_share_a_limit_per_64_network(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One subscriber can use any address of its /64: they must not each get a fresh bucket."""
    from ecert.app import create_verifier_app

    monkeypatch.setenv("ECERT_PUBLIC_RATE_LIMIT", "3")
    app = create_verifier_app()

    def status(host: str) -> int:
        client = TestClient(app, client=(host, 40000))
        return client.post("/api/verify", json={"text": "x"}).status_code

    same_64 = [f"2001:db8:1:2::{n:x}" for n in range(1, 5)]
    assert [status(host) for host in same_64] == [422, 422, 422, 429]  # "x": malformed
    assert status("2001:db8:1:3::1") == 422  # another /64: another client
    assert [status(h) for h in ("192.0.2.7", "::ffff:192.0.2.7", "192.0.2.7")] == [422, 422, 422]
    assert status("192.0.2.7") == 429  # an IPv4-mapped address is that IPv4 client


@pytest.mark.parametrize(("host", "key"), [
    ("192.0.2.7", "192.0.2.7"),
    ("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"),
    ("::ffff:192.0.2.7", "192.0.2.7"),
    ("testclient", "testclient"),
    ("", "unknown"),
])
def test_client_key(host: str, key: str) -> None:
    from core.web import address_key

    assert address_key(host) == key


@contextlib.contextmanager
def _served(world: World, *args: str, limit: int) -> Iterator[str]:
    """``ecert serve --only verifier ARGS`` as a real process; yields the /verify page's URL."""
    import os
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "ECERT_HOME": str(world.home), "ECERT_ENV": "development",
           "ECERT_PUBLIC_RATE_LIMIT": str(limit)}
    env.pop("ECERT_DATABASE_URL", None)
    env.pop("ECERT_RATE_LIMIT_FILE", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "ecert.cli", "serve", "--only", "verifier", "--port", str(port),
         *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/verify"  # a public page: rate-limited like the API
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(url, timeout=1)  # the proxy's own address: a client of its own
                break
            except httpx.TransportError:
                assert proc.poll() is None and time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _get_as(url: str, client: str) -> int:
    import httpx

    # a new connection each time, so that requests spread over the worker processes
    return httpx.get(url, headers={"X-Forwarded-For": client}, timeout=10).status_code


def test_serve_takes_the_client_from_a_trusted_proxy(world: World) -> None:
    """``ecert serve`` behind a proxy: X-Forwarded-For from a listed proxy names the client."""
    with _served(world, "--forwarded-allow-ips", "127.0.0.1", limit=2) as url:
        assert [_get_as(url, "198.51.100.1") for _ in range(3)] == [200, 200, 429]
        assert _get_as(url, "198.51.100.2") == 200  # another client behind the same proxy
        assert _get_as(url, "2001:db8:1:2::1") == 200
        assert _get_as(url, "2001:db8:1:2::2") == 200
        assert _get_as(url, "2001:db8:1:2::3") == 429  # the same /64


def test_serve_with_several_workers_keeps_one_budget_per_client(world: World) -> None:
    """Two worker processes share the buckets: a client gets the limit once, not once per worker."""
    with _served(world, "--workers", "2", limit=3) as url:
        codes = [_get_as(url, "198.51.100.7") for _ in range(8)]
        assert codes.count(200) == 3 and codes[:3] == [200] * 3
    assert (world.home / "run" / "ratelimit.sqlite").is_file()


def test_serve_refuses_a_wildcard_or_bad_proxy_list() -> None:
    from typer.testing import CliRunner

    from ecert.cli import app

    for value in ("*", "proxy.example"):
        result = CliRunner().invoke(app, ["serve", "--forwarded-allow-ips", value])
        assert result.exit_code == 2 and "forwarded-allow-ips" in result.output
