"""``POST /api/share/verify`` judges a platform's file in the verifier's upload pool (a worker
process with a time limit, on one of the platform's upload slots), with the same verdict as
the public upload: a genuine signed PDF is valid, a tampered one is not, junk is refused."""

from __future__ import annotations

from contextlib import ExitStack

import pytest
from fastapi.testclient import TestClient

from core.db import session_scope
from core.settings import load_settings
from ecert.app import create_app
from issuer._share_auth import add_client
from tests.issuer._share_support import Platform, fresh_limits  # noqa: F401 (a fixture)
from tests.verifier.conftest import World
from verifier._uploads import MAX_UPLOADS_PER_CLIENT, client_slot

pytestmark = pytest.mark.usefixtures("fresh_limits")


@pytest.fixture
def platform(world: World) -> Platform:
    with session_scope() as s:
        client, secret = add_client(s, name="平台", region="", actor="test",
                                    app_secret=load_settings().secret)
        access_id = client.access_id
    return Platform(TestClient(create_app()), access_id, secret)


def test_a_genuine_pdf_is_valid_and_the_holder_id_stays_masked(world: World,
                                                               platform: Platform) -> None:
    issued = world.issued[0]
    r = platform.call("POST", "/api/share/verify", body=issued.pdf.read_bytes())
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["result"] == "valid" and body["certificate"]["number"] == issued.number
    assert issued.id_number not in r.text


def test_a_changed_pdf_is_not_valid(world: World, platform: Platform) -> None:
    data = bytearray(world.issued[0].pdf.read_bytes())
    at = data.index(b"/Contents <") + 20  # inside the signature's value
    data[at] = ord("0") if data[at] != ord("0") else ord("1")
    r = platform.call("POST", "/api/share/verify", body=bytes(data))
    assert r.status_code == 200, r.text
    assert r.json()["result"] != "valid"


def test_junk_is_refused_with_a_code(platform: Platform) -> None:
    r = platform.call("POST", "/api/share/verify", body=b"%PDF-1.7 not a licence")
    assert r.status_code in (200, 422) and "Traceback" not in r.text
    assert r.json().get("result", "malformed") == "malformed" or r.json()["error"]["code"]


def test_a_platform_holding_every_upload_slot_is_told_to_wait(world: World,
                                                               platform: Platform) -> None:
    with ExitStack() as held:
        for _ in range(MAX_UPLOADS_PER_CLIENT):
            held.enter_context(client_slot(f"share:{platform.access_id}"))
        busy = platform.call("POST", "/api/share/verify", body=world.issued[0].pdf.read_bytes())
    assert busy.status_code == 429 and busy.json()["error"]["code"] == "uploads_in_progress"
