"""QR symbols: explicit segments, minimal version, the size target, and decoding by two readers."""

import random
from collections import Counter

import cv2
import numpy as np
import pytest
import qrcode
import qrcode.util
import zxingcpp
from hypothesis import given, settings
from hypothesis import strategies as st

from core.credential import (
    make_qr,
    qr_matrix,
    qr_segments,
    qr_version,
    sign_credential,
    to_qr_text,
)
from core.credential._qr import segment_bits
from core.credential._segments import optimal_segments
from core.credential._synthetic import synthetic_batch

from ._credential_support import Ed25519Signer, P256Signer, sample_claims

ED = Ed25519Signer()
DEV_URL = "http://127.0.0.1:8000"
# A production-length origin (30 characters), longer than most provincial ones.
PROD_URL = "https://ecert.jyt.henan.gov.cn"
# docs/FORMAT.md §5.3: the longest public URL (alphanumeric once upper-cased) that keeps every
# realistic record at version <= 10 / M. The 177-byte largest realistic record leaves 4 bits.
MAX_V10_URL_CHARS = 44
MAX_V10_URL = "https://verify.ecert.jyt.heilongjiang.gov.cn"
ALNUM = set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")


def _read_qr(image):
    """QR codes only, as the verifier reads (a 1D reader can find a false ITF code in one)."""
    return zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)


def _text(claims=None, url=PROD_URL, signer=ED):
    return to_qr_text(sign_credential(claims or sample_claims(), signer), url)


def _largest_claims(rng):
    """The largest realistic record (docs/FORMAT.md §5.3): 4-character name, 8-character subject,
    9-character authority code, version <= 23 (one CBOR byte), status index >= 2^16 (5 bytes)."""
    cjk = lambda n: "".join(chr(rng.randrange(0x4E00, 0x9FA6)) for _ in range(n))  # noqa: E731
    return sample_claims(
        name=cjk(4),
        subject=cjk(8),
        authority_code="410100001",
        certificate_number="99999999999999999",
        version=23,
        status_index=2**32 - 1,
    )


def test_segments_are_alphanumeric_prefix_then_numeric_digits():
    text = _text()
    segments = qr_segments(text)
    assert [s.mode for s in segments] == ["alphanumeric", "numeric"]
    assert segments[0].text == "HTTPS://ECERT.JYT.HENAN.GOV.CN/C/"
    assert "".join(s.text for s in segments) == text


def test_lowercase_path_falls_back_to_byte_mode_for_that_part_only():
    text = _text(url="https://ecert.example.gov.cn/jszg")
    modes = [(s.mode, s.text) for s in qr_segments(text)]
    # "/C/" joins the byte segment: 3 more bytes (24 bits) are cheaper than a new header.
    assert modes[:2] == [("alphanumeric", "HTTPS://ECERT.EXAMPLE.GOV.CN/"), ("byte", "jszg/C/")]
    assert [m for m, _ in modes[2:]] == ["numeric"]


def test_qrcode_uses_the_modes_we_chose():
    text = _text()
    qr = make_qr(text)
    assert [d.mode for d in qr.data_list] == [qrcode.util.MODE_ALPHA_NUM, qrcode.util.MODE_NUMBER]
    assert qr.version == qr_version(text)


@pytest.mark.parametrize("level", ["L", "M", "Q", "H"])
def test_version_arithmetic_agrees_with_qrcode(level):
    text = _text()
    qr = make_qr(text, level)
    check = qrcode.QRCode(error_correction=qr.error_correction)
    for data in qr.data_list:
        check.add_data(data)
    assert check.best_fit() == qr_version(text, level)


def _minimal_bits(text, version):
    """Exact minimum over every segmentation (dynamic programme), for comparison."""
    n, inf = len(text), float("inf")
    nondigit, nonalnum, utf8 = [0], [0], [0]
    for ch in text:
        nondigit.append(nondigit[-1] + (not ch.isdigit()))
        nonalnum.append(nonalnum[-1] + (ch not in ALNUM))
        utf8.append(utf8[-1] + len(ch.encode()))
    cc = {m: qrcode.util.length_in_bits(m, version) for m in (1, 2, 4)}
    best = [0.0] + [inf] * n
    for j in range(1, n + 1):
        for i in range(j):
            if best[i] == inf:
                continue
            length = j - i
            if nondigit[j] == nondigit[i]:
                numeric = 10 * (length // 3) + (0, 4, 7)[length % 3]
                best[j] = min(best[j], best[i] + 4 + cc[1] + numeric)
            if nonalnum[j] == nonalnum[i]:
                alnum = 11 * (length // 2) + 6 * (length % 2)
                best[j] = min(best[j], best[i] + 4 + cc[2] + alnum)
            best[j] = min(best[j], best[i] + 4 + cc[4] + 8 * (utf8[j] - utf8[i]))
    return best[n]


@pytest.mark.parametrize(
    "url", [DEV_URL, PROD_URL, "https://ecert.example.gov.cn/jszg", "https://a.cn/Zheng/"]
)
def test_segments_are_minimal(url):
    text = _text(url=url)
    version = qr_version(text)
    assert segment_bits(qr_segments(text), version) == _minimal_bits(text, version)


def test_explicit_segments_beat_qrcode_defaults():
    text = _text(url="https://ecert.example.gov.cn/jszg")
    ours = qr_version(text)
    for optimize in (0, 4, 20):
        default = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M)
        default.add_data(text, optimize=optimize)
        assert ours <= default.best_fit()
    byte_only = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M)
    byte_only.add_data(qrcode.util.QRData(text.encode(), mode=qrcode.util.MODE_8BIT_BYTE))
    assert byte_only.best_fit() >= ours + 3


BATCH = synthetic_batch(1000)


@pytest.mark.parametrize("url", [DEV_URL, PROD_URL, MAX_V10_URL])
def test_size_target_on_the_synthetic_batch(url):
    """Issue 4: every record of the 1,000-record batch fits QR version <= 10 at level M."""
    versions = Counter(qr_version(_text(claims, url)) for claims in BATCH)
    assert max(versions) <= 10, versions
    assert max(claims.status_index for claims in BATCH) > 2**16  # 5-byte indexes are included


@pytest.mark.parametrize("signer", [ED, P256Signer()], ids=["EdDSA", "ES256"])
def test_size_target_for_the_largest_records(signer):
    rng = random.Random(7)
    for _ in range(20):
        assert qr_version(_text(_largest_claims(rng), MAX_V10_URL, signer)) <= 10


def test_documented_maximum_public_url_length_is_exact():
    """One more character than MAX_V10_URL_CHARS pushes the largest realistic record to v11."""
    assert len(MAX_V10_URL) == MAX_V10_URL_CHARS
    claims = _largest_claims(random.Random(7))
    assert len(sign_credential(claims, ED)) == 177
    assert qr_version(_text(claims, MAX_V10_URL)) == 10
    assert qr_version(_text(claims, "https://verify2.ecert.jyt.heilongjiang.gov.cn")) == 11
    # Wider integers than the realistic ones cost bytes: version 65535 needs a 41-character URL.
    wide = sample_claims(
        **{f: getattr(claims, f) for f in ("name", "subject")},
        version=65535,
        authority_code="410100001",
        status_index=2**32 - 1,
    )
    assert qr_version(_text(wide, "https://verify.ecert.jyt.guangdong2.gov.cn")) == 11
    assert qr_version(_text(wide, "https://verify.ecert.jyt.guangdong.gov.cn")) == 10


def test_matrix_matches_qrcode_and_has_a_quiet_zone_on_request():
    text = _text()
    version = qr_version(text)
    bare = qr_matrix(text)
    assert len(bare) == len(bare[0]) == 17 + 4 * version
    framed = qr_matrix(text, border=4)
    assert len(framed) == len(bare) + 8
    assert [row[4:-4] for row in framed[4:-4]] == bare
    assert not any(framed[0]) and all(isinstance(m, bool) for m in bare[0])
    assert bare[0][:7] == [True] * 7  # finder pattern


def _image(matrix, scale):
    modules = np.array(matrix, dtype=np.uint8)
    return np.kron((1 - modules) * 255, np.ones((scale, scale), dtype=np.uint8)).astype(np.uint8)


@pytest.mark.parametrize("level", ["M", "Q"])
def test_zxing_cpp_reads_the_same_text(level):
    text = _text(_largest_claims(random.Random(1)))
    found = _read_qr(_image(qr_matrix(text, level, border=4), 3))
    assert [r.text for r in found] == [text]
    assert found[0].extra["Version"] == str(qr_version(text, level))
    assert found[0].extra["ECLevel"] == level


def test_opencv_reads_the_same_text():
    text = _text(_largest_claims(random.Random(2)))
    decoded, points, _ = cv2.QRCodeDetector().detectAndDecode(_image(qr_matrix(text, border=4), 4))
    assert decoded == text and points is not None


def test_pil_image_from_make_qr_decodes():
    text = _text(url=DEV_URL)
    image = make_qr(text, box_size=3).make_image().get_image().convert("L")
    assert [r.text for r in _read_qr(image)] == [text]


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="0123456789ABC:/ abcé中", max_size=40),
    st.sampled_from([1, 10, 27]),
)
def test_segmentation_is_exact_for_any_text(text, version):
    headers = {
        "numeric": 4 + qrcode.util.length_in_bits(1, version),
        "alphanumeric": 4 + qrcode.util.length_in_bits(2, version),
        "byte": 4 + qrcode.util.length_in_bits(4, version),
    }
    segments = optimal_segments(text, headers)
    assert "".join(s.text for s in segments) == text
    for segment in segments:
        if segment.mode == "numeric":
            assert segment.text.isdigit()
        elif segment.mode == "alphanumeric":
            assert set(segment.text) <= ALNUM
    assert segment_bits(segments, version) == _minimal_bits(text, version)


def _read(page):
    """What a verifier should do: zxing-cpp; failing that, 2x enlarged, zxing-cpp then OpenCV."""
    found = [r.text for r in _read_qr(page)]
    if found:
        return found, "direct"
    enlarged = cv2.resize(page, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)
    found = [r.text for r in _read_qr(enlarged)]
    return found or [cv2.QRCodeDetector().detectAndDecode(enlarged)[0]], "enlarged"


@pytest.mark.parametrize("module_mm", [0.6, 0.75, 1.0])
def test_150_dpi_rendering_decodes(module_mm):
    """As a PDF page rendered at 150 dpi (anti-aliased, non-integer pixels per module) shows it.

    Measured on 300 symbols, 99 % version 10 (docs/FORMAT.md §5.3): zxing-cpp reads 299-300
    directly; OpenCV's detector, even after 2x enlargement, misses 2-8 %: it is only a fallback.
    """
    direct = 0
    for claims in synthetic_batch(6, seed=module_mm.as_integer_ratio()[0]):
        text = _text(claims)
        matrix = qr_matrix(text, border=4)
        sharp = _image(matrix, 40)
        pixels = round(len(matrix) * module_mm / 25.4 * 150)
        page = cv2.resize(sharp, (pixels, pixels), interpolation=cv2.INTER_AREA)
        found, how = _read(page)
        assert found == [text]
        direct += how == "direct"
    assert direct >= 5
