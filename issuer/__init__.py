"""issuer: records → certificates (signed credential, QR, signed PDF, batches, status changes).

Errors raised here (under core.errors)::

    EcertError
     ├── InvalidInput                a bad BookletView field, photo or trust root (field + rule)
     │    └── MalformedFile          a PDF that cannot be parsed (sign_pdf)
     └── PdfSigningError             the signer failed to produce a PDF signature
"""

from issuer._booklet import Annotation, BookletView, Registration
from issuer._changes import add_registration, annotate, forfeit, reinstate, revoke
from issuer._checkpoint import anchor_key, checkpoint_files, verify_audit, write_checkpoint
from issuer._context import issuer_context
from issuer._issuance import BatchSummary, Selection, issue_batch
from issuer._pades import PdfSigningError, sign_pdf
from issuer._pdf import render_booklet_pdf
from issuer._publish import publish_lists, write_status_list
from issuer._reissue import reissue

__all__ = [
    "anchor_key",
    "checkpoint_files",
    "verify_audit",
    "write_checkpoint",
    "Annotation",
    "BatchSummary",
    "BookletView",
    "PdfSigningError",
    "Registration",
    "Selection",
    "add_registration",
    "annotate",
    "forfeit",
    "issue_batch",
    "issuer_context",
    "publish_lists",
    "reinstate",
    "reissue",
    "render_booklet_pdf",
    "revoke",
    "sign_pdf",
    "write_status_list",
]
