"""Issuance with the OFD on, end to end on SQLite: `ecert issue --json` reports the sealed OFD
and the licence identifier; an authority without a seal still gets its PDFs."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from sqlmodel import select

import keys
from core.credential import from_qr_text, parse_credential
from core.db import session_scope
from core.licence_id import is_licence_id
from core.models import Certificate, Credential
from core.settings import load_settings
from ecert.cli import main
from tests.issuer._ofd_support import NS, sm3_b64, xml

SIGNATURE = "Doc_0/Signs/Sign_0/Signature.xml"


def claims_of(line: dict):  # type: ignore[no-untyped-def]
    return parse_credential(from_qr_text(line["qr_text"])).claims


def _issue(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict]]:
    code = main(["issue", *args, "--workers", "1"])
    out = capsys.readouterr()
    return code, [json.loads(x) for x in out.out.splitlines() if x.startswith("{")]


@pytest.fixture
def demo(ecert_env: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert main(["init", "--demo", "3"]) == 0  # demo authorities get SM2 seals
    capsys.readouterr()
    return ecert_env


def test_issue_writes_a_sealed_ofd_beside_each_pdf(demo: Path, capsys) -> None:
    code, lines = _issue(capsys, "--all", "--json")
    assert code == 0 and len(lines) == 3
    trusted = keys.sm2_ca_certificates(demo / "keys")
    with session_scope() as s:
        rows = {r.certificate_id: r for r in s.exec(select(Credential)).all()}
        numbers = {c.number: c.id for c in s.exec(select(Certificate)).all()}
    for line in lines:
        row = rows[numbers[line["certificate_number"]]]
        ofd = Path(line["ofd"]).read_bytes()
        assert line["ofd"] == line["pdf"].removesuffix(".pdf") + ".ofd"
        assert is_licence_id(line["licence_id"]) and row.licence_id == line["licence_id"]
        assert row.ofd_path == f"credentials/{line['certificate_number']}/v1.ofd"
        assert row.ofd_sha256 == hashlib.sha256(ofd).hexdigest()
        files = zipfile.ZipFile(io.BytesIO(ofd))
        info = xml(files.read("OFD.xml")).find(".//ofd:DocInfo", NS)
        custom = {e.get("Name"): e.text for e in info.iterfind(".//ofd:CustomData", NS)}
        assert custom["证照标识"] == line["licence_id"]
        assert custom["证照编号"] == line["certificate_number"]
        assert custom["ecert.qr_text"] == line["qr_text"]
        # the holder code is masked as on the PDF: the file is the holder's to pass on
        assert custom["持证主体代码"] == claims_of(line).masked_id
        assert "*" in custom["持证主体代码"] and custom["持证主体代码类型"] == "111"
        claims = parse_credential(from_qr_text(custom["ecert.qr_text"])).claims
        assert claims.certificate_number == line["certificate_number"]
        signature = files.read(SIGNATURE)
        for ref in xml(signature).iterfind(".//ofd:Reference", NS):
            assert ref.findtext("ofd:CheckValue", namespaces=NS) == sm3_b64(
                files.read(ref.get("FileRef")[1:]))
        check = keys.verify_ses_signature(files.read("Doc_0/Signs/Sign_0/SignedValue.dat"),
                                          signature, trusted_cas=trusted,
                                          now=row.issued_at)
        assert check.ok, check.reason
    code, again = _issue(capsys, "--all", "--json")
    assert [x["status"] for x in again] == ["existing"] * 3
    assert {x["ofd"] for x in again} == {x["ofd"] for x in lines}
    assert {x["licence_id"] for x in again} == {x["licence_id"] for x in lines}


def test_without_a_seal_the_pdf_is_still_issued_and_the_clerk_told_why(demo: Path,
                                                                      capsys) -> None:
    for record in keys.list_seals(demo / "keys"):
        keys.revoke_seal(demo / "keys", record.authority, custodian="张三")
    with session_scope() as s:
        first, *others = s.exec(select(Certificate.number)).all()
    status, lines = _issue(capsys, first, "--json")
    assert status == 0
    (line,) = lines
    assert Path(line["pdf"]).read_bytes().startswith(b"%PDF")
    assert line["ofd"] is None and line["ofd_missing"] == "no_seal_key"
    assert is_licence_id(line["licence_id"])
    with session_scope() as s:
        row = s.exec(select(Credential)).one()
        assert row.pdf_path and row.ofd_path is None and row.ofd_sha256 is None
    assert main(["issue", "--all", "--workers", "1"]) == 0
    out = capsys.readouterr()
    assert f"issued {len(others)}" in out.out
    assert f"{len(others)}: 无电子印章" in out.err and "ecert keys seal create" in out.err
    assert not list((load_settings().artifacts_dir / "credentials").rglob("*.ofd"))


def test_ecert_ofd_off_issues_pdfs_only_even_where_seals_exist(demo: Path, capsys,
                                                               monkeypatch) -> None:
    monkeypatch.setenv("ECERT_OFD", "off")
    assert keys.list_seals(demo / "keys")  # the demo authorities have seals
    code, lines = _issue(capsys, "--all", "--json")
    assert code == 0 and len(lines) == 3
    assert all(x["ofd"] is None and x["ofd_missing"] == "ofd_off" for x in lines)
    assert all(Path(x["pdf"]).read_bytes().startswith(b"%PDF") for x in lines)
    assert not list((load_settings().artifacts_dir / "credentials").rglob("*.ofd"))
    monkeypatch.setenv("ECERT_OFD", "auto")
    with session_scope() as s:
        for row in s.exec(select(Credential)).all():
            s.delete(row)
    assert main(["issue", "--all", "--workers", "1"]) == 0
    assert "sealed OFD licences: 3" in capsys.readouterr().out
