"""The QR text: decimal digits for the payload and the URL around them."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.credential import (
    MAX_CREDENTIAL_BYTES,
    MAX_QR_TEXT_CHARS,
    CredentialError,
    bytes_to_digits,
    digits_to_bytes,
    from_qr_text,
    payload_path_prefix,
    sign_credential,
    to_qr_text,
)
from core.credential._digits import DIGITS_FOR_BYTES, digit_count
from core.errors import ConfigurationError

from ._credential_support import Ed25519Signer, sample_claims

COSE = sign_credential(sample_claims(), Ed25519Signer())


def test_digit_table():
    assert DIGITS_FOR_BYTES == {1: 3, 2: 5, 3: 8, 4: 10, 5: 13, 6: 15, 7: 17}
    for k, digits in DIGITS_FOR_BYTES.items():
        assert 10 ** (digits - 1) < 2 ** (8 * k) <= 10**digits  # minimal and sufficient


def test_worked_example_from_format_md():
    example = bytes.fromhex("d2844da20127045840")
    assert bytes_to_digits(example) == "5925521407457050022592"
    assert digits_to_bytes("5925521407457050022592") == example
    assert bytes_to_digits(bytes.fromhex("ffffffffffffff")) == "72057594037927935"
    assert bytes_to_digits(b"\x00" * 7 + b"\x01") == "00000000000000000" + "001"


@given(st.binary(max_size=300))
def test_digits_round_trip(data):
    digits = bytes_to_digits(data)
    assert len(digits) == digit_count(len(data))
    assert set(digits) <= set("0123456789") and digits_to_bytes(digits) == data


@given(st.lists(st.integers(min_value=0, max_value=10**17 - 1), min_size=1, max_size=40),
       st.data())
def test_every_chunk_is_checked_for_overflow(values, data):
    """Whatever chunk exceeds 7 bytes is refused, wherever it sits among many."""
    digits = "".join(str(v).zfill(17) for v in values)
    if all(v < 2**56 for v in values):
        expected = b"".join(v.to_bytes(7, "big") for v in values)
        assert digits_to_bytes(digits) == expected
    else:
        with pytest.raises(CredentialError, match="overflow"):
            digits_to_bytes(digits)
    big = data.draw(st.integers(min_value=0, max_value=len(values) - 1))
    values[big] = data.draw(st.integers(min_value=2**56, max_value=10**17 - 1))
    with pytest.raises(CredentialError, match="overflow"):
        digits_to_bytes("".join(str(v).zfill(17) for v in values))


@given(st.integers(min_value=1, max_value=600))
def test_impossible_lengths_are_refused(n):
    if n % 17 in (0, 3, 5, 8, 10, 13, 15):
        assert len(digits_to_bytes("0" * n)) == n // 17 * 7 + {
            0: 0, 3: 1, 5: 2, 8: 3, 10: 4, 13: 5, 15: 6
        }[n % 17]  # fmt: skip
    else:
        with pytest.raises(CredentialError) as caught:
            digits_to_bytes("0" * n)
        assert caught.value.code == "malformed"


@pytest.mark.parametrize(
    "digits",
    ["72057594037927936", "99999999999999999", "256", "65536", "0" * 17 + "999",
     "0" * 17 + "72057594037927936", "72057594037927936" + "0" * 34 + "000",
     "0" * 17 * 5 + "99999999999999999" + "0" * 17 * 3],
)
def test_overflowing_chunks_are_refused(digits):
    with pytest.raises(CredentialError, match="overflow") as caught:
        digits_to_bytes(digits)
    assert caught.value.code == "malformed"


@pytest.mark.parametrize("digits", ["12a", "１２３", "١٢٣", " 123"])
def test_non_ascii_digits_are_refused(digits):
    with pytest.raises(CredentialError) as caught:
        digits_to_bytes(digits)
    assert caught.value.code == "malformed"


def test_digits_are_about_8_1_bits_per_byte():
    bits = digit_count(700) * 10 / 3 / 700  # QR numeric mode: 10 bits per 3 digits
    assert 8.09 < bits < 8.10 < 8.25  # base45 in alphanumeric mode costs 8.25
    assert math.isclose(8 * math.log10(2) * 10 / 3, 8.027, abs_tol=1e-3)  # the unchunked ideal


@pytest.mark.parametrize(
    ("public_url", "prefix"),
    [
        ("http://127.0.0.1:8000", "HTTP://127.0.0.1:8000/C/"),
        ("https://ecert.example.gov.cn/", "HTTPS://ECERT.EXAMPLE.GOV.CN/C/"),
        ("https://Ecert.Example.gov.cn/jszg", "HTTPS://ECERT.EXAMPLE.GOV.CN/jszg/C/"),
        ("https://ecert.example.gov.cn/JSZG/", "HTTPS://ECERT.EXAMPLE.GOV.CN/JSZG/C/"),
    ],
)
def test_to_qr_text_forms(public_url, prefix):
    text = to_qr_text(COSE, public_url)
    assert text == prefix + bytes_to_digits(COSE)
    assert payload_path_prefix == "/C/"
    assert from_qr_text(text, public_url=public_url) == COSE
    assert from_qr_text(text.lower(), public_url=public_url) == COSE
    assert from_qr_text(text) == COSE


def test_bare_digits_and_whitespace_are_accepted():
    digits = bytes_to_digits(COSE)
    assert from_qr_text(digits) == COSE
    assert from_qr_text(digits, public_url="https://ecert.example.gov.cn") == COSE
    assert from_qr_text(f"  {to_qr_text(COSE, 'http://127.0.0.1:8000')}\n") == COSE


@pytest.mark.parametrize(
    ("text", "public_url"),
    [
        ("HTTPS://EVIL.EXAMPLE.COM/C/{d}", "https://ecert.example.gov.cn"),
        ("HTTPS://ECERT.EXAMPLE.GOV.CN.EVIL.COM/C/{d}", "https://ecert.example.gov.cn"),
        ("HTTP://ECERT.EXAMPLE.GOV.CN/C/{d}", "https://ecert.example.gov.cn"),
        ("HTTPS://ECERT.EXAMPLE.GOV.CN/other/C/{d}", "https://ecert.example.gov.cn"),
        ("HTTPS://ECERT.EXAMPLE.GOV.CN/D/{d}", "https://ecert.example.gov.cn"),
        ("HTTPS://ECERT.EXAMPLE.GOV.CN/D/{d}", None),
        ("HC1:{d}", None),
        ("ftp://ecert.example.gov.cn/C/{d}", None),
        ("https://user@ecert.example.gov.cn/C/{d}", None),
        ("hello", None),
        ("", None),
    ],
)
def test_wrong_prefix(text, public_url):
    with pytest.raises(CredentialError) as caught:
        from_qr_text(text.format(d=bytes_to_digits(COSE)), public_url=public_url)
    assert caught.value.code == "wrong_prefix"


def test_oversized_text_is_refused_before_conversion(monkeypatch):
    import core.credential._qrtext as qrtext

    monkeypatch.setattr(qrtext, "digits_to_bytes", lambda _: pytest.fail("converted"))
    huge = bytes_to_digits(b"\x01" * (MAX_CREDENTIAL_BYTES + 1))
    for text in (huge, "HTTP://X/C/" + huge, "x" * (MAX_QR_TEXT_CHARS + 1)):
        with pytest.raises(CredentialError) as caught:
            from_qr_text(text)
        assert caught.value.code == "oversized"


def test_largest_allowed_payload_converts():
    data = b"\xff" * MAX_CREDENTIAL_BYTES
    assert from_qr_text("HTTP://X/C/" + bytes_to_digits(data)) == data


def test_to_qr_text_refuses_oversized_credentials():
    with pytest.raises(CredentialError) as caught:
        to_qr_text(b"\x00" * (MAX_CREDENTIAL_BYTES + 1), "http://127.0.0.1:8000")
    assert caught.value.code == "oversized"


def test_empty_payload_is_truncated():
    with pytest.raises(CredentialError) as caught:
        from_qr_text("HTTP://127.0.0.1:8000/C/")
    assert caught.value.code == "truncated"


@pytest.mark.parametrize(
    "public_url",
    [
        "ftp://ecert.example.gov.cn",
        "ecert.example.gov.cn",
        "https://",
        "https://user:pw@ecert.example.gov.cn",
        "https://ecert.example.gov.cn/?q=1",
        "https://ecert.example.gov.cn/#top",
        "https://电子证照.中国",
        "https://ecert.example.gov.cn/a b",
    ],
)
def test_bad_public_url_is_a_configuration_error(public_url):
    with pytest.raises(ConfigurationError):
        to_qr_text(COSE, public_url)


def test_non_text_is_malformed():
    with pytest.raises(CredentialError) as caught:
        from_qr_text(COSE)
    assert caught.value.code == "malformed"
