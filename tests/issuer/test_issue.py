"""Issuance: idempotent, crash-safe, refuses what must not be issued; output verifies."""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import select

import issuer._issuance
from core.credential import from_qr_text, parse_credential
from core.db import session_scope
from core.models import Certificate, Credential
from core.registry import update_certificate
from core.settings import load_settings
from ecert.cli import main
from keys import list_keys, revoke_key, verify
from tests.procs import live_members


def _issue(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict]]:
    code = main(["issue", *args, "--json", "--workers", "1"])
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines() if x.startswith("{")]
    return code, lines


@pytest.fixture
def demo(ecert_env: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert main(["init", "--demo", "3"]) == 0
    capsys.readouterr()
    return ecert_env


def _credentials() -> int:
    with session_scope() as s:
        return int(s.exec(select(func.count()).select_from(Credential)).one())


def test_issue_all_is_idempotent_and_verifiable(demo: Path, capsys) -> None:
    code, lines = _issue(capsys, "--all")
    assert code == 0 and [x["status"] for x in lines] == ["issued"] * 3
    for line in lines:
        assert Path(line["pdf"]).read_bytes().startswith(b"%PDF")
        assert line["qr_text"].startswith("HTTP://127.0.0.1:8000/C/")
        parsed = parse_credential(from_qr_text(line["qr_text"]))
        assert parsed.claims.certificate_number == line["certificate_number"]
        key = next(k for k in list_keys(demo / "keys") if k.kid == parsed.kid)
        assert verify(key.public_key, parsed.algorithm, parsed.to_be_signed, parsed.signature)
        assert parsed.claims.authority_code.startswith(key.authority)
    code, again = _issue(capsys, "--all")
    assert code == 0 and [x["status"] for x in again] == ["existing"] * 3
    assert {x["qr_text"] for x in again} == {x["qr_text"] for x in lines}
    assert _credentials() == 3


def _first_number() -> str:
    with session_scope() as s:
        cert = s.exec(select(Certificate).order_by(Certificate.id)).first()
        assert cert is not None
        return cert.number


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"review_state": "needs_review"}, "not_approved"),
        ({"criminal_check_done": False}, "criminal_check_missing"),
        ({"status": "revoked"}, "certificate_not_valid"),
    ],
)
def test_refuses_unissuable_records(demo: Path, capsys, change: dict, code: str) -> None:
    number = _first_number()
    with session_scope() as s:
        cert = s.exec(select(Certificate).where(Certificate.number == number)).one()
        update_certificate(s, cert, actor="test", action="test.edit", changes=change)
    rc, lines = _issue(capsys, number)
    assert rc == 1 and lines == [{"certificate_number": number, "error": lines[0]["error"]}]
    assert lines[0]["error"]["code"] == code
    assert _credentials() == 0


def test_never_signs_with_a_revoked_key(demo: Path, capsys) -> None:
    number = _first_number()
    with session_scope() as s:
        cert = s.exec(select(Certificate).where(Certificate.number == number)).one()
        province = number[4:6]
    for key in list_keys(demo / "keys"):
        if key.authority == province:
            revoke_key(demo / "keys", key.kid, custodian="test", compromised_at=None)
    rc, lines = _issue(capsys, number)
    assert rc == 1 and "error" in lines[0] and _credentials() == 0
    assert cert.number == number


def test_a_second_batch_waits_for_the_first_then_is_refused(
    demo: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The lock a running batch holds: briefly waited for, then a clear refusal; nothing issued."""
    monkeypatch.setattr(issuer._issuance, "LOCK_GRACE_SECONDS", 0.2)
    lock = (load_settings().artifacts_dir / ".issue.lock").open("w")
    fcntl.flock(lock, fcntl.LOCK_EX)  # as a running batch holds it
    code = main(["issue", "--all", "--workers", "1"])
    assert code == 2 and "[batch_running]" in capsys.readouterr().err
    assert _credentials() == 0
    # a batch that ends within the grace period is waited for, not reported as running
    monkeypatch.setattr(issuer._issuance, "LOCK_GRACE_SECONDS", 60.0)
    release = threading.Timer(0.3, lock.close)
    release.start()
    code, lines = _issue(capsys, "--all")
    release.join()
    assert code == 0 and [x["status"] for x in lines] == ["issued"] * 3


def _start_batch(home: Path) -> subprocess.Popen[bytes]:
    """``ecert issue --all --workers 2`` in its own process group; returns once 3 are issued."""
    env = {**os.environ, "ECERT_HOME": str(home)}
    cmd = [sys.executable, "-m", "ecert.cli", "issue", "--all", "--workers", "2"]
    proc = subprocess.Popen(
        cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    deadline = time.monotonic() + 120
    while _credentials() < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    return proc


BATCH = 48


@pytest.mark.parametrize("victims", ["group", "main_only"])
def test_kill_9_mid_batch_then_rerun_issues_each_exactly_once(
    ecert_env: Path, capsys, victims: str
) -> None:
    """``group``: the batch and its workers are killed mid-flight. ``main_only``: only the main
    process is (the OOM killer's choice); its workers must not outlive it holding the lock."""
    # enough certificates that the batch commits several groups (every 0.25 s) even on a fast host
    assert main(["init", "--demo", str(BATCH)]) == 0
    capsys.readouterr()
    proc = _start_batch(ecert_env)
    if victims == "group":
        os.killpg(proc.pid, signal.SIGKILL)
    else:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    killed_at = _credentials()
    assert 3 <= killed_at < BATCH  # the kill landed mid-batch
    # no waiting here: the re-run itself waits the moments the dying workers take
    assert main(["issue", "--all", "--workers", "2"]) == 0
    assert live_members(proc.pid) == []  # no worker outlived its batch
    with session_scope() as s:
        rows = s.exec(select(Credential)).all()
        certs = s.exec(select(Certificate)).all()
    assert len(rows) == len(certs) == BATCH
    assert len({r.certificate_id for r in rows}) == BATCH  # exactly once each
    artifacts = load_settings().artifacts_dir
    on_disk = {
        str(p.relative_to(artifacts)) for p in (artifacts / "credentials").rglob("*") if p.is_file()
    }
    # no orphans, no temporary files: each row's PDF, and its OFD where it has one
    assert on_disk == {r.pdf_path for r in rows} | {r.ofd_path for r in rows if r.ofd_path}
