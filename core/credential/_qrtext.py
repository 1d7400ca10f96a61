"""The QR text: ``<ORIGIN UPPERCASED><path>/C/<digits>``, a URL any phone camera opens.

Scheme and host are case-insensitive in URLs, so writing them in capitals keeps the prefix inside
the QR alphanumeric charset; the payload is the COSE bytes as decimal digits (QR numeric mode).
``/C/`` names format version 1; a later format takes another letter.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final
from urllib.parse import urlsplit

from core.cbor import DECODE_ERRORS
from core.errors import ConfigurationError

from ._cose import MAX_CREDENTIAL_BYTES
from ._digits import bytes_to_digits, digit_count, digits_to_bytes
from ._errors import CredentialError, oversized

__all__ = [
    "MAX_QR_TEXT_CHARS",
    "from_qr_text",
    "payload_path_prefix",
    "split_public_url",
    "to_qr_text",
]

#: The path segment before the digits; the verifier mounts ``GET /C/{digits}`` (and ``/c/``).
payload_path_prefix: Final = "/C/"
_MAX_DIGITS = digit_count(MAX_CREDENTIAL_BYTES)
_MAX_PREFIX_CHARS = 512
#: Longest QR text accepted, checked before anything else is done with it.
MAX_QR_TEXT_CHARS: Final = _MAX_PREFIX_CHARS + len(payload_path_prefix) + _MAX_DIGITS
_ANY_ORIGIN = re.compile(r"https?://[A-Za-z0-9.\-]+(:[0-9]{1,5})?(/[!-~]*)?", re.IGNORECASE)
_PATH = re.compile(r"(/[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*)?")


@lru_cache(maxsize=64)  # one or two settings values per process; urlsplit is the slow part
def split_public_url(public_url: str) -> tuple[str, str]:
    """``https://ecert.example.cn/jszg/`` -> (``HTTPS://ECERT.EXAMPLE.CN``, ``/jszg``)."""
    parts = urlsplit(public_url.strip())
    netloc = parts.netloc
    if (
        parts.scheme.lower() not in ("http", "https")
        or not netloc
        or not netloc.isascii()
        or "@" in netloc
        or parts.query
        or parts.fragment
        or not _PATH.fullmatch(parts.path)
    ):
        raise ConfigurationError(
            f"公开地址无效 public URL {public_url!r} must be http(s)://host[:port][/path], "
            "ASCII (punycode) host, no user, query or fragment",
            field="public_url",
        )
    return f"{parts.scheme}://{netloc}".upper(), parts.path.rstrip("/")


def to_qr_text(cose: bytes, public_url: str) -> str:
    """COSE bytes -> QR text under ``public_url`` (see docs/FORMAT.md, "QR text")."""
    if len(cose) > MAX_CREDENTIAL_BYTES:
        raise oversized("凭证 credential bytes", len(cose), MAX_CREDENTIAL_BYTES)
    origin, path = split_public_url(public_url)
    return origin + path + payload_path_prefix + bytes_to_digits(cose)


def _wrong_prefix(message: str) -> CredentialError:
    return CredentialError(message, code="wrong_prefix", field="qr_text")


@lru_cache(maxsize=256)  # a verifier sees few services' prefixes, and the match repeats
def _is_service_url(prefix: str) -> bool:
    return _ANY_ORIGIN.fullmatch(prefix) is not None


def _check_prefix(prefix: str, public_url: str | None) -> None:
    if public_url is None:
        if not _is_service_url(prefix):
            raise _wrong_prefix("二维码不是电子证照链接 QR text is not an ecert verification URL")
        return
    origin, path = split_public_url(public_url)
    if prefix.lower() != (origin + path).lower():
        raise _wrong_prefix(f"二维码不属于本验证服务 QR text is not under {origin.lower()}{path}")


def _payload_digits(text: str, public_url: str | None) -> str:
    if text[:1].isdigit() and text.isascii() and text.encode("ascii").isdigit():
        return text  # the bare payload, as carried in the verifier's /C/{digits} route
    cut = max(text.rfind(payload_path_prefix), text.rfind(payload_path_prefix.lower()))
    if cut < 0:
        raise _wrong_prefix(f"缺少 {payload_path_prefix} 路径 QR text has no {payload_path_prefix}")
    _check_prefix(text[:cut], public_url)
    return text[cut + len(payload_path_prefix) :]


def from_qr_text(text: str, *, public_url: str | None = None) -> bytes:
    """QR text (URL, lowercased URL or bare digits) -> COSE bytes; ``public_url=None``: any host."""
    if not isinstance(text, str):
        raise CredentialError("二维码文本须为字符串 QR text must be a str", code="malformed")
    text = text.strip()
    if len(text) > MAX_QR_TEXT_CHARS:
        raise oversized("二维码文本 QR text chars", len(text), MAX_QR_TEXT_CHARS)
    try:  # the one boundary: whatever slips past the checks is still ``malformed``
        digits = _payload_digits(text, public_url)
        if len(digits) > _MAX_DIGITS:
            raise oversized("载荷 payload digits", len(digits), _MAX_DIGITS)
        if not digits:
            raise CredentialError("载荷为空 payload is empty", code="truncated", field="payload")
        return digits_to_bytes(digits)
    except DECODE_ERRORS as exc:
        raise CredentialError(f"二维码文本无法解析 QR text cannot be decoded "
                              f"({type(exc).__name__})", code="malformed", field="qr_text") \
            from None
