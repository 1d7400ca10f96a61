"""Masked ID numbers for public output."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.rules import mask_id_number


def visible(original: str, masked: str) -> int:
    return sum(1 for a, b in zip(original, masked, strict=True) if b != "*" and a == b)


def test_resident_id_keeps_first_three_and_last_four():
    assert mask_id_number("11010519491231002X") == "110***********002X"
    assert mask_id_number("11010519491231002X", "resident_id") == "110***********002X"


@pytest.mark.parametrize(
    ("number", "document_type", "expected"),
    [
        ("H12345678", "hk_macao_permit", "H******78"),
        ("E12345678", "passport", "E******78"),
        ("12345678", "taiwan_permit", "1*****78"),
        ("110105491231002", "resident_id", "1************02"),  # 15-digit old number
        ("123456", "passport", "1***56"),
        ("12345", "passport", "*****"),
        ("", "passport", ""),
        ("11010519491231002X", "passport", "1***************2X"),
    ],
)
def test_other_documents_keep_at_most_first_one_and_last_two(number, document_type, expected):
    assert mask_id_number(number, document_type) == expected


@given(st.text(), st.sampled_from(["resident_id", "passport", "hk_macao_permit", "other"]))
def test_masking_invariants(number, document_type):
    masked = mask_id_number(number, document_type)
    assert len(masked) == len(number)
    shown = visible(number, masked)
    assert shown <= 7 and shown <= len(number) // 2
    assert all(m == "*" or m == o for o, m in zip(number, masked, strict=True))


@given(st.text(alphabet="0123456789X", min_size=18, max_size=18))
def test_resident_ids_always_show_exactly_seven(number):
    masked = mask_id_number(number)
    assert masked[:3] == number[:3] and masked[-4:] == number[-4:] and set(masked[3:-4]) == {"*"}
