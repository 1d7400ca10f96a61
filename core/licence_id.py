"""Electronic-licence identifiers (电子证照标识, GB/T 36904) and issuers' 统一社会信用代码.

An identifier names one version of one licence::

    1.2.156.3005.2.<licence-type code>.<issuer's USCC>.<serial>.<version, 3 digits>.<check>

The check character is ISO/IEC 7064 MOD 37,36 (hybrid) over type code + issuer code + serial +
version joined without dots. Here the serial is the 17-digit certificate number (证书号码, unique
per issuer by construction) and the version the credential version, so a corrected reissue gets
a new identifier while the number stays. The type code of 教师资格证 is not published: it is the
setting ``ECERT_LICENCE_TYPE_CODE``, :data:`PLACEHOLDER_TYPE_CODE` until an operator sets the
code the provincial platform assigns (docs/INTEROP.md). No part carries an ID number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stdnum.cn import uscc as _uscc
from stdnum.exceptions import ValidationError as _StdnumError
from stdnum.iso7064 import mod_37_36

from core.errors import InvalidInput

__all__ = [
    "LICENCE_ID_PREFIX",
    "MAX_VERSION",
    "PLACEHOLDER_TYPE_CODE",
    "LicenceId",
    "build_licence_id",
    "check_character",
    "is_licence_id",
    "parse_licence_id",
    "validate_type_code",
    "validate_uscc",
]

#: The arc GB/T 36904 assigns to electronic licences (1.2.156 = China, 3005 = e-government).
LICENCE_ID_PREFIX = "1.2.156.3005.2"
#: A stand-in for the licence-type code of 教师资格证, which no standard publishes: clearly not a
#: real code (real ones are the defining department's USCC + 3 digits); replace it with the
#: code the provincial platform assigns before connecting to it.
PLACEHOLDER_TYPE_CODE = "PLACEHOLDERTEACHER001"
#: Versions are written as 3 digits.
MAX_VERSION = 999

_ALNUM = re.compile(r"^[0-9A-Z]{1,24}$")
_SHAPE = re.compile(
    r"^1\.2\.156\.3005\.2\.([0-9A-Z]{1,24})\.([0-9A-Z]{18})\.([0-9A-Z]{1,24})"
    r"\.([0-9]{3})\.([0-9A-Z])$")
FIELD = "licence_id"


@dataclass(frozen=True, slots=True)
class LicenceId:
    """One GB/T 36904 identifier split into its parts (``str()`` gives the dotted form)."""

    type_code: str
    issuer_code: str
    serial: str
    version: int
    check: str

    def __str__(self) -> str:
        return (f"{LICENCE_ID_PREFIX}.{self.type_code}.{self.issuer_code}.{self.serial}."
                f"{self.version:03d}.{self.check}")


def check_character(type_code: str, issuer_code: str, serial: str, version: int) -> str:
    """The MOD 37,36 check character over the parts joined without dots."""
    return str(mod_37_36.calc_check_digit(f"{type_code}{issuer_code}{serial}{version:03d}"))


def validate_uscc(text: str, *, field: str = "uscc") -> str:
    """A 统一社会信用代码 (GB 32100) in its compact upper-case form, or InvalidInput."""
    try:
        return str(_uscc.validate(text.strip().upper()))
    except _StdnumError as exc:
        raise InvalidInput(
            f"统一社会信用代码无效（{exc}）：{text!r} — invalid unified social credit "
            "code: 18 characters, 8 digits then letters/digits, GB 32100 check character",
            field=field, rule="uscc_invalid") from None


def validate_type_code(text: str) -> str:
    """A licence-type code: 1–24 upper-case letters and digits."""
    code = text.strip().upper()
    if not _ALNUM.match(code):
        raise InvalidInput(f"证照类型代码应为 1–24 位大写字母或数字：{text!r} (licence-type code)",
                           field="licence_type_code", rule="licence_type_code_format")
    return code


def build_licence_id(*, type_code: str, issuer_code: str, serial: str,
                     version: int) -> LicenceId:
    """The identifier of version ``version`` of licence ``serial`` issued by ``issuer_code``."""
    code = validate_type_code(type_code)
    issuer = validate_uscc(issuer_code, field="issuer_code")
    if not _ALNUM.match(serial):
        raise InvalidInput(f"证照序号应为 1–24 位大写字母或数字：{serial!r} (licence serial)",
                           field="serial", rule="licence_serial_format")
    if not 1 <= version <= MAX_VERSION:
        raise InvalidInput(f"证照版本应在 1–{MAX_VERSION} 之间：{version} (licence version)",
                           field="version", rule="licence_version_range")
    return LicenceId(code, issuer, serial, version,
                     check_character(code, issuer, serial, version))


def parse_licence_id(text: str) -> LicenceId:
    """Split and check an identifier; a wrong shape or check character is InvalidInput."""
    value = text.strip().upper() if isinstance(text, str) else ""
    match = _SHAPE.match(value)
    if match is None:
        raise InvalidInput(
            f"电子证照标识格式不符（应为 {LICENCE_ID_PREFIX}.类型代码.发证机构代码.序号."
            f"三位版本.校验位）：{text!r} — not a GB/T 36904 licence identifier", field=FIELD,
            rule="licence_id_format")
    code, issuer, serial, version, check = match.groups()
    validate_uscc(issuer, field="issuer_code")
    expected = check_character(code, issuer, serial, int(version))
    if check != expected:
        raise InvalidInput(
            f"电子证照标识校验位错误：{text!r} 的校验位应为 {expected}，实为 {check} — wrong check "
            "character (ISO/IEC 7064 MOD 37,36)", field=FIELD, rule="licence_id_check")
    if int(version) < 1:
        raise InvalidInput(f"电子证照标识版本不能为 000：{text!r} (version 000)", field=FIELD,
                           rule="licence_version_range")
    return LicenceId(code, issuer, serial, int(version), check)


def is_licence_id(text: str) -> bool:
    """Whether ``text`` is a well-formed identifier with the right check character."""
    try:
        parse_licence_id(text)
    except InvalidInput:
        return False
    return True
