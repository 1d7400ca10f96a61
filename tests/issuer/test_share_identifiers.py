"""Licence identifiers and metadata at issuance: stored with every credential version, printed
on the PDF's verification page, in the holder's JSON credential and in the verifier's answer."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pymupdf
import pytest
from sqlmodel import col, select
from stdnum.iso7064 import mod_37_36

from core.db import session_scope
from core.licence_id import LICENCE_ID_PREFIX, parse_licence_id
from core.models import AuditEvent, Authority, Certificate, Credential
from core.settings import load_settings
from ecert.cli import main
from issuer._holder import credential_json
from issuer._licence import licence_metadata
from verifier import VerifierService


def _issue(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, object]]:
    assert main(["issue", *args, "--json", "--workers", "1"]) == 0
    return [json.loads(x) for x in capsys.readouterr().out.splitlines() if x.startswith("{")]


@pytest.fixture
def demo(ecert_env: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert main(["init", "--demo", "2"]) == 0
    capsys.readouterr()
    return ecert_env


def _credentials() -> list[tuple[Credential, Certificate, Authority]]:
    with session_scope() as s:
        return list(s.exec(select(Credential, Certificate, Authority)
                           .join(Certificate, col(Certificate.id) == Credential.certificate_id)
                           .join(Authority, col(Authority.id) == Certificate.authority_id)
                           .order_by(col(Credential.id))).all())


def test_every_issued_version_carries_its_identifier(demo: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    _issue(capsys, "--all")
    rows = _credentials()
    assert len(rows) == 2
    for cred, cert, authority in rows:
        assert cred.licence_id is not None and authority.uscc
        parsed = parse_licence_id(cred.licence_id)
        assert (parsed.type_code, parsed.issuer_code, parsed.serial, parsed.version) == (
            load_settings().licence_type_code, authority.uscc, cert.number, cred.version)
        # the check character, by the standard's own routine over the undotted parts
        assert mod_37_36.is_valid(cred.licence_id[len(LICENCE_ID_PREFIX) + 1:].replace(".", ""))
        # printed on the verification page (broken at dots), never the ID number
        assert cred.pdf_path is not None
        with pymupdf.open(demo / "artifacts" / cred.pdf_path) as doc:
            last = "".join(doc[-1].get_text().split())
        assert cred.licence_id in last and "电子证照标识" in last
        assert credential_json(cert, cred)["licence_id"] == cred.licence_id
    with session_scope() as s:
        issued = s.exec(select(AuditEvent).where(AuditEvent.action == "credentials.issue")).all()
    assert {json.loads(e.after or "{}")["licence_id"] for e in issued} == {
        c.licence_id for c, _, _ in rows}


def test_the_verifier_answers_the_identifier_online(demo: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    line = _issue(capsys, "--all")[0]
    verdict = VerifierService(load_settings()).verify(str(line["qr_text"]))
    assert verdict.result == "valid" and verdict.certificate is not None
    (cred,) = [c for c, cert, _ in _credentials() if cert.number == line["certificate_number"]]
    assert verdict.certificate.licence_id == cred.licence_id
    assert verdict.to_dict()["certificate"]["licence_id"] == cred.licence_id


def test_an_authority_without_a_uscc_issues_without_an_identifier(
        demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with session_scope() as s:
        for authority in s.exec(select(Authority)).all():
            authority.uscc = None
            s.add(authority)
    assert {x["status"] for x in _issue(capsys, "--all")} == {"issued"}
    assert [c.licence_id for c, _, _ in _credentials()] == [None, None]


def test_the_type_code_setting_is_used(demo: Path, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ECERT_LICENCE_TYPE_CODE", "11100000000000001A001")
    _issue(capsys, "--all")
    assert {parse_licence_id(c.licence_id or "").type_code for c, _, _ in _credentials()} == {
        "11100000000000001A001"}


def test_metadata_never_prints_the_holder_code() -> None:
    meta = licence_metadata(
        type_code="T1", number="20151101042000001", version=2, licence_id=None,
        issuer_name="北京市东城区教育委员会", issuer_code="11110000D00011010A",
        issue_date=date(2015, 7, 1), holder_name="李小梅", id_type="resident_id",
        holder_code="110105199003070126")
    assert "110105199003070126" not in repr(meta)
    assert meta.public().holder_code == ""
    pairs = meta.custom_datas()
    assert [name for name, _ in pairs][:4] == ["证照名称", "证照类型代码", "证照编号", "证照标识"]
    assert dict(pairs)["持证主体代码类型"] == "111" and dict(pairs)["证照有效期截止日期"] == "长期"
    assert dict(pairs)["证照标识"] == "" and dict(pairs)["证照颁发日期"] == "2015-07-01"
    assert meta.as_dict()["version"] == 2


def test_a_platform_downloads_and_verifies_an_issued_licence(
        demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """End to end through the real verifier: the PDF (and the OFD, when issuance wrote one)
    fetched by identifier verifies, and the verdict names the same identifier."""
    from fastapi.testclient import TestClient

    from ecert.app import create_app
    from tests.issuer._share_support import Platform, new_client

    line = _issue(capsys, "--all")[0]
    licence_id = str(line["licence_id"])
    platform = Platform(TestClient(create_app()), *new_client())
    formats = ["pdf"] + (["ofd"] if line.get("ofd") else [])
    for fmt in formats:
        got = platform.call("GET", f"/api/share/licences/{licence_id}/file",
                            {"use_cause": "核验", "item_code": "ITEM-9", "format": fmt})
        assert got.status_code == 200, got.text
        verdict = platform.call("POST", "/api/share/verify",
                                {"use_cause": "核验", "item_code": "ITEM-9"}, body=got.content)
        assert verdict.status_code == 200, verdict.text
        body = verdict.json()
        assert body["result"] == "valid" and body["certificate"]["licence_id"] == licence_id
