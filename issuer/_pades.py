"""PAdES signatures on the holder's PDF: baseline B-B, ETSI.CAdES.detached, SHA-256.

The first signature by a signer is made by pyHanko end to end; it teaches the space to reserve
and the CMS template (:class:`issuer._cms.CmsTemplate`), kept in the :class:`PdfProfiles` the
caller passes, so later ones only digest the document and sign. Checking a signature is
:func:`keys.check_pdf_signature` (the verifier needs it too).
"""

from __future__ import annotations

import asyncio
import hashlib
import threading
from dataclasses import dataclass
from io import BytesIO

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from pyhanko.sign.signers.pdf_signer import PdfTBSDocument

from core.errors import EcertError, MalformedFile
from issuer._cms import CmsTemplate
from keys import der_length, last_signature_contents

__all__ = ["PdfProfiles", "PdfSigningError", "sign_pdf"]


DEFAULT_REASON = "教师资格证书电子证照"
_DIGEST = "sha256"
_MARGIN = 64  # bytes of slack over the learnt CMS size: ECDSA DER values vary by a few bytes


class PdfProfiles:
    """What first signatures taught, per signer (its kind, certificate and chain): the space to
    reserve and the CMS template. Whoever keeps signers keeps one of these beside them."""

    def __init__(self) -> None:
        self._learnt: dict[bytes, _Profile] = {}
        self._lock = threading.Lock()

    def get(self, key: bytes) -> _Profile | None:
        """The profile learnt for the signer ``key`` names (None: not learnt yet)."""
        return self._learnt.get(key)

    def learn(self, key: bytes, profile: _Profile) -> None:
        """Keep what a full signature taught about the signer ``key`` names."""
        with self._lock:
            self._learnt[key] = profile


class PdfSigningError(EcertError):
    """The signer failed to produce a signature (token error, key unusable…)."""

    code = "pdf_signing_failed"
    http_status = 500


def sign_pdf(
    pdf: bytes,
    signer: signers.Signer,
    *,
    reason: str = DEFAULT_REASON,
    location: str | None = None,
    field_name: str = "ecert",
    profiles: PdfProfiles | None = None,
) -> bytes:
    """Sign a PDF as PAdES B-B (SHA-256, ETSI.CAdES.detached) with an invisible field; with
    ``profiles``, reuse (and learn) what earlier signatures by the same signer taught."""
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        reason=reason,
        location=location,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm=_DIGEST,
    )
    key = _signer_key(signer) if profiles is not None else None
    profile = profiles.get(key) if profiles is not None and key is not None else None
    if profile is not None:
        try:
            return _sign_known(pdf, signers.PdfSigner(meta, signer), signer, profile)
        except SigningError as exc:
            if "larger than expected" not in str(exc):
                raise PdfSigningError(f"PDF signing failed: {exc}") from exc
            # the signer's chain grew since it was learnt: learn it again below
    try:
        signed = _sign_full(pdf, signers.PdfSigner(meta, signer), None)
    except SigningError as exc:
        raise PdfSigningError(f"PDF signing failed: {exc}") from exc
    if profiles is not None and key is not None:
        der = last_signature_contents(signed)
        der = der[: der_length(der)]
        profiles.learn(key, _Profile(2 * (len(der) + _MARGIN), CmsTemplate.learn(der)))
    return signed


@dataclass(frozen=True)
class _Profile:
    """What the first signature by a signer taught: the space to reserve, the CMS template."""

    reserved: int
    template: CmsTemplate | None


def _writer(pdf: bytes) -> IncrementalPdfFileWriter:
    try:
        return IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
    except Exception as exc:  # pyHanko raises PdfReadError, ValueError, KeyError… on garbage
        raise MalformedFile(f"not a readable PDF: {exc}", field="pdf", rule="pdf") from exc


def _sign_full(pdf: bytes, pdf_signer: signers.PdfSigner, reserved: int | None) -> bytes:
    """pyHanko end to end; without `reserved` it estimates the size by a dry-run signature."""
    writer = _writer(pdf)
    try:
        output = pdf_signer.sign_pdf(writer, bytes_reserved=reserved)
    except SigningError:
        raise
    except Exception as exc:
        raise PdfSigningError(f"PDF signing failed: {exc}") from exc
    return bytes(output.getbuffer())


def _sign_known(
    pdf: bytes, pdf_signer: signers.PdfSigner, signer: signers.Signer, profile: _Profile
) -> bytes:
    """Sign with a learnt reservation, and with the CMS template when there is one."""
    template = profile.template
    if template is None or template.digest_algorithm != _DIGEST:
        return _sign_full(pdf, pdf_signer, profile.reserved)
    writer = _writer(pdf)

    async def run() -> bytes:
        prepared, _, output = await pdf_signer.async_digest_doc_for_signing(
            writer, bytes_reserved=profile.reserved
        )
        attributes = template.signed_attributes(prepared.document_digest)
        signature = await signer.async_sign_raw(attributes, template.digest_algorithm)
        container = template.container(attributes, signature)
        await PdfTBSDocument.async_finish_signing(output, prepared, container)
        output.seek(0)
        return bytes(output.read())

    try:
        return asyncio.run(run())
    except SigningError:
        raise
    except Exception as exc:
        raise PdfSigningError(f"PDF signing failed: {exc}") from exc


def _signer_key(signer: signers.Signer) -> bytes | None:
    """What a learnt profile depends on: the signer's kind, certificate and embedded chain."""
    if signer.signing_cert is None:
        return None  # nothing to tell signers apart: never reuse a profile
    digest = hashlib.sha256(type(signer).__qualname__.encode())
    digest.update(signer.signing_cert.dump())
    for cert in signer.cert_registry or ():
        digest.update(hashlib.sha256(cert.dump()).digest())
    return digest.digest()
