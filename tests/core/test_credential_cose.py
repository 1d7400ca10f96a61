"""The COSE_Sign1 envelope: signing, strict parsing, and an independent implementation (pycose)."""

import cbor2
import pytest
from cryptography.hazmat.primitives import serialization
from pycose.algorithms import EdDSA, Es256
from pycose.headers import KID, Algorithm
from pycose.keys.curves import P256, Ed25519
from pycose.keys.ec2 import EC2Key
from pycose.keys.okp import OKPKey
from pycose.messages.sign1message import Sign1Message

from core.cose import envelope, protected_header, sig_structure
from core.credential import (
    MAX_CREDENTIAL_BYTES,
    CredentialError,
    ParsedCredential,
    encode_claims,
    parse_credential,
    sign_credential,
)

from ._credential_support import Ed25519Signer, P256Signer, sample_claims

ED = Ed25519Signer()
ES = P256Signer()


def pycose_decode(cose: bytes) -> Sign1Message:
    """pycose 1.1's ``CoseMessage.decode`` predates cbor2 6, which returns a tag's array as a
    tuple; unwrap the tag here and let pycose do everything else (headers, Sig_structure, verify).
    """
    tagged = cbor2.loads(cose)
    assert tagged.tag == Sign1Message.cbor_tag == 18
    protected, unprotected, payload, signature = tagged.value
    return Sign1Message.from_cose_obj([protected, dict(unprotected), payload, signature], True)


def test_sign_and_parse_eddsa():
    claims = sample_claims()
    cose = sign_credential(claims, ED)
    parsed = parse_credential(cose)
    assert isinstance(parsed, ParsedCredential)
    assert (parsed.kid, parsed.algorithm, parsed.claims) == (ED.kid, "EdDSA", claims)
    assert parsed.payload == encode_claims(claims) and parsed.raw == cose
    assert ED.verifies(parsed.signature, parsed.to_be_signed)
    assert cose[0] == 0xD2  # CBOR tag 18


def test_sign_and_parse_es256_same_size_as_eddsa():
    claims = sample_claims()
    cose = sign_credential(claims, ES)
    parsed = parse_credential(cose)
    assert parsed.algorithm == "ES256" and parsed.kid == ES.kid
    assert ES.verifies(parsed.signature, parsed.to_be_signed)
    assert len(cose) == len(sign_credential(claims, ED))


def test_hand_written_encodings_equal_cbor2_canonical():
    payload = encode_claims(sample_claims())
    for algorithm, alg_id in (("EdDSA", -8), ("ES256", -7)):
        for kid in (b"k", ED.kid, bytes(range(32))):
            protected = protected_header(algorithm, kid)
            assert protected == cbor2.dumps({1: alg_id, 4: kid}, canonical=True)
            tbs = cbor2.dumps(["Signature1", protected, b"", payload], canonical=True)
            assert sig_structure(protected, payload) == tbs
    for size in (0, 23, 24, 255, 256, 1000):
        body = [b"p" * 13, {}, b"x" * size, b"s" * 64]
        expected = cbor2.dumps(cbor2.CBORTag(18, body), canonical=True)
        assert envelope(b"p" * 13, b"x" * size, b"s" * 64) == expected


def test_pycose_verifies_eddsa_credential():
    cose = sign_credential(sample_claims(), ED)
    message = pycose_decode(cose)
    assert message.phdr[Algorithm] is EdDSA and message.phdr[KID] == ED.kid
    message.key = OKPKey(crv=Ed25519, x=ED.public_raw)
    assert message.verify_signature()
    assert cbor2.loads(message.payload)[2] == "李明华"


def test_pycose_verifies_es256_credential():
    cose = sign_credential(sample_claims(), ES)
    message = pycose_decode(cose)
    numbers = ES.public.public_numbers()
    message.key = EC2Key(crv=P256, x=numbers.x.to_bytes(32, "big"), y=numbers.y.to_bytes(32, "big"))
    assert message.phdr[Algorithm] is Es256
    assert message.verify_signature()


def test_pycose_rejects_a_flipped_signature_bit():
    cose = bytearray(sign_credential(sample_claims(), ED))
    cose[-1] ^= 0x80
    message = pycose_decode(bytes(cose))
    message.key = OKPKey(crv=Ed25519, x=ED.public_raw)
    assert not message.verify_signature()


def test_pycose_built_credential_parses_here():
    """A message written by pycose, from the claims bytes, is accepted byte-for-byte."""
    payload = encode_claims(sample_claims())
    private = ED.private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    message = Sign1Message(phdr={Algorithm: EdDSA, KID: ED.kid}, payload=payload)
    message.key = OKPKey(crv=Ed25519, d=private, x=ED.public_raw)
    encoded = message.encode()
    assert parse_credential(encoded).claims == sample_claims()
    assert encoded == sign_credential(sample_claims(), ED)


def _cose(
    protected: object = None,
    unprotected: object = None,
    payload: object = None,
    signature: object = None,
    tag: int | None = 18,
) -> bytes:
    body = [
        protected if protected is not None else cbor2.dumps({1: -8, 4: ED.kid}),
        unprotected if unprotected is not None else {},
        payload if payload is not None else encode_claims(sample_claims()),
        signature if signature is not None else b"s" * 64,
    ]
    return cbor2.dumps(cbor2.CBORTag(tag, body) if tag is not None else body)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "truncated"),
        (b"\xd2\x84\x4d", "truncated"),
        (b"\xd2\x84\xff", "malformed"),
        (_cose(tag=None), "bad_structure"),
        (_cose(tag=98), "bad_structure"),  # COSE_Sign, not COSE_Sign1
        (cbor2.dumps(cbor2.CBORTag(18, [b"", {}, b""])), "bad_structure"),
        (_cose(unprotected={4: b"kid"}), "bad_structure"),
        (_cose(signature=b"s" * 63), "bad_structure"),
        (_cose(payload="text"), "bad_structure"),
        (_cose(protected=cbor2.dumps({1: -8})), "bad_structure"),
        (_cose(protected=cbor2.dumps({1: -8, 4: ED.kid, 3: 0})), "bad_structure"),
        (_cose(protected=cbor2.dumps({1: -8, 4: b""})), "bad_structure"),
        (_cose(protected=cbor2.dumps({1: -8, 4: "kid"})), "bad_structure"),
        (_cose(protected=cbor2.dumps({1: -35, 4: ED.kid})), "unsupported_alg"),
        (_cose(protected=cbor2.dumps({1: "EdDSA", 4: ED.kid})), "unsupported_alg"),
        (_cose(protected=cbor2.dumps({4: ED.kid, 1: -8})), "malformed"),  # key order
        (_cose(payload=encode_claims(sample_claims())[:-1]), "truncated"),
        (_cose() + b"\x00", "malformed"),
        (b"\x00" * (MAX_CREDENTIAL_BYTES + 1), "oversized"),
    ],
)
def test_parse_refuses(data, code):
    with pytest.raises(CredentialError) as caught:
        parse_credential(data)
    assert caught.value.code == code


def test_oversized_is_refused_before_parsing(monkeypatch):
    def explode(*args, **kwargs):
        raise AssertionError("parsed an oversized credential")

    monkeypatch.setattr(cbor2, "loads", explode)
    with pytest.raises(CredentialError) as caught:
        parse_credential(_cose(payload=b"\xa0" * 2000))
    assert caught.value.code == "oversized"


class _BadSigner:
    def __init__(self, algorithm: str = "EdDSA", kid: bytes = b"12345678", size: int = 64) -> None:
        self.algorithm, self.kid, self.size = algorithm, kid, size

    def sign(self, data):
        return b"\x00" * self.size


@pytest.mark.parametrize(
    ("signer", "code"),
    [
        (_BadSigner(algorithm="RS256"), "unsupported_alg"),
        (_BadSigner(kid=b""), "bad_structure"),
        (_BadSigner(kid=b"k" * 33), "bad_structure"),
        (_BadSigner(size=72), "bad_structure"),
    ],
)
def test_sign_refuses_bad_signers(signer, code):
    with pytest.raises(CredentialError) as caught:
        sign_credential(sample_claims(), signer)
    assert caught.value.code == code


def test_largest_valid_claims_stay_under_the_limit():
    """Every valid Claims fits, so the issuer never meets "oversized" (and QR version <= 40)."""
    big = sample_claims(
        name="𠀀" * 64,
        subject="𠀀" * 64,
        authority_code="𠀀" * 16,
        masked_id="𠀀" + "*" * 30 + "𠀀",
        version=2**32 - 1,
    )
    cose = sign_credential(big, _BadSigner(kid=b"k" * 32))
    assert len(cose) < MAX_CREDENTIAL_BYTES
    assert parse_credential(cose).claims == big


def test_ed25519_signature_is_deterministic():
    assert sign_credential(sample_claims(), ED) == sign_credential(sample_claims(), ED)


def test_parse_accepts_bytearray_and_refuses_text():
    cose = sign_credential(sample_claims(), ED)
    assert parse_credential(bytearray(cose)).raw == cose
    with pytest.raises(CredentialError) as caught:
        parse_credential(cose.hex())
    assert caught.value.code == "malformed"
