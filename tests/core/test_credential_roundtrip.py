"""Property: claims -> sign -> QR text -> decode -> parse gives the same claims, and it verifies."""

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from core.credential import (
    Claims,
    from_qr_text,
    parse_credential,
    qr_version,
    sign_credential,
    to_qr_text,
)

from ._credential_support import Ed25519Signer, P256Signer

ED, ES = Ed25519Signer(), P256Signer()
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
VISIBLE = st.text(alphabet="0123456789X", max_size=1)


@st.composite
def claims(draw):
    prefix, suffix = draw(st.text("0123456789", max_size=1)), draw(VISIBLE)
    hidden = draw(st.integers(min_value=max(1, 2 * len(prefix + suffix)), max_value=16))
    return Claims(
        certificate_number=draw(st.text("0123456789", min_size=17, max_size=17)),
        name=draw(st.text(CJK, min_size=1, max_size=4)),
        gender=draw(st.sampled_from(["男", "女"])),
        masked_id=prefix + "*" * hidden + suffix,
        qualification_type=draw(st.integers(1, 7)),
        subject=draw(st.text(CJK, max_size=8)),
        authority_code=draw(st.text("0123456789", min_size=1, max_size=9)),
        issue_date=draw(st.dates(date(1990, 1, 1), date(2100, 1, 1))),
        version=draw(st.integers(0, 2**32 - 1)),
        issued_at=datetime(1970, 1, 1, tzinfo=UTC)
        + timedelta(seconds=draw(st.integers(0, 2**32 - 1))),
        status_index=draw(st.integers(0, 2**32 - 1)),
    )


@settings(max_examples=150, deadline=None)
@given(
    claims(),
    st.sampled_from(["http://127.0.0.1:8000", "https://ecert.example.gov.cn/jszg"]),
    st.booleans(),
)
def test_round_trip(original, public_url, eddsa):
    signer = ED if eddsa else ES
    text = to_qr_text(sign_credential(original, signer), public_url)
    for form in (text, text.lower()):
        parsed = parse_credential(from_qr_text(form, public_url=public_url))
        assert parsed.claims == original
        assert parsed.kid == signer.kid and parsed.algorithm == signer.algorithm
        assert signer.verifies(parsed.signature, parsed.to_be_signed)
    assert qr_version(text) <= 11  # <= 10 for realistic records; extreme versions add bytes
