"""Create, rotate, retire, revoke; the active signer; audit events; init idempotence."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

import keys
from core.errors import Conflict, InvalidInput

from .conftest import AUTHORITIES, NOW, PASS, published


def test_init_creates_hierarchy_and_is_idempotent(tmp_path: Path) -> None:
    events = keys.init_hierarchy(
        tmp_path / "k", passphrase=PASS, authorities=AUTHORITIES, custodian="张三", now=NOW
    )
    actions = [e.action for e in events]
    assert actions[:2] == ["keys.create_root", "keys.create_ca"]
    assert actions.count("keys.create") == 2 and actions.count("keys.issue_document_cert") == 2
    assert {e.custodian for e in events} == {"张三"}
    again = keys.init_hierarchy(
        tmp_path / "k", passphrase=PASS, authorities=AUTHORITIES, custodian="张三", now=NOW
    )
    assert again == []
    assert len(keys.list_keys(tmp_path / "k")) == 2


def test_init_with_wrong_passphrase_creates_nothing(store: keys.Keystore) -> None:
    before = store.manifest_path.read_bytes()
    with pytest.raises(keys.WrongPassphrase):
        keys.init_hierarchy(
            store.path, passphrase=b"other", authorities=[("999", "x")], custodian="a", now=NOW
        )
    assert store.manifest_path.read_bytes() == before
    assert len(list((store.path / "signing").iterdir())) == 2


@pytest.mark.parametrize("passphrase", [None, b""])
def test_init_requires_passphrase(tmp_path: Path, passphrase: bytes | None) -> None:
    with pytest.raises(InvalidInput) as info:
        keys.init_hierarchy(tmp_path, passphrase=passphrase, authorities=[], custodian="a")
    assert info.value.field == "passphrase"


@pytest.mark.parametrize("code", ["", "../etc", "a b", "x" * 40, "泉州"])
def test_bad_authority_code(tmp_path: Path, code: str) -> None:
    with pytest.raises(InvalidInput) as info:
        keys.init_hierarchy(tmp_path, passphrase=PASS, authorities=[(code, "n")], custodian="a")
    assert info.value.rule == "authority_code"


def test_manifest_has_metadata_but_no_secrets(store: keys.Keystore) -> None:
    data = json.loads(store.manifest_path.read_text())
    record = data["keys"][0]
    assert set(record) >= {
        "kid",
        "authority",
        "algorithm",
        "backend",
        "public_key",
        "created_at",
        "valid_from",
        "valid_until",
        "status",
        "compromised_at",
        "custodian",
    }
    assert "PRIVATE" not in store.manifest_path.read_text()
    assert store.manifest_path.stat().st_mode & 0o777 == 0o600


def test_create_p256_and_sign(store: keys.Keystore) -> None:
    events = keys.create_key(
        store, "440300", custodian="李四", passphrase=PASS, algorithm="ES256", now=NOW
    )
    assert [e.action for e in events] == ["keys.create", "keys.issue_document_cert"]
    assert store.load().key(events[0].entity_id).status == "pending"
    signer = keys.active_signer(store, "440300", passphrase=PASS, published=published(store))
    assert signer.algorithm == "ES256" and signer.kid.hex() == events[0].entity_id
    record = next(k for k in keys.list_keys(store) if k.kid == signer.kid)
    assert keys.verify(record.public_key, "ES256", b"d", signer.sign(b"d"))


def test_create_refuses_second_active_key(store: keys.Keystore) -> None:
    with pytest.raises(Conflict, match="rotate"):
        keys.create_key(store, "350500", custodian="李四", passphrase=PASS)


def test_rotate_retires_old_key_when_published(store: keys.Keystore) -> None:
    old = keys.active_signer(store, "350500", passphrase=PASS, published=published(store))
    later = NOW + timedelta(days=30)
    events = keys.rotate_key(store, "350500", custodian="李四", passphrase=PASS, now=later)
    assert [e.action for e in events] == ["keys.rotate", "keys.issue_document_cert"]
    assert (events[0].after or {})["status"] == "pending"
    assert store.load().key(old.kid).status == "active"  # until a list names the new key
    publish_at = later + timedelta(hours=1)
    new = keys.active_signer(store, "350500", passphrase=PASS,
                             published=published(store, publish_at))
    assert new.kid != old.kid
    old_record = store.load().key(old.kid)
    assert old_record.status == "retired" and old_record.valid_until == publish_at
    other = keys.active_signer(store, "410000", passphrase=PASS,
                               published=published(store))  # untouched
    assert store.load().key(other.kid).status == "active"


def test_rotate_all(store: keys.Keystore) -> None:
    events = keys.rotate_all(store, custodian="李四", passphrase=PASS, now=NOW)
    assert sorted(e.entity_id for e in events if e.action == "keys.rotate") == sorted(
        k.kid_hex for k in keys.list_keys(store) if k.status == "pending"
    )
    assert sum(k.status == "active" for k in keys.list_keys(store)) == 2
    published(store)
    assert sorted(k.status for k in keys.list_keys(store)) == ["active"] * 2 + ["retired"] * 2


def test_rotate_with_wrong_passphrase_changes_nothing(store: keys.Keystore) -> None:
    before = store.manifest_path.read_bytes()
    with pytest.raises(keys.WrongPassphrase):
        keys.rotate_key(store, "350500", custodian="李四", passphrase=b"nope")
    assert store.manifest_path.read_bytes() == before
    assert len(list((store.path / "signing").iterdir())) == 2


def test_retired_and_revoked_keys_never_sign(store: keys.Keystore) -> None:
    listed = published(store)
    a = keys.active_signer(store, "350500", passphrase=PASS, published=listed)
    b = keys.active_signer(store, "410000", passphrase=PASS, published=listed)
    keys.retire_key(store, a.kid, custodian="李四", now=NOW)
    keys.revoke_key(store, b.kid.hex(), custodian="李四", now=NOW)
    for code in ("350500", "410000"):  # at once: the published list still names them
        with pytest.raises(keys.KeyNotUsable) as info:
            keys.active_signer(store, code, passphrase=PASS, published=listed)
        assert info.value.http_status == 409


def test_revoke_records_compromise_time(store: keys.Keystore) -> None:
    signer = keys.active_signer(store, "350500", passphrase=PASS, published=published(store))
    when = NOW - timedelta(days=2)
    [event] = keys.revoke_key(store, signer.kid, custodian="王五", compromised_at=when, now=NOW)
    assert (event.action, event.entity_type, event.custodian) == (
        "keys.revoke",
        "signing_key",
        "王五",
    )
    assert (event.after or {})["compromised_at"] == "2026-02-27T08:00:00Z"
    assert event.audit_kwargs()["actor"] == "王五"
    with pytest.raises(Conflict, match="already revoked"):
        keys.revoke_key(store, signer.kid, custodian="王五", now=NOW)


def test_revoke_refuses_future_compromise(store: keys.Keystore) -> None:
    kid = keys.list_keys(store)[0].kid
    with pytest.raises(InvalidInput) as info:
        keys.revoke_key(store, kid, custodian="a", compromised_at=NOW + timedelta(hours=1), now=NOW)
    assert info.value.rule == "not_future"


@pytest.mark.parametrize("kid", ["00112233445566ff", "nothex"])
def test_unknown_kid(store: keys.Keystore, kid: str) -> None:
    with pytest.raises(keys.UnknownKey) as info:
        keys.revoke_key(store, kid, custodian="a")
    assert info.value.code == "unknown_kid"
    with pytest.raises(keys.UnknownKey):
        keys.retire_key(store, kid, custodian="a")


def test_uninitialised_keystore(tmp_path: Path) -> None:
    with pytest.raises(keys.KeystoreNotInitialised, match="ecert keys init"):
        keys.list_keys(tmp_path / "none")
    with pytest.raises(keys.KeystoreNotInitialised):
        keys.active_signer(tmp_path / "none", "350500", passphrase=PASS, published=None)


def test_malformed_manifest(store: keys.Keystore) -> None:
    store.manifest_path.write_text("{not json")
    with pytest.raises(keys.MalformedManifest):
        keys.list_keys(store)


def test_active_signer_strict_permissions(store: keys.Keystore) -> None:
    record = store.load().active_key("350500")
    assert record is not None
    path = store.path / "signing" / f"{record.kid_hex}.key.pem"
    path.chmod(0o644)
    with pytest.raises(keys.InsecureKeyFile):
        keys.active_signer(store, "350500", passphrase=PASS, strict_permissions=True,
                           published=published(store))


def test_active_signer_wrong_passphrase(store: keys.Keystore) -> None:
    with pytest.raises(keys.WrongPassphrase):
        keys.active_signer(store, "350500", passphrase=b"wrong", published=published(store))


def test_pkcs11_key_needs_token_config(store: keys.Keystore) -> None:
    with pytest.raises(InvalidInput) as info:
        keys.create_key(store, "110000", custodian="a", passphrase=PASS, backend="pkcs11")
    assert info.value.field == "token"


def test_strict_mode_checks_every_key_file(store: keys.Keystore) -> None:
    doc = store.load().active_document("410000")
    assert doc is not None
    (store.path / doc.key_file).chmod(0o604)
    with pytest.raises(keys.InsecureKeyFile, match="chmod 600"):
        keys.rotate_key(store, "350500", custodian="a", passphrase=PASS, strict_permissions=True)
    with pytest.raises(keys.InsecureKeyFile):
        keys.init_hierarchy(
            store.path, passphrase=PASS, authorities=[], custodian="a", strict_permissions=True
        )
    keys.rotate_key(store, "350500", custodian="a", passphrase=PASS)  # development tolerates it


def test_naive_times_refused(store: keys.Keystore) -> None:
    from datetime import datetime

    with pytest.raises(InvalidInput) as info:
        keys.retire_key(
            store, keys.list_keys(store)[0].kid, custodian="a", now=datetime(2026, 1, 1)
        )
    assert info.value.rule == "timezone_required"


def test_interrupted_init_is_completed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A crash after the root/CA key files were written does not wedge the next init."""
    import keys._hierarchy as hierarchy

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    with monkeypatch.context() as patch, pytest.raises(RuntimeError):
        patch.setattr(hierarchy, "create_ca_certificate", boom)
        keys.init_hierarchy(tmp_path / "k", passphrase=PASS, authorities=[], custodian="a", now=NOW)
    assert (tmp_path / "k" / "root.key.pem").exists() and (tmp_path / "k" / "ca.key.pem").exists()
    events = keys.init_hierarchy(
        tmp_path / "k", passphrase=PASS, authorities=AUTHORITIES, custodian="a", now=NOW
    )
    assert [e.action for e in events][:2] == ["keys.create_root", "keys.create_ca"]
    keys.pdf_signer(tmp_path / "k", "350500", passphrase=PASS, now=NOW)
