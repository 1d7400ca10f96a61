"""Claims: validation, the CBOR map and its one deterministic encoding."""

from datetime import UTC, date, datetime, timedelta, timezone

import cbor2
import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.credential import CLAIM_KEYS, Claims, CredentialError, decode_claims, encode_claims
from core.errors import InvalidInput

from ._credential_support import sample_claims


def test_encoding_is_the_documented_map():
    data = encode_claims(sample_claims())
    assert cbor2.loads(data) == {
        1: 20234101042000123,
        2: "李明华",
        3: 2,
        5: ["4", 16, "X"],
        6: 4,
        7: "数学",
        8: "41010",
        9: (date(2023, 6, 30) - date(1970, 1, 1)).days,
        10: 1,
        11: int(datetime(2026, 11, 22, 10, 0, tzinfo=UTC).timestamp()),
        12: 104_729,
    }
    assert sorted(CLAIM_KEYS.values()) == [1, 2, 3, *range(5, 13)]  # 4 was v1's birth date
    assert "birth_date" not in Claims.__dataclass_fields__
    assert list(CLAIM_KEYS)[-1] == "status_index" == list(Claims.__dataclass_fields__)[-1]


def test_status_index_is_the_last_key_in_its_shortest_form():
    data = encode_claims(sample_claims(status_index=104_729))
    assert data.endswith(bytes.fromhex("0c1a00019919"))  # 12: 104729 as a 4-byte uint
    assert encode_claims(sample_claims(status_index=0)).endswith(b"\x0c\x00")
    top = encode_claims(sample_claims(status_index=2**32 - 1))
    assert top.endswith(bytes.fromhex("0c1affffffff"))
    assert decode_claims(top).status_index == 2**32 - 1


def test_certificate_number_as_integer_is_smaller_than_text():
    data = encode_claims(sample_claims())
    assert cbor2.dumps(20234101042000123) in data  # 9 bytes, against 18 as a text string
    assert len(cbor2.dumps(10**17 - 1)) == 9 < len(cbor2.dumps("9" * 17))


def test_leading_zero_number_survives():
    claims = sample_claims(certificate_number="00004101042000123")
    assert decode_claims(encode_claims(claims)).certificate_number == "00004101042000123"


@given(
    st.integers(min_value=-25_000, max_value=60_000),
    st.integers(0, 2**32 - 1),
    st.integers(0, 2**32 - 1),
)
def test_plain_encoder_equals_canonical_encoder(day, issued, index):
    claims = sample_claims(
        issue_date=date(1970, 1, 1) + timedelta(days=day),
        issued_at=datetime.fromtimestamp(issued, UTC),
        status_index=index,
    )
    data = encode_claims(claims)
    assert data == cbor2.dumps(cbor2.loads(data), canonical=True)
    assert decode_claims(data) == claims


def test_issued_at_is_normalised_to_utc_seconds():
    east8 = timezone(timedelta(hours=8))
    claims = sample_claims(issued_at=datetime(2026, 11, 22, 18, 0, 0, 999_999, tzinfo=east8))
    assert claims.issued_at == datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
    assert claims.issued_at.tzinfo is UTC


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("certificate_number", "2023410104200012"),
        ("certificate_number", "2023410104200012X"),
        ("certificate_number", "２０２３４１０１０４２０００１２３"),
        ("certificate_number", 20234101042000123),
        ("name", ""),
        ("name", "李\n明"),
        ("name", "名" * 65),
        ("gender", "M"),
        ("gender", 1),
        ("gender", ["男"]),
        ("issue_date", datetime(2023, 6, 30)),
        ("issue_date", "2023-06-30"),
        ("masked_id", "11010519491231002X"),  # nothing hidden
        ("masked_id", "1101051949***1002X"),  # more than 1 visible at an end
        ("masked_id", "110***********002X"),  # format v1's 3 + 4
        ("masked_id", "1****************2X"),  # 2 at the end
        ("masked_id", "1*2"),  # more than a third visible
        ("masked_id", "1**2"),
        ("masked_id", "1*****2**"),  # two runs
        ("masked_id", ""),
        ("qualification_type", 0),
        ("qualification_type", 8),
        ("qualification_type", True),
        ("subject", "x" * 65),
        ("authority_code", ""),
        ("authority_code", "4" * 17),
        ("version", -1),
        ("version", 2**32),
        ("issued_at", datetime(2026, 11, 22, 10, 0)),  # naive
        ("issued_at", datetime(1969, 12, 31, tzinfo=UTC)),
        ("status_index", -1),
        ("status_index", 2**32),
        ("status_index", True),
        ("status_index", "104729"),
        ("status_index", 1.0),
    ],
)
def test_bad_claim_values_are_refused_with_the_field(field, value):
    with pytest.raises(CredentialError) as caught:
        sample_claims(**{field: value})
    assert caught.value.code == "malformed"
    assert caught.value.field == field
    assert isinstance(caught.value, InvalidInput)


@pytest.mark.parametrize("masked", ["1****6", "H*******8", "*****", "1****************X",
                                    "1**************", "**", "1*****"])
def test_masked_forms_of_docs_masking_are_accepted(masked):
    assert decode_claims(encode_claims(sample_claims(masked_id=masked))).masked_id == masked


def test_empty_subject_is_allowed():
    assert decode_claims(encode_claims(sample_claims(subject=""))).subject == ""


def _map():
    return cbor2.loads(encode_claims(sample_claims()))


@pytest.mark.parametrize(
    "mutate",
    [
        lambda m: m.update({13: 1}),
        lambda m: m.update({-1: 1}),  # private-use keys are refused too
        lambda m: m.pop(7),
        lambda m: m.pop(12),  # status_index is required
        lambda m: m.update({12: -1}),
        lambda m: m.update({12: 2**32}),
        lambda m: m.update({12: "104729"}),
        lambda m: m.update({3: 3}),
        lambda m: m.update({3: True}),
        lambda m: m.update({2: b"bytes"}),
        lambda m: m.update({5: ["4", 16]}),
        lambda m: m.update({5: ["4", 0, "X"]}),
        lambda m: m.update({5: ["410", 11, "002X"]}),  # v1's 3 + 4
        lambda m: m.update({1: 10**17}),
        lambda m: m.update({4: 9203}),  # v1's birth date, with v2's mask
        lambda m: m.update({11: -5}),
    ],
)
def test_decoding_refuses_wrong_maps(mutate):
    obj = _map()
    mutate(obj)
    with pytest.raises(CredentialError) as caught:
        decode_claims(cbor2.dumps(obj))
    assert caught.value.code == "malformed"


def test_decoding_refuses_unsorted_keys_and_long_integers():
    obj = _map()
    unsorted = dict(reversed(list(obj.items())))
    with pytest.raises(CredentialError, match="order"):
        decode_claims(cbor2.dumps(unsorted))
    data = encode_claims(sample_claims(version=1))
    assert b"\x0a\x01" in data
    with pytest.raises(CredentialError, match="deterministic"):
        decode_claims(data.replace(b"\x0a\x01", b"\x0a\x18\x01"))


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "truncated"),
        (encode_claims(sample_claims())[:-3], "truncated"),
        (b"\xff", "malformed"),
        (cbor2.dumps([1, 2]), "malformed"),
        (b"\xbf\x01\x02\xff", "malformed"),  # indefinite-length map
        (b"\xa2\x01\x01\x01\x02", "malformed"),  # duplicate key
    ],
)
def test_decoding_refuses_broken_cbor(data, code):
    with pytest.raises(CredentialError) as caught:
        decode_claims(data)
    assert caught.value.code == code


def test_claims_are_frozen():
    claims = sample_claims()
    with pytest.raises(AttributeError):
        claims.name = "x"
    assert isinstance(claims, Claims)


def test_format_v1_claims_are_refused_as_retired():
    """Format v1 carried the birth date (key 4) beside a 3 + 4 mask: with the public division
    table that left the ID number to a handful of guesses (issue 11 item 9)."""
    obj = _map()
    obj.update({4: 9203, 5: ["410", 11, "002X"]})
    with pytest.raises(CredentialError, match="v1") as caught:
        decode_claims(cbor2.dumps(dict(sorted(obj.items()))))
    assert caught.value.code == "malformed" and caught.value.field == "claims"
    assert caught.value.details["format_version"] == 1
