"""Checking a PAdES signature on a PDF (the verifier's upload path, and the issuer's tests).

Lives in ``keys`` (with the X.509 chain it validates against) so the public verifier can use it
without importing the issuer. A PDF signature leaves one hole in the signed bytes: the hex string
holding the CMS, padded with zeros to the space reserved. Parts of that CMS are not signed either
(its version numbers, the digest-algorithm set, the embedded CA certificates), and ordinary
validators ignore edits there. So that *any* changed byte fails, `check_pdf_signature` also
requires:

- the hole to hold exactly ``<`` + upper-case hex of (DER CMS + zero padding) + ``>``;
- the CMS to be DER, with the only values RFC 5652 allows for its unsigned fields;
- every embedded certificate to be on the validated path or to equal a trust root (checked when
  the chain is trusted; an untrusted signature is not `ok` anyway).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from io import BytesIO
from itertools import islice
from typing import Any

from asn1crypto import cms, pem
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields
from pyhanko.sign.validation import (
    EmbeddedPdfSignature,
    SignatureCoverageLevel,
    validate_pdf_signature,
)
from pyhanko_certvalidator import ValidationContext

from core.errors import InvalidInput, MalformedFile

__all__ = [
    "MAX_REVISIONS",
    "MAX_SIGNATURES",
    "PdfSignatureCheck",
    "check_pdf_signature",
    "der_length",
    "last_signature_contents",
]

#: Signatures validated in one PDF: each costs a CMS check and a revision diff, so a file with
#: hundreds of (duplicate) signature fields is refused as a verdict, not validated field by
#: field. An issued booklet carries one.
MAX_SIGNATURES = 4
#: Incremental updates (revisions) examined: diff analysis walks each one.
MAX_REVISIONS = 16


@dataclass(frozen=True)
class PdfSignatureCheck:
    """The outcome of checking a PDF's signature; `ok` is the bottom line."""

    signed: bool
    intact: bool  # the signed bytes and the signature container are unchanged
    valid: bool  # intact, the signature verifies, and it covers the whole file
    trusted: bool  # the signer's chain ends in one of the trust roots
    coverage_whole_file: bool
    signer_subject: str | None
    signing_time: datetime | None
    message: str
    signatures: int = 0  # how many signatures were validated (the work done)

    @property
    def ok(self) -> bool:
        return self.signed and self.intact and self.valid and self.trusted


def last_signature_contents(pdf: bytes) -> bytes:
    """The decoded /Contents of the last signature written (pyHanko writes it last)."""
    end = pdf.rindex(b"/ByteRange")
    numbers = pdf[end : pdf.index(b"]", end)].split(b"[", 1)[1].split()
    start, second = int(numbers[1]), int(numbers[2])
    return bytes.fromhex(pdf[start + 1 : second - 1].decode("ascii"))


def der_length(blob: bytes) -> int:
    """Length of the DER element at the start of `blob` (header included); 0 if unreadable."""
    if len(blob) < 2:
        return 0
    first = blob[1]
    if first < 0x80:
        return 2 + first
    count = first & 0x7F
    if count == 0 or count > 4 or len(blob) < 2 + count:
        return 0
    return 2 + count + int.from_bytes(blob[2 : 2 + count], "big")


def _load_roots(trust_roots: list[bytes]) -> list[asn1_x509.Certificate]:
    roots = []
    for index, blob in enumerate(trust_roots):
        try:
            der = pem.unarmor(blob)[2] if pem.detect(blob) else blob
            cert = asn1_x509.Certificate.load(der)
            cert.native  # noqa: B018 — asn1crypto parses lazily; force it so errors surface here
        except Exception as exc:
            raise InvalidInput(
                f"trust_roots[{index}] is not an X.509 certificate (DER or PEM): {exc}",
                field="trust_roots",
                rule="certificate",
            ) from exc
        roots.append(cert)
    return roots


def _unsigned() -> PdfSignatureCheck:
    return PdfSignatureCheck(
        False, False, False, False, False, None, None, "文件未签名 / the PDF carries no signature"
    )


def _failed(message: str, subject: str | None = None) -> PdfSignatureCheck:
    return PdfSignatureCheck(True, False, False, False, False, subject, None, message)


def check_pdf_signature(pdf: bytes, *, trust_roots: list[bytes]) -> PdfSignatureCheck:
    """Check every signature in a PDF against the trust roots; garbage raises MalformedFile."""
    roots = _load_roots(trust_roots)
    try:
        reader = PdfFileReader(BytesIO(pdf), strict=False)
        revisions = reader.xrefs.total_revisions
        found = fields.enumerate_sig_fields(reader, filled_status=True)
        filled = list(islice(found, MAX_SIGNATURES + 1))  # never walk an unbounded field list
    except Exception as exc:
        raise MalformedFile(f"not a readable PDF: {exc}", field="pdf", rule="pdf") from exc
    if not filled:
        return _unsigned()
    if len(filled) > MAX_SIGNATURES or revisions > MAX_REVISIONS:
        return _failed(f"签名或修订过多 / too many signatures or revisions (over {MAX_SIGNATURES} "
                       f"signatures or {MAX_REVISIONS} revisions): not validated")
    results = []
    for fq_name, _, sig_field in filled:
        try:
            embedded = EmbeddedPdfSignature(reader, sig_field, fq_name)
        except Exception as exc:  # a damaged /Contents or /ByteRange is a verdict, not a crash
            return _failed(f"签名无法读取 / unreadable signature {fq_name!r}: {exc}")
        results.append((embedded.signed_revision, _check_one(pdf, embedded, roots)))
    results.sort(key=lambda pair: pair[0])
    return replace(_combine([check for _, check in results]), signatures=len(results))


def _combine(checks: list[PdfSignatureCheck]) -> PdfSignatureCheck:
    """Every signature must hold; the last one (the whole file) speaks for the document."""
    last = checks[-1]
    failed = next((c for c in checks if not (c.intact and c.valid and c.trusted)), None)
    return PdfSignatureCheck(
        signed=True,
        intact=all(c.intact for c in checks),
        valid=all(c.intact and c.valid for c in checks) and last.coverage_whole_file,
        trusted=all(c.trusted for c in checks),
        coverage_whole_file=last.coverage_whole_file,
        signer_subject=last.signer_subject,
        signing_time=last.signing_time,
        message=(failed or last).message,
    )


def _check_one(
    pdf: bytes, embedded: EmbeddedPdfSignature, roots: list[asn1_x509.Certificate]
) -> PdfSignatureCheck:
    subject = _subject(embedded)
    hole = _hole_problem(pdf, embedded)
    if hole is not None:
        return _failed(f"签名数据被改动 / signature container altered: {hole}", subject)
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    try:
        status = validate_pdf_signature(embedded, context)
    except Exception as exc:  # malformed CMS inside a readable PDF
        return _failed(f"签名无法验证 / signature cannot be validated: {exc}", subject)
    try:
        problem = _container_problem(embedded, status, roots)
    except Exception as exc:  # asn1crypto parses lazily: damage can surface only now
        problem = f"the CMS cannot be parsed: {exc}"
    if problem is not None:
        return _failed(f"签名数据被改动 / signature container altered: {problem}", subject)
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    valid = bool(status.intact and status.valid and whole)
    trusted = bool(status.trusted)
    return PdfSignatureCheck(
        signed=True,
        intact=bool(status.intact),
        valid=valid,
        trusted=trusted,
        coverage_whole_file=whole,
        signer_subject=subject,
        signing_time=status.signer_reported_dt,
        message=_message(bool(status.intact), valid, trusted, whole),
    )


def _subject(embedded: EmbeddedPdfSignature) -> str | None:
    try:
        return str(embedded.signer_cert.subject.human_friendly)
    except Exception:
        return None


def _hole_problem(pdf: bytes, embedded: EmbeddedPdfSignature) -> str | None:
    """Why the unsigned hole is not exactly the canonical hex of DER + zero padding, if it isn't."""
    try:
        offset, first, start, second = (int(v) for v in embedded.byte_range)
    except (TypeError, ValueError):
        return "ByteRange is not four integers"
    if offset != 0 or first >= start or start + second > len(pdf):
        return "ByteRange does not describe one hole inside the file"
    hole = pdf[first:start]
    contents = embedded.pkcs7_content
    if hole != b"<" + contents.hex().upper().encode("ascii") + b">":
        return "the /Contents hex string is not in canonical form"
    length = der_length(contents)
    if length == 0 or length > len(contents) or contents[length:].strip(b"\0"):
        return "bytes after the CMS signature are not zero padding"
    return None


def _container_problem(
    embedded: EmbeddedPdfSignature, status: Any, roots: list[asn1_x509.Certificate]
) -> str | None:
    """Why the unsigned parts of the CMS are not the only values they may hold, if they aren't."""
    der = embedded.pkcs7_content[: der_length(embedded.pkcs7_content)]
    if cms.ContentInfo.load(der).dump(force=True) != der:
        return "the CMS is not DER-encoded"
    signed_data, info = embedded.signed_data, embedded.signer_info
    info_version = "v1" if info["sid"].name == "issuer_and_serial_number" else "v3"
    if (signed_data["version"].native, info["version"].native) != (info_version, info_version):
        return "CMS version numbers do not match the signer identifier"
    if [a.dump() for a in signed_data["digest_algorithms"]] != [info["digest_algorithm"].dump()]:
        return "digestAlgorithms differs from the signer's digest algorithm"
    if signed_data["encap_content_info"].native != {"content_type": "data", "content": None}:
        return "the encapsulated content is not detached id-data"
    if signed_data["crls"].native is not None or info["unsigned_attrs"].native is not None:
        return "unexpected unsigned CRLs or attributes"
    for algorithm in (info["digest_algorithm"], info["signature_algorithm"]):
        if algorithm["parameters"].dump() not in (b"", b"\x05\x00"):
            return "unexpected algorithm parameters"
    return _unaccounted_certificate(signed_data, status, roots)


def _unaccounted_certificate(
    signed_data: cms.SignedData, status: Any, roots: list[asn1_x509.Certificate]
) -> str | None:
    # Without a trusted path nothing vouches for the CA copies; the verdict is untrusted anyway.
    path = status.validation_path
    if not status.trusted or path is None:
        return None
    known = {cert.dump() for cert in path.iter_certs(include_root=True)}
    known |= {root.dump() for root in roots}
    for choice in signed_data["certificates"]:
        if choice.chosen.dump() not in known:
            return "an embedded certificate is not on the validated path"
    return None


def _message(intact: bool, valid: bool, trusted: bool, whole: bool) -> str:
    if not intact:
        return "文件内容已被改动 / the signed content was modified"
    if not whole:
        return "签名未覆盖整个文件 / content was added after signing"
    if not valid:
        return "签名无效 / the signature does not verify"
    if not trusted:
        return "签名者不在信任列表中 / the signer is not trusted"
    return "签名有效 / signature valid and trusted"
