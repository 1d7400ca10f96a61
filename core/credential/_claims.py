"""The signed claims: a deterministic CBOR map with small integer keys (docs/FORMAT.md).

Format version 2: key 4 (the birth date) of version 1 is gone and never reused, and the masked ID
shows at most one character at each end (docs/MASKING.md). A version-1 map is refused with its
own message: it would put the holder's ID number within reach of anyone holding the QR code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import cbor2

from core.cbor import DECODE_ERRORS, CborInvalid, loads

from ._errors import CredentialError
from ._strict import read_claims

__all__ = ["CLAIM_KEYS", "Claims", "decode_claims", "encode_claims"]

#: Claim name -> CBOR map key. Keys 1..23 encode in one byte; v2 uses 1..3 and 5..12, all
#: required. Key 4 was the birth date of format v1 and is never reused.
CLAIM_KEYS: dict[str, int] = {
    "certificate_number": 1,
    "name": 2,
    "gender": 3,
    "masked_id": 5,
    "qualification_type": 6,
    "subject": 7,
    "authority_code": 8,
    "issue_date": 9,
    "version": 10,
    "issued_at": 11,
    "status_index": 12,
}
_NAMES_BY_KEY = {key: name for name, key in CLAIM_KEYS.items()}
_KEY_ORDER = sorted(_NAMES_BY_KEY)
_GENDER_CODES = {"男": 1, "女": 2}
_GENDER_BY_CODE = {code: text for text, code in _GENDER_CODES.items()}
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_UINT32 = 2**32
_EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
_LATEST = datetime.fromtimestamp(_UINT32, UTC)
_V1_KEY_ORDER = list(range(1, 13))  # format v1: the same keys and key 4, the birth date
_MASKED = re.compile(r"([^*]*)(\*+)([^*]*)")
_MAX_END = 1  # docs/MASKING.md: at most one character visible at each end …
_MAX_VISIBLE_SHARE = 3  # … and at most a third of all characters
_DIGITS17 = re.compile(r"[0-9]{17}")


def _bad(field: str, message: str) -> CredentialError:
    return CredentialError(message, code="malformed", field=field)


def _check_text(field: str, value: object, low: int, high: int) -> None:
    if not isinstance(value, str) or not low <= len(value) <= high or not value.isprintable():
        rule = f"{low}–{high}"
        raise _bad(field, f"{field} 须为{rule}个可打印字符 must be {rule} printable chars")


def _check_int(field: str, value: object, low: int, high: int) -> None:
    if type(value) is not int or not low <= value <= high:
        raise _bad(field, f"{field} 须为 {low}–{high} 的整数 must be an integer in {low}..{high}")


def _check_date(field: str, value: object) -> None:
    if type(value) is not date:
        raise _bad(field, f"{field} 须为日期 must be a datetime.date (not a datetime)")


@dataclass(frozen=True, slots=True)
class Claims:
    """What the credential asserts about one certificate; validated on construction."""

    certificate_number: str
    name: str
    gender: str
    masked_id: str
    qualification_type: int
    subject: str
    authority_code: str
    issue_date: date
    version: int
    issued_at: datetime
    #: Position in the signed status list (core.statuslist); ecert uses the certificate id.
    status_index: int

    def __post_init__(self) -> None:
        number = self.certificate_number
        if not isinstance(number, str) or not _DIGITS17.fullmatch(number):
            raise _bad("certificate_number", "证书编号须为17位数字 must be 17 ASCII digits")
        _check_text("name", self.name, 1, 64)
        if not isinstance(self.gender, str) or self.gender not in _GENDER_CODES:
            raise _bad("gender", "性别须为“男”或“女” gender must be 男 or 女")
        _split_masked(self.masked_id)
        _check_int("qualification_type", self.qualification_type, 1, 7)
        _check_text("subject", self.subject, 0, 64)
        _check_text("authority_code", self.authority_code, 1, 16)
        _check_date("issue_date", self.issue_date)
        _check_int("version", self.version, 0, _UINT32 - 1)
        object.__setattr__(self, "issued_at", _utc_seconds(self.issued_at))
        _check_int("status_index", self.status_index, 0, _UINT32 - 1)


def _utc_seconds(value: object) -> datetime:
    """Normalise to UTC whole seconds, the precision the claim carries; naive times are refused."""
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise _bad("issued_at", "签发时间须带时区 issued_at must be a timezone-aware datetime")
    if value.tzinfo is not UTC or value.microsecond:
        value = value.astimezone(UTC).replace(microsecond=0)
    if not _EARLIEST <= value < _LATEST:
        raise _bad("issued_at", "签发时间超出范围 issued_at must lie in 1970..2106")
    return value


def _split_masked(masked: object) -> tuple[str, int, str]:
    """``1****************X`` -> ("1", 16, "X"): visible prefix, one run of ``*``, suffix."""
    ok = isinstance(masked, str) and len(masked) <= 32 and masked.isprintable()
    match = _MASKED.fullmatch(masked) if ok and isinstance(masked, str) else None
    if match is None or not _mask_ok(match.group(1), len(match.group(2)), match.group(3)):
        raise _bad(
            "masked_id",
            "脱敏证件号须为“可见首位+连续*+可见末位”，两端各至多1位且可见不超过三分之一 masked_id "
            "must be prefix, one run of '*', suffix; at most 1 character visible at each end "
            "and at most a third of all characters",
        )
    return match.group(1), len(match.group(2)), match.group(3)


def _mask_ok(prefix: str, hidden: int, suffix: str) -> bool:
    """The visible part that docs/MASKING.md allows (the decoder refuses any wider one)."""
    visible = len(prefix) + len(suffix)
    return (len(prefix) <= _MAX_END and len(suffix) <= _MAX_END
            and _MAX_VISIBLE_SHARE * visible <= visible + hidden)


def _days(d: date) -> int:
    return d.toordinal() - _EPOCH_ORDINAL


def encode_claims(claims: Claims) -> bytes:
    """Claims -> deterministic CBOR map bytes (the COSE payload)."""
    prefix, hidden, suffix = _split_masked(claims.masked_id)
    # Keys are inserted in ascending order and cbor2 always writes integers and lengths in their
    # shortest form, so the plain encoder already yields the deterministic encoding (RFC 8949
    # §4.2.1) -- without the cost of canonical=True's sorting; a test holds the two equal.
    return cbor2.dumps(
        {
            1: int(claims.certificate_number),
            2: claims.name,
            3: _GENDER_CODES[claims.gender],
            5: [prefix, hidden, suffix],
            6: claims.qualification_type,
            7: claims.subject,
            8: claims.authority_code,
            9: _days(claims.issue_date),
            10: claims.version,
            11: int(claims.issued_at.timestamp()),
            12: claims.status_index,
        }
    )


def _load_values(data: bytes) -> list[Any]:
    """The values of claims 1..3, 5..12 in order; refuses any other map or encoding.

    :func:`read_claims` is the only decoder: what it declines is refused, and cbor2 is used
    only to say why (so a reader and a general decoder cannot disagree on what is accepted).
    """
    exact = read_claims(data)  # the deterministic form, read and checked in one pass
    if exact is not None:
        return exact
    raise _refusal(data)


def _refusal(data: bytes) -> CredentialError:
    """The precise reason ``data`` is not a claims map in the one deterministic form."""
    try:  # strict: no tags, plain values only (core.cbor), so the re-encode below cannot fail
        obj = loads(data, max_depth=3, what="claims")
    except CborInvalid as exc:
        if exc.truncated:
            return CredentialError("声明数据不完整 claims CBOR ends early", code="truncated")
        return _bad("claims", f"声明不是有效的CBOR claims are not valid CBOR: {exc.message}")
    if type(obj) is not dict:
        return _bad("claims", "声明须为CBOR映射 claims must be a CBOR map")
    if list(obj) == _V1_KEY_ORDER:
        return CredentialError(
            "证照格式第1版（含出生日期）已停用，请持证人下载重新签发的电子证照 credential format "
            "v1 (it carries the birth date) is retired: ask the holder for a re-issued one",
            code="malformed", field="claims", format_version=1,
        )
    if list(obj) != _KEY_ORDER:
        unknown = sorted(set(obj) - set(_NAMES_BY_KEY), key=repr)
        missing = sorted(set(_NAMES_BY_KEY) - set(obj))
        return _bad(
            "claims",
            f"声明键不符 claim keys wrong: unknown {unknown}, missing {missing}, "
            "or not in ascending order",
        )
    # Integers written longer than needed (or as tags, floats, booleans) re-encode differently.
    if cbor2.dumps(obj) == data:  # the right form, so a value of the wrong type: name it
        try:
            _explain(*obj.values())
        except CredentialError as exc:
            return exc
    return _bad("claims", "声明编码不规范 claims are not in deterministic CBOR encoding")


def _from_days(field: str, value: object) -> date:
    _check_int(field, value, -(2**31), 2**31)
    assert isinstance(value, int)
    try:
        return date.fromordinal(_EPOCH_ORDINAL + value)
    except (ValueError, OverflowError):
        raise _bad(field, f"{field} 日期超出范围 day count out of range") from None


def _from_masked(value: object) -> str:
    if type(value) is not list or len(value) != 3:
        raise _bad("masked_id", "masked_id 须为[前缀,位数,后缀] must be [prefix, count, suffix]")
    prefix, hidden, suffix = value
    _check_int("masked_id", hidden, 1, 32)
    if not isinstance(prefix, str) or not isinstance(suffix, str):
        raise _bad("masked_id", "masked_id 前缀与后缀须为文本 prefix and suffix must be text")
    if "*" in prefix or "*" in suffix:  # else two encodings would show the same masked ID
        raise _bad("masked_id", "masked_id 前缀与后缀不得含* prefix and suffix contain no '*'")
    return f"{prefix}{'*' * hidden}{suffix}"


def _claims_from_values(values: list[Any]) -> Claims:
    """Validate and build in one pass; ``values`` are claims 1..3, 5..12 in order (the reader
    ensures it). Every check of ``Claims.__post_init__`` is made here once, on the decoded
    values, or holds by construction (the 17 digits, the gender text, the dates, UTC whole
    seconds)."""
    claims = _valid_claims(*values)
    if claims is None:
        _explain(*values)  # raises the precise error
        raise _bad("claims", "声明无效 claims are invalid")  # pragma: no cover - _explain raises
    return claims


_set = object.__setattr__


def _text_ok(value: object, low: int, high: int) -> bool:
    return type(value) is str and low <= len(value) <= high and value.isprintable()


def _valid_claims(
    number: Any, name: Any, gender: Any, masked: Any, qualification: Any,
    subject: Any, authority: Any, issue: Any, version: Any, issued: Any, index: Any,
) -> Claims | None:
    """The Claims when every value is valid, else None (no message: see :func:`_explain`)."""
    if not (
        type(number) is int and 0 <= number < 10**17
        and type(gender) is int and 1 <= gender <= 2
        and type(issue) is int
        and type(qualification) is int and 1 <= qualification <= 7
        and type(version) is int and 0 <= version < _UINT32
        and type(issued) is int and 0 <= issued < _UINT32
        and type(index) is int and 0 <= index < _UINT32
        and _text_ok(name, 1, 64) and _text_ok(subject, 0, 64) and _text_ok(authority, 1, 16)
        and type(masked) is list and len(masked) == 3
    ):
        return None
    prefix, hidden, suffix = masked
    if not (type(hidden) is int and 1 <= hidden <= 32 and type(prefix) is str
            and type(suffix) is str):
        return None
    masked_id = f"{prefix}{'*' * hidden}{suffix}"
    if (len(masked_id) > 32 or not _mask_ok(prefix, hidden, suffix)
            or "*" in prefix or "*" in suffix or not masked_id.isprintable()):
        return None
    try:
        issue_date = date.fromordinal(_EPOCH_ORDINAL + issue)
    except (ValueError, OverflowError):
        return None
    # Already validated, so the fields are set directly, not through the validating __init__.
    claims = object.__new__(Claims)
    _set(claims, "certificate_number", str(number).zfill(17))
    _set(claims, "name", name)
    _set(claims, "gender", _GENDER_BY_CODE[gender])
    _set(claims, "masked_id", masked_id)
    _set(claims, "qualification_type", qualification)
    _set(claims, "subject", subject)
    _set(claims, "authority_code", authority)
    _set(claims, "issue_date", issue_date)
    _set(claims, "version", version)
    _set(claims, "issued_at", datetime.fromtimestamp(issued, UTC))
    _set(claims, "status_index", index)
    return claims


def _explain(
    number: Any, name: Any, gender: Any, masked: Any, qualification: Any,
    subject: Any, authority: Any, issue: Any, version: Any, issued: Any, index: Any,
) -> None:
    """Raise the error naming the first claim that breaks its rule."""
    _check_int("certificate_number", number, 0, 10**17 - 1)
    _check_int("gender", gender, 1, 2)
    _check_int("issued_at", issued, 0, _UINT32 - 1)
    _check_text("name", name, 1, 64)
    _check_text("subject", subject, 0, 64)
    _check_text("authority_code", authority, 1, 16)
    _split_masked(_from_masked(masked))
    _check_int("qualification_type", qualification, 1, 7)
    _check_int("version", version, 0, _UINT32 - 1)
    _check_int("status_index", index, 0, _UINT32 - 1)
    _from_days("issue_date", issue)


def decode_claims(data: bytes) -> Claims:
    """CBOR map bytes -> Claims; refuses unknown or missing keys and non-deterministic encodings."""
    try:  # the one boundary: whatever slips past the claim checks is still ``malformed``
        return _claims_from_values(_load_values(data))
    except DECODE_ERRORS as exc:
        raise _bad("claims", f"声明无法解析 claims cannot be decoded ({type(exc).__name__})") \
            from None
