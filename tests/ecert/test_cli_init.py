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
    assert [u["name"] for u in users] == ["admin", "reviewer", "clerk", "auditor", "county",
                                          "city", *(f"school{i}" for i in range(1, 6))]
    assert all("token_hash" not in u and "password_hash" not in u for u in users)
    assert main(["audit", "verify"]) == 0
    assert "audit chain intact" in capsys.readouterr().out


def test_init_demo_prints_the_development_staff_sign_ins(
    ecert_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from core.db import engine_for, session_scope
    from core.settings import load_settings
    from core.staff import sign_in
    from ecert._init import DEV_STAFF_PASSWORD

    assert main(["init", "--demo", "2"]) == 0
    out = capsys.readouterr().out
    assert "development staff sign-ins at /login" in out and DEV_STAFF_PASSWORD in out
    for name in ("admin", "reviewer", "clerk", "auditor"):
        assert name in out
    accounts = ecert_env / ".dev-staff-accounts"
    assert accounts.stat().st_mode & 0o077 == 0 and "reviewer\treviewer\t" in accounts.read_text()
    with session_scope(engine_for(load_settings())) as s:
        user, _, _ = sign_in(s, name="reviewer", password=DEV_STAFF_PASSWORD, client="test")
        assert user.role == "reviewer" and len(user.region) == 2  # the demo records' province
        assert not user.must_change_password


def test_production_init_prints_a_one_time_admin_password(
    ecert_env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from ecert._init import _ensure_admin, _ensure_admin_password

    monkeypatch.setenv("ECERT_SECRET", "x" * 8)
    assert main(["db", "upgrade"]) == 0
    from core.db import engine_for, session_scope
    from core.models import User
    from core.settings import load_settings
    from core.staff import sign_in

    settings = load_settings().model_copy(update={"env": "production"})
    assert settings.is_production
    _ensure_admin(settings)
    password = _ensure_admin_password(settings)
    assert password and len(password) >= 10
    assert _ensure_admin_password(settings) is None  # once
    with session_scope(engine_for(settings)) as s:
        user, _, _ = sign_in(s, name="admin", password=password, client="test")
        assert user.must_change_password
        assert s.get(User, user.id) is not None


def test_users_add_prints_token_and_rejects_bad_role(
    ecert_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "upgrade"]) == 0
    assert main(["users", "add", "张三", "--role", "clerk", "--region", "4101"]) == 0
    out = capsys.readouterr().out
    assert out.strip().splitlines()[-1].startswith("ect_")
    assert "initial password (shown once" in out
    assert main(["users", "add", "李四", "--role", "boss", "--region", "41"]) == 2
    err = capsys.readouterr().err
    assert "unknown_role" in err and "Traceback" not in err


def test_users_add_school_reviewer_needs_a_school_and_a_county(
    ecert_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sqlmodel import select

    from core.db import engine_for, session_scope
    from core.models import AuditEvent, User
    from core.settings import load_settings

    assert main(["db", "upgrade"]) == 0
    assert main(["users", "add", "一中", "--role", "school", "--region", "110101",
                 "--school", "第一中学", "--actor", "管理员"]) == 0
    assert "school 第一中学" in capsys.readouterr().out
    for bad in (["--region", "1101", "--school", "第一中学"], ["--region", "110101"],
                ["--role", "clerk", "--region", "110101", "--school", "第一中学"]):
        args = ["users", "add", "某人", "--role", "school", *bad]
        assert main(args) == 2
        assert "school_" in capsys.readouterr().err
    with session_scope(engine_for(load_settings())) as s:
        user = s.exec(select(User).where(User.name == "一中")).one()
        added = s.exec(select(AuditEvent).where(AuditEvent.action == "users.add")).one()
        assert user.school == "第一中学" and '"school": "第一中学"' in (added.after or "")
        assert s.exec(select(User).where(User.name == "某人")).first() is None


def test_users_password_reset_unlock_and_disable(
    ecert_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import re

    from sqlmodel import select

    import tests.staffing  # noqa: F401  (cheap hashing)
    from core.db import engine_for, session_scope
    from core.errors import NotAuthenticated
    from core.models import StaffSession, User
    from core.settings import load_settings
    from core.staff import AccountLocked, sign_in

    assert main(["db", "upgrade"]) == 0
    assert main(["users", "add", "王芳", "--role", "clerk", "--region", "11",
                 "--password", "Window-clerk-2026"]) == 0
    assert "Window-clerk-2026" not in capsys.readouterr().out  # a given password is not echoed
    engine = engine_for(load_settings())

    def attempt(password: str) -> User:
        with session_scope(engine) as s:
            try:
                return sign_in(s, name="王芳", password=password, client="cli")[0]
            except (NotAuthenticated, AccountLocked) as exc:
                failure = exc
        raise failure

    assert attempt("Window-clerk-2026").must_change_password  # changed at the first sign-in
    for _ in range(5):
        with pytest.raises((NotAuthenticated, AccountLocked)):
            attempt("wrong-password-1")
    with pytest.raises(AccountLocked):
        attempt("Window-clerk-2026")
    assert main(["users", "list"]) == 0
    assert "locked" in capsys.readouterr().out
    assert main(["users", "unlock", "王芳", "--actor", "管理员"]) == 0
    attempt("Window-clerk-2026")

    assert main(["users", "passwd", "王芳", "--actor", "管理员"]) == 0
    new = re.search(r"new password \(shown once\): (\S+)", capsys.readouterr().out)
    assert new
    with session_scope(engine) as s:  # the reset ended every session
        assert all(row.ended_at for row in s.exec(select(StaffSession)).all())
    assert attempt(new.group(1)).must_change_password
    with pytest.raises(NotAuthenticated):
        attempt("Window-clerk-2026")

    assert main(["users", "disable", "王芳", "--actor", "管理员"]) == 0
    with pytest.raises(NotAuthenticated):
        attempt(new.group(1))
    assert main(["users", "add", "接口", "--role", "clerk", "--region", "11",
                 "--no-password"]) == 0
    assert "password" not in capsys.readouterr().out
