"""PAdES signing and checking: pdfsig accepts it, and no single changed byte passes the check."""

from __future__ import annotations

import re
import shutil
import subprocess
from io import BytesIO

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyhanko.pdf_utils.generic import pdf_string
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader

import issuer._pades as pades
from core.errors import InvalidInput, MalformedFile
from issuer._pades import sign_pdf
from issuer._pdf import render_booklet_pdf
from keys import check_pdf_signature
from tests.issuer._pdf_support import make_chain, make_view


@pytest.fixture(scope="module")
def chain():
    return make_chain()


@pytest.fixture(scope="module")
def unsigned():
    return render_booklet_pdf(make_view())


@pytest.fixture(scope="module")
def signed_pair(chain, unsigned):
    """The first signature by a signer (pyHanko end to end) and a later one (CMS template)."""
    signer = chain.signer()
    learnt = pades.PdfProfiles()  # the second signature uses what the first taught
    return tuple(sign_pdf(unsigned, signer, location="广州", profiles=learnt) for _ in range(2))


@pytest.fixture(scope="module")
def signed(signed_pair):
    return signed_pair[1]


def _never_valid(pdf: bytes, roots: list[bytes]) -> None:
    """A changed file must come back malformed, unsigned or invalid — never valid."""
    try:
        result = check_pdf_signature(pdf, trust_roots=roots)
    except MalformedFile:
        return
    assert not result.valid, result
    assert not result.ok


def _flip(pdf: bytes, position: int, value: int | None = None) -> bytes:
    changed = bytearray(pdf)
    changed[position] = value if value is not None else changed[position] ^ 0x01
    assert changed[position] != pdf[position]
    return bytes(changed)


def _hole(pdf: bytes) -> tuple[int, int]:
    """Offsets of '<' and '>' around the signature's /Contents hex string."""
    numbers = re.search(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)", pdf)
    assert numbers is not None
    return int(numbers[2]), int(numbers[3]) - 1


@pytest.mark.skipif(shutil.which("pdfsig") is None, reason="poppler-utils (pdfsig) not installed")
@pytest.mark.parametrize("which", [0, 1], ids=["first", "templated"])
def test_pdfsig_reports_the_signature_valid(signed_pair, which, tmp_path):
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed_pair[which])
    out = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False)
    assert "Signature is Valid" in out.stdout, out.stdout + out.stderr
    assert "Signature Type: ETSI.CAdES.detached" in out.stdout
    assert "Signature Field Name: ecert" in out.stdout
    assert "Total document signed" in out.stdout


def test_check_says_valid_intact_and_trusted(signed_pair, chain):
    for signed, root in zip(signed_pair, (chain.root_der, chain.root_pem), strict=True):
        result = check_pdf_signature(signed, trust_roots=[root])
        assert (result.signed, result.intact, result.valid, result.trusted) == (True,) * 4
        assert result.coverage_whole_file and result.ok
        assert (
            result.signer_subject is not None and "天河区教育局 文档签名" in result.signer_subject
        )
        assert result.signing_time is not None


def test_signature_dictionary_carries_reason_location_and_subfilter(signed):
    reader = PdfFileReader(BytesIO(signed))
    (embedded,) = reader.embedded_signatures
    sig = embedded.sig_object
    assert embedded.field_name == "ecert"
    assert sig["/SubFilter"] == "/ETSI.CAdES.detached"
    assert sig["/Reason"] == "教师资格证书电子证照"
    assert sig["/Location"] == "广州"


def test_the_unsigned_render_stays_a_prefix_of_the_signed_file(signed, unsigned):
    # PAdES signs by incremental update: the rendered bytes are untouched
    assert signed.startswith(unsigned)


def test_unknown_signer_is_valid_but_not_trusted(signed):
    result = check_pdf_signature(signed, trust_roots=[make_chain().root_der])
    assert result.valid and result.intact
    assert not result.trusted and not result.ok
    result = check_pdf_signature(signed, trust_roots=[])
    assert not result.trusted


def test_unsigned_pdf_is_reported_not_raised(unsigned, chain):
    result = check_pdf_signature(unsigned, trust_roots=[chain.root_der])
    assert result.signed is False and not result.ok
    assert result.signer_subject is None


@pytest.mark.parametrize("garbage", [b"", b"hello", b"%PDF-1.7\n garbage", bytes(range(256)) * 4])
def test_garbage_is_malformed(garbage, chain):
    with pytest.raises(MalformedFile):
        check_pdf_signature(garbage, trust_roots=[chain.root_der])
    with pytest.raises(MalformedFile):
        sign_pdf(garbage, chain.signer())


def test_bad_trust_root_is_invalid_input(signed):
    with pytest.raises(InvalidInput) as caught:
        check_pdf_signature(signed, trust_roots=[b"not a certificate"])
    assert caught.value.field == "trust_roots"


def test_content_added_after_signing_is_not_valid(signed, chain):
    writer = IncrementalPdfFileWriter(BytesIO(signed))
    writer.root["/Lang"] = pdf_string("en")
    writer.update_root()
    out = BytesIO()
    writer.write(out)
    result = check_pdf_signature(out.getvalue(), trust_roots=[chain.root_der])
    assert result.signed and not result.coverage_whole_file
    assert not result.valid and not result.ok


@pytest.mark.parametrize("with_template", [False, True])
def test_an_undersized_reservation_is_relearnt(chain, unsigned, with_template):
    signer, learnt = chain.signer(), pades.PdfProfiles()
    sign_pdf(unsigned, signer, profiles=learnt)
    key = pades._signer_key(signer)
    template = learnt.get(key).template if with_template else None
    learnt.learn(key, pades._Profile(16, template))
    result = check_pdf_signature(sign_pdf(unsigned, signer, profiles=learnt),
                                 trust_roots=[chain.root_der])
    assert result.ok
    assert learnt.get(key).reserved > 16


def test_the_first_signature_teaches_a_template_that_later_ones_use(chain, unsigned):
    signer, learnt = chain.signer(), pades.PdfProfiles()
    first = sign_pdf(unsigned, signer, profiles=learnt)
    profile = learnt.get(pades._signer_key(signer))
    assert profile is not None and profile.template is not None
    later = sign_pdf(unsigned, signer, profiles=learnt)
    for pdf in (first, later):
        assert check_pdf_signature(pdf, trust_roots=[chain.root_der]).ok
    # the reservation learnt from the first keeps the zero padding short
    start, end = _hole(later)
    assert len(later[start + 1 : end]) == profile.reserved


def test_signing_twice_gives_two_valid_files(chain, unsigned):
    signer, learnt = chain.signer(), pades.PdfProfiles()
    for _ in range(2):
        signed = sign_pdf(unsigned, signer, profiles=learnt)
        assert check_pdf_signature(signed, trust_roots=[chain.root_der]).ok


def _named_positions(pdf: bytes) -> dict[str, int]:
    start, end = _hole(pdf)
    body = pdf[start + 1 : end]
    padding = len(body.rstrip(b"0"))
    letter = next(i for i, c in enumerate(body) if chr(c) in "ABCDEF")
    byte_range = pdf.rindex(b"/ByteRange")
    return {
        "header": 1,
        "first signed half": start // 2,
        "just before the hole": start - 1,
        "hole opening <": start,
        "CMS start": start + 1,
        "CMS middle": start + 1 + padding // 2,
        "CMS last digit": start + padding,
        "zero padding": start + 1 + padding + 3,
        "hole closing >": end,
        "just after the hole": end + 1,
        "ByteRange digit": pdf.index(b"[", byte_range) + 3,
        "startxref": pdf.rindex(b"startxref") + 11,
        "trailer /Root": pdf.rindex(b"/Root") + 2,
        "%%EOF": len(pdf) - 3,
        "hex letter case": start + 1 + letter,
    }


@pytest.mark.parametrize(
    "where",
    [
        "header",
        "first signed half",
        "just before the hole",
        "hole opening <",
        "CMS start",
        "CMS middle",
        "CMS last digit",
        "zero padding",
        "hole closing >",
        "just after the hole",
        "ByteRange digit",
        "startxref",
        "trailer /Root",
        "%%EOF",
    ],
)
def test_a_changed_byte_is_never_valid(signed, chain, where):
    position = _named_positions(signed)[where]
    for value in (None, ord("0"), ord("F")):
        if value is not None and signed[position] == value:
            continue
        _never_valid(_flip(signed, position, value), [chain.root_der])


def test_changing_the_case_of_a_hex_digit_is_not_valid(signed, chain):
    # the same bytes decode, but the file changed: the canonical-form check catches it
    position = _named_positions(signed)["hex letter case"]
    changed = _flip(signed, position, ord(chr(signed[position]).lower()))
    _never_valid(changed, [chain.root_der])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_single_changed_byte_is_never_valid(signed, chain, data):
    position = data.draw(st.integers(0, len(signed) - 1), label="position")
    value = data.draw(st.integers(0, 255).filter(lambda v: v != signed[position]), label="value")
    _never_valid(_flip(signed, position, value), [chain.root_der])


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_changed_byte_in_the_signature_hole_is_never_valid(signed, chain, data):
    start, end = _hole(signed)
    position = data.draw(st.integers(start, end), label="position")
    value = data.draw(
        st.sampled_from(b"0123456789ABCDEFabcdef <>").filter(lambda v: v != signed[position])
    )
    _never_valid(_flip(signed, position, value), [chain.root_der])


def test_each_signer_gets_its_own_template(chain, unsigned):
    other = make_chain(leaf_name="海淀区教育委员会 文档签名")
    for _ in range(2):  # the second round uses the learnt templates
        for signer_chain, name in ((chain, "天河区"), (other, "海淀区")):
            signed = sign_pdf(unsigned, signer_chain.signer())
            result = check_pdf_signature(signed, trust_roots=[signer_chain.root_der])
            assert result.ok
            assert result.signer_subject is not None and name in result.signer_subject
