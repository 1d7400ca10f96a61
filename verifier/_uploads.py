"""Uploaded photos and PDFs, examined in the upload pool: off the threads that serve ``/C/``,
within a work budget, and charged to the client by the work they caused.

The expensive part (rendering, QR search, the PDF's PAdES check) runs in a worker process of a
small :class:`core.workpool.WorkPool` and is pure: bytes and trust roots in, QR texts, the
signature check and the work counts out. The cheap part (checking each QR text against the
trust list and the registry) stays in the server.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from core.clock import utcnow
from core.errors import EcertError, InvalidInput
from core.ratelimit import TooManyRequests
from core.states import VerifierResult
from core.workpool import WorkFailed, WorkPool
from verifier._decode import NoQrFound, decode_upload, pdf_signature_check
from verifier._limits import UPLOAD_SECONDS, Work
from verifier._ofd import SealRoots, check_ofd, ofd_seal_check, seal_roots, with_ofd_check
from verifier._ofd_read import is_zip
from verifier._verdict import Check, Verdict
from verifier._verify import with_pdf_check

if TYPE_CHECKING:  # _online imports this module (VerifierService.verify_upload)
    from verifier._online import VerifierService

__all__ = ["MAX_UPLOADS_PER_CLIENT", "Examined", "client_slot", "examine", "examine_upload",
           "upload_pool", "verdict_for", "verify_in_pool"]

#: Uploads one client may have in the pool at once, so that one client cannot hold every slot.
MAX_UPLOADS_PER_CLIENT = 2
#: Modules a worker imports before its first job (so start-up never counts against a job).
_PRELOAD = ("verifier._uploads",)


@dataclass(frozen=True, slots=True)
class Examined:
    """What a worker found in one upload; errors travel as data (exceptions do not pickle)."""

    texts: tuple[str, ...]
    pdf_check: Check | None
    work: Work = field(default_factory=Work)
    no_qr: str | None = None  # why no QR was found: a malformed verdict, not an error
    error: tuple[str, str, int, dict[str, Any]] | None = None  # code, message, status, details
    seal_check: Check | None = None  # an OFD file's electronic seal


def examine(data: bytes, trust_roots: list[bytes],
            seal_anchors: SealRoots | None = None) -> Examined:
    """Decode one upload and check a PDF's signature or an OFD file's seal, counting the work
    (runs in a worker)."""
    work = Work()
    try:
        if is_zip(data):  # an OFD licence file: the credential it carries, and its seal
            return _examine_ofd(data, seal_anchors or SealRoots(), work)
        decoded = decode_upload(data, work)
    except NoQrFound as exc:
        return Examined((), None, work, no_qr=f"{exc.code}: {exc.message}")
    except EcertError as exc:
        return Examined((), None, work, error=(exc.code, exc.message, exc.http_status,
                                               dict(exc.details)))
    except Exception as exc:  # a decoder's own error on hostile bytes: refused, never a crash
        return Examined((), None, work, error=(
            "unreadable_upload", f"无法读取文件 unreadable upload ({type(exc).__name__})", 422,
            {"field": "file", "rule": "unreadable_upload"}))
    check = None
    if decoded.pdf is not None:
        check = pdf_signature_check(decoded.pdf, trust_roots, work)
    return Examined(decoded.texts, check, work)


def _examine_ofd(data: bytes, anchors: SealRoots, work: Work) -> Examined:
    found = check_ofd(data, anchors)
    work.signatures += found.signatures
    if found.qr_text is None:
        raise NoQrFound("OFD 文件中没有证照二维码信息 the OFD file carries no credential QR text "
                        "(DocInfo/CustomDatas)", field="file", rule="no_qr_found")
    return Examined((found.qr_text,), None, work, seal_check=ofd_seal_check(found))


def verdict_for(service: VerifierService, examined: Examined) -> Verdict:
    """The verdict on an examined upload: its QR texts verified, a PDF's signature joined."""
    if examined.error is not None:
        code, message, status, details = examined.error
        exc = InvalidInput(message, **details)
        exc.code, exc.http_status = code, status
        raise exc
    if examined.no_qr is not None:
        return Verdict(VerifierResult.MALFORMED, False, (Check("decode", "fail", examined.no_qr),))
    verdicts = [service.verify(text) for text in examined.texts]
    verdict = next((v for v in verdicts if v.result != "malformed"), verdicts[0])
    if examined.seal_check is not None:
        verdict = with_ofd_check(verdict, examined.seal_check)
    return verdict if examined.pdf_check is None else with_pdf_check(verdict,
                                                                     examined.pdf_check)


async def examine_upload(service: VerifierService, data: bytes) -> Examined:
    """Examine ``data`` in the upload pool (then :func:`verdict_for`; charge ``.work``).

    :class:`Busy` (503) when the pool is full; :class:`WorkTimeout` (422 ``work_timeout``) when
    the job was killed at its time limit; a job that failed is ``upload_failed`` (422).
    """
    trust = service.trust(utcnow())
    ca = trust.ca_certificate
    try:
        return await upload_pool().run(examine, data, [ca] if ca else [],
                                       seal_roots(trust, now=utcnow()))
    except WorkFailed as exc:
        raise InvalidInput("无法处理该文件 the upload could not be examined",
                           field="file", rule="upload_failed") from exc


_pool: WorkPool | None = None
_pool_lock = threading.Lock()
_in_flight: dict[str, int] = {}


@contextmanager
def client_slot(client: str) -> Iterator[None]:
    """One of the client's MAX_UPLOADS_PER_CLIENT upload slots; 429 ``uploads_in_progress``
    (Retry-After 1) when it already has them all."""
    with _pool_lock:
        held = _in_flight.get(client, 0)
        if held >= MAX_UPLOADS_PER_CLIENT:
            refused = TooManyRequests(1)
            refused.code = "uploads_in_progress"
            raise refused
        _in_flight[client] = held + 1
    try:
        yield
    finally:
        with _pool_lock:
            left = _in_flight.pop(client) - 1
            if left:
                _in_flight[client] = left


def upload_pool() -> WorkPool:
    """The process-wide upload pool: half the CPUs (1–4) as workers, 4 queued per worker."""
    global _pool
    with _pool_lock:
        if _pool is None:
            workers = max(1, min(4, (os.cpu_count() or 2) // 2))
            _pool = WorkPool(workers, 4 * workers, UPLOAD_SECONDS, preload=_PRELOAD)
        return _pool




async def verify_in_pool(service: VerifierService, data: bytes, client: str) -> Verdict:
    """The verdict on ``data`` examined in the upload pool, within its time limit, holding one
    of ``client``'s upload slots: for callers that authenticate and rate-limit on their own
    (the sharing interface). Errors as :func:`examine_upload` and :func:`client_slot`."""
    with client_slot(client):
        examined = await examine_upload(service, data)
    return verdict_for(service, examined)
