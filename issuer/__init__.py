"""issuer: records → certificates (signed credential, QR, signed PDF, batches, status changes).

Errors raised here (under core.errors)::

    EcertError
     ├── InvalidInput                a bad BookletView field, photo or trust root (field + rule)
     │    └── MalformedFile          a PDF that cannot be parsed (sign_pdf)
     └── PdfSigningError             the signer failed to produce a PDF signature
"""

from issuer._booklet import Annotation, BookletView, Registration
from issuer._pades import PdfSigningError, sign_pdf
from issuer._pdf import render_booklet_pdf

__all__ = [
    "Annotation",
    "BookletView",
    "PdfSigningError",
    "Registration",
    "render_booklet_pdf",
    "sign_pdf",
]
