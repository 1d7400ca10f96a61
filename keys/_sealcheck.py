"""Verifying a GB/T 38540 SES_Signature: every check as a field, one bottom line.

Needs no private key: the trust anchors are the SM2 seal CA certificates (from the trust list,
``TrustList.sm2_ca_certificate``, or :func:`keys.sm2_ca_certificates`), and revocation comes
as the SHA-256 fingerprints of revoked seal certificates (``TrustList.revoked_seals``).
Malformed input is a result with ``ok=False``, never an exception.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from keys._errors import WrongKeyType
from keys._events import now_utc
from keys._ses import SES_VERSION, SESignature
from keys._sm2 import SM2_WITH_SM3_OID, sm2_verify, sm3
from keys._sm2x509 import Sm2Cert, parse_sm2_certificate

__all__ = ["MAX_SES_BYTES", "SealCheck", "verify_ses_signature"]

#: An SES_Signature is the seal picture (~50 kB) plus two certificates; refuse far more.
MAX_SES_BYTES = 4 * 1024 * 1024
#: A signing time this far past ``now`` is refused (clock skew allowance).
FUTURE_SKEW = timedelta(minutes=5)


@dataclass(frozen=True)
class SealCheck:
    """The result of :func:`verify_ses_signature`; ``reason`` says (zh + en) what failed first."""

    parsed: bool = False
    data_hash_ok: bool = False
    signature_ok: bool = False
    signer_in_seal: bool = False
    cert_trusted: bool = False
    not_revoked: bool = False
    seal_valid: bool = False
    seal_maker_ok: bool = False
    signer: str | None = None
    #: the authority code the signer's certificate names (OU "authority <code>"), if any
    authority: str | None = None
    seal_name: str | None = None
    es_id: str | None = None
    signed_at: datetime | None = None
    property_info: str | None = None
    reason: str | None = None

    @property
    def ok(self) -> bool:
        """True only when every check passed."""
        return all((self.parsed, self.data_hash_ok, self.signature_ok, self.signer_in_seal,
                    self.cert_trusted, self.not_revoked, self.seal_valid, self.seal_maker_ok))


_REASONS = (
    ("data_hash_ok", "原文摘要不符 dataHash is not the SM3 digest of the signed data"),
    ("signature_ok", "签章签名无效 the SM2 signature over TBS_Sign does not verify"),
    ("signer_in_seal", "签章者证书不在印章证书列表中 signer certificate is not in the seal's "
                       "certList"),
    ("cert_trusted", "签章者证书不受信任或签章时不在有效期 signer certificate does not chain to a "
                     "trusted SM2 CA or was not valid at timeInfo"),
    ("not_revoked", "电子印章已吊销 the seal certificate is revoked"),
    ("seal_valid", "签章时间不在印章有效期内 timeInfo is outside the seal's validStart..validEnd "
                   "(or in the future)"),
    ("seal_maker_ok", "印章制章者签名无效或不受信任 the seal maker's signature is invalid or the "
                      "maker is not a trusted SM2 CA"),
)


def _anchors(trusted_cas: Sequence[bytes]) -> list[Sm2Cert]:
    out = []
    for der in trusted_cas:
        try:
            out.append(parse_sm2_certificate(der))
        except WrongKeyType:
            continue  # an unusable anchor trusts nothing
    return [c for c in out if c.is_ca]


def _chains(cert: Sm2Cert, anchors: list[Sm2Cert], at: datetime) -> bool:
    """Issued by a trusted CA, both valid at ``at`` (our CAs have pathlen 0: one level)."""
    return cert.valid_at(at) and any(cert.signed_by(ca) and ca.valid_at(at) for ca in anchors)


def _maker_ok(seal: Any, anchors: list[Sm2Cert], at: datetime) -> bool:
    """The maker's certificate is (or is issued by) a trusted CA, and it signed eSealInfo."""
    try:
        maker = parse_sm2_certificate(bytes(seal["cert"].native))
    except WrongKeyType:
        return False
    trusted = any(maker.der == ca.der for ca in anchors) or _chains(maker, anchors, at)
    return (
        trusted
        and seal["sign_alg_id"].dotted == SM2_WITH_SM3_OID
        and sm2_verify(maker.spki, seal["seal_info"].dump(), bytes(seal["signed_value"].native))
    )


def _fail(reason: str) -> SealCheck:
    return SealCheck(reason=f"电子签章无法解析 SES_Signature refused: {reason}")


def verify_ses_signature(
    ses_der: bytes,
    data: bytes,
    *,
    trusted_cas: Sequence[bytes],
    revoked: Collection[bytes] = (),
    now: datetime | None = None,
) -> SealCheck:
    """Check an SES_Signature over ``data`` against the SM2 CAs ``trusted_cas`` (DER).

    ``revoked``: SHA-256 fingerprints of revoked seal certificates (the trust list's). A
    revoked seal fails whatever its claimed time: timeInfo is stated by the signer itself.
    """
    if not isinstance(ses_der, bytes | bytearray) or len(ses_der) > MAX_SES_BYTES:
        return _fail(f"not bytes or larger than {MAX_SES_BYTES} bytes")
    try:  # one boundary: asn1crypto parses lazily, so any field access can raise
        return _verify(bytes(ses_der), data, _anchors(trusted_cas), revoked, now_utc(now))
    except Exception as exc:  # malformed DER in any depth is a result, not a crash
        return _fail(f"malformed DER ({type(exc).__name__})")


def _verify(der: bytes, data: bytes, anchors: list[Sm2Cert], revoked: Collection[bytes],
            now: datetime) -> SealCheck:
    ses = SESignature.load(der, strict=True)
    tbs, seal = ses["to_sign"], ses["to_sign"]["eseal"]
    info, prop = seal["seal_info"], seal["seal_info"]["property"]
    if tbs["version"].native != SES_VERSION or info["header"]["id"].native != "ES":
        return _fail("not a GB/T 38540 version 4 SES_Signature")
    signer = parse_sm2_certificate(bytes(ses["cert"].native))
    at = now_utc(tbs["time_info"].native)
    start, end = now_utc(prop["valid_start"].native), now_utc(prop["valid_end"].native)
    cert_list = [bytes(c.native) for c in prop["cert_list"]] \
        if prop["cert_list_type"].native == 1 else []
    checks = {
        "parsed": True,
        "data_hash_ok": bytes(tbs["data_hash"].native) == sm3(data),
        "signature_ok": ses["signature_alg_id"].dotted == SM2_WITH_SM3_OID
        and sm2_verify(signer.spki, tbs.dump(), bytes(ses["signature"].native)),
        "signer_in_seal": signer.der in cert_list,
        "cert_trusted": not signer.is_ca and _chains(signer, anchors, at),
        "not_revoked": signer.sha256 not in set(revoked),
        "seal_valid": start <= at <= end and at <= now + FUTURE_SKEW,
        "seal_maker_ok": _maker_ok(seal, anchors, at),
    }
    reason = next((text for name, text in _REASONS if not checks[name]), None)
    return SealCheck(
        **checks,
        signer=signer.subject_cn or signer.subject,
        authority=signer.authority,
        seal_name=str(prop["name"].native),
        es_id=str(info["es_id"].native),
        signed_at=at,
        property_info=str(tbs["property_info"].native),
        reason=reason,
    )
