"""The published test vectors (tests/vectors/credential/): byte-exact and negative outcomes."""

import pytest

from core.credential import (
    CredentialError,
    encode_claims,
    from_qr_text,
    parse_credential,
    qr_version,
    sign_credential,
    to_qr_text,
)

from ._credential_support import (
    VECTORS,
    Ed25519Signer,
    P256Signer,
    claims_from_json,
    load_vectors,
    verify_ed25519,
)

DOC = load_vectors()
KEYS = DOC["keys"]
POSITIVE = {v["id"]: v for v in DOC["positive"]}
NEGATIVE = {v["id"]: v for v in DOC["negative"]}


def _verifies(vector, parsed):
    key = KEYS[vector["key"]]
    if key["algorithm"] == "EdDSA":
        public = bytes.fromhex(key["public_hex"])
        return verify_ed25519(public, parsed.signature, parsed.to_be_signed)
    signer = P256Signer(int(key["private_hex"], 16))
    return signer.verifies(parsed.signature, parsed.to_be_signed)


@pytest.mark.parametrize("vector_id", sorted(POSITIVE))
def test_positive_vector_is_reproduced_byte_for_byte(vector_id):
    vector = POSITIVE[vector_id]
    claims = claims_from_json(vector["claims"])
    cose = bytes.fromhex(vector["cose_hex"])
    assert encode_claims(claims).hex() == vector["claims_cbor_hex"]
    assert to_qr_text(cose, vector["public_url"]) == vector["qr_text"]
    assert (VECTORS.parent / vector["cose_file"]).read_bytes() == cose
    parsed = parse_credential(from_qr_text(vector["qr_text"], public_url=vector["public_url"]))
    assert parsed.raw == cose and parsed.claims == claims
    assert parsed.kid.hex() == KEYS[vector["key"]]["kid_hex"]
    assert parsed.to_be_signed.hex() == vector["to_be_signed_hex"]
    assert parsed.signature.hex() == vector["signature_hex"]
    assert _verifies(vector, parsed)
    assert qr_version(vector["qr_text"]) <= 10


def test_eddsa_vectors_are_signed_again_identically():
    signer = Ed25519Signer(bytes.fromhex(KEYS["ed25519"]["private_hex"]))
    for vector_id in ("eddsa_basic", "eddsa_max"):
        vector = POSITIVE[vector_id]
        cose = sign_credential(claims_from_json(vector["claims"]), signer)
        assert cose.hex() == vector["cose_hex"]


def test_every_negative_kind_the_issue_asks_for_is_present():
    kinds = {"flipped_signature_bit", "wrong_key", "truncated_cose", "wrong_prefix_host"}
    kinds |= {"oversized", "decompression_bomb"}
    assert kinds <= set(NEGATIVE)


@pytest.mark.parametrize("vector_id", sorted(NEGATIVE))
def test_negative_vector_fails_as_recorded(vector_id):
    vector = NEGATIVE[vector_id]
    expect = vector["expect"]
    if "error" in expect:
        with pytest.raises(CredentialError) as caught:
            parse_credential(from_qr_text(vector["qr_text"], public_url=vector.get("public_url")))
        assert caught.value.code == expect["error"]
        return
    assert expect == {"outcome": "verify_fails"}
    parsed = parse_credential(from_qr_text(vector["qr_text"]))
    key = bytes.fromhex(KEYS[vector["verify_with"]]["public_hex"])
    assert not verify_ed25519(key, parsed.signature, parsed.to_be_signed)


def test_vector_readme_names_the_generator():
    readme = (VECTORS.parent / "README.md").read_text(encoding="utf-8")
    assert "make_credential_vectors.py" in readme
    assert (VECTORS.parents[1] / "make_credential_vectors.py").is_file()
