"""Signed, published checkpoints anchor the audit chain (issue 11, item 11).

With the append-only trigger dropped, editing an early row and recomputing every later hash
gave a consistent chain that `ecert audit verify` passed. A checkpoint signed with the root key
(which the database does not hold) pins the head at a size; the rewrite must now fail, naming the
checkpoint and the range of the changed row.
"""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import select

from core.audit import event_hash, record_event, verify_chain
from core.clock import utcnow
from core.db import session_scope
from core.models import AuditEvent
from core.settings import load_settings
from ecert.cli import main
from keys import Checkpoint, Keystore, init_hierarchy, root_signer, sign_checkpoint
from tests.core.test_audit import _append, _unprotect


@pytest.fixture
def anchored(registry: Engine) -> Engine:
    s = load_settings()
    init_hierarchy(s.keys_dir, passphrase=s.passphrase(), authorities=[], custodian="test")
    return registry


def _checkpoints() -> list[Path]:
    folder = load_settings().public_dir / "audit-checkpoints"
    return sorted(folder.glob("checkpoint-*.txt")) if folder.is_dir() else []


def _rewrite(engine: Engine, seq: int) -> None:
    """Edit one row and recompute every later hash and the head, as an attacker with the
    database would."""
    _unprotect(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE audit_event SET actor = 'mallory' WHERE seq = :s"), {"s": seq})
    with session_scope() as s:
        rows = s.exec(select(AuditEvent).where(AuditEvent.seq >= seq - 1)
                      .order_by(AuditEvent.seq)).all()  # type: ignore[arg-type]
        prev, updates = rows[0].hash, []
        for ev in rows[1:]:
            new = event_hash(seq=ev.seq, at=ev.at, actor=ev.actor, action=ev.action,
                             entity_type=ev.entity_type, entity_id=ev.entity_id,
                             before=ev.before, after=ev.after, prev_hash=prev)
            updates.append({"s": ev.seq, "p": prev, "h": new})
            prev = new
    with engine.begin() as conn:
        for u in updates:
            conn.execute(text("UPDATE audit_event SET prev_hash = :p, hash = :h WHERE seq = :s"), u)
        conn.execute(text("UPDATE audit_head SET last_hash = :h WHERE id = 1"), {"h": prev})


def test_untouched_chain_with_checkpoints_passes(
    anchored: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    _append(5)
    assert main(["audit", "checkpoint"]) == 0
    assert main(["audit", "checkpoint"]) == 0  # nothing new: no second file
    _append(3)
    assert main(["audit", "checkpoint"]) == 0
    assert [p.name for p in _checkpoints()] == ["checkpoint-00000001.txt",
                                                "checkpoint-00000002.txt"]
    assert main(["audit", "verify"]) == 0
    assert "2 checkpoint(s)" in capsys.readouterr().out


def test_rewritten_chain_fails_against_its_checkpoint(
    anchored: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    _append(120)
    assert main(["audit", "checkpoint"]) == 0
    _append(30)
    assert main(["audit", "checkpoint"]) == 0
    _append(5)  # events after the latest checkpoint
    _rewrite(anchored, 100)
    with session_scope() as s:
        assert verify_chain(s).ok  # the hash chain alone is fooled
    capsys.readouterr()
    assert main(["audit", "verify"]) == 1
    err = capsys.readouterr().err
    assert "checkpoint-00000001.txt" in err and "between 1 and 120" in err
    assert "Traceback" not in err
    assert main(["audit", "checkpoint"]) != 0  # and a broken chain is never signed
    assert len(_checkpoints()) == 2


def test_rewrite_after_the_first_checkpoint_names_the_second(
    anchored: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    _append(50)
    main(["audit", "checkpoint"])
    _append(50)
    main(["audit", "checkpoint"])
    _rewrite(anchored, 70)
    capsys.readouterr()
    assert main(["audit", "verify"]) == 1
    err = capsys.readouterr().err
    assert "checkpoint-00000002.txt" in err and "between 51 and 100" in err


def test_forged_checkpoint_signature_fails(
    anchored: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    _append(4)
    main(["audit", "checkpoint"])
    path = _checkpoints()[0]
    body, sig_line = path.read_text().split("\n\n")
    mark, kid, sig = sig_line.split()
    forged = bytearray(base64.b64decode(sig))
    forged[0] ^= 1
    path.write_text(f"{body}\n\n{mark} {kid} {base64.b64encode(bytes(forged)).decode()}\n")
    capsys.readouterr()
    assert main(["audit", "verify"]) == 1
    err = capsys.readouterr().err
    assert "checkpoint-00000001.txt" in err and "signature does not verify" in err


def test_checkpoint_signed_by_another_key_or_garbled_fails(
    anchored: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _append(4)
    main(["audit", "checkpoint"])
    other = tmp_path / "other-keys"
    init_hierarchy(other, passphrase=b"pw", authorities=[], custodian="mallory")
    path = _checkpoints()[0]
    head = path.read_text().split("\n")[3].split()[1]
    log = path.read_text().split("\n")[1].split()[1]
    cp = Checkpoint(log_id=log, size=4, head=head, time=utcnow())
    path.write_bytes(sign_checkpoint(cp, root_signer(Keystore(other), b"pw")))
    assert main(["audit", "verify"]) == 1
    assert "not by the root key" in capsys.readouterr().err
    path.write_bytes(b"\xff\x00garbage")
    assert main(["audit", "verify"]) == 1
    assert "checkpoint-00000001.txt" in capsys.readouterr().err


def test_checkpoints_never_go_backwards(
    anchored: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    _append(3)
    main(["audit", "checkpoint"])
    _append(3)
    main(["audit", "checkpoint"])
    first, second = _checkpoints()
    third = second.with_name("checkpoint-00000003.txt")
    third.write_bytes(first.read_bytes())  # a validly signed, older head published later
    capsys.readouterr()
    assert main(["audit", "verify"]) == 1
    assert "goes backwards" in capsys.readouterr().err


def test_publish_and_batch_issuance_write_checkpoints(ecert_env: Path) -> None:
    assert main(["init", "--demo", "1"]) == 0
    assert main(["publish"]) == 0
    after_publish = len(_checkpoints())
    assert after_publish >= 1
    assert main(["issue", "--all"]) == 0
    assert len(_checkpoints()) == after_publish + 1
    assert main(["audit", "verify"]) == 0


def test_audit_events_after_a_checkpoint_still_verify(anchored: Engine) -> None:
    _append(2)
    main(["audit", "checkpoint"])
    with session_scope() as s:
        record_event(s, actor="a", action="x", entity_type="t", entity_id="1")
    assert main(["audit", "verify"]) == 0


def test_auditor_can_pin_the_root_key_held_apart(
    anchored: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from keys import load_public_key, root_public_key

    _append(3)
    main(["audit", "checkpoint"])
    mine = tmp_path / "root.pem"
    mine.write_bytes(load_public_key(root_public_key(load_settings().keys_dir), "EdDSA").pem())
    assert main(["audit", "verify", "--root-key", str(mine)]) == 0
    other = tmp_path / "other-keys"
    init_hierarchy(other, passphrase=b"pw", authorities=[], custodian="mallory")
    mine.write_bytes(load_public_key(root_public_key(other), "EdDSA").pem())
    capsys.readouterr()
    assert main(["audit", "verify", "--root-key", str(mine)]) == 1
    assert "not by the root key" in capsys.readouterr().err
    assert main(["audit", "verify", "--root-key", str(tmp_path / "missing.pem")]) == 2


def test_checkpoints_are_world_readable(anchored: Engine) -> None:
    _append(1)
    assert main(["audit", "checkpoint"]) == 0  # main() runs under umask 077
    path = _checkpoints()[0]
    assert path.stat().st_mode & 0o777 == 0o644
    assert path.parent.stat().st_mode & 0o777 == 0o755


def test_a_deleted_checkpoint_in_the_sequence_fails(
    anchored: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    for _ in range(3):
        _append(1)
        main(["audit", "checkpoint"])
    _checkpoints()[1].unlink()
    capsys.readouterr()
    assert main(["audit", "verify"]) == 1
    assert "checkpoint-00000002.txt is missing" in capsys.readouterr().err


def test_the_public_verifier_serves_the_checkpoints(anchored: Engine) -> None:
    from fastapi.testclient import TestClient

    from ecert.app import create_verifier_app

    for _ in range(2):
        _append(1)
        main(["audit", "checkpoint"])
    client = TestClient(create_verifier_app())
    base = "/.well-known/ecert/audit-checkpoints/"
    index = client.get(base)
    assert index.status_code == 200
    assert index.text.split() == ["checkpoint-00000001.txt", "checkpoint-00000002.txt"]
    one = client.get(base + "checkpoint-00000002.txt")
    assert one.status_code == 200 and one.content == _checkpoints()[1].read_bytes()
    assert "immutable" in one.headers["cache-control"]
    for bad in ("checkpoint-00000009.txt", "ecert.db", "..%2Fecert.db"):
        r = client.get(base + bad)
        assert r.status_code == 404 and "Traceback" not in r.text, bad


def test_an_auditors_mirror_catches_a_rewrite_whose_checkpoints_were_removed(
    anchored: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    _append(20)
    main(["audit", "checkpoint"])
    mirror = tmp_path / "mirror"
    shutil.copytree(_checkpoints()[0].parent, mirror)  # the auditor's copy
    _rewrite(anchored, 5)
    shutil.rmtree(_checkpoints()[0].parent)  # the attacker also removes the published ones
    assert main(["audit", "verify"]) == 0  # nothing left on the server to contradict it
    capsys.readouterr()
    assert main(["audit", "verify", "--checkpoints", str(mirror)]) == 1
    assert "between 1 and 20" in capsys.readouterr().err


_VALID = (b"ecert-audit-checkpoint/v1\nlog ecert-audit/00\nsize 3\nhead " + b"a" * 64 +
          b"\ntime 2026-11-01T02:00:00Z\n\n\xe2\x80\x94 0011223344556677 AAAA\n")


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=600),
                 st.binary(max_size=40).map(lambda b: _VALID[:len(_VALID) // 2] + b),
                 st.integers(0, len(_VALID) - 1).map(lambda i: _VALID[:i] + b"\x00" +
                                                     _VALID[i + 1:])))
def test_any_bytes_open_as_a_checkpoint_or_a_clear_refusal(data: bytes) -> None:
    from keys import CheckpointInvalid, open_checkpoint

    try:
        open_checkpoint(data, bytes(32))
    except CheckpointInvalid:
        pass
