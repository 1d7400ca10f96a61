"""Issue 11 item 7: a malformed credential (here: validly signed, with a CBOR tag 36 claim) is a
clean ``malformed`` answer on every path -- HTTP 422 with a machine-readable code (an HTML page
for browsers), CLI exit 2 -- and hostile but validly signed lists are refused, never a crash."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cbor2
import pytest
from fastapi.testclient import TestClient

from core.cose import envelope, protected_header, sig_structure, sign1
from core.credential import from_qr_text, parse_credential, to_qr_text
from core.settings import load_settings
from core.statuslist import CONTENT_TYPE as STATUS_CTY
from keys import Keystore, root_public_key, root_signer
from keys._trustlist import CONTENT_TYPE as TRUST_CTY
from tests.verifier._support import PUBLIC_URL, png_bytes
from tests.verifier.conftest import World


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    from ecert.app import create_verifier_app

    with TestClient(create_verifier_app(), raise_server_exceptions=False) as test_client:
        yield test_client


def _tagged_credential(qr_text: str, key: int = 2) -> str:
    """The issued credential with claim ``key`` replaced by a tag-36 value, validly re-signed."""
    parsed = parse_credential(from_qr_text(qr_text))
    claims = dict(cbor2.loads(parsed.payload))
    claims[key] = cbor2.CBORTag(36, "Subject: x\n\nbody")
    payload = cbor2.dumps(claims)
    signer = _credential_signer(parsed.kid)
    protected = protected_header(signer.algorithm, bytes(signer.kid))
    cose = envelope(protected, payload, signer.sign(sig_structure(protected, payload)))
    return to_qr_text(cose, PUBLIC_URL)


def _credential_signer(kid: bytes) -> Any:
    """The file signer of the key that signed the issued credential (whatever its state now)."""
    from keys import load_file_signer

    settings = load_settings()
    return load_file_signer(settings.keys_dir / "signing" / f"{kid.hex()}.key.pem",
                            settings.passphrase())


def _digits(qr_text: str) -> str:
    return qr_text.rsplit("/C/", 1)[1]


def _assert_malformed_json(response: Any) -> None:
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["error"]["code"] == "malformed" and body["result"] == "malformed"


def test_tag_claim_is_malformed_on_api_verify(client: TestClient, world: World) -> None:
    text = _tagged_credential(world.issued[0].qr_text)
    _assert_malformed_json(client.post("/api/verify", json={"text": text}))


def test_tag_claim_is_malformed_on_api_verify_upload(client: TestClient, world: World) -> None:
    import numpy as np
    import qrcode

    text = _tagged_credential(world.issued[0].qr_text)
    image = qrcode.make(text, box_size=4).convert("L")
    png = png_bytes(np.asarray(image, dtype=np.uint8))
    _assert_malformed_json(client.post("/api/verify",
                                       files={"file": ("qr.png", png, "image/png")}))


def test_tag_claim_is_malformed_on_the_qr_page(client: TestClient, world: World) -> None:
    text = _tagged_credential(world.issued[0].qr_text)
    page = client.get("/C/" + _digits(text))
    assert page.status_code == 422 and page.headers["content-type"].startswith("text/html")
    assert "无法识别" in page.text


def test_tag_claim_is_malformed_on_the_verify_form(client: TestClient, world: World) -> None:
    text = _tagged_credential(world.issued[0].qr_text)
    page = client.post("/verify", data={"text": text})
    assert page.status_code == 422 and page.headers["content-type"].startswith("text/html")


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    from ecert.cli import main

    code = main(["verify", *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _offline_args(world: World, tmp_path: Path, *, trust: bytes | None = None,
                  status: bytes | None = None) -> list[str]:
    root = tmp_path / "root.pub"
    root.write_bytes(root_public_key(world.home / "keys"))
    trust_file, status_file = tmp_path / "trust.cbor", tmp_path / "status.cbor"
    listed_trust, listed_status = world.lists()
    trust_file.write_bytes(listed_trust if trust is None else trust)
    status_file.write_bytes(listed_status if status is None else status)
    return ["--offline", "--trust-list", str(trust_file), "--status-list", str(status_file),
            "--root-key", str(root)]


def test_tag_claim_is_exit_2_offline_and_online(world: World, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    text = _tagged_credential(world.issued[0].qr_text)
    code, out = _cli(capsys, text, "--json", *_offline_args(world, tmp_path))
    assert code == 2 and "internal error" not in out
    assert json.loads(out.splitlines()[0])["result"] == "malformed"
    code, out = _cli(capsys, text, "--json")
    assert code == 2 and "internal error" not in out


def _root_sign(world: World, payload: bytes, content_type: str) -> bytes:
    signer = root_signer(Keystore(world.home / "keys"), load_settings().passphrase())
    return sign1(payload, signer, content_type=content_type)


def _hostile_status(world: World) -> bytes:
    """The published status list re-signed by the root under a header whose alg is an array."""
    signer = root_signer(Keystore(world.home / "keys"), load_settings().passphrase())
    payload = cbor2.loads(world.lists()[1]).value[2]
    protected = cbor2.dumps({1: [-8], 3: STATUS_CTY, 4: bytes(signer.kid)})
    signature = signer.sign(cbor2.dumps(["Signature1", protected, b"", payload]))
    return cbor2.dumps(cbor2.CBORTag(18, [protected, {}, payload, signature]))


def _hostile_trust(world: World) -> bytes:
    body = dict(cbor2.loads(cbor2.loads(world.lists()[0]).value[2]))
    body["issued_at"] = 2**62
    return _root_sign(world, cbor2.dumps(body), TRUST_CTY)


@pytest.mark.parametrize("which", ["trust", "status"])
def test_hostile_signed_lists_are_exit_2_offline(world: World, tmp_path: Path, which: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    hostile = {which: _hostile_trust(world) if which == "trust" else _hostile_status(world)}
    code, out = _cli(capsys, world.issued[0].qr_text, "--json",
                     *_offline_args(world, tmp_path, **hostile))
    assert code == 2 and "internal error" not in out and "list" in out


def test_hostile_signed_status_list_online_is_a_clean_503(client: TestClient,
                                                          world: World) -> None:
    (world.public / "status-list.cbor").write_bytes(_hostile_status(world))
    response = client.post("/api/verify", json={"text": world.issued[0].qr_text})
    assert response.status_code in (200, 503), response.text
    assert "error" not in response.json() or response.json()["error"]["code"] != "internal_error"


def test_malformed_reasons_keep_their_detail(client: TestClient) -> None:
    response = client.post("/api/verify", json={"text": "not a credential"})
    _assert_malformed_json(response)
    assert "wrong_prefix" in response.json()["error"]["message"]
