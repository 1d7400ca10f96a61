"""The status list: round trip, tamper detection, and refusal of bombs and oversized input."""

from __future__ import annotations

import zlib
from datetime import UTC, datetime

import cbor2
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from core.cose import sign1
from core.rules import QualificationStatus, RegistrationState
from core.statuslist import (
    CONTENT_TYPE,
    MAX_STATUS_LIST_BYTES,
    StatusEntry,
    StatusListError,
    build_status_list,
    parse_status_list,
)

NOW = datetime(2026, 11, 1, tzinfo=UTC)


class _Signer:
    algorithm = "EdDSA"

    def __init__(self, seed: int = 1) -> None:
        self._key = Ed25519PrivateKey.from_private_bytes(bytes([seed]) * 32)
        self.kid = b"statuskid"

    def sign(self, data: bytes) -> bytes:
        return self._key.sign(data)

    def verify(self, data: bytes, sig: bytes) -> bool:
        try:
            self._key.public_key().verify(sig, data)
            return True
        except Exception:
            return False


def _build(entries: dict[int, StatusEntry], signer: _Signer | None = None) -> bytes:
    return build_status_list(entries, version=7, issued_at=NOW, next_update=NOW, expires=NOW,
                             signer=signer or _Signer())


entries_st = st.dictionaries(
    st.integers(0, 5000),
    st.builds(StatusEntry, st.sampled_from(list(QualificationStatus)),
              st.sampled_from(list(RegistrationState))),
    max_size=50,
)


@settings(max_examples=60, deadline=None)
@given(entries_st)
def test_round_trip_and_signature(entries: dict[int, StatusEntry]) -> None:
    signer = _Signer()
    parsed = parse_status_list(_build(entries, signer))
    assert signer.verify(parsed.to_be_signed, parsed.signature)
    for index, entry in entries.items():
        assert parsed.status.entry(index) == entry
    unused = max(entries, default=-1) + 1
    assert parsed.status.entry(unused) is None and parsed.status.entry(-1) is None
    assert parsed.status.version == 7 and parsed.status.expires == NOW


def test_tampered_payload_fails_signature() -> None:
    signer = _Signer()
    entry = StatusEntry(QualificationStatus.VALID, RegistrationState.REGISTERED)
    data = bytearray(_build({3: entry}, signer))
    obj = cbor2.loads(bytes(data))
    protected, _, payload, sig = obj.value
    body = cbor2.loads(payload)
    body[7] = zlib.compress(bytes([0, 0, 0, 2]))  # flip index 3 to revoked
    forged = cbor2.dumps(cbor2.CBORTag(18, [protected, {}, cbor2.dumps(body), sig]))
    parsed = parse_status_list(forged)
    assert parsed.status.entry(3).qualification is QualificationStatus.REVOKED
    assert not signer.verify(parsed.to_be_signed, parsed.signature)


def _with_body(body: dict[int, object]) -> bytes:
    return sign1(cbor2.dumps(body), _Signer(), content_type=CONTENT_TYPE)


def _body(count: int, blob: bytes) -> dict[int, object]:
    return {1: "ecert-status/1", 2: 1, 3: 0, 4: 0, 5: 0, 6: count, 7: blob}


@pytest.mark.parametrize("count", [0, 10, 1000])
def test_decompression_bomb_is_refused(count: int) -> None:
    bomb = zlib.compress(bytes(200 * 1024 * 1024), 9)  # 200 MiB of zeros in ~200 KB
    with pytest.raises(StatusListError, match="declared count"):
        parse_status_list(_with_body(_body(count, bomb)))


def test_short_list_and_garbage_are_refused() -> None:
    with pytest.raises(StatusListError, match="declared count"):
        parse_status_list(_with_body(_body(100, zlib.compress(bytes(10)))))
    with pytest.raises(StatusListError, match="zlib"):
        parse_status_list(_with_body(_body(4, b"not zlib")))
    with pytest.raises(StatusListError, match="unsigned|COSE"):
        parse_status_list(cbor2.dumps(_body(0, zlib.compress(b""))))
    with pytest.raises(StatusListError, match="limit"):
        parse_status_list(bytes(MAX_STATUS_LIST_BYTES + 1))


def test_compact_for_a_large_registry() -> None:
    ok = StatusEntry(QualificationStatus.VALID, RegistrationState.REGISTERED)
    entries = {i: ok for i in range(1, 100_001)}
    for i in range(1, 100_001, 997):  # ~100 revoked
        entries[i] = StatusEntry(QualificationStatus.REVOKED, RegistrationState.NONE)
    assert len(_build(entries)) < 4096


@pytest.mark.parametrize(("kwargs", "rule"), [
    ({"entries": {-1: StatusEntry(QualificationStatus.REVOKED, RegistrationState.NONE)}},
     "status_index_negative"),
    ({"version": -1}, "status_list_version"),
    ({"expires": datetime(2020, 1, 1, tzinfo=UTC)}, "status_list_times"),
])
def test_build_refuses_impossible_lists(kwargs: dict, rule: str) -> None:
    args = {"entries": {}, "version": 1, "issued_at": NOW, "next_update": NOW, "expires": NOW,
            "signer": _Signer(), **kwargs}
    with pytest.raises(StatusListError) as exc:
        build_status_list(**args)
    assert exc.value.rule == rule


def test_trailing_data_after_the_zlib_stream_is_refused() -> None:
    blob = zlib.compress(bytes([1, 1])) + b"trailing"
    with pytest.raises(StatusListError, match="declared count"):
        parse_status_list(_with_body(_body(2, blob)))


_OK = StatusEntry(QualificationStatus.VALID, RegistrationState.REGISTERED)


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(st.integers(0, 99), st.integers(1, 2**32 - 1), max_size=20))
def test_superseded_versions_round_trip(superseded: dict[int, int]) -> None:
    entries = {i: _OK for i in range(100)}
    data = build_status_list(entries, version=7, issued_at=NOW, next_update=NOW, expires=NOW,
                             signer=_Signer(), superseded=superseded)
    status = parse_status_list(data).status
    assert dict(status.superseded) == superseded
    assert all(status.first_version(i) == superseded.get(i, 0) for i in range(100))
    # no re-print: key 8 is not written at all, so the list is byte for byte a plain one
    if not superseded:
        assert 8 not in cbor2.loads(cbor2.loads(data).value[2])


@pytest.mark.parametrize(("superseded", "message"), [
    ([[1, 2]], "must be a map"),
    ({5: 2}, "not an index"),  # the list has indexes 0..3
    ({-1: 2}, "not an index"),
    ({"1": 2}, "not an index"),
    ({1: 0}, "not in 1..2"),
    ({1: 2**32}, "not in 1..2"),
    ({1: "2"}, "not in 1..2"),
])
def test_malformed_superseded_versions_are_refused(superseded: object, message: str) -> None:
    body = {**_body(4, zlib.compress(bytes([1, 9, 9, 9]))), 8: superseded}
    with pytest.raises(StatusListError, match=message):
        parse_status_list(_with_body(body))
    with pytest.raises(StatusListError, match=message):
        build_status_list({i: _OK for i in range(4)}, version=1, issued_at=NOW,
                          next_update=NOW, expires=NOW, signer=_Signer(),
                          superseded=superseded)  # type: ignore[arg-type]
