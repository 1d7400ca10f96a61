"""The credential wire format: CBOR claims in COSE_Sign1, carried as a QR URL (docs/FORMAT.md).

::

    claims (Claims) --encode_claims--> CBOR map --sign_credential--> tagged COSE_Sign1 bytes
        --to_qr_text--> "HTTPS://HOST/C/<digits>" --make_qr / qr_matrix--> QR symbol

    QR text --from_qr_text--> COSE bytes --parse_credential--> ParsedCredential
        (the caller then verifies .signature over .to_be_signed with the key named by .kid)

Errors: every refusal is a ``CredentialError`` (an ``InvalidInput``) whose ``code`` is one of
``malformed``, ``oversized``, ``wrong_prefix``, ``truncated``, ``bad_structure``,
``unsupported_alg``.
A credential that parses but whose signature does not verify is the caller's *result*, not an error.
"""

from ._claims import CLAIM_KEYS, Claims, decode_claims, encode_claims
from ._cose import (
    COSE_ALGORITHMS,
    MAX_CREDENTIAL_BYTES,
    ParsedCredential,
    parse_credential,
    sign_credential,
)
from ._digits import bytes_to_digits, digits_to_bytes
from ._errors import CredentialError, ErrorCode
from ._qr import Level, make_qr, qr_matrix, qr_segments, qr_version
from ._qrtext import MAX_QR_TEXT_CHARS, from_qr_text, payload_path_prefix, to_qr_text
from ._segments import Segment

__all__ = [
    "CLAIM_KEYS",
    "COSE_ALGORITHMS",
    "MAX_CREDENTIAL_BYTES",
    "MAX_QR_TEXT_CHARS",
    "Claims",
    "CredentialError",
    "ErrorCode",
    "Level",
    "ParsedCredential",
    "Segment",
    "bytes_to_digits",
    "decode_claims",
    "digits_to_bytes",
    "encode_claims",
    "from_qr_text",
    "make_qr",
    "parse_credential",
    "payload_path_prefix",
    "qr_matrix",
    "qr_segments",
    "qr_version",
    "sign_credential",
    "to_qr_text",
]
