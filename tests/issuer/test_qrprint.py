"""The printed QR is chosen so that OpenCV's classic detector reads it, not only zxing-cpp."""

from __future__ import annotations

import random

import cv2
import numpy as np
import pymupdf
import pytest
import zxingcpp

from core.credential import qr_matrix
from issuer._pdf import render_booklet_pdf
from issuer._qrprint import _opencv_reads, printable_qr_matrix
from tests.issuer._pdf_support import make_view


def _read_qr(image):
    """QR codes only, as the verifier reads (a 1D reader can find a false ITF code in one)."""
    return zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)


def _payloads(n: int, seed: int = 7) -> list[str]:
    rnd = random.Random(seed)
    return ["HTTP://127.0.0.1:8000/C/" + "".join(rnd.choice("0123456789") for _ in range(420))
            for _ in range(n)]


def _hard_payload() -> str:
    for text in _payloads(200):
        if not _opencv_reads(qr_matrix(text), text):
            return text
    pytest.fail("no payload with an OpenCV-unreadable standard mask in 200 tries")


def test_unreadable_standard_mask_is_replaced() -> None:
    text = _hard_payload()
    matrix = printable_qr_matrix(text)
    assert matrix != qr_matrix(text)
    assert _opencv_reads(matrix, text)


def test_readable_standard_mask_is_kept() -> None:
    text = next(t for t in _payloads(20) if _opencv_reads(qr_matrix(t), t))
    assert printable_qr_matrix(text) == qr_matrix(text)


def test_page_of_a_hard_payload_decodes_with_both_readers_at_150_dpi() -> None:
    text = _hard_payload()
    pdf = render_booklet_pdf(make_view(qr_text=text, qr_matrix=printable_qr_matrix(text)))
    doc = pymupdf.open(stream=pdf, filetype="pdf")
    pix = doc[-1].get_pixmap(dpi=150, colorspace=pymupdf.csGRAY)
    image = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width)
    assert [r.text for r in _read_qr(image)] == [text]
    assert cv2.QRCodeDetector().detectAndDecode(image)[0] == text
