"""A key never signs before a published trust list names it (issue 11, item 2).

End to end through the ``ecert`` command line: rotate, revoke, publish, issue, verify online and
offline against the files the public verifier serves.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from core.credential import from_qr_text, parse_credential
from core.settings import load_settings
from ecert.cli import main


@pytest.fixture
def demo(ecert_env: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert main(["init", "--demo", "3"]) == 0
    capsys.readouterr()
    return ecert_env


def _keys(capsys: pytest.CaptureFixture[str]) -> list[dict]:
    assert main(["keys", "list", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def _issue(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict]:
    code = main(["issue", *args, "--json", "--workers", "1"])
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines() if x.startswith("{")]
    assert code == 0, lines
    return lines


def _verdicts(capsys: pytest.CaptureFixture[str], qr_text: str) -> tuple[str, str]:
    """(online result, offline result) for a QR text, against what the verifier serves now."""
    public = load_settings().public_dir
    main(["verify", qr_text, "--json"])
    online = json.loads(capsys.readouterr().out)["result"]
    main(["verify", qr_text, "--json", "--offline",
          "--trust-list", str(public / "trust-list.cbor"),
          "--status-list", str(public / "status-list.cbor"),
          "--root-key", str(public / "root-key.pem")])
    offline = json.loads(capsys.readouterr().out)["result"]
    return online, offline


def _kid(qr_text: str) -> str:
    return parse_credential(from_qr_text(qr_text)).kid.hex()


def _numbers(capsys: pytest.CaptureFixture[str]) -> list[str]:
    from sqlmodel import select

    from core.db import session_scope
    from core.models import Certificate

    with session_scope() as s:
        return list(s.exec(select(Certificate.number).order_by(Certificate.id)).all())


def _hide_root(home: Path) -> Path:
    """Take the trust-list root key away, as custodians who keep it offline do."""
    root = home / "keys" / "root.key.pem"
    away = home / "root-offline.key.pem"
    shutil.move(root, away)
    return away


def test_rotate_all_then_issue_verifies_online_and_offline(demo: Path, capsys) -> None:
    before = {k["kid"] for k in _keys(capsys)}
    assert main(["keys", "rotate", "--all"]) == 0
    capsys.readouterr()
    lines = _issue(capsys, "--all")
    assert [x["status"] for x in lines] == ["issued"] * 3
    for line in lines:
        assert _kid(line["qr_text"]) not in before  # the new key signs…
        assert _verdicts(capsys, line["qr_text"]) == ("valid", "valid")  # …and is published


def test_rotate_without_root_waits_pending_then_publish_switches(demo: Path, capsys) -> None:
    old = {k["kid"] for k in _keys(capsys) if k["status"] == "active"}
    away = _hide_root(demo)
    assert main(["keys", "rotate", "--all"]) == 0
    err = capsys.readouterr().err
    assert "pending" in err and "ecert publish" in err
    listed = _keys(capsys)
    pending = {k["kid"] for k in listed if k["status"] == "pending"}
    assert len(pending) == len(old) and {k["kid"] for k in listed if k["signing"]} == old
    assert main(["keys", "list"]) == 0
    table = capsys.readouterr()
    assert "pending" in table.out + table.err
    first, *rest = _numbers(capsys)
    [line] = _issue(capsys, first)
    assert _kid(line["qr_text"]) in old  # the previous key keeps signing
    assert _verdicts(capsys, line["qr_text"]) == ("valid", "valid")
    shutil.move(away, demo / "keys" / "root.key.pem")
    assert main(["publish"]) == 0
    capsys.readouterr()
    listed = _keys(capsys)
    assert {k["kid"] for k in listed if k["status"] == "active"} == pending
    assert {k["kid"] for k in listed if k["status"] == "retired"} == old
    for line in _issue(capsys, *rest):
        assert _kid(line["qr_text"]) in pending
        assert _verdicts(capsys, line["qr_text"]) == ("valid", "valid")
    assert _verdicts(capsys, line["qr_text"]) == ("valid", "valid")


def _published_status(kid: str) -> str:
    from datetime import timedelta

    import keys
    from core.clock import utcnow

    public = load_settings().public_dir
    trust = keys.load_trust_list((public / "trust-list.cbor").read_bytes(),
                                 keys.root_public_key(load_settings().keys_dir),
                                 now=utcnow(), grace=timedelta(0))
    return trust.key_status(kid)


def test_revoke_republishes(demo: Path, capsys) -> None:
    kid = next(k["kid"] for k in _keys(capsys) if k["status"] == "active")
    assert main(["keys", "revoke", kid]) == 0
    capsys.readouterr()
    assert _published_status(kid) == "key_revoked"


def test_revoke_without_root_warns(demo: Path, capsys) -> None:
    kid = next(k["kid"] for k in _keys(capsys) if k["status"] == "active")
    _hide_root(demo)
    assert main(["keys", "revoke", kid]) == 0
    err = capsys.readouterr().err
    assert "ecert publish" in err and "revocation" in err
    assert _published_status(kid) == "trusted"  # verifiers do not know yet, as the warning says
