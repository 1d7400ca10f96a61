"""OFD files for the verifier's tests: the files issuance wrote in the demo world, a sealed
package built by hand (the layout of docs/INTEROP.md, for seals of other CAs), and re-zipping
with a change."""

from __future__ import annotations

import base64
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

import keys
from tests.verifier.conftest import Issued, World

NS = "http://www.ofdspec.org/2016"
SIGNATURES = "Doc_0/Signs/Signatures.xml"
SIGNATURE = "Doc_0/Signs/Sign_0/Signature.xml"
SIGNED_VALUE = "Doc_0/Signs/Sign_0/SignedValue.dat"
#: A one-pixel PNG stands in for the booklet's images.
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGA"
                       "hKmMIQAAAABJRU5ErkJggg==")


def _ofd_xml(qr_text: str, *, signed: bool = True) -> bytes:
    signatures = f"<ofd:Signatures>{SIGNATURES}</ofd:Signatures>" if signed else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:OFD xmlns:ofd="{NS}" Version="1.1" '
            'DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>d0c1d</ofd:DocID>'
            '<ofd:CustomDatas><ofd:CustomData Name="证照名称">教师资格证</ofd:CustomData>'
            f'<ofd:CustomData Name="ecert.qr_text">{qr_text}</ofd:CustomData></ofd:CustomDatas>'
            '</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>'
            f'{signatures}</ofd:DocBody></ofd:OFD>').encode()


def unsealed_parts(qr_text: str, *, signed: bool = True) -> dict[str, bytes]:
    """The parts of a small licence file before sealing."""
    return {
        "OFD.xml": _ofd_xml(qr_text, signed=signed),
        "Doc_0/Document.xml": (f'<ofd:Document xmlns:ofd="{NS}"><ofd:CommonData><ofd:MaxUnitID>'
                               '9</ofd:MaxUnitID></ofd:CommonData><ofd:Pages><ofd:Page ID="1" '
                               'BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages>'
                               '</ofd:Document>').encode(),
        "Doc_0/Pages/Page_0/Content.xml": (f'<ofd:Page xmlns:ofd="{NS}"><ofd:Content>'
                                           '<ofd:Layer ID="2"/></ofd:Content></ofd:Page>').encode(),
        "Doc_0/Res/qr.png": PNG,
    }


def signature_xml(parts: dict[str, bytes], at: datetime) -> bytes:
    """Signature.xml listing the SM3 of every part (as ecert's issuer does)."""
    refs = "".join(
        f'<ofd:Reference FileRef="/{name}"><ofd:CheckValue>'
        f'{base64.b64encode(keys.sm3(data)).decode()}</ofd:CheckValue></ofd:Reference>'
        for name, data in sorted(parts.items()))
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Signature xmlns:ofd="{NS}">'
            '<ofd:SignedInfo><ofd:Provider ProviderName="ecert" Version="1"/>'
            '<ofd:SignatureMethod>1.2.156.10197.1.501</ofd:SignatureMethod>'
            f'<ofd:SignatureDateTime>{at:%Y%m%d%H%M%SZ}</ofd:SignatureDateTime>'
            f'<ofd:References CheckMethod="1.2.156.10197.1.401">{refs}</ofd:References>'
            '<ofd:StampAnnot ID="1" PageRef="1" Boundary="100 200 42 42"/></ofd:SignedInfo>'
            f'<ofd:SignedValue>/{SIGNED_VALUE}</ofd:SignedValue></ofd:Signature>').encode()


def sealed_parts(qr_text: str, signer: keys.SealSigner, at: datetime) -> dict[str, bytes]:
    """Every part of a sealed licence file: SignedValue.dat = SES_Signature over Signature.xml."""
    parts = unsealed_parts(qr_text)
    signed_xml = signature_xml(parts, at)
    parts[SIGNATURES] = (f'<ofd:Signatures xmlns:ofd="{NS}"><ofd:MaxSignId>1</ofd:MaxSignId>'
                         '<ofd:Signature ID="1" Type="Seal" BaseLoc="Sign_0/Signature.xml"/>'
                         '</ofd:Signatures>').encode()
    parts[SIGNATURE] = signed_xml
    parts[SIGNED_VALUE] = signer.sign(signed_xml, property_info="/" + SIGNATURE, at=at)
    return parts


def zip_parts(parts: dict[str, bytes]) -> bytes:
    """The parts as an OFD (ZIP) package, deflated."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def unzip(data: bytes) -> dict[str, bytes]:
    """The parts of a package (trusted test input)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {i.filename: archive.read(i) for i in archive.infolist() if not i.is_dir()}


def rezipped(data: bytes, change: Callable[[dict[str, bytes]], None]) -> bytes:
    """The package with ``change`` applied to its parts."""
    parts = unzip(data)
    change(parts)
    return zip_parts(parts)


def flip_one_byte(name: str, blob: bytes) -> bytes:
    """``blob`` with one byte changed: in XML a letter or digit of the first text (or attribute
    value), so that the part stays well-formed; in other parts the last byte's low bit."""
    if not name.endswith(".xml"):
        return blob[:-1] + bytes([blob[-1] ^ 0x01])
    found = re.search(rb">([A-Za-z0-9])", blob) or re.search(rb'="([A-Za-z0-9])', blob)
    assert found is not None, name
    at, char = found.start(1), blob[found.start(1)]
    new = char ^ 0x20 if chr(char).isalpha() else char ^ 0x01
    return blob[:at] + bytes([new]) + blob[at + 1:]


def flip(part: str) -> Callable[[dict[str, bytes]], None]:
    """A change that alters one byte of ``part`` (:func:`flip_one_byte`)."""
    def change(parts: dict[str, bytes]) -> None:
        parts[part] = flip_one_byte(part, parts[part])
    return change


@dataclass(frozen=True)
class OfdWorld:
    """A demo world with an SM2 seal per authority and a trust list naming the SM2 CA."""

    world: World
    ofd: tuple[bytes, ...]  # a sealed OFD per issued certificate, same order

    @property
    def home(self) -> Path:
        return self.world.home

    @property
    def issued(self) -> tuple[Issued, ...]:
        return self.world.issued


def issued_ofd(home: Path, number: str) -> bytes:
    """The OFD licence file issuance wrote for ``number`` (its latest version)."""
    found = sorted(home.rglob(f"credentials/{number}/v*.ofd"),
                   key=lambda p: int(p.stem[1:]))
    assert found, f"no OFD issued for {number}"
    return found[-1].read_bytes()


@pytest.fixture(scope="module")
def ofd_template(world_template: World) -> OfdWorld:
    """The demo world and the sealed OFD file issuance wrote for each certificate."""
    return OfdWorld(world_template, tuple(issued_ofd(world_template.home, i.number)
                                          for i in world_template.issued))


@pytest.fixture
def ofd_world(ofd_template: OfdWorld, world: World) -> OfdWorld:
    """A private copy of the world (ECERT_HOME points at it), with the issued OFD files."""
    return OfdWorld(world, ofd_template.ofd)
