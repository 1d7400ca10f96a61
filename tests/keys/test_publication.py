"""Which key signs: only a key the published trust list names (issue 11, item 2).

``keys.signing_key`` is the one rule; these tests drive it with the bytes a verifier is served.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

import keys
from core.errors import Conflict

from .conftest import NOW, PASS, published

LATER = NOW + timedelta(days=30)


def _kid(store: keys.Keystore, code: str, listed: bytes | None) -> str:
    return keys.signing_key(store, code, published=listed).kid_hex


def test_rotation_waits_for_publication(store: keys.Keystore) -> None:
    before = published(store)
    old = _kid(store, "350500", before)
    keys.rotate_key(store, "350500", custodian="李四", passphrase=PASS, now=LATER)
    new = store.load().pending_key("350500")
    assert new is not None and store.load().key(old).status == "active"
    assert _kid(store, "350500", before) == old  # the verifier does not know the new key yet
    signer = keys.active_signer(store, "350500", passphrase=PASS, published=before)
    assert signer.kid.hex() == old
    after = published(store, LATER)
    assert _kid(store, "350500", after) == new.kid_hex
    trust = keys.load_trust_list(after, keys.root_public_key(store), now=LATER, grace=timedelta(0))
    assert trust.key_status(new.kid, LATER) == "trusted"
    assert store.load().key(old).valid_until == LATER


def test_a_list_that_was_not_written_activates_nothing(store: keys.Keystore) -> None:
    keys.rotate_key(store, "350500", custodian="李四", passphrase=PASS, now=LATER)

    def disk_full(data: bytes) -> None:
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        keys.publish_trust_list(store, passphrase=PASS, custodian="a", now=LATER, write=disk_full)
    assert store.load().pending_key("350500") is not None


def test_nothing_published_nothing_signs(store: keys.Keystore) -> None:
    with pytest.raises(keys.KeyNotUsable, match="ecert publish") as info:
        keys.signing_key(store, "350500", published=None)
    assert info.value.http_status == 409
    with pytest.raises(keys.KeyNotUsable, match="ecert publish"):
        keys.active_signer(store, "350500", passphrase=PASS, published=None)


def test_new_authority_signs_once_published(store: keys.Keystore) -> None:
    before = published(store)
    keys.create_key(store, "440300", custodian="李四", passphrase=PASS, now=NOW)
    assert keys.signing_keys(store, published=before).keys() == {"350500", "410000"}
    with pytest.raises(keys.KeyNotUsable, match="not in the published trust list"):
        keys.signing_key(store, "440300", published=before)
    assert "440300" in keys.signing_keys(store, published=published(store))


def test_revoked_or_retired_stops_at_once(store: keys.Keystore) -> None:
    listed = published(store)
    keys.revoke_key(store, _kid(store, "350500", listed), custodian="a", now=NOW)
    keys.retire_key(store, _kid(store, "410000", listed), custodian="a", now=NOW)
    assert keys.signing_keys(store, published=listed) == {}


def test_list_revoking_a_key_is_obeyed_too(store: keys.Keystore, tmp_path) -> None:
    """A published list saying "revoked" wins over a keystore restored from an old backup."""
    import shutil

    backup = tmp_path / "backup.json"
    shutil.copy(store.manifest_path, backup)
    kid = _kid(store, "350500", published(store))
    keys.revoke_key(store, kid, custodian="a", now=NOW)
    listed = published(store)
    shutil.copy(backup, store.manifest_path)
    assert "350500" not in keys.signing_keys(store, published=listed)


def test_list_from_another_root_is_refused(store: keys.Keystore, tmp_path) -> None:
    other = tmp_path / "other"
    keys.init_hierarchy(other, passphrase=PASS, authorities=[], custodian="a", now=NOW)
    foreign, _ = keys.publish_trust_list(other, passphrase=PASS, custodian="a", now=NOW)
    with pytest.raises(keys.KeyNotUsable, match="published trust list is unusable"):
        keys.signing_key(store, "350500", published=foreign)


def test_one_pending_key_per_authority(store: keys.Keystore) -> None:
    keys.rotate_key(store, "350500", custodian="a", passphrase=PASS, now=NOW)
    before = store.manifest_path.read_bytes()
    with pytest.raises(Conflict, match="pending"):
        keys.rotate_key(store, "350500", custodian="a", passphrase=PASS, now=NOW)
    with pytest.raises(Conflict, match="pending"):
        keys.rotate_all(store, custodian="a", passphrase=PASS, now=NOW)  # nothing half-done
    assert store.manifest_path.read_bytes() == before


def test_unpublished_trust_list_keeps_pending_out(store: keys.Keystore) -> None:
    keys.rotate_key(store, "350500", custodian="a", passphrase=PASS, now=NOW)
    pending = store.load().pending_key("350500")
    assert pending is not None
    data, _ = keys.publish_trust_list(store, passphrase=PASS, custodian="a", now=NOW,
                                      activate_pending=False)
    trust = keys.load_trust_list(data, keys.root_public_key(store), now=NOW, grace=timedelta(0))
    assert trust.entry(pending.kid) is None
    assert store.load().key(pending.kid).status == "pending"


def test_key_states(store: keys.Keystore) -> None:
    listed = published(store)
    keys.rotate_key(store, "350500", custodian="a", passphrase=PASS, now=NOW)
    states = {s.record.kid_hex: s for s in keys.key_states(store, published=listed)}
    pending = [s for s in states.values() if s.record.status == "pending"]
    assert len(pending) == 1 and not pending[0].published and not pending[0].signing
    assert sum(s.signing for s in states.values()) == 2


def test_document_signer_needs_the_published_ca(store: keys.Keystore) -> None:
    """PDF certificates chain to the CA: they sign once the published list carries it."""
    listed = published(store)
    signer = keys.document_signer(store, "350500", published=listed, passphrase=PASS, now=NOW)
    assert signer.signing_cert is not None
    keys.rotate_key(store, "350500", custodian="a", passphrase=PASS, now=NOW)  # new document cert
    rotated = keys.document_signer(store, "350500", published=listed, passphrase=PASS, now=NOW)
    assert rotated.signing_cert.dump() != signer.signing_cert.dump()  # same CA: usable at once
    with_ca, _ = keys.publish_trust_list(store, passphrase=PASS, custodian="a", now=NOW)
    (store.path / "ca.cert.pem").rename(store.path / "ca.cert.pem.bak")
    unpublished_ca, _ = keys.publish_trust_list(store, passphrase=PASS, custodian="a", now=NOW)
    (store.path / "ca.cert.pem.bak").rename(store.path / "ca.cert.pem")
    with pytest.raises(keys.KeyNotUsable, match="CA certificate is not in the published"):
        keys.document_signer(store, "350500", published=unpublished_ca, passphrase=PASS, now=NOW)
    assert keys.document_signer(store, "350500", published=with_ca, passphrase=PASS, now=NOW)
