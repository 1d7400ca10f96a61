"""GB/T 36904 licence identifiers: built, parsed, and checked with an independent MOD 37,36."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.cn import uscc
from stdnum.iso7064 import mod_37_36

from core.errors import InvalidInput
from core.licence_id import (
    LICENCE_ID_PREFIX,
    PLACEHOLDER_TYPE_CODE,
    build_licence_id,
    is_licence_id,
    parse_licence_id,
    validate_uscc,
)
from core.settings import Settings

USCC = "11110000DEM000001C"
ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _stdnum_valid(text: str) -> bool:
    """The standard's own check, from the dotted form: the parts after the prefix, joined."""
    assert text.startswith(LICENCE_ID_PREFIX + ".")
    parts = text[len(LICENCE_ID_PREFIX) + 1:].split(".")
    assert len(parts) == 5 and len(parts[3]) == 3
    return bool(mod_37_36.is_valid("".join(parts)))


def test_a_known_identifier() -> None:
    lid = build_licence_id(type_code=PLACEHOLDER_TYPE_CODE, issuer_code=USCC,
                           serial="20241100120000123", version=1)
    text = str(lid)
    assert text == ("1.2.156.3005.2.PLACEHOLDERTEACHER001.11110000DEM000001C."
                    "20241100120000123.001.F")
    assert _stdnum_valid(text)
    assert parse_licence_id(text) == lid
    assert parse_licence_id(" " + text.lower() + " ") == lid  # case and blanks forgiven


@settings(max_examples=200, deadline=None)
@given(type_code=st.text(ALNUM, min_size=1, max_size=24),
       serial=st.text(ALNUM, min_size=1, max_size=24),
       version=st.integers(1, 999))
def test_every_check_character_validates_with_stdnum(type_code: str, serial: str,
                                                     version: int) -> None:
    text = str(build_licence_id(type_code=type_code, issuer_code=USCC, serial=serial,
                                version=version))
    assert _stdnum_valid(text)
    assert is_licence_id(text)


def test_every_wrong_check_character_is_refused() -> None:
    text = str(build_licence_id(type_code="T1", issuer_code=USCC, serial="123", version=7))
    for wrong in (c for c in ALNUM if c != text[-1]):
        bad = text[:-1] + wrong
        assert not mod_37_36.is_valid(bad[len(LICENCE_ID_PREFIX) + 1:].replace(".", ""))
        with pytest.raises(InvalidInput) as caught:
            parse_licence_id(bad)
        assert caught.value.code == "licence_id_check"
        assert "校验位" in caught.value.message and "wrong check character" in \
            caught.value.message
        assert not is_licence_id(bad)


def test_a_changed_part_is_caught_by_the_check_character() -> None:
    text = str(build_licence_id(type_code="T1", issuer_code=USCC, serial="123", version=7))
    with pytest.raises(InvalidInput, match="校验位"):
        parse_licence_id(text.replace(".123.", ".124."))


@pytest.mark.parametrize("text", [
    "", "1.2.156.3005.2", "1.2.156.3005.1.T.11110000DEM000001C.1.001.X",
    "1.2.156.3005.2.T.11110000DEM000001C.1.1.X",            # version not 3 digits
    "1.2.156.3005.2.T.1111000DEM000001C.1.001.X",            # 17-character issuer code
    "1.2.156.3005.2.T-1.11110000DEM000001C.1.001.X",         # a dash
])
def test_malformed_identifiers_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_licence_id(text)
    assert caught.value.code == "licence_id_format"


def test_an_issuer_code_that_is_no_uscc_is_refused() -> None:
    stem = "T1" + "91110000600037341X" + "1" + "001"
    text = f"{LICENCE_ID_PREFIX}.T1.91110000600037341X.1.001.{mod_37_36.calc_check_digit(stem)}"
    with pytest.raises(InvalidInput) as caught:
        parse_licence_id(text)
    assert caught.value.code == "uscc_invalid"


def test_build_refuses_bad_parts() -> None:
    for kwargs, rule in (
        ({"type_code": "a b"}, "licence_type_code_format"),
        ({"issuer_code": "91110000600037341X"}, "uscc_invalid"),
        ({"serial": ""}, "licence_serial_format"),
        ({"version": 0}, "licence_version_range"),
        ({"version": 1000}, "licence_version_range"),
    ):
        args = {"type_code": "T1", "issuer_code": USCC, "serial": "1", "version": 1, **kwargs}
        with pytest.raises(InvalidInput) as caught:
            build_licence_id(**args)  # type: ignore[arg-type]
        assert caught.value.code == rule


def test_uscc_validation() -> None:
    assert validate_uscc(" 91110000600037341l ") == "91110000600037341L"
    assert uscc.is_valid(USCC)
    with pytest.raises(InvalidInput) as caught:
        validate_uscc("123")
    assert caught.value.code == "uscc_invalid" and caught.value.field == "uscc"


def test_the_type_code_setting_defaults_to_the_placeholder(monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    assert Settings().licence_type_code == PLACEHOLDER_TYPE_CODE
    monkeypatch.setenv("ECERT_LICENCE_TYPE_CODE", "11100000000000001A001")
    assert Settings().licence_type_code == "11100000000000001A001"
