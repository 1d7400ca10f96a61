"""Every decoder, fed mutated valid inputs and raw bytes: only its documented error comes out,
never another exception, and what it returns stays within its bounds.

Each Hypothesis example draws a seed for a plain loop of cheap mutations (``BATCH`` inputs), so a
large run tries millions of inputs in minutes and a failure still replays from its example.
"""

from __future__ import annotations

import random
from functools import cache

from hypothesis import given
from hypothesis import strategies as st

from core.credential import (
    MAX_CREDENTIAL_BYTES,
    CredentialError,
    ParsedCredential,
    decode_claims,
    from_qr_text,
    parse_credential,
)
from core.statuslist import MAX_ENTRIES, StatusListError, parse_status_list
from keys import TrustListExpired, TrustListInvalid, load_trust_list
from tests.fuzz._budget import examples, fuzz_settings
from tests.fuzz._mutate import dumps_any, feed, mutate_bytes, mutate_tree
from tests.fuzz._seeds import (
    GRACE,
    NOW,
    PUBLIC_URL,
    ROOT,
    seeds,
    sign_credential_payload,
    sign_status_body,
    sign_trust_body,
)
from verifier import OfflineVerifier
from verifier._verdict import Verdict

#: Inputs per Hypothesis example (a plain loop over mutations of the seeds).
BATCH = examples(10, 600)
SEED = st.integers(0, 2**64 - 1)
EXTRA = st.binary(max_size=96)


@cache
def _verifier() -> OfflineVerifier:
    s = seeds()
    return OfflineVerifier(s.trust_list, s.status_list, ROOT.public, now=NOW)


def _check_credential(parsed: ParsedCredential | None) -> None:
    if parsed is not None:
        assert len(parsed.raw) <= MAX_CREDENTIAL_BYTES and len(parsed.kid) <= 32
        assert len(parsed.claims.name) <= 64 and len(parsed.claims.masked_id) <= 32


# --- QR text ----------------------------------------------------------------------------------


def _mutate_text(rng: random.Random, text: str) -> str:
    choice = rng.randrange(6)
    if choice == 0:
        return text.lower()
    if choice == 1:
        cut = rng.randrange(len(text) + 1)
        return text[:cut] + rng.choice(["/C/", "/c/", " ", "\u3000", "٣", "x", "%", "\n", "/"]) \
            + text[cut:]
    if choice == 2:
        return "https://evil.example.com/phish" + text[text.find("/C/"):]
    if choice == 3:
        return text[text.find("/C/") + 3:]  # the bare digits
    raw = mutate_bytes(rng, text.encode("utf-8"))
    return raw.decode("utf-8", errors=rng.choice(["replace", "ignore", "surrogateescape"]))


def _one_text(text: str) -> None:
    raw = feed("qr_text", (CredentialError,), from_qr_text, text)
    if raw is not None:
        assert len(raw) <= MAX_CREDENTIAL_BYTES
    feed("qr_text", (CredentialError,), from_qr_text, text, public_url=PUBLIC_URL, _count=False)
    verdict = feed("verify", (), _verifier().verify, text, now=NOW)
    assert isinstance(verdict, Verdict)


@fuzz_settings(small=8, large=300)
@given(SEED)
def test_qr_text_mutated(seed: int) -> None:
    rng, texts = random.Random(seed), seeds().qr_texts
    for _ in range(BATCH):
        _one_text(_mutate_text(rng, rng.choice(texts)))


@fuzz_settings(small=20, large=20_000)
@given(st.text(max_size=2200))
def test_qr_text_any(text: str) -> None:
    _one_text(text)


# --- COSE_Sign1 credential --------------------------------------------------------------------


@fuzz_settings(small=8, large=400)
@given(SEED, EXTRA)
def test_cose_mutated(seed: int, extra: bytes) -> None:
    rng, pool = random.Random(seed), (*seeds().credentials, extra)
    for _ in range(BATCH):
        data = mutate_bytes(rng, rng.choice(pool), pool)
        _check_credential(feed("cose", (CredentialError,), parse_credential, data))


@fuzz_settings(small=20, large=30_000)
@given(st.binary(max_size=1100))
def test_cose_any(data: bytes) -> None:
    _check_credential(feed("cose", (CredentialError,), parse_credential, data))


# --- claims -----------------------------------------------------------------------------------


@fuzz_settings(small=8, large=400)
@given(SEED, EXTRA)
def test_claims_mutated(seed: int, extra: bytes) -> None:
    """Byte mutations and tree mutations of the claims map, also inside a signed envelope."""
    import cbor2

    rng, pool = random.Random(seed), (*seeds().payloads, extra)
    for _ in range(BATCH):
        base = rng.choice(seeds().payloads)
        if rng.random() < 0.5:
            data = mutate_bytes(rng, base, pool)
        else:
            data = dumps_any(rng, mutate_tree(rng, cbor2.loads(base))) or base
        claims = feed("claims", (CredentialError,), decode_claims, data)
        assert claims is None or len(claims.name) <= 64
        if rng.random() < 0.1:  # the whole path: envelope + claims, signed
            cose = sign_credential_payload(data)
            _check_credential(feed("cose", (CredentialError,), parse_credential, cose))


@fuzz_settings(small=20, large=30_000)
@given(st.binary(max_size=400))
def test_claims_any(data: bytes) -> None:
    feed("claims", (CredentialError,), decode_claims, data)


# --- status list ------------------------------------------------------------------------------


def _one_status(data: bytes) -> None:
    parsed = feed("status_list", (StatusListError,), parse_status_list, data)
    if parsed is not None:
        status = parsed.status
        assert len(status.data) <= MAX_ENTRIES and len(status.superseded) <= len(status.data)


@fuzz_settings(small=8, large=300)
@given(SEED, EXTRA)
def test_status_list_mutated(seed: int, extra: bytes) -> None:
    """Signed by the root: tree mutations reach every field check, not just the signature."""
    s = seeds()
    rng = random.Random(seed)
    for _ in range(BATCH):
        if rng.random() < 0.3:
            data = mutate_bytes(rng, s.status_list, (extra,))
        else:
            body = mutate_tree(rng, s.status_body)
            try:
                data = sign_status_body(body)
            except (ValueError, TypeError, OverflowError):  # cbor2 cannot write it
                continue
        _one_status(data)


@fuzz_settings(small=20, large=20_000)
@given(st.binary(max_size=600))
def test_status_list_any(data: bytes) -> None:
    _one_status(data)


# --- trust list -------------------------------------------------------------------------------


def _one_trust(data: bytes) -> None:
    trust = feed("trust_list", (TrustListInvalid, TrustListExpired), load_trust_list, data,
                 ROOT.public, now=NOW, grace=GRACE)
    if trust is not None:
        assert len(trust.keys) <= 10_000 and len(trust.authorities) <= 10_000


@fuzz_settings(small=8, large=300)
@given(SEED, EXTRA)
def test_trust_list_mutated(seed: int, extra: bytes) -> None:
    """Signed by the root: tree mutations reach every field check, not just the signature."""
    s = seeds()
    rng = random.Random(seed)
    for _ in range(BATCH):
        if rng.random() < 0.3:
            data = mutate_bytes(rng, s.trust_list, (extra,))
        else:
            try:
                data = sign_trust_body(mutate_tree(rng, s.trust_body))
            except (ValueError, TypeError, OverflowError):  # cbor2 cannot write it
                continue
        _one_trust(data)


@fuzz_settings(small=20, large=20_000)
@given(st.binary(max_size=600))
def test_trust_list_any(data: bytes) -> None:
    _one_trust(data)
