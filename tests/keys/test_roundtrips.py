"""Property tests: manifest records and trust-list entries survive their encodings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

import keys
from core.signing import Algorithm
from keys._crypto import generate_private_key
from keys._store import KeyStatus
from keys._trustlist import _key_entry, sign_trust_list

ROOT = keys.FileSigner(generate_private_key("EdDSA"))
PUBLICS = {
    a: [keys.FileSigner(generate_private_key(a)).public_key for _ in range(3)]
    for a in ("EdDSA", "ES256")
}
BASE = datetime(2026, 1, 1, tzinfo=UTC)

times = st.integers(min_value=0, max_value=10 * 365 * 86400).map(
    lambda s: BASE + timedelta(seconds=s)
)


@st.composite
def records(draw: st.DrawFn) -> keys.KeyRecord:
    algorithm: Algorithm = draw(st.sampled_from(["EdDSA", "ES256"]))
    public = draw(st.sampled_from(PUBLICS[algorithm]))
    status: KeyStatus = draw(st.sampled_from(["active", "retired", "revoked"]))
    start = draw(times)
    return keys.KeyRecord(
        kid=keys.compute_kid(public),
        authority=draw(st.from_regex(r"[0-9A-Z]{2,8}", fullmatch=True)),
        algorithm=algorithm,
        backend=draw(st.sampled_from(["file", "pkcs11"])),
        public_key=public,
        created_at=start,
        valid_from=start,
        valid_until=None if status == "active" else start + timedelta(days=1),
        status=status,
        custodian=draw(st.text(min_size=1, max_size=8)),
        compromised_at=start if status == "revoked" else None,
        token_label=draw(st.none() | st.just("ecert")),
    )


@settings(max_examples=60, deadline=None)
@given(record=records())
def test_manifest_record_round_trip(record: keys.KeyRecord) -> None:
    assert keys.KeyRecord.from_json(record.to_json()) == record


@settings(max_examples=40, deadline=None)
@given(
    entries=st.lists(records(), max_size=6, unique_by=lambda r: r.kid),
    version=st.integers(1, 10**6),
)
def test_trust_list_round_trip(entries: list[keys.KeyRecord], version: int) -> None:
    payload = {
        "type": "ecert-trust-list",
        "format": 1,
        "version": version,
        "issued_at": int(BASE.timestamp()),
        "next_update": int(BASE.timestamp()) + 86400,
        "expires": int(BASE.timestamp()) + 7 * 86400,
        "root_kid": ROOT.kid,
        "authorities": {r.authority: f"机构 {r.authority}" for r in entries},
        "keys": [_key_entry(r) for r in entries],
    }
    trust = keys.load_trust_list(
        sign_trust_list(payload, ROOT), ROOT.public_key, now=BASE, grace=timedelta(0)
    )
    assert trust.version == version and set(trust.keys) == {r.kid for r in entries}
    for r in entries:
        entry = trust.entry(r.kid)
        assert entry is not None
        assert (entry.authority, entry.algorithm, entry.public_key, entry.status) == (
            r.authority,
            r.algorithm,
            r.public_key,
            r.status,
        )
        assert (entry.valid_from, entry.valid_until, entry.compromised_at) == (
            r.valid_from,
            r.valid_until,
            r.compromised_at,
        )
        expected = "key_revoked" if r.status == "revoked" else "trusted"
        assert trust.key_status(r.kid, r.valid_from) == expected
