"""OFD licence files on /verify, the JSON API and ``ecert verify``: a genuine file is valid with
its seal line; any changed byte, a missing or uncovered part, or an untrusted seal fails the
seal (amber, never green) with a clear message."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.verifier import _ofd_support
from tests.verifier._ofd_support import (
    SIGNATURE,
    SIGNATURES,
    SIGNED_VALUE,
    OfdWorld,
    flip,
    rezipped,
    unsealed_parts,
    unzip,
)
from verifier._ofd import SealRoots, check_ofd, seal_roots

ofd_template, ofd_world = _ofd_support.ofd_template, _ofd_support.ofd_world  # the fixtures

OFD_TYPE = "application/ofd"


@pytest.fixture
def client(ofd_world: OfdWorld) -> Iterator[TestClient]:
    from ecert.app import create_verifier_app

    with TestClient(create_verifier_app()) as test_client:
        yield test_client


def _post(client: TestClient, data: bytes, **kw: str) -> dict:  # type: ignore[type-arg]
    response = client.post("/api/verify", files={"file": ("licence.ofd", data, OFD_TYPE)}, **kw)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def _seal(body: dict) -> dict:  # type: ignore[type-arg]
    return next(c for c in body["checks"] if c["name"] == "ofd_seal")


def test_genuine_ofd_is_valid_with_the_seal_line(client: TestClient, ofd_world: OfdWorld) -> None:
    body = _post(client, ofd_world.ofd[0])
    plain = client.post("/api/verify", json={"text": ofd_world.issued[0].qr_text}).json()
    assert body["result"] == "valid" and body["tone"] == plain["tone"]
    assert body["registration"] == plain["registration"]  # the registry's state, as for a QR
    assert body["certificate"]["number"] == ofd_world.issued[0].number
    seal = _seal(body)
    assert seal["outcome"] == "pass" and "教师资格专用章" in seal["detail"]
    assert {"signature", "status", "ofd_seal"} <= {c["name"] for c in body["checks"]}


def _anchors() -> SealRoots:
    from datetime import timedelta

    from core.clock import utcnow
    from core.settings import load_settings
    from keys import load_trust_list, root_public_key

    settings = load_settings()
    trust = load_trust_list((settings.public_dir / "trust-list.cbor").read_bytes(),
                            root_public_key(settings.keys_dir), now=utcnow(),
                            grace=timedelta(days=3))
    return seal_roots(trust, now=utcnow())


def test_every_part_with_one_changed_byte_fails_the_seal(ofd_world: OfdWorld) -> None:
    anchors = _anchors()
    assert check_ofd(ofd_world.ofd[0], anchors).ok
    parts = unzip(ofd_world.ofd[0])
    assert {SIGNATURES, SIGNATURE, SIGNED_VALUE, "OFD.xml"} <= set(parts)
    for part in parts:
        found = check_ofd(rezipped(ofd_world.ofd[0], flip(part)), anchors)
        assert not found.ok, part
        if part == SIGNATURE:
            assert "dataHash" in found.message
        elif part == SIGNED_VALUE:
            assert "SES_Signature" in found.message or "SM2" in found.message
        else:
            assert "SM3 digest mismatch" in found.message and part in found.message, part


def _authority_of(qr_text: str) -> str:
    from core.credential import from_qr_text, parse_credential

    return parse_credential(from_qr_text(qr_text)).claims.authority_code


def _binary_part(data: bytes) -> str:
    return next(p for p in unzip(data) if not p.endswith(".xml") and "/Signs/" not in p)


@pytest.mark.parametrize("part", ["OFD.xml", "Doc_0/Document.xml", "binary", SIGNATURES,
                                  SIGNATURE, SIGNED_VALUE])
def test_changed_byte_fails_the_seal_in_the_answer(client: TestClient, ofd_world: OfdWorld,
                                                   part: str) -> None:
    name = _binary_part(ofd_world.ofd[0]) if part == "binary" else part
    response = client.post("/api/verify", files={"file": ("x.ofd", rezipped(
        ofd_world.ofd[0], flip(name)), OFD_TYPE)})
    body = response.json()  # OFD.xml's flip may land in the QR text: then it is malformed (422)
    assert body["result"] != "valid" and body["tone"] != "green"
    assert _seal(body)["outcome"] == "fail"


def test_valid_credential_in_a_tampered_file_is_amber(client: TestClient,
                                                      ofd_world: OfdWorld) -> None:
    body = _post(client, rezipped(ofd_world.ofd[0], flip(_binary_part(ofd_world.ofd[0]))))
    assert body["tone"] == "amber" and body["authentic"] is True
    assert body["result"] == "ofd_seal_invalid"
    assert "OFD" in body["message"] and "PDF" not in body["message"]


def test_added_part_is_not_covered(client: TestClient, ofd_world: OfdWorld) -> None:
    def add(parts: dict[str, bytes]) -> None:
        parts["Doc_0/Res/extra.png"] = b"\x89PNG not signed"

    seal = _seal(_post(client, rezipped(ofd_world.ofd[0], add)))
    assert seal["outcome"] == "fail" and "not covered" in seal["detail"]
    assert "Doc_0/Res/extra.png" in seal["detail"]


def test_removed_part_is_a_missing_reference(client: TestClient, ofd_world: OfdWorld) -> None:
    def remove(parts: dict[str, bytes]) -> None:
        del parts[_binary_part(ofd_world.ofd[0])]

    seal = _seal(_post(client, rezipped(ofd_world.ofd[0], remove)))
    assert seal["outcome"] == "fail" and "missing part" in seal["detail"]


def test_signature_files_swapped_between_files(client: TestClient, ofd_world: OfdWorld) -> None:
    """The seal of one licence does not vouch for another's pages."""
    other = unzip(ofd_world.ofd[1])

    def graft(parts: dict[str, bytes]) -> None:
        for name in (SIGNATURE, SIGNED_VALUE):
            parts[name] = other[name]

    seal = _seal(_post(client, rezipped(ofd_world.ofd[0], graft)))
    assert seal["outcome"] == "fail" and "SM3 digest mismatch" in seal["detail"]


def test_unsealed_ofd_fails_the_seal(client: TestClient, ofd_world: OfdWorld) -> None:
    def unseal(parts: dict[str, bytes]) -> None:
        for name in (SIGNATURES, SIGNATURE, SIGNED_VALUE):
            del parts[name]
        parts["OFD.xml"] = unsealed_parts(ofd_world.issued[0].qr_text, signed=False)["OFD.xml"]

    seal = _seal(_post(client, rezipped(ofd_world.ofd[0], unseal)))
    assert seal["outcome"] == "fail" and "no electronic seal" in seal["detail"]


def test_seal_of_an_untrusted_ca_fails(client: TestClient, ofd_world: OfdWorld,
                                       tmp_path: Path) -> None:
    import keys
    from core.clock import utcnow
    from tests.verifier._ofd_support import sealed_parts, zip_parts

    keys.init_hierarchy(tmp_path / "k", passphrase=b"p" * 12, authorities=[("350500", "某局")],
                        custodian="x")
    keys.create_seal(tmp_path / "k", "350500", custodian="x", passphrase=b"p" * 12)
    rogue = keys.seal_signer(tmp_path / "k", "350500", passphrase=b"p" * 12)
    forged = zip_parts(sealed_parts(ofd_world.issued[0].qr_text, rogue, utcnow()))
    seal = _seal(_post(client, forged))
    assert seal["outcome"] == "fail" and "trusted" in seal["detail"]


def test_page_shows_the_seal_result(client: TestClient, ofd_world: OfdWorld) -> None:
    good = client.post("/verify", files={"file": ("l.ofd", ofd_world.ofd[0], OFD_TYPE)},
                       headers={"Accept": "text/html"})
    assert good.status_code == 200 and "OFD 电子印章有效" in good.text
    changed = rezipped(ofd_world.ofd[0], flip(_binary_part(ofd_world.ofd[0])))
    bad = client.post("/verify?lang=en", files={"file": ("l.ofd", changed, OFD_TYPE)},
                      headers={"Accept": "text/html"})
    assert bad.status_code == 200 and "electronic seal is invalid" in bad.text


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    from ecert.cli import main

    code = main(["verify", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_online_and_offline(ofd_world: OfdWorld, tmp_path: Path,
                                capsys: pytest.CaptureFixture[str],
                                monkeypatch: pytest.MonkeyPatch) -> None:
    good, bad = tmp_path / "good.ofd", tmp_path / "bad.ofd"
    good.write_bytes(ofd_world.ofd[0])
    bad.write_bytes(rezipped(ofd_world.ofd[0], flip("Doc_0/Document.xml")))
    code, out, _ = _run(capsys, str(good), "--json")
    assert code == 0 and _seal(json.loads(out))["outcome"] == "pass"
    public = ofd_world.home / "public"
    offline = ["--offline", "--trust-list", str(public / "trust-list.cbor"), "--status-list",
               str(public / "status-list.cbor"), "--root-key", str(public / "root-key.pem")]
    monkeypatch.setenv("ECERT_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/nothing")
    code, out, _ = _run(capsys, str(good), "--json", *offline)
    body = json.loads(out)
    assert code == 0 and body["result"] == "valid" and _seal(body)["outcome"] == "pass"
    code, out, _ = _run(capsys, str(bad), *offline)
    assert code == 1 and "ofd_seal" in out and "SM3 digest mismatch" in out


def test_cli_offline_with_a_pinned_seal_ca(ofd_world: OfdWorld, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """--seal-ca trusts an SM2 CA from a file besides the trust list's (its seal is the
    credential's own authority's: the binding holds, only the CA is new)."""
    import keys
    from core.clock import utcnow
    from tests.verifier._ofd_support import sealed_parts, zip_parts

    code = _authority_of(ofd_world.issued[0].qr_text)
    keys.init_hierarchy(tmp_path / "k", passphrase=b"p" * 12, authorities=[(code, "某局")],
                        custodian="x")
    keys.create_seal(tmp_path / "k", code, custodian="x", passphrase=b"p" * 12)
    other = keys.seal_signer(tmp_path / "k", code, passphrase=b"p" * 12)
    path = tmp_path / "other.ofd"
    path.write_bytes(zip_parts(sealed_parts(ofd_world.issued[0].qr_text, other, utcnow())))
    ca = tmp_path / "sm2-ca.der"
    ca.write_bytes(keys.sm2_ca_certificates(tmp_path / "k")[0])
    public = ofd_world.home / "public"
    offline = ["--json", "--offline", "--trust-list", str(public / "trust-list.cbor"),
               "--root-key", str(public / "root-key.pem")]
    code, out, _ = _run(capsys, str(path), *offline)
    assert code == 1 and _seal(json.loads(out))["outcome"] == "fail"
    code, out, _ = _run(capsys, str(path), *offline, "--seal-ca", str(ca))
    assert code == 0 and _seal(json.loads(out))["outcome"] == "pass"


def test_without_an_sm2_ca_the_seal_is_not_checked(ofd_world: OfdWorld) -> None:
    """A trust list that names no SM2 seal CA: the seal line says "not checked", the digests
    still count."""
    from verifier._ofd import ofd_seal_check

    check = ofd_seal_check(check_ofd(ofd_world.ofd[0], SealRoots()))
    assert check.outcome == "skip" and "no SM2 seal CA" in check.detail
    altered = rezipped(ofd_world.ofd[0], flip(_binary_part(ofd_world.ofd[0])))
    assert ofd_seal_check(check_ofd(altered, SealRoots())).outcome == "fail"


def test_the_service_checks_the_seal_of_an_uploaded_ofd(ofd_world: OfdWorld) -> None:
    from core.settings import load_settings
    from verifier._online import VerifierService

    verdict = VerifierService(load_settings()).verify_upload(ofd_world.ofd[0])
    assert next(c for c in verdict.checks if c.name == "ofd_seal").outcome == "pass"


def test_bulk_takes_ofd_files_beside_a_roster(client: TestClient, ofd_world: OfdWorld) -> None:
    """An OFD file is a ZIP like an XLSX roster: bulk verification reads it as a licence file
    (its credential and seal), and an XLSX beside it still as a roster."""
    import csv
    import io

    from core.tabular import xlsx_bytes
    from verifier._bulk import is_roster

    roster = xlsx_bytes([("名册", ("证书编号", "姓名"), [("3" * 17, "某某")])])
    tampered = rezipped(ofd_world.ofd[0], flip(_binary_part(ofd_world.ofd[0])))
    assert is_roster(roster) and not is_roster(ofd_world.ofd[0]) and not is_roster(tampered)
    response = client.post("/api/verify/bulk", files=[
        ("files", ("a.ofd", ofd_world.ofd[0], OFD_TYPE)),
        ("files", ("b.ofd", tampered, OFD_TYPE)),
        ("files", ("roster.xlsx", roster, "application/octet-stream")),
    ], data={"format": "csv"})
    assert response.status_code == 200, response.text
    body = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]
    assert [(r[0], r[-1]) for r in body] == [
        ("a.ofd", "valid"), ("b.ofd", "ofd_seal_invalid"), ("第1行 row 1", "not_found")]
    assert body[0][1] == ofd_world.issued[0].number


def test_a_genuine_credential_sealed_by_another_authority_fails_the_seal(
    client: TestClient, ofd_world: OfdWorld
) -> None:
    """A trusted seal vouches only for its own authority's credentials (or, for a province's
    seal, those of the authorities under it): another authority's seal on a genuine credential
    fails with a clear reason, amber, never green."""
    import keys
    from core.clock import utcnow
    from core.settings import load_settings
    from tests.verifier._ofd_support import sealed_parts, zip_parts

    settings = load_settings()
    code = _authority_of(ofd_world.issued[0].qr_text)
    stranger = "98" if code.startswith("99") else "99"
    keys.create_seal(settings.keys_dir, stranger, custodian="x",
                     passphrase=settings.passphrase())  # the same SM2 CA: a trusted seal
    signer = keys.seal_signer(settings.keys_dir, stranger, passphrase=settings.passphrase())
    resealed = zip_parts(sealed_parts(ofd_world.issued[0].qr_text, signer, utcnow()))
    found = check_ofd(resealed, _anchors())
    assert [s.ok for s in found.seals] == [True] and found.seals[0].authority == stranger
    assert found.authority == code and not found.ok
    body = _post(client, resealed)
    assert body["result"] == "ofd_seal_invalid" and body["tone"] == "amber"
    seal = _seal(body)
    assert seal["outcome"] == "fail" and "印章不属于证照的发证机关" in seal["detail"]
    assert f"authority {stranger}" in seal["detail"] and code in seal["detail"]
    # the seal issuance used (the authority's own, else its province's) binds
    issued = check_ofd(ofd_world.ofd[0], _anchors())
    assert issued.ok and code.startswith(issued.seals[0].authority or "-")
