"""Helpers for the verifier tests: credentials signed in every way that must fail."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any, Literal

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlmodel import select

from core.credential import from_qr_text, parse_credential, sign_credential, to_qr_text
from core.db import session_scope
from core.models import Certificate, Registration
from core.registry import update_certificate
from core.settings import load_settings
from keys import active_signer, compute_kid

PUBLIC_URL = "http://127.0.0.1:8000"


class ForeignSigner:
    """An Ed25519 key that no trust list knows."""

    algorithm: Literal["EdDSA"] = "EdDSA"

    def __init__(self) -> None:
        self._key = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
        self.kid = compute_kid(self._key.public_key().public_bytes_raw())

    def sign(self, data: bytes) -> bytes:
        return self._key.sign(data)


def tampered(qr_text: str) -> str:
    """The same credential with one signature byte flipped."""
    cose = bytearray(from_qr_text(qr_text))
    cose[-1] ^= 0x01
    return to_qr_text(bytes(cose), PUBLIC_URL)


def resigned(qr_text: str, signer: Any, **changes: Any) -> str:
    """The credential's claims (optionally changed) signed by ``signer``."""
    claims = dataclasses.replace(parse_credential(from_qr_text(qr_text)).claims, **changes)
    return to_qr_text(sign_credential(claims, signer), PUBLIC_URL)


def authority_signer(authority: str) -> Any:
    settings = load_settings()
    published = (settings.public_dir / "trust-list.cbor").read_bytes()
    return active_signer(settings.keys_dir, authority, passphrase=settings.passphrase(),
                         published=published)


def set_status(number: str, **changes: Any) -> None:
    with session_scope() as session:
        cert = session.exec(select(Certificate).where(Certificate.number == number)).one()
        update_certificate(session, cert, actor="test", action="test.status", changes=changes)


def certificate_id(number: str) -> int:
    with session_scope() as session:
        cert = session.exec(select(Certificate).where(Certificate.number == number)).one()
        assert cert.id is not None
        return cert.id


def add_registration(number: str, conclusion: str, *, decided: date,
                     valid_from: date | None = None, valid_until: date | None = None) -> None:
    with session_scope() as session:
        session.add(Registration(certificate_id=certificate_id(number), conclusion=conclusion,
                                 decision_date=decided, valid_from=valid_from,
                                 valid_until=valid_until, authority="测试", created_by="test"))


def page_image(pdf_path: Any, *, dpi: int = 150) -> Any:
    """The PDF's last page (the verification page, with the QR) as a grayscale array."""
    import numpy as np
    import pymupdf

    with pymupdf.open(pdf_path) as doc:
        pix = doc[doc.page_count - 1].get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
        return np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width).copy()


def photo_of_print(pdf_path: Any) -> bytes:
    """A phone photo of the printed page: perspective-warped, blurred, on a grey desk; JPEG."""
    import cv2
    import numpy as np

    page = page_image(pdf_path)
    h, w = page.shape
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    dst = np.array([[w * 0.08, h * 0.05], [w * 0.95, h * 0.1], [w * 0.9, h * 0.97],
                    [w * 0.03, h * 0.92]], dtype=np.float32)
    warped = cv2.warpPerspective(page, cv2.getPerspectiveTransform(src, dst), (w, h),
                                 borderValue=120)
    blurred = cv2.GaussianBlur(warped, (3, 3), 0.8)
    ok, jpeg = cv2.imencode(".jpg", blurred, [cv2.IMWRITE_JPEG_QUALITY, 85])
    assert ok
    return jpeg.tobytes()


def png_bytes(image: Any) -> bytes:
    import cv2

    ok, png = cv2.imencode(".png", image)
    assert ok
    return png.tobytes()
