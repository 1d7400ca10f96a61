"""Masked ID numbers for public output."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.rules import mask_id_number


def visible(original: str, masked: str) -> int:
    return sum(1 for a, b in zip(original, masked, strict=True) if b != "*" and a == b)


def test_resident_id_keeps_first_one_and_last_one():
    """Issue 11 item 9: 3 + 4 left a county holder's number to ~1,500 guesses once the birth
    year is known; 1 + 1 leaves ~16,600 (tests/core/test_id_candidates.py counts them)."""
    assert mask_id_number("11010519491231002X") == "1****************X"
    assert mask_id_number("11010519491231002X", "resident_id") == "1****************X"


@pytest.mark.parametrize(
    ("number", "document_type", "expected"),
    [
        ("H12345678", "hk_macao_permit", "H*******8"),
        ("E12345678", "passport", "E*******8"),
        ("12345678", "taiwan_permit", "1******8"),
        ("110105491231002", "resident_id", "1**************"),  # 15-digit old number
        ("ABC110049123100", "permanent_residence", "A**************"),
        ("123456", "passport", "1****6"),
        ("12345", "passport", "*****"),
        ("", "passport", ""),
        # 18 characters whatever the type: residence permits share the resident-ID structure.
        ("81000019491231002X", "hk_macao_taiwan_residence_permit", "8****************X"),
        ("11010519491231002X", "passport", "1****************X"),
    ],
)
def test_other_documents_keep_at_most_first_one_and_last_one(number, document_type, expected):
    assert mask_id_number(number, document_type) == expected


@given(st.text(), st.sampled_from(["resident_id", "passport", "hk_macao_permit", "other"]))
def test_masking_invariants(number, document_type):
    masked = mask_id_number(number, document_type)
    assert len(masked) == len(number)
    shown = visible(number, masked)
    assert shown <= 2 and 3 * shown <= len(number)
    assert masked[1:-1] == "*" * (len(number) - 2) or len(number) < 2
    assert all(m == "*" or m == o for o, m in zip(number, masked, strict=True))


@given(st.text(alphabet="0123456789X", min_size=18, max_size=18))
def test_resident_ids_always_show_exactly_the_first_and_the_last(number):
    masked = mask_id_number(number)
    assert masked == number[0] + "*" * 16 + number[-1]


def _old_rule(number: str, document_type: str) -> str:
    """The rule before format v2 (3 + 4 for resident IDs, else 1 + 2, nothing under 6)."""
    if document_type == "resident_id" and len(number) == 18:
        return number[:3] + "*" * 11 + number[-4:]
    if len(number) < 6:
        return "*" * len(number)
    return number[0] + "*" * (len(number) - 3) + number[-2:]


@given(st.text(alphabet="0123456789XHE", max_size=24),
       st.sampled_from(["resident_id", "passport"]))
def test_masking_a_stored_old_mask_gives_the_new_mask(number, document_type):
    """Migration 0003 re-masks the stored masked forms without the full number: every position
    the new rule shows was shown by the old one."""
    old = _old_rule(number, document_type)
    assert mask_id_number(old, document_type) == mask_id_number(number, document_type)


def test_redact_date_hides_every_common_form_of_the_day():
    from datetime import date

    from core.rules import redact_date

    day = date(1990, 3, 2)
    text = ("出生日期更正为1990年3月2日（1990年03月02日，1990-03-02，1990.3.2，19900302）"
            "；1990年3月20日")
    out = redact_date(text, day)
    assert "1990年3月2日" not in out and "1990-03-02" not in out and "19900302" not in out
    assert "1990.3.2" not in out and "1990年03月02日" not in out
    assert out.endswith("；1990年3月20日") or "1990年3月20日" not in text  # another day stays
    assert len(out) == len(text)
