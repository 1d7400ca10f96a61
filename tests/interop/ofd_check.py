"""An independent checker of OFD licence files and their GB/T 38540 electronic seal.

Written from the standards (GB/T 33190 for the package, GB/T 38540-2019 for the seal
structures, GB/T 32905 / GB/T 32918.2 / GM/T 0009 for SM3 and SM2) and docs/INTEROP.md §3–§4
alone. It deliberately shares no code with ecert: no ``keys``, ``issuer`` or ``verifier``
import. The tools are the standard library (``zipfile``, ``xml.etree``), ``asn1crypto`` as a
generic DER parser with the schema below typed in from the standard, and the pure-Python
``gmssl`` for SM3 and SM2 — a second implementation, not the C library that signed.

Input is trusted test material (files ecert itself issued), so the reader is plain.
"""

from __future__ import annotations

import base64
import hashlib
import io
import posixpath
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from asn1crypto import core, x509
from gmssl import func, sm2, sm3

OFD = "{http://www.ofdspec.org/2016}"
SM3_OID = "1.2.156.10197.1.401"
SM2_SIGN_OID = "1.2.156.10197.1.501"
SM2_CURVE_OID = "1.2.156.10197.1.301"


# --- GB/T 38540-2019 (version 4) structures, from the standard's ASN.1 ----------------------


class ExtData(core.Sequence):
    _fields = [("extnID", core.ObjectIdentifier),
               ("critical", core.Boolean, {"default": False}),
               ("extnValue", core.OctetString)]


class ExtensionDatas(core.SequenceOf):
    _child_spec = ExtData


class SESHeader(core.Sequence):
    _fields = [("id", core.IA5String), ("version", core.Integer), ("Vid", core.IA5String)]


class CertList(core.SequenceOf):
    _child_spec = core.OctetString


class SESESPropertyInfo(core.Sequence):
    _fields = [("type", core.Integer), ("name", core.UTF8String),
               ("certListType", core.Integer), ("certList", CertList),
               ("createDate", core.GeneralizedTime), ("validStart", core.GeneralizedTime),
               ("validEnd", core.GeneralizedTime)]


class SESESPictrueInfo(core.Sequence):
    _fields = [("type", core.IA5String), ("data", core.OctetString),
               ("width", core.Integer), ("height", core.Integer)]


class SESSealInfo(core.Sequence):
    _fields = [("header", SESHeader), ("esID", core.IA5String),
               ("property", SESESPropertyInfo), ("picture", SESESPictrueInfo),
               ("extDatas", ExtensionDatas, {"optional": True})]


class SESeal(core.Sequence):
    _fields = [("eSealInfo", SESSealInfo), ("cert", core.OctetString),
               ("signAlgID", core.ObjectIdentifier), ("signedValue", core.BitString)]


class TBSSign(core.Sequence):
    _fields = [("version", core.Integer), ("eseal", SESeal),
               ("timeInfo", core.GeneralizedTime), ("dataHash", core.BitString),
               ("propertyInfo", core.IA5String),
               ("extDatas", ExtensionDatas, {"explicit": 0, "optional": True})]


class SESSignature(core.Sequence):
    _fields = [("toSign", TBSSign), ("cert", core.OctetString),
               ("signatureAlgID", core.ObjectIdentifier), ("signature", core.BitString),
               ("timeStamp", core.BitString, {"explicit": 0, "optional": True})]


# --- SM3 and SM2 through gmssl -----------------------------------------------------------------


def gmssl_sm3(data: bytes) -> bytes:
    """SM3 (GB/T 32905) by gmssl, pure Python."""
    return bytes.fromhex(sm3.sm3_hash(func.bytes_to_list(data)))


def _octets(bits: core.BitString) -> bytes:
    """A BIT STRING's octets; a signature or digest has no unused bits."""
    unused = bits.contents[0]
    if unused != 0:
        raise ValueError("BIT STRING with unused bits")
    return bytes(bits.contents[1:])


def _sm2_public_hex(cert: x509.Certificate) -> str:
    """The certificate's SM2 public key as gmssl takes it: x || y in hex (no 04 prefix)."""
    info = cert["tbs_certificate"]["subject_public_key_info"]
    if info["algorithm"]["parameters"].chosen.dotted != SM2_CURVE_OID:
        raise ValueError("the key is not on the SM2 curve")
    point = info["public_key"].contents[1:]
    if len(point) != 65 or point[0] != 4:
        raise ValueError("not an uncompressed SM2 point")
    return point[1:].hex()


def gmssl_sm2(public_xy_hex: str, private_key: str | None = None) -> sm2.CryptSM2:
    """gmssl's SM2 for a public key given as x || y in hex. gmssl's constructor drops a "04"
    prefix with ``str.lstrip("04")``, which also eats every 0 and 4 digit after it: a key
    whose x starts with byte 04 became another point and its signatures failed (about one key
    in 256). The key is set after construction instead, whole."""
    checker = sm2.CryptSM2(private_key=private_key, public_key="", asn1=True)
    checker.public_key = public_xy_hex
    return checker


def sm2_verify(cert: x509.Certificate, data: bytes, signature_der: bytes) -> bool:
    """SM2 with SM3 and the default user ID (GM/T 0009), verified by gmssl."""
    try:
        checker = gmssl_sm2(_sm2_public_hex(cert))
        return bool(checker.verify_with_sm3(signature_der.hex(), data))
    except Exception:  # a malformed key or signature is simply not valid
        return False


def _certificate(der: bytes) -> x509.Certificate:
    cert = x509.Certificate.load(der)
    cert.native  # noqa: B018 -- parse fully now, so that damage raises here
    return cert


def _signed_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    """``issuer`` named and signed ``cert`` (SM2 with SM3 over the DER of tbsCertificate)."""
    return (cert.issuer.dump() == issuer.subject.dump()
            and cert["signature_algorithm"]["algorithm"].dotted == SM2_SIGN_OID
            and sm2_verify(issuer, cert["tbs_certificate"].dump(),
                           _octets(cert["signature_value"])))


def _valid_at(cert: x509.Certificate, moment: datetime) -> bool:
    validity = cert["tbs_certificate"]["validity"]
    return bool(validity["not_before"].native <= moment <= validity["not_after"].native)


# --- the checker -------------------------------------------------------------------------------


@dataclass
class Report:
    """What the checker found; ``ok`` when it found no problem."""

    problems: list[str] = field(default_factory=list)
    parts: int = 0
    references: int = 0
    qr_text: str | None = None
    signed_at: datetime | None = None
    seal_name: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def _resolve(base: str, loc: str) -> str:
    """GB/T 33190 ST_Loc: absolute from the package root, else from ``base``'s directory."""
    joined = loc[1:] if loc.startswith("/") else posixpath.join(posixpath.dirname(base), loc)
    return posixpath.normpath(joined)


def _xml(parts: dict[str, bytes], name: str) -> ET.Element:
    return ET.fromstring(parts[name])


def check_ofd_file(data: bytes, sm2_ca_der: bytes, *, revoked: frozenset[bytes] = frozenset(),
                   now: datetime | None = None,
                   digest: Callable[[bytes], bytes] = gmssl_sm3) -> Report:
    """Check the package ``data`` against the SM2 seal CA ``sm2_ca_der`` (docs/INTEROP.md §4.4).

    ``digest`` is SM3 (gmssl's by default; a caller may pass a memo of it keyed by the bytes).
    """
    report = Report()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist() if not i.is_dir()}
    report.parts = len(parts)
    body = _xml(parts, "OFD.xml").find(f"{OFD}DocBody")
    assert body is not None, "OFD.xml has no DocBody"
    for item in body.iterfind(f"{OFD}DocInfo/{OFD}CustomDatas/{OFD}CustomData"):
        if item.get("Name") == "ecert.qr_text":
            report.qr_text = (item.text or "").strip()
    location = body.findtext(f"{OFD}Signatures")
    if not location:
        report.problems.append("not sealed: OFD.xml names no Signatures")
        return report
    signatures_part = _resolve("OFD.xml", location.strip())
    listed = _xml(parts, signatures_part).findall(f"{OFD}Signature")
    if len(listed) != 1:
        report.problems.append(f"expected one signature, found {len(listed)}")
    for entry in listed:
        _check_signature(parts, _resolve(signatures_part, entry.get("BaseLoc", "")),
                         _certificate(sm2_ca_der), revoked, now or datetime.now(UTC), digest,
                         report)
    return report


def _check_signature(parts: dict[str, bytes], signature_part: str, ca: x509.Certificate,
                     revoked: frozenset[bytes], now: datetime,
                     digest: Callable[[bytes], bytes], report: Report) -> None:
    problems = report.problems
    if signature_part not in parts:
        problems.append(f"missing {signature_part}")
        return
    root = _xml(parts, signature_part)
    value_part = _resolve(signature_part, (root.findtext(f"{OFD}SignedValue") or "").strip())
    refs = root.find(f"{OFD}SignedInfo/{OFD}References")
    if refs is None or refs.get("CheckMethod") != SM3_OID:
        problems.append("References missing or CheckMethod is not SM3")
        return
    if root.findtext(f"{OFD}SignedInfo/{OFD}SignatureMethod") != SM2_SIGN_OID:
        problems.append("SignatureMethod is not SM2-with-SM3")
    covered: set[str] = set()
    for ref in refs.iterfind(f"{OFD}Reference"):
        name = _resolve(signature_part, ref.get("FileRef", ""))
        if name in covered:
            problems.append(f"{name} referenced twice")
        covered.add(name)
        if name not in parts:
            problems.append(f"reference to a missing part {name}")
        elif base64.b64decode(ref.findtext(f"{OFD}CheckValue") or "") != digest(parts[name]):
            problems.append(f"SM3 of {name} does not match its CheckValue")
    report.references = len(covered)
    for name in sorted(set(parts) - covered - {signature_part, value_part}):
        problems.append(f"{name} is not covered by the seal")
    if value_part not in parts:
        problems.append(f"missing {value_part}")
        return
    _check_ses(parts[value_part], parts[signature_part], ca, revoked, now, report)


def _check_ses(der: bytes, signed: bytes, ca: x509.Certificate, revoked: frozenset[bytes],
               now: datetime, report: Report) -> None:
    """GB/T 38540 SES_Signature over ``signed`` (steps 4–8 of docs/INTEROP.md §4.4)."""
    problems = report.problems
    try:
        ses = SESSignature.load(der, strict=True)
        ses.native  # noqa: B018 -- parse every field now
    except Exception as exc:
        problems.append(f"SignedValue.dat is not an SES_Signature: {type(exc).__name__}")
        return
    if ses.dump(force=True) != der:
        problems.append("SES_Signature is not DER")
    tbs, seal = ses["toSign"], ses["toSign"]["eseal"]
    info, prop = seal["eSealInfo"], seal["eSealInfo"]["property"]
    if tbs["version"].native != 4 or (info["header"]["id"].native,
                                      info["header"]["version"].native) != ("ES", 4):
        problems.append("not a version 4 SES_Signature / ES header")
    if _octets(tbs["dataHash"]) != gmssl_sm3(signed):
        problems.append("dataHash is not SM3(Signature.xml)")
    signer_der = bytes(ses["cert"].native)
    signer = _certificate(signer_der)
    if ses["signatureAlgID"].dotted != SM2_SIGN_OID or not sm2_verify(
            signer, tbs.dump(), _octets(ses["signature"])):
        problems.append("the SM2 signature over TBS_Sign does not verify (gmssl)")
    at = tbs["timeInfo"].native
    report.signed_at, report.seal_name = at, prop["name"].native
    if prop["certListType"].native != 1 or signer_der not in [bytes(c.native)
                                                                for c in prop["certList"]]:
        problems.append("the signer's certificate is not in the seal's certList")
    if signer.ca or not _signed_by(signer, ca) or not (_valid_at(signer, at)
                                                       and _valid_at(ca, at)):
        problems.append("the signer's certificate is not issued by the SM2 seal CA, or not "
                        "valid at timeInfo")
    if hashlib.sha256(signer_der).digest() in revoked:
        problems.append("the seal certificate is revoked")
    if not (prop["validStart"].native <= at <= prop["validEnd"].native) or at > now:
        problems.append("timeInfo outside the seal's validity, or in the future")
    maker = _certificate(bytes(seal["cert"].native))
    maker_trusted = maker.dump() == ca.dump() or _signed_by(maker, ca)
    if not maker_trusted or seal["signAlgID"].dotted != SM2_SIGN_OID or not sm2_verify(
            maker, info.dump(), _octets(seal["signedValue"])):
        problems.append("the seal maker's signature over SES_SealInfo does not verify, or the "
                        "maker is not the SM2 seal CA")
