"""Verifying an OFD licence file: its GB/T 38540 electronic seal and the credential it carries.

The path, as docs/INTEROP.md describes it::

    OFD.xml  DocBody/DocInfo/CustomDatas  → the credential's QR text (verified like any other)
             DocBody/DocRoot              → Doc_0/Document.xml (must exist)
             DocBody/Signatures           → Doc_0/Signs/Signatures.xml
    Signatures.xml  Signature@BaseLoc     → Sign_0/Signature.xml (at most MAX_SIGNATURES)
    Signature.xml   SignedInfo/References (CheckMethod SM3): Reference@FileRef + CheckValue
                    (base64 SM3 of the part), SignedValue → SignedValue.dat
    SignedValue.dat SES_Signature over the bytes of Signature.xml (keys.verify_ses_signature)

The seal holds when every Reference's SM3 matches its part, no Reference names a missing part,
every part of the package is covered (except Signatures.xml and each signature's own two
files, which cannot cover themselves), every SES_Signature verifies against the SM2 seal CA
of the trust list and is not revoked, and every seal is the credential's authority's or an
authority's above it (its code a prefix of the credential's, as for signing keys). A package
that cannot be read at all is refused (:class:`OfdRefused`, HTTP 422); a signature that fails
is a *result*.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from xml.etree import ElementTree as ET

from core.credential import CredentialError, from_qr_text, parse_credential
from core.states import VerifierResult
from keys import SealCheck, TrustList, sm3, verify_ses_signature
from verifier._ofd_read import OfdPackage, OfdRefused, read_package, resolve
from verifier._verdict import Check, Verdict
from verifier._verify import _authority_matches

__all__ = [
    "MAX_SIGNATURES",
    "QR_TEXT_NAMES",
    "OfdCheck",
    "SealRoots",
    "check_ofd",
    "ofd_seal_check",
    "seal_roots",
    "with_ofd_check",
]

OFD_NS = "http://www.ofdspec.org/2016"
#: Digest and signature algorithms (GM/T 0006 OIDs; some writers put the names instead).
SM3_METHODS = frozenset({"1.2.156.10197.1.401", "sm3"})
SM2_METHODS = frozenset({"1.2.156.10197.1.501", "sm2", "sm3withsm2", "sm2withsm3"})
#: Seals checked in one file: an issued licence carries one; more is refused as a verdict.
MAX_SIGNATURES = 4
#: The CustomData that carries the credential's QR text (docs/INTEROP.md; ecert's own name, not
#: a GB/T 36903 element).
QR_TEXT_NAMES = ("ecert.qr_text",)
_MISMATCHED = "部件摘要不符（签章后被改动）/ SM3 digest mismatch (altered after sealing)"
_MISSING = "签名引用的部件不存在 / a Reference names a missing part"
_UNCOVERED = "部件未被签章覆盖 / parts not covered by the seal"
#: Refusals that mean "this part was altered": a failed seal, not an unreadable upload.
_ALTERED = frozenset({"ofd_malformed", "ofd_missing_part"})


@dataclass(frozen=True, slots=True)
class SealRoots:
    """What a seal is checked against: the SM2 seal CAs (DER), the SHA-256 fingerprints of
    revoked seal certificates, and the time (None: now)."""

    cas: tuple[bytes, ...] = ()
    revoked: frozenset[bytes] = frozenset()
    now: datetime | None = None


def seal_roots(trust: TrustList, *, now: datetime | None = None,
               extra_cas: tuple[bytes, ...] = ()) -> SealRoots:
    """The seal anchors a verified trust list publishes (plus CAs pinned by the caller)."""
    cas = (*extra_cas, *((trust.sm2_ca_certificate,) if trust.sm2_ca_certificate else ()))
    return SealRoots(cas, trust.revoked_seals, now)


@dataclass(frozen=True)
class OfdCheck:
    """The outcome of checking an OFD file's seal; ``ok`` is the bottom line."""

    signed: bool
    signatures: int = 0
    references: int = 0  # parts covered by the signatures' References
    mismatched: tuple[str, ...] = ()  # parts whose SM3 is not their CheckValue
    missing: tuple[str, ...] = ()  # References to parts the package does not hold
    uncovered: tuple[str, ...] = ()  # parts no signature covers
    seals: tuple[SealCheck, ...] = ()
    qr_text: str | None = None
    problem: str | None = None  # why the signature files themselves could not be used
    anchors: bool = True  # an SM2 seal CA was given to check against
    parts: int = 0
    authority: str | None = None  # the credential's authority code (from its QR text)

    @property
    def foreign_seals(self) -> tuple[SealCheck, ...]:
        """Seals not of the credential's authority nor of one above it (its province): a
        genuine credential re-sealed by another authority's (trusted) seal."""
        return tuple(s for s in self.seals if self.authority is None
                     or not _authority_matches(s.authority or "", self.authority))

    @property
    def ok(self) -> bool:
        """Signed, every part covered and unchanged, every seal valid, trusted and the
        credential's authority's (or its province's)."""
        return (self.signed and self.problem is None and not self.mismatched and not self.missing
                and not self.uncovered and bool(self.seals) and all(s.ok for s in self.seals)
                and not self.foreign_seals)

    @property
    def message(self) -> str:
        """Why it failed, or what held (Chinese and English)."""
        if not self.signed:
            return "文件未签章 / the OFD file carries no electronic seal"
        for parts, text in ((self.mismatched, _MISMATCHED), (self.missing, _MISSING),
                            (self.uncovered, _UNCOVERED)):
            if parts:
                return f"{text}: {', '.join(parts[:5])}"
        failed = next((s for s in self.seals if not s.ok), None)
        if failed is not None:
            return failed.reason or "电子签章无效 / the seal does not verify"
        if self.foreign_seals:
            other = self.foreign_seals[0]
            return (f"印章不属于证照的发证机关 / the seal of authority {other.authority or '?'} "
                    f"({other.seal_name}) is not the credential's authority "
                    f"{self.authority or '?'} nor one above it")
        if self.problem is not None:
            return self.problem
        seal = self.seals[-1]
        when = seal.signed_at.isoformat() if seal.signed_at else "?"
        return (f"电子印章有效 / seal valid: {seal.seal_name} ({seal.signer}), signed {when}, "
                f"{self.references} parts")


def _local(tag: object) -> str:
    name = str(tag)
    return name.rsplit("}", 1)[1] if name.startswith("{") else name


def _ns_ok(tag: object) -> bool:
    name = str(tag)
    return not name.startswith("{") or name.startswith("{" + OFD_NS + "}")


def _children(element: ET.Element, name: str) -> Iterator[ET.Element]:
    return (c for c in element if _local(c.tag) == name and _ns_ok(c.tag))


def _child(element: ET.Element, name: str) -> ET.Element | None:
    return next(_children(element, name), None)


def _text(element: ET.Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


def _doc_body(package: OfdPackage) -> ET.Element:
    root = package.xml("OFD.xml")
    body = _child(root, "DocBody") if _local(root.tag) == "OFD" and _ns_ok(root.tag) else None
    if body is None:
        raise OfdRefused("OFD.xml 不是 OFD 入口文件 OFD.xml has no ofd:OFD/ofd:DocBody",
                         field="file", rule="ofd_malformed", part="OFD.xml")
    return body


def _qr_text(body: ET.Element) -> str | None:
    info = _child(body, "DocInfo")
    datas = None if info is None else _child(info, "CustomDatas")
    for item in () if datas is None else _children(datas, "CustomData"):
        if item.get("Name") in QR_TEXT_NAMES and _text(item):
            return _text(item)[:4000]
    return None


def _claimed_authority(qr_text: str | None) -> str | None:
    """The authority code the credential in the file claims (the verdict checks its signature;
    a seal is bound to it). None when the QR text is no credential: the verdict is malformed."""
    if qr_text is None:
        return None
    try:
        return parse_credential(from_qr_text(qr_text)).claims.authority_code
    except CredentialError:
        return None


def check_ofd(data: bytes, roots: SealRoots) -> OfdCheck:
    """Read the package ``data`` and check its seal; OfdRefused when it cannot be read."""
    package = read_package(data)
    body = _doc_body(package)
    package.part(resolve("OFD.xml", _text(_child(body, "DocRoot")) or "Doc_0/Document.xml"))
    qr_text = _qr_text(body)
    location = _text(_child(body, "Signatures"))
    base = OfdCheck(False, qr_text=qr_text, anchors=bool(roots.cas), parts=len(package.parts),
                    authority=_claimed_authority(qr_text))
    if not location:
        return base
    signatures_part = resolve("OFD.xml", location)
    try:
        return _check_signatures(package, signatures_part, roots, base)
    except OfdRefused as exc:
        if exc.code not in _ALTERED:
            raise
        return replace(base, signed=True, problem=f"签章文件无法读取 / {exc.message}")


def _check_signatures(package: OfdPackage, signatures_part: str, roots: SealRoots,
                      base: OfdCheck) -> OfdCheck:
    listed = [s.get("BaseLoc", "") for s in _children(package.xml(signatures_part), "Signature")]
    if not listed:
        return base
    if len(listed) > MAX_SIGNATURES:
        return replace(base, signed=True, signatures=len(listed),
                       problem=f"签章过多 / more than {MAX_SIGNATURES} signatures: not checked")
    own = {signatures_part}
    results = [_check_one(package, resolve(signatures_part, loc), roots, own) for loc in listed]
    covered = set().union(*(r.covered for r in results))
    mismatched = [p for r in results for p in r.mismatched]
    missing = [p for r in results for p in r.missing]
    uncovered = sorted(set(package.parts) - covered - own)
    return replace(base, signed=True, signatures=len(results), references=len(covered),
                   mismatched=tuple(mismatched), missing=tuple(missing),
                   uncovered=tuple(uncovered), seals=tuple(r.seal for r in results),
                   problem=next((r.problem for r in results if r.problem), None))


@dataclass
class _One:
    seal: SealCheck
    covered: set[str] = field(default_factory=set)
    mismatched: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    problem: str | None = None


def _check_one(package: OfdPackage, signature_part: str, roots: SealRoots,
               own: set[str]) -> _One:
    """One Signature.xml: its References' digests, then its SES_Signature over its bytes."""
    own.add(signature_part)
    signed_xml = package.part(signature_part)
    root = package.xml(signature_part)
    info = _child(root, "SignedInfo")
    value_loc = _text(_child(root, "SignedValue"))
    if info is None or not value_loc:
        raise OfdRefused(f"{signature_part} has no SignedInfo or SignedValue", field="file",
                         rule="ofd_malformed", part=signature_part)
    value_part = resolve(signature_part, value_loc)
    own.add(value_part)
    seal = verify_ses_signature(package.part(value_part), signed_xml, trusted_cas=roots.cas,
                                revoked=roots.revoked, now=roots.now)
    one = _One(seal)
    method = _text(_child(info, "SignatureMethod")).lower()
    if method and method not in SM2_METHODS:
        one.problem = f"不支持的签名算法 / unsupported SignatureMethod {method[:60]}"
    _check_references(package, signature_part, info, one)
    return one


def _check_references(package: OfdPackage, signature_part: str, info: ET.Element,
                      one: _One) -> None:
    refs = _child(info, "References")
    if refs is None:
        one.problem = one.problem or "签章未列出任何部件 / the signature lists no References"
        return
    if refs.get("CheckMethod", "").strip().lower() not in SM3_METHODS:
        one.problem = one.problem or (f"摘要算法不是 SM3 / CheckMethod "
                                      f"{refs.get('CheckMethod', '')[:60]!r} is not SM3")
    for ref in _children(refs, "Reference"):
        name = resolve(signature_part, ref.get("FileRef", ""))
        if name in one.covered:  # and never hashed twice: 100,000 References to one big part
            one.problem = one.problem or f"部件被重复引用 / {name} is referenced twice"
            continue
        one.covered.add(name)
        if name not in package.parts:
            one.missing.append(name)
            continue
        try:
            expected = base64.b64decode(_text(_child(ref, "CheckValue")), validate=True)
        except (binascii.Error, ValueError):
            expected = b""
        if sm3(package.parts[name]) != expected:
            one.mismatched.append(name)


def ofd_seal_check(found: OfdCheck) -> Check:
    """The OFD file's seal as one check entry of the verdict (``ofd_seal``)."""
    digests_ok = not (found.mismatched or found.missing or found.uncovered)
    if found.signed and not found.anchors and digests_ok and found.problem is None:
        return Check("ofd_seal", "skip", "no SM2 seal CA to check against (the trust list "
                     "names none)")
    return Check("ofd_seal", "pass" if found.ok else "fail", found.message)


def with_ofd_check(verdict: Verdict, check: Check) -> Verdict:
    """An OFD file's seal joins the verdict: a valid credential in a file whose seal fails is
    ``ofd_seal_invalid`` (amber), never green."""
    result = verdict.result
    if check.outcome == "fail" and result == VerifierResult.VALID:
        result = VerifierResult.OFD_SEAL_INVALID
    return replace(verdict, result=result, checks=(*verdict.checks, check))
