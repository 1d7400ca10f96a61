"""verifier: certificate → verdict. Public service: no private keys, read-only status.

::

    QR text / COSE bytes / image / PDF
        --_decode--> QR text --core.credential--> ParsedCredential
        --_verify (trust list, status lookup)--> Verdict
    online: VerifierService (published lists + read-only registry)
    offline: OfflineVerifier / verify_offline (trust list + status list bytes, no database)

Errors (under core.errors)::

    EcertError
     ├── InvalidInput
     │    ├── UploadRefused        size / type / image or PDF bomb (HTTP 413, 415, 422)
     │    └── NoQrFound            an upload with no readable QR code
     ├── RateLimited
     │    └── TooManyRequests      429 with Retry-After (core.ratelimit)
     └── ListUnavailable           trust/status list or root key not published (HTTP 503)
    Trust-list and status-list refusals come from keys (TrustListInvalid, TrustListExpired) and
    core.statuslist (StatusListError).

A well-formed credential that fails verification is a Verdict, never an exception.
"""

from verifier._decode import NoQrFound, decode_upload
from verifier._limits import UploadRefused
from verifier._offline import (
    DEFAULT_GRACE,
    ListFiles,
    ListUnavailable,
    OfflineVerifier,
    load_status_list,
    verify_offline,
)
from verifier._online import VerifierService
from verifier._uploads import verify_in_pool
from verifier._verdict import RESULTS, CertificateInfo, Check, RegistrationInfo, Result, Verdict
from verifier._verify import StatusInfo, verify_credential

__all__ = [
    "DEFAULT_GRACE",
    "RESULTS",
    "CertificateInfo",
    "Check",
    "ListFiles",
    "ListUnavailable",
    "NoQrFound",
    "OfflineVerifier",
    "RegistrationInfo",
    "Result",
    "StatusInfo",
    "UploadRefused",
    "Verdict",
    "VerifierService",
    "decode_upload",
    "load_status_list",
    "verify_credential",
    "verify_in_pool",
    "verify_offline",
]
