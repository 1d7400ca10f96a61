"""A new user's first commands: `ecert init --demo`, users, export, audit verify."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ecert.cli import main


def test_init_demo_creates_ready_to_issue_records(
    ecert_env: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["init", "--demo", "3"]) == 0
    out = capsys.readouterr().out
    assert "development admin token" in out
    token = (ecert_env / ".dev-admin-token").read_text().strip()
    assert token.startswith("ect_") and token in out
    assert (ecert_env / ".dev-admin-token").stat().st_mode & 0o077 == 0

    public = ecert_env / "public"
    assert {p.name for p in public.iterdir()} == {
        "trust-list.cbor", "status-list.cbor", "root-key.pem", "ca.pem", "audit-checkpoints"}
    assert [p.name for p in (public / "audit-checkpoints").iterdir()] == [
        "checkpoint-00000001.txt"]
    assert all(b"PRIVATE" not in p.read_bytes() for p in public.rglob("*") if p.is_file())

    assert main(["init", "--demo", "3"]) == 0  # idempotent: nothing twice
    export = tmp_path / "all.jsonl"
    assert main(["records", "export", "--out", str(export)]) == 0
    rows = [json.loads(line) for line in export.read_text().splitlines()]
    assert len(rows) == 3
    for row in rows:
        assert row["review_state"] == "approved" and row["criminal_check_done"] is True
        assert len(row["id_number"]) == 18 and "*" not in row["id_number"]
        assert (ecert_env / "artifacts" / row["photo"]).is_file()

    assert main(["users", "list", "--json"]) == 0
    users = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert [u["name"] for u in users] == ["admin"] and "token_hash" not in users[0]
    assert main(["audit", "verify"]) == 0
    assert "audit chain intact" in capsys.readouterr().out


def test_users_add_prints_token_and_rejects_bad_role(
    ecert_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "upgrade"]) == 0
    assert main(["users", "add", "张三", "--role", "clerk", "--region", "4101"]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1].startswith("ect_")
    assert main(["users", "add", "李四", "--role", "boss", "--region", "41"]) == 2
    err = capsys.readouterr().err
    assert "unknown_role" in err and "Traceback" not in err
