"""The OFD electronic seal (GB/T 33190 §18 signature files, GB/T 38540 SES_Signature).

Laid out as ofdrw's signer does (ofdrw-sign, OFDSigner in its normal, final mode):

- ``Doc_0/Signs/Signatures.xml`` lists the one signature (ID ``s001``, Type ``Seal``);
  OFD.xml's DocBody names it.
- ``Doc_0/Signs/Sign_0/Signature.xml``: SignedInfo with Provider, SignatureMethod
  (1.2.156.10197.1.501, SM2 with SM3), SignatureDateTime, References (CheckMethod
  1.2.156.10197.1.401, SM3) with one Reference per part of the package, in package order —
  every file except Signature.xml and SignedValue.dat themselves, so Signatures.xml is protected
  too and the document takes no further signatures — each with its base64 SM3 CheckValue, and
  a StampAnnot (ID ``s002``) placing the seal on the licence page; then SignedValue.
- ``Doc_0/Signs/Sign_0/SignedValue.dat``: the SES_Signature (DER) over Signature.xml's bytes,
  propertyInfo = Signature.xml's path in the package (``keys.seal_signer(...).sign``).

The seal's picture is drawn by the reader from the SES_Signature (its SESeal), as GB/T 38540
has it; it is not duplicated as a page image.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

import keys

__all__ = [
    "SIGNATURE",
    "SIGNATURES",
    "SIGNED_VALUE",
    "SealSigner",
    "Stamp",
    "seal_parts",
    "signatures_xml",
]

NS = "http://www.ofdspec.org/2016"
SIGNATURES = "Doc_0/Signs/Signatures.xml"
SIGNATURE = "Doc_0/Signs/Sign_0/Signature.xml"
SIGNED_VALUE = "Doc_0/Signs/Sign_0/SignedValue.dat"
SM2_WITH_SM3 = "1.2.156.10197.1.501"
SM3 = "1.2.156.10197.1.401"
PROVIDER = "ecert"


class SealSigner(Protocol):
    """What ``keys.seal_signer`` returns, as far as the OFD needs it."""

    @property
    def picture_mm(self) -> tuple[float, float]: ...

    def sign(self, data: bytes, *, property_info: str, at: datetime) -> bytes: ...


@dataclass(frozen=True)
class Stamp:
    """Where the seal shows: the page's ID and a box in millimetres (x, y, width, height)."""

    page_id: int
    box: tuple[float, float, float, float]


def _loc(path: str) -> str:
    """A path inside the package as an absolute ST_Loc (ofdrw writes them so)."""
    return "/" + path


def signatures_xml() -> bytes:
    """Signatures.xml: the one seal of the package."""
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Signatures xmlns:ofd="{NS}">'
            f"<ofd:MaxSignId>s002</ofd:MaxSignId>"
            f'<ofd:Signature ID="s001" Type="Seal" BaseLoc="{_loc(SIGNATURE)}"/>'
            f"</ofd:Signatures>").encode()


def _date_time(at: datetime) -> str:
    moment = at if at.tzinfo is not None else at.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _signature_xml(parts: Mapping[str, bytes], stamp: Stamp, at: datetime,
                   version: str) -> bytes:
    refs = "".join(
        f'<ofd:Reference FileRef="{_loc(path)}"><ofd:CheckValue>'
        f"{base64.b64encode(keys.sm3(data)).decode()}</ofd:CheckValue></ofd:Reference>"
        for path, data in parts.items())
    box = " ".join(f"{v:.3f}".rstrip("0").rstrip(".") for v in stamp.box)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Signature xmlns:ofd="{NS}">'
            f"<ofd:SignedInfo>"
            f'<ofd:Provider ProviderName="{PROVIDER}" Version="{version}" Company="ecert"/>'
            f"<ofd:SignatureMethod>{SM2_WITH_SM3}</ofd:SignatureMethod>"
            f"<ofd:SignatureDateTime>{_date_time(at)}</ofd:SignatureDateTime>"
            f'<ofd:References CheckMethod="{SM3}">{refs}</ofd:References>'
            f'<ofd:StampAnnot ID="s002" PageRef="{stamp.page_id}" Boundary="{box}"/>'
            f"</ofd:SignedInfo>"
            f"<ofd:SignedValue>{_loc(SIGNED_VALUE)}</ofd:SignedValue>"
            f"</ofd:Signature>").encode()


def seal_parts(parts: Mapping[str, bytes], signer: SealSigner, stamp: Stamp, at: datetime,
               *, version: str) -> dict[str, bytes]:
    """Signature.xml and SignedValue.dat for a package whose other parts (Signatures.xml
    included) are ``parts``, in package order."""
    if SIGNATURES not in parts:
        raise ValueError("the package must list its signature in Signatures.xml first")
    signature = _signature_xml(parts, stamp, at, version)
    signed = signer.sign(signature, property_info=_loc(SIGNATURE), at=at)
    return {SIGNATURE: signature, SIGNED_VALUE: signed}
