"""The published SES_Signature vector (tests/keys/vectors/ses_signature_v4.json): it verifies with
keys and, independently, with gmssl; negative vectors fail with the right check."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from gmssl import sm2

import keys
from keys._ses import SESignature
from keys._sm2x509 import parse_sm2_certificate
from tests.interop.ofd_check import gmssl_sm2

VECTOR_FILE = Path(__file__).parent / "vectors" / "ses_signature_v4.json"
VECTOR = json.loads(VECTOR_FILE.read_text("utf-8"))
SES = bytes.fromhex(VECTOR["ses_signature"])
CA = bytes.fromhex(VECTOR["ca_certificate"])
DATA = VECTOR["data"].encode()
AT = datetime.fromisoformat(VECTOR["verify_at"].replace("Z", "+00:00"))


def _verify(ses: bytes = SES, data: bytes = DATA, cas: tuple[bytes, ...] = (CA,),
            **kw: object) -> keys.SealCheck:
    return keys.verify_ses_signature(ses, data, trusted_cas=cas, now=AT, **kw)  # type: ignore[arg-type]


def _gmssl(cert_der: bytes) -> sm2.CryptSM2:
    return gmssl_sm2(parse_sm2_certificate(cert_der).spki[-64:].hex())


def test_vector_verifies() -> None:
    check = _verify()
    assert check.ok, check.reason
    expected = VECTOR["expected"]
    assert (check.signer, check.seal_name, check.es_id) == (
        expected["signer"], expected["seal_name"], expected["es_id"])
    assert check.signed_at is not None and check.signed_at.isoformat().startswith("2026-01-31")
    assert keys.sm3(DATA).hex() == VECTOR["data_sm3"]


def test_vector_verifies_with_gmssl() -> None:
    ses = SESignature.load(SES)
    signer = bytes.fromhex(VECTOR["signer_certificate"])
    assert bytes(ses["cert"].native) == signer
    assert _gmssl(signer).verify_with_sm3(bytes(ses["signature"].native).hex(),
                                          ses["to_sign"].dump())
    seal = ses["to_sign"]["eseal"]
    assert seal.dump() == bytes.fromhex(VECTOR["seal"])
    assert _gmssl(CA).verify_with_sm3(bytes(seal["signed_value"].native).hex(),
                                      seal["seal_info"].dump())
    cert = parse_sm2_certificate(signer)
    assert _gmssl(CA).verify_with_sm3(cert.signature.hex(), cert.tbs)


def _flip(data: bytes, index: int) -> bytes:
    return data[:index] + bytes([data[index] ^ 0x01]) + data[index + 1 :]


@pytest.mark.parametrize(
    ("case", "failed"),
    [
        ("flipped_signature_bit", "signature_ok"),
        ("wrong_data", "data_hash_ok"),
        ("truncated", "parsed"),
        ("wrong_prefix", "parsed"),
        ("wrong_ca", "cert_trusted"),
        ("revoked", "not_revoked"),
        ("flipped_seal_name", "seal_maker_ok"),
    ],
)
def test_negative_vectors(case: str, failed: str) -> None:
    ses, data, cas, revoked = SES, DATA, (CA,), frozenset[bytes]()
    if case == "flipped_signature_bit":
        ses = _flip(SES, len(SES) - 2)
    elif case == "wrong_data":
        data = DATA + b" "
    elif case == "truncated":
        ses = SES[:-1]
    elif case == "wrong_prefix":
        ses = b"\x31" + SES[1:]
    elif case == "wrong_ca":
        cas = (bytes.fromhex(VECTOR["signer_certificate"]),)  # not a CA: trusts nothing
    elif case == "revoked":
        revoked = frozenset({parse_sm2_certificate(bytes.fromhex(
            VECTOR["signer_certificate"])).sha256})
    else:
        name = "测试认定机构教师资格专用章".encode()
        at = SES.index(name)
        ses = SES[:at] + "测试认定机构教师资格专用印".encode() + SES[at + len(name):]
    check = _verify(ses, data, cas, revoked=revoked)
    assert not check.ok and not getattr(check, failed), check
