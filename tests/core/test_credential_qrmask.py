"""The numpy symbol builder gives qrcode's own matrices, its mask choice included."""

import numpy as np
import pytest
import qrcode
import qrcode.constants
import qrcode.util
import zxingcpp
from hypothesis import given, settings
from hypothesis import strategies as st

from core.credential import _qrmask, make_qr, qr_matrix, qr_segments, qr_version
from core.credential._qr import best_mask
from core.credential._segments import ALNUM_CHARS

PREFIXES = ["HTTP://127.0.0.1:8000/C/", "HTTPS://ECERT.JYT.HENAN.GOV.CN/C/"]
LEVELS = ["L", "M", "Q", "H"]
EC = {
    "L": qrcode.constants.ERROR_CORRECT_L,
    "M": qrcode.constants.ERROR_CORRECT_M,
    "Q": qrcode.constants.ERROR_CORRECT_Q,
    "H": qrcode.constants.ERROR_CORRECT_H,
}
MODES = {
    "numeric": qrcode.util.MODE_NUMBER,
    "alphanumeric": qrcode.util.MODE_ALPHA_NUM,
    "byte": qrcode.util.MODE_8BIT_BYTE,
}

credential_texts = st.builds(
    str.__add__,
    st.sampled_from(PREFIXES),
    st.text(alphabet="0123456789", min_size=100, max_size=500),
)
other_texts = st.one_of(
    st.text(alphabet=sorted(ALNUM_CHARS), min_size=1, max_size=200),
    st.text(st.characters(codec="utf-8"), min_size=1, max_size=60),
)


def _read_qr(image):
    """QR codes only, as the verifier reads (a 1D reader can find a false ITF code in one)."""
    return zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)


def _reference(text, level, mask=None):
    """What qr_matrix returned before: qrcode builds the symbol and, for None, picks the mask.

    None where qrcode itself fails: its Reed-Solomon division takes log(0) on a block of zero
    codewords (e.g. a long run of "0" digits).
    """
    qr = qrcode.QRCode(
        version=qr_version(text, level),
        error_correction=EC[level],
        border=0,
        box_size=1,
        mask_pattern=mask,
    )
    for segment in qr_segments(text, level):
        qr.add_data(qrcode.util.QRData(segment.text, mode=MODES[segment.mode]))
    try:
        qr.make(fit=False)
    except ValueError as error:
        assert str(error) == "glog(0)"
        return None
    return [[bool(module) for module in row] for row in qr.get_matrix()]


def _decoded(matrix):
    modules = np.array(matrix, dtype=np.uint8)
    image = np.kron((1 - modules) * 255, np.ones((3, 3), dtype=np.uint8)).astype(np.uint8)
    return [r.text for r in _read_qr(image)]


def _assert_same_symbol(text, level, mask=None):
    fast = qr_matrix(text, level, mask=mask)
    expected = _reference(text, level, mask)
    if expected is None:  # qrcode cannot build it; ours must still be a readable symbol
        assert _decoded(qr_matrix(text, level, border=4, mask=mask)) == [text]
    else:
        assert fast == expected


@settings(max_examples=40, deadline=None)
@given(credential_texts)
def test_credential_texts_match_qrcode_at_every_level(text):
    for level in LEVELS:
        _assert_same_symbol(text, level)


@settings(max_examples=40, deadline=None)
@given(other_texts, st.sampled_from(LEVELS))
def test_other_texts_match_qrcode(text, level):
    _assert_same_symbol(text, level)


@settings(max_examples=15, deadline=None)
@given(st.one_of(credential_texts, other_texts), st.sampled_from(LEVELS))
def test_explicit_masks_match_qrcode(text, level):
    for mask in range(8):
        _assert_same_symbol(text, level, mask)


@settings(max_examples=20, deadline=None)
@given(credential_texts, st.sampled_from(LEVELS))
def test_zxing_reads_the_fast_symbol(text, level):
    assert _decoded(qr_matrix(text, level, border=4)) == [text]


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from([21, 25, 45, 57]),
    st.sampled_from([0.02, 0.3, 0.45, 0.5, 0.55, 0.7, 0.98]),
    st.integers(0, 2**32 - 1),
)
def test_penalty_is_qrcode_lost_point(n, density, seed):
    symbols = np.random.default_rng(seed).random((3, n, n)) < density
    expected = [qrcode.util.lost_point(s.tolist()) for s in symbols]
    assert _qrmask._penalties(symbols) == expected


def test_a_tie_goes_to_the_lowest_mask(monkeypatch):
    text = PREFIXES[0] + "31415926535" * 30
    monkeypatch.setattr(_qrmask, "_penalties", lambda symbols: [9, 9, 4, 7, 4, 4, 8, 9])
    assert best_mask(text) == 2


def test_make_qr_reports_the_mask_qrcode_would_choose():
    text = PREFIXES[1] + "27182818284" * 35
    qr = make_qr(text, border=0, box_size=1)
    assert [[bool(m) for m in row] for row in qr.get_matrix()] == _reference(text, "M")
    assert qr.mask_pattern == best_mask(text)
    assert make_qr(text, mask=5).mask_pattern == 5


def test_zero_digit_runs_that_break_qrcode_give_a_readable_symbol():
    text = PREFIXES[0] + "0" * 420
    assert _reference(text, "M") is None
    assert _decoded(qr_matrix(text, border=4)) == [text]


@pytest.mark.parametrize("mask", [-1, 8])
def test_mask_out_of_range_is_refused(mask):
    with pytest.raises(ValueError, match="range"):
        qr_matrix(PREFIXES[0] + "1234567890" * 20, mask=mask)
