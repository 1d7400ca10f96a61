"""``ecert keys ...``: the command contract, audit records, and one-line errors."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

import keys

from .conftest import PASS

cli = pytest.importorskip("ecert.cli_keys")
audit_models = pytest.importorskip("core.models", reason="core.models (audit table) not present")


def run(*args: str, ok: bool = True, code: int = 1) -> str:
    result = CliRunner().invoke(cli.app, list(args))
    text = result.output
    if ok:
        assert result.exit_code == 0, text
    else:
        assert result.exit_code == code, text  # 2: bad input, as `ecert` itself; 1: otherwise
        assert isinstance(result.exception, SystemExit), result.exception  # not a crash
        assert "Traceback" not in text
    return text


def fail(*args: str, code: int = 1) -> str:
    text = run(*args, ok=False, code=code)
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("错误 error:"), text
    return lines[0]


def audit_rows() -> list[tuple[str, str, str]]:
    from sqlmodel import select

    from core.db import session_scope

    with session_scope() as session:
        rows = session.exec(select(audit_models.AuditEvent)).all()
        return [(r.actor, r.action, r.entity_id) for r in rows]


def test_full_flow_records_audit(env: Path, tmp_path: Path) -> None:
    run("init", "--authority", "350500:泉州市教育局", "--custodian", "张三")
    run("create", "--authority", "410000", "--algorithm", "p256")
    listed = json.loads(run("list", "--json"))
    assert {(k["authority"], k["algorithm"], k["status"]) for k in listed} == {
        ("350500", "EdDSA", "active"),
        ("410000", "ES256", "active"),
    }
    run("rotate", "--authority", "350500", "--custodian", "李四")
    old = next(k for k in json.loads(run("list", "--json")) if k["status"] == "retired")
    run("revoke", old["kid"], "--compromised-at", "2026-01-01T08:00:00+08:00")
    run("trust-list", "--out", str(tmp_path / "tl.cbor"))
    run("export-ca", "--out", str(tmp_path / "ca.pem"))
    run("export-root", "--out", str(tmp_path / "root.pem"))
    assert "kid" in run("list")
    trust = keys.load_trust_list(
        (tmp_path / "tl.cbor").read_bytes(),
        (tmp_path / "root.pem").read_bytes(),
        now=get_settings_now(),
        grace=timedelta(0),
    )
    assert trust.key_status(old["kid"]) == "key_revoked"
    assert b"BEGIN CERTIFICATE" in (tmp_path / "ca.pem").read_bytes()
    rows = audit_rows()
    actions = [(actor, action) for actor, action, _ in rows]
    assert ("张三", "keys.create_root") in actions and ("张三", "keys.create_ca") in actions
    assert ("默认保管人", "keys.create") in actions  # ECERT_CUSTODIAN default
    # the old key retires when the trust list naming the new one is published, at once here
    assert ("李四", "keys.rotate") in actions and ("李四", "keys.publish_trust_list") in actions
    assert ("默认保管人", "keys.revoke") in actions
    assert ("默认保管人", "keys.publish_trust_list") in actions
    assert (("默认保管人", "keys.revoke", old["kid"])) in rows


def get_settings_now() -> datetime:
    from core.clock import utcnow

    return utcnow()


def test_rotate_all(env: Path) -> None:
    run("init", "--authority", "350500", "--authority", "410000")
    run("rotate", "--all")
    statuses = sorted(k["status"] for k in json.loads(run("list", "--json")))
    assert statuses == ["active", "active", "retired", "retired"]


def test_errors_are_one_red_line(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert "ecert keys init" in fail("list")
    run("init", "--authority", "350500")
    assert "unknown kid" in fail("revoke", "00112233aabbccdd")
    assert "kid must be hex" in fail("revoke", "xyz")
    assert "exactly one" in fail("rotate", code=2)
    assert "offset" in fail("revoke", "00112233aabbccdd", "--compromised-at", "2026-01-01",
                            code=2)
    assert "unknown algorithm" in fail("create", "--authority", "1", "--algorithm", "rsa", code=2)
    assert "unknown backend" in fail("create", "--authority", "1", "--backend", "hsm", code=2)
    monkeypatch.setenv("ECERT_KEY_PASSPHRASE", "wrong")
    assert "wrong passphrase" in fail("rotate", "--authority", "350500")
    assert "wrong passphrase" in fail("trust-list", "--out", str(env / "x"))


def test_wrong_key_file_type(env: Path, tmp_path: Path) -> None:
    run("init")
    (env / "root.key.pem").chmod(0o600)
    (env / "root.key.pem").write_bytes((env / "ca.cert.pem").read_bytes())
    assert "not a PEM private key" in fail("trust-list", "--out", str(tmp_path / "tl"), code=2)


def test_expired_ca(env: Path, tmp_path: Path) -> None:
    from core.clock import utcnow

    keys.init_hierarchy(
        env, passphrase=PASS, authorities=[], custodian="a", now=utcnow() - timedelta(days=4000)
    )
    assert "expired" in fail("export-ca", "--out", str(tmp_path / "ca.pem"))
    assert "expired" in fail("create", "--authority", "350500")


def test_token_errors(
    env: Path, softhsm: keys.TokenConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("init")
    monkeypatch.setenv("ECERT_PKCS11_MODULE", softhsm.module)
    monkeypatch.setenv("ECERT_PKCS11_TOKEN_LABEL", "absent-token")
    monkeypatch.setenv("ECERT_PKCS11_PIN", softhsm.pin)
    assert "not present" in fail("create", "--authority", "350500", "--backend", "pkcs11")
    monkeypatch.setenv("ECERT_PKCS11_TOKEN_LABEL", softhsm.label)
    monkeypatch.setenv("ECERT_PKCS11_PIN", "000000")
    assert "wrong PIN" in fail("create", "--authority", "350500", "--backend", "pkcs11")
    monkeypatch.setenv("ECERT_PKCS11_PIN", softhsm.pin)
    run("create", "--authority", "350500", "--backend", "pkcs11", "--algorithm", "p256")
    [record] = json.loads(run("list", "--json"))
    assert (record["backend"], record["token_label"]) == ("pkcs11", softhsm.label)


def test_production_refuses_readable_key_file(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run("init", "--authority", "350500")
    monkeypatch.setenv("ECERT_ENV", "production")
    monkeypatch.setenv("ECERT_SECRET", "k9Qv3T_xw8LpZr2mB7nYc4Hs6Jd1Fg5Ae0Ui-strong")
    monkeypatch.setenv("ECERT_ALLOW_DEV_KEYS", "false")
    monkeypatch.setenv("ECERT_ISSUER_NAME", "某某省教育厅")
    (env / "root.key.pem").chmod(0o644)
    assert "chmod 600" in fail("rotate", "--authority", "350500")
    assert "chmod 600" in fail("trust-list", "--out", str(env / "tl"))
    (env / "root.key.pem").chmod(0o600)
    run("rotate", "--authority", "350500")
