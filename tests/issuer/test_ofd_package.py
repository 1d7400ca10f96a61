"""The OFD licence package (GB/T 33190): layout, every Reference digest, the seal, determinism."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pymupdf
import pytest

import keys
from issuer._ofd import render_booklet
from issuer._pdf import render_booklet_pdf
from tests.issuer._ofd_support import (
    AUTHORITY,
    NS,
    PASS,
    info_for,
    ofd_of,
    parts,
    seal_keystore,
    sm3_b64,
    xml,
)
from tests.issuer._pdf_support import make_view

SIGNATURE = "Doc_0/Signs/Sign_0/Signature.xml"
SIGNED_VALUE = "Doc_0/Signs/Sign_0/SignedValue.dat"


@pytest.fixture(scope="module")
def keystore(tmp_path_factory: pytest.TempPathFactory) -> Path:
    with seal_keystore(tmp_path_factory.mktemp("ofd") / "keys") as path:
        yield path


@pytest.fixture(scope="module")
def signer(keystore: Path) -> keys.SealSigner:
    return keys.seal_signer(keystore, AUTHORITY, passphrase=PASS)


@pytest.fixture(scope="module")
def view():
    return make_view()


@pytest.fixture(scope="module")
def sealed(view, signer) -> dict[str, bytes]:
    return parts(ofd_of(view, signer))


def test_the_package_has_the_standard_layout_in_a_fixed_order(sealed, view) -> None:
    names = list(sealed)
    assert names[:4] == ["OFD.xml", "Doc_0/Document.xml", "Doc_0/PublicRes.xml",
                         "Doc_0/DocumentRes.xml"]
    assert names[-3:] == ["Doc_0/Signs/Signatures.xml", SIGNATURE, SIGNED_VALUE]
    pdf_pages = pymupdf.open(stream=render_booklet_pdf(view)).page_count
    assert [n for n in names if n.startswith("Doc_0/Pages/")] == [
        f"Doc_0/Pages/Page_{i}/Content.xml" for i in range(pdf_pages)]
    body = xml(sealed["OFD.xml"]).find("ofd:DocBody", NS)
    assert body.findtext("ofd:DocRoot", namespaces=NS) == "Doc_0/Document.xml"
    assert body.findtext("ofd:Signatures", namespaces=NS) == "Doc_0/Signs/Signatures.xml"
    info = body.find("ofd:DocInfo", NS)
    assert info.findtext("ofd:CreationDate", namespaces=NS) == "2026-11-22"
    custom = {e.get("Name"): e.text for e in info.iterfind("ofd:CustomDatas/ofd:CustomData", NS)}
    assert custom == {"证照编号": view.certificate_number, "ecert.qr_text": view.qr_text}
    area = xml(sealed["Doc_0/Document.xml"]).findtext(".//ofd:PhysicalBox", namespaces=NS)
    assert area == "0 0 145 205"  # the 25开 booklet page, in millimetres


def test_ids_are_unique_and_every_resource_exists(sealed) -> None:
    ids: list[int] = []
    for name, data in sealed.items():
        if name.endswith(".xml") and "/Signs/" not in name:
            ids += [int(e.get("ID")) for e in xml(data).iter() if e.get("ID")]
    document = xml(sealed["Doc_0/Document.xml"])
    assert len(ids) == len(set(ids))
    assert int(document.findtext(".//ofd:MaxUnitID", namespaces=NS)) == max(ids)
    fonts = xml(sealed["Doc_0/PublicRes.xml"]).findall(".//ofd:Font", NS)
    media = xml(sealed["Doc_0/DocumentRes.xml"]).findall(".//ofd:MultiMedia", NS)
    for element in (*fonts, *media):
        loc = element.findtext("ofd:FontFile", namespaces=NS) or element.findtext(
            "ofd:MediaFile", namespaces=NS)
        assert f"Doc_0/Res/{loc}" in sealed
    font_ids = {f.get("ID") for f in fonts}
    media_ids = {m.get("ID") for m in media}
    for name in (n for n in sealed if n.startswith("Doc_0/Pages/")):
        page = xml(sealed[name])
        assert {t.get("Font") for t in page.iter(f"{{{NS['ofd']}}}TextObject")} <= font_ids
        assert {i.get("ResourceID") for i in page.iter(f"{{{NS['ofd']}}}ImageObject")} <= media_ids


def test_every_part_but_the_signature_files_is_referenced_with_its_sm3(sealed) -> None:
    info = xml(sealed[SIGNATURE]).find("ofd:SignedInfo", NS)
    assert info.findtext("ofd:SignatureMethod", namespaces=NS) == "1.2.156.10197.1.501"
    refs = info.find("ofd:References", NS)
    assert refs.get("CheckMethod") == "1.2.156.10197.1.401"
    listed = {r.get("FileRef"): r.findtext("ofd:CheckValue", namespaces=NS)
              for r in refs.iterfind("ofd:Reference", NS)}
    assert list(listed) == ["/" + n for n in sealed if n not in (SIGNATURE, SIGNED_VALUE)]
    for ref, value in listed.items():
        assert value == sm3_b64(sealed[ref[1:]]), ref
    stamp = info.find("ofd:StampAnnot", NS)
    pages = xml(sealed["Doc_0/Document.xml"]).findall(".//ofd:Pages/ofd:Page", NS)
    licence_page = next(p for p in pages if p.get("ID") == stamp.get("PageRef"))
    assert licence_page.get("BaseLoc") == "Pages/Page_2/Content.xml"
    assert stamp.get("Boundary").endswith(" 42 42")  # the seal picture's size in mm
    assert xml(sealed[SIGNATURE]).findtext("ofd:SignedValue", namespaces=NS) == "/" + SIGNED_VALUE


def test_the_signed_value_is_an_ses_signature_over_signature_xml(sealed, keystore, view) -> None:
    check = keys.verify_ses_signature(sealed[SIGNED_VALUE], sealed[SIGNATURE],
                                      trusted_cas=keys.sm2_ca_certificates(keystore),
                                      now=view.issued_at)
    assert check.ok, check.reason
    assert check.property_info == "/" + SIGNATURE
    assert check.signed_at == view.issued_at
    altered = sealed[SIGNATURE].replace(b"Page_1", b"Page_9")
    assert not keys.verify_ses_signature(sealed[SIGNED_VALUE], altered,
                                         trusted_cas=keys.sm2_ca_certificates(keystore),
                                         now=view.issued_at).ok


def test_a_changed_byte_of_any_part_no_longer_matches_its_reference(sealed) -> None:
    info = xml(sealed[SIGNATURE])
    listed = {r.get("FileRef")[1:]: r.findtext("ofd:CheckValue", namespaces=NS)
              for r in info.iterfind(".//ofd:Reference", NS)}
    for name, value in listed.items():
        data = bytearray(sealed[name])
        data[len(data) // 2] ^= 0x01
        assert sm3_b64(bytes(data)) != value, name


def test_same_inputs_give_the_same_bytes(view, signer) -> None:
    assert ofd_of(view) == ofd_of(view)  # unsealed: byte for byte
    first, second = parts(ofd_of(view, signer)), parts(ofd_of(view, signer))
    assert list(first) == list(second)
    # SM2 signatures are randomised (the nonce is never ours): everything else is identical
    assert {n: d for n, d in first.items() if n != SIGNED_VALUE} == {
        n: d for n, d in second.items() if n != SIGNED_VALUE}
    later = replace(view, certificate_number="20244400141000124")
    assert ofd_of(later) != ofd_of(view)


def test_the_pdf_is_the_same_whether_or_not_the_ofd_is_made(view, signer) -> None:
    pdf, _ = render_booklet(view, info_for(view), seal=signer)
    assert pdf == render_booklet_pdf(view)


def _page_strings(page_xml: bytes) -> list[str]:
    return [t.text or "" for t in xml(page_xml).iter(f"{{{NS['ofd']}}}TextCode")]


def test_every_page_says_what_the_pdf_page_says(view, sealed) -> None:
    pdf = pymupdf.open(stream=render_booklet_pdf(view))
    for index, page in enumerate(pdf):
        ofd_text = "".join(_page_strings(sealed[f"Doc_0/Pages/Page_{index}/Content.xml"]))
        pdf_text = page.get_text()
        assert sorted(re.sub(r"\s", "", ofd_text)) == sorted(re.sub(r"\s", "", pdf_text)), index
    info = _page_strings(sealed["Doc_0/Pages/Page_2/Content.xml"])
    assert view.name in info and view.certificate_number in info


def test_the_qr_path_draws_exactly_the_printed_symbol(view, sealed) -> None:
    paths = list(xml(sealed["Doc_0/Pages/Page_5/Content.xml"]).iter(f"{{{NS['ofd']}}}PathObject"))
    white = next(p for p in paths if p.find("ofd:FillColor", NS) is not None
                 and p.find("ofd:FillColor", NS).get("Value") == "255 255 255")
    qr = max(paths, key=lambda p: len(p.findtext("ofd:AbbreviatedData", namespaces=NS)))
    assert qr.find("ofd:FillColor", NS).get("Value") == "0 0 0"
    area_x, area_y, side, _ = (float(v) for v in white.get("Boundary").split())
    x0, y0 = (float(v) for v in qr.get("Boundary").split()[:2])
    n = len(view.qr_matrix)
    unit = side / (n + 8)  # a quiet zone of 4 modules each side
    drawn = [[False] * n for _ in range(n)]
    data = qr.findtext("ofd:AbbreviatedData", namespaces=NS)
    for rect in re.finditer(r"M (\S+) (\S+) L (\S+) \S+ L \S+ (\S+) L \S+ \S+ C", data):
        left, top, right, bottom = (float(v) for v in rect.groups())
        first, last = (round((x0 + v - area_x) / unit) - 4 for v in (left, right))
        high, low = (round((y0 + v - area_y) / unit) - 4 for v in (top, bottom))
        for row in range(high, low):  # runs stacked over several rows are one rectangle
            for col in range(first, last):
                assert not drawn[row][col]  # no module painted twice
                drawn[row][col] = True
    assert drawn == [list(r) for r in view.qr_matrix]


@pytest.mark.parametrize("size", [(358, 441), (600, 200)])
def test_the_photo_sits_where_the_pdf_places_it(size: tuple[int, int]) -> None:
    import io

    from PIL import Image

    from issuer._ofd_layout import Picture, layout_pages
    from issuer._pdf import build_pages

    out = io.BytesIO()
    Image.new("RGB", size, (200, 100, 50)).save(out, "JPEG")
    doc, canvases = build_pages(make_view(photo_jpeg=out.getvalue()))
    (picture,) = [o for page in layout_pages(doc, canvases) for o in page.objects
                  if isinstance(o, Picture)]
    page = doc[next(c.number for c in canvases if c.images)]
    (placed,) = [box for kind, box in page.get_bboxlog() if kind == "fill-image"]
    assert picture.box == pytest.approx(tuple(placed), abs=1e-3)
    assert picture.data == out.getvalue() and picture.ext == "jpeg"
