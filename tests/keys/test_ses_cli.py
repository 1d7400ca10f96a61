"""``ecert keys seal ...``: create, list, publish, rotate, revoke, audited, one-line errors."""

from __future__ import annotations

import json
import stat
from datetime import timedelta
from pathlib import Path

import pytest

import keys
from core.clock import utcnow

from .test_cli import audit_rows, fail, run

pytest.importorskip("ecert.cli_seal")


def test_seal_lifecycle_is_audited_and_published(env: Path, tmp_path: Path) -> None:
    run("init", "--authority", "350500:泉州市教育局", "--custodian", "张三")
    run("seal", "create", "--authority", "350500", "--custodian", "张三")
    listed = json.loads(run("seal", "list", "--json"))
    assert [(s["authority"], s["status"]) for s in listed] == [("350500", "active")]
    assert "350500" in run("seal", "list")  # the table (narrow in tests: names are cut)
    assert listed[0]["name"] == "泉州市教育局教师资格专用章"

    out = tmp_path / "pub"
    run("seal", "publish", "--authority", "350500", "--out", str(out))
    assert {p.name for p in out.iterdir()} == {"sm2-seal-ca.cer", "350500-seal.cer", "350500.esl"}
    assert (out / "sm2-seal-ca.cer").read_bytes() == keys.sm2_ca_certificates(env)[0]

    run("seal", "rotate", "--authority", "350500", "--custodian", "李四")
    run("seal", "revoke", "--authority", "350500", "--custodian", "王五")
    assert [s["status"] for s in json.loads(run("seal", "list", "--json"))] == [
        "retired", "revoked"]
    actions = [(actor, action) for actor, action, _ in audit_rows() if "seal" in action]
    assert actions == [
        ("张三", "keys.seal_create_ca"), ("张三", "keys.seal_create"),
        ("李四", "keys.seal_rotate"), ("王五", "keys.seal_revoke"),
    ]
    for path in (env / "sm2").rglob("*.key.pem"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_revocation_reaches_the_published_trust_list(env: Path) -> None:
    from core.settings import load_settings
    from ecert._keys_support import published_list

    run("init", "--authority", "350500:泉州市教育局")
    run("seal", "create", "--authority", "350500")
    run("seal", "revoke", "--authority", "350500")
    data = published_list(load_settings())
    assert data is not None
    trust = keys.load_trust_list(data, keys.root_public_key(env), now=utcnow(),
                                 grace=timedelta(0))
    assert trust.sm2_ca_certificate == keys.sm2_ca_certificates(env)[0]
    assert len(trust.revoked_seals) == 1


def test_errors_are_one_line(env: Path) -> None:
    run("init", "--authority", "350500:泉州市教育局")
    assert "no seal for authority" in fail("seal", "rotate", "--authority", "350500")
    assert "seal" in fail("seal", "revoke", "--authority", "350500")
    assert "seal" in fail("seal", "publish", "--authority", "350500")
    run("seal", "create", "--authority", "350500")
    assert "already has an active seal" in fail("seal", "create", "--authority", "350500")
    fail("seal", "create", "--authority", "bad code!", code=2)
