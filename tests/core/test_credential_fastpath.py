"""The one decoding path gives exactly the answers of a general cbor2 decoder.

``parse_credential`` slices the one deterministic envelope layout directly, and claims are read
by ``read_claims`` in one strict pass; what they decline is refused (cbor2 only words why).
These tests mutate real credentials and claims maps and compare the answers with a general
cbor2 decoder + re-encode (the oracle here) on every input: nothing valid is declined.
"""

from __future__ import annotations

from typing import Any

import cbor2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.cose import envelope, protected_header, sig_structure
from core.credential import (
    Claims,
    CredentialError,
    ParsedCredential,
    decode_claims,
    encode_claims,
    parse_credential,
    sign_credential,
)
from core.credential._claims import _explain, _load_values, _valid_claims
from core.credential._cose import _read_protected, _split_exact, _unpack
from core.credential._strict import read_claims

from ._credential_support import Ed25519Signer, P256Signer, sample_claims

ED, ES = Ed25519Signer(), P256Signer()
KEYS = [1, 2, 3, *range(5, 13)]  # format v2's claim keys (4 was v1's birth date)
MASKED = KEYS.index(5)
CLAIMS = encode_claims(sample_claims())
COSE = sign_credential(sample_claims(), ED)


def _general_map(data: bytes) -> list[Any] | str:
    """What the cbor2 path decides: the claim values in key order, or the error code."""
    try:
        obj = cbor2.loads(data)
    except Exception:
        return "refused"
    # a key must be an integer: cbor2's simple value 5 (0xe5) compares equal to 5
    if type(obj) is not dict or any(type(k) is not int for k in obj) or list(obj) != KEYS \
            or cbor2.dumps(obj) != data:
        return "refused"
    return list(obj.values())


def _general_parse(raw: bytes) -> object:
    """What a general decoder decides: the parsed credential, or the error code."""
    try:
        protected, payload, signature = _unpack(raw)
        algorithm, kid = _read_protected(protected)
        claims = decode_claims(payload)
    except CredentialError as exc:
        return exc.code
    except Exception:  # parse_credential's boundary turns the rest into ``malformed``
        return "malformed"
    if protected_header(algorithm, kid) != protected or \
            envelope(protected, payload, signature) != raw:
        return "malformed"
    return ParsedCredential(kid=kid, algorithm=algorithm, claims=claims, payload=payload,
                            signature=signature, to_be_signed=sig_structure(protected, payload),
                            raw=raw)


def _fast_parse(raw: bytes) -> object:
    try:
        return parse_credential(raw)
    except CredentialError as exc:
        return exc.code


def _mutations(data: bytes) -> st.SearchStrategy[bytes]:
    """Flip, insert, delete or overwrite a byte, or cut the tail."""
    index = st.integers(0, len(data) - 1)
    byte = st.integers(0, 255)
    return st.one_of(
        st.tuples(index, byte).map(lambda t: data[: t[0]] + bytes([t[1]]) + data[t[0] + 1 :]),
        st.tuples(index, byte).map(lambda t: data[: t[0]] + bytes([t[1]]) + data[t[0] :]),
        index.map(lambda i: data[:i] + data[i + 1 :]),
        index.map(lambda i: data[:i]),
        st.tuples(index, st.integers(0, 7)).map(
            lambda t: data[: t[0]] + bytes([data[t[0]] ^ (1 << t[1])]) + data[t[0] + 1 :]
        ),
    )


def test_fast_paths_take_real_credentials():
    for signer in (ED, ES):
        cose = sign_credential(sample_claims(), signer)
        assert _split_exact(cose) is not None
        assert parse_credential(cose) == _general_parse(cose)
    assert read_claims(CLAIMS) == list(cbor2.loads(CLAIMS).values())


@pytest.mark.parametrize("masked", ["1****************X", "A****B", "**", "1" + "*" * 24 + "X"])
@pytest.mark.parametrize("big", [0, 23, 24, 255, 256, 65535, 65536, 2**32 - 1])
def test_strict_reader_at_every_integer_width(masked: str, big: int):
    claims = sample_claims(masked_id=masked, version=big, status_index=big)
    data = encode_claims(claims)
    assert read_claims(data) == list(cbor2.loads(data).values())


@settings(max_examples=400, deadline=None)
@given(data=_mutations(CLAIMS))
def test_strict_reader_agrees_with_cbor2(data: bytes):
    fast = read_claims(data)
    general = _general_map(data)
    if fast is None:
        # declined, so refused: then no valid claims were there (cbor2 may still read a map
        # with a value of another type, which the claim checks refuse)
        assert general == "refused" or _valid_claims(*general) is None
        with pytest.raises(CredentialError):
            decode_claims(data)
        return
    assert fast == general


@settings(max_examples=400, deadline=None)
@given(raw=_mutations(COSE))
def test_envelope_fast_path_agrees_with_general_parser(raw: bytes):
    assert _fast_parse(raw) == _general_parse(raw)


def test_non_shortest_heads_leave_the_fast_paths():
    # a 1-byte length written with 2 bytes, and the signature's length with a longer head
    longer = COSE.replace(b"\x58\x40", b"\x59\x00\x40", 1)
    assert _split_exact(longer) is None
    assert _fast_parse(longer) == _general_parse(longer) != _fast_parse(COSE)
    assert 0x40 <= COSE[2] < 0x58  # the protected header's short length, then written long
    long_protected = COSE[:2] + bytes([0x58, COSE[2] - 0x40]) + COSE[3:]
    assert _split_exact(long_protected) is None
    assert _fast_parse(long_protected) == _general_parse(long_protected) == "malformed"
    padded_int = CLAIMS.replace(b"\x0a\x01", b"\x0a\x18\x01", 1)
    assert read_claims(padded_int) is None and _general_map(padded_int) == "refused"
    with pytest.raises(CredentialError, match="deterministic"):
        _load_values(padded_int)
    long_array = CLAIMS.replace(b"\x05\x83", b"\x05\x98\x03", 1)  # masked_id's array head
    assert long_array != CLAIMS and read_claims(long_array) is None
    assert _general_map(long_array) == "refused"


_ODD_VALUES = st.one_of(
    st.integers(-(2**33), 2**60), st.text(max_size=70), st.none(), st.booleans(),
    st.lists(st.one_of(st.text(max_size=10), st.integers(-3, 40)), max_size=4),
    st.sampled_from(["", "*", "a*b", "110***********002X", "\n", "41010", 10**17, 2**32]),
    # masked IDs near their rules: visible characters, stars, total length
    st.tuples(st.text(alphabet="01X*\n", max_size=9), st.integers(-1, 34),
              st.text(alphabet="01X*", max_size=9)).map(list),
)


@settings(max_examples=500, deadline=None)
@given(position=st.integers(0, 10), value=_ODD_VALUES, second=st.integers(0, 10),
       other=_ODD_VALUES)
def test_one_pass_claim_checks_agree_with_the_explaining_ones(position, value, second, other):
    """``_valid_claims`` (no messages) accepts exactly what ``_explain`` (messages) accepts."""
    values = list(cbor2.loads(CLAIMS).values())
    values[position] = value
    values[second] = other
    fast = _valid_claims(*values)
    try:
        _explain(*values)
        explained = None
    except CredentialError as exc:
        explained = exc
    assert (fast is None) == (explained is not None), (values, explained)
    if fast is not None:
        # what it builds passes the validating constructor, and encodes back to the same values
        rebuilt = Claims(**{name: getattr(fast, name) for name in Claims.__slots__})
        assert rebuilt == fast
        assert cbor2.loads(encode_claims(fast)) == dict(zip(KEYS, values, strict=True))


@settings(max_examples=300, deadline=None)
@given(prefix=st.text(alphabet="01X*\n", max_size=9), hidden=st.integers(-1, 34),
       suffix=st.text(alphabet="01X*", max_size=9))
def test_one_pass_masked_id_checks_agree(prefix, hidden, suffix):
    values = list(cbor2.loads(CLAIMS).values())
    values[MASKED] = [prefix, hidden, suffix]
    try:
        _explain(*values)
        explained = True
    except CredentialError:
        explained = False
    assert (_valid_claims(*values) is not None) == explained


@pytest.mark.parametrize("masked", [["", 1, "*"], ["4*", 11, "002X"], ["410", 11, "*02X"]])
def test_a_star_outside_the_hidden_run_is_refused(masked: list[object]):
    # ["", 1, "*"] displays as "**" like ["", 2, ""]: two encodings of one masked ID
    obj = cbor2.loads(CLAIMS)
    obj[5] = masked
    with pytest.raises(CredentialError, match="masked_id") as caught:
        decode_claims(cbor2.dumps(obj))
    assert caught.value.code == "malformed"
