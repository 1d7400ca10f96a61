"""The OFD e-licence file (GB/T 33190-2016): the booklet's pages, sealed (GB/T 38540).

Package layout (a ZIP; fixed order, fixed timestamps = the issuance time, so the same inputs
give the same bytes)::

    OFD.xml                              DocBody: DocInfo (DocID, Title, Author, CreationDate,
                                         Creator, CreatorVersion, CustomDatas), DocRoot,
                                         Signatures (when sealed)
    Doc_0/Document.xml                   CommonData (MaxUnitID, PageArea, PublicRes,
                                         DocumentRes), Pages
    Doc_0/PublicRes.xml                  Fonts (BaseLoc Res)
    Doc_0/DocumentRes.xml                MultiMedias: the photo (BaseLoc Res)
    Doc_0/Res/Font_<id>.ttf              subsetted TrueType fonts (issuer._ofd_fonts)
    Doc_0/Res/Image_<id>.jpg             the photo as the PDF embeds it
    Doc_0/Pages/Page_<n>/Content.xml     one Layer: TextObject / PathObject / ImageObject
    Doc_0/Signs/Signatures.xml           }
    Doc_0/Signs/Sign_0/Signature.xml     } the seal (issuer._ofd_sign), when the authority has
    Doc_0/Signs/Sign_0/SignedValue.dat   } an SM2 seal key

The pages are the PDF's pages (issuer._ofd_layout, from the calls that drew the PDF);
:func:`render_booklet` lays the booklet out once and returns both files.
"""

from __future__ import annotations

import uuid
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from io import BytesIO
from xml.sax.saxutils import escape, quoteattr

import pymupdf

from issuer._booklet import BookletView
from issuer._ofd_fonts import subset_font
from issuer._ofd_layout import (
    MM,
    Glyphs,
    PageLayout,
    Picture,
    layout_pages,
    num,
    picture_xml,
    shape_xml,
    text_xml,
)
from issuer._ofd_sign import SIGNATURES, SealSigner, Stamp, seal_parts, signatures_xml
from issuer._pdf import build_pages, check_printable, finish_document

__all__ = ["QR_TEXT_NAME", "OfdInfo", "render_booklet", "render_ofd"]

NS = "http://www.ofdspec.org/2016"
CREATOR = "ecert"
CREATOR_VERSION = version("ecert")  # the seal's Provider names it too
#: the CustomData carrying the credential's QR text (not a GB/T 36903 element: ecert's own),
#: so that a verifier given only the OFD file checks the credential as from the QR code
QR_TEXT_NAME = "ecert.qr_text"
#: the information page (cover, photo, information, …: issuer._pdf's order) carries the seal
LICENCE_PAGE = 2
_STORED = {"jpeg", "jpg", "png"}  # already compressed


@dataclass(frozen=True)
class OfdInfo:
    """DocInfo: the document's identity and the GB/T 36903 metadata as CustomData pairs."""

    title: str
    author: str
    issued_at: datetime
    doc_key: str  # what makes the DocID: the licence identifier, else number and version
    custom: tuple[tuple[str, str], ...] = ()
    creator_version: str = CREATOR_VERSION

    @property
    def doc_id(self) -> str:
        return uuid.uuid5(uuid.NAMESPACE_URL, f"ecert:{self.doc_key}").hex


def _xml(body: str) -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}'.encode()


def _ofd_xml(info: OfdInfo, sealed: bool) -> bytes:
    custom = "".join(f"<ofd:CustomData Name={quoteattr(name)}>{escape(value)}</ofd:CustomData>"
                     for name, value in info.custom)
    issued = info.issued_at if info.issued_at.tzinfo else info.issued_at.replace(tzinfo=UTC)
    return _xml(
        f'<ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo>'
        f"<ofd:DocID>{info.doc_id}</ofd:DocID><ofd:Title>{escape(info.title)}</ofd:Title>"
        f"<ofd:Author>{escape(info.author)}</ofd:Author>"
        f"<ofd:CreationDate>{issued.date().isoformat()}</ofd:CreationDate>"
        f"<ofd:Creator>{CREATOR}</ofd:Creator>"
        f"<ofd:CreatorVersion>{escape(info.creator_version)}</ofd:CreatorVersion>"
        f"<ofd:CustomDatas>{custom}</ofd:CustomDatas></ofd:DocInfo>"
        f"<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>"
        + (f"<ofd:Signatures>{SIGNATURES}</ofd:Signatures>" if sealed else "")
        + "</ofd:DocBody></ofd:OFD>")


class _Ids:
    """ST_ID allocation: one counter for every object of the document (MaxUnitID is the last)."""

    def __init__(self) -> None:
        self.last = 0

    def next(self) -> int:
        self.last += 1
        return self.last


def _resources(pages: Sequence[PageLayout], ids: _Ids) -> tuple[
        dict[pymupdf.Font, int], dict[bytes, int], dict[str, bytes], str, str]:
    """Font and image IDs, their files under Doc_0/Res, and PublicRes/DocumentRes bodies."""
    chars: dict[pymupdf.Font, str] = {}
    for page in pages:
        for font, text in page.chars():
            chars[font] = chars.get(font, "") + text
    fonts, images, files, font_xml, media_xml = {}, {}, {}, [], []
    for font, text in chars.items():
        fid = fonts[font] = ids.next()
        subset = subset_font(font, text)
        files[f"Doc_0/Res/Font_{fid}.ttf"] = subset.data
        font_xml.append(f'<ofd:Font ID="{fid}" FontName={quoteattr(subset.name)} '
                        f"FamilyName={quoteattr(subset.name)}>"
                        f"<ofd:FontFile>Font_{fid}.ttf</ofd:FontFile></ofd:Font>")
    for page in pages:
        for obj in page.objects:
            if isinstance(obj, Picture) and obj.data not in images:
                mid = images[obj.data] = ids.next()
                ext = "jpg" if obj.ext in ("jpeg", "jpg") else obj.ext
                files[f"Doc_0/Res/Image_{mid}.{ext}"] = obj.data
                media_xml.append(f'<ofd:MultiMedia ID="{mid}" Type="Image" '
                                 f'Format="{ext.upper()}"><ofd:MediaFile>Image_{mid}.{ext}'
                                 f"</ofd:MediaFile></ofd:MultiMedia>")
    return (fonts, images, files, f"<ofd:Fonts>{''.join(font_xml)}</ofd:Fonts>",
            f"<ofd:MultiMedias>{''.join(media_xml)}</ofd:MultiMedias>")


def _content(page: PageLayout, ids: _Ids, fonts: dict[pymupdf.Font, int],
             images: dict[bytes, int]) -> bytes:
    layer = ids.next()
    objects = []
    for obj in page.objects:
        if isinstance(obj, Glyphs):
            objects.append(text_xml(obj, ids.next(), fonts[obj.font]))
        elif isinstance(obj, Picture):
            objects.append(picture_xml(obj, ids.next(), images[obj.data]))
        else:
            objects.append(shape_xml(obj, ids.next()))
    return _xml(f'<ofd:Page xmlns:ofd="{NS}"><ofd:Content><ofd:Layer ID="{layer}">'
                f"{''.join(objects)}</ofd:Layer></ofd:Content></ofd:Page>")


def _stamp(page: PageLayout, page_id: int, signer: SealSigner) -> Stamp:
    """The seal over the lower right of the licence page's table, as a paper booklet's
    authority stamp sits over the issuing authority and date."""
    w, h = signer.picture_mm
    width = page.width * MM
    return Stamp(page_id=page_id, box=(width - 16 - w, 96.0 - h / 2, w, h))


def render_ofd(pages: Sequence[PageLayout], info: OfdInfo, *, seal: SealSigner | None = None,
               at: datetime | None = None) -> bytes:
    """The OFD package of ``pages``; sealed by ``seal`` at ``at`` (default: issuance time)."""
    ids = _Ids()
    fonts, images, res_files, font_xml, media_xml = _resources(pages, ids)
    page_ids = [ids.next() for _ in pages]
    contents = {f"Doc_0/Pages/Page_{n}/Content.xml": _content(page, ids, fonts, images)
                for n, page in enumerate(pages)}
    first = pages[0]
    page_refs = "".join(f'<ofd:Page ID="{pid}" BaseLoc="Pages/Page_{n}/Content.xml"/>'
                        for n, pid in enumerate(page_ids))
    document = _xml(
        f'<ofd:Document xmlns:ofd="{NS}"><ofd:CommonData><ofd:MaxUnitID>{ids.last}'
        f"</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 {num(first.width * MM)} "
        f"{num(first.height * MM)}</ofd:PhysicalBox></ofd:PageArea>"
        f"<ofd:PublicRes>PublicRes.xml</ofd:PublicRes>"
        f"<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes></ofd:CommonData>"
        f"<ofd:Pages>{page_refs}</ofd:Pages></ofd:Document>")
    parts = {
        "OFD.xml": _ofd_xml(info, sealed=seal is not None),
        "Doc_0/Document.xml": document,
        "Doc_0/PublicRes.xml": _xml(f'<ofd:Res xmlns:ofd="{NS}" BaseLoc="Res">{font_xml}'
                                    "</ofd:Res>"),
        "Doc_0/DocumentRes.xml": _xml(f'<ofd:Res xmlns:ofd="{NS}" BaseLoc="Res">{media_xml}'
                                      "</ofd:Res>"),
        **res_files, **contents,
    }
    when = at or info.issued_at
    if seal is not None:
        parts[SIGNATURES] = signatures_xml()
        page = min(LICENCE_PAGE, len(pages) - 1)
        parts.update(seal_parts(parts, seal, _stamp(pages[page], page_ids[page], seal), when,
                                version=info.creator_version))
    return _zip(parts, when)


def _zip(parts: dict[str, bytes], at: datetime) -> bytes:
    moment = at if at.tzinfo is not None else at.replace(tzinfo=UTC)
    stamp = moment.astimezone(UTC).timetuple()[:6]
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in parts.items():
            entry = zipfile.ZipInfo(name, date_time=stamp)
            entry.external_attr = 0o644 << 16
            entry.create_system = 3
            stored = name.rsplit(".", 1)[-1] in _STORED
            entry.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            archive.writestr(entry, data, compresslevel=None if stored else 1)
    return out.getvalue()


def render_booklet(view: BookletView, ofd: OfdInfo | None = None, *,
                   seal: SealSigner | None = None) -> tuple[bytes, bytes | None]:
    """Lay the booklet out once: the unsigned PDF and, when ``ofd`` is given, the OFD file."""
    check_printable(view)
    doc, canvases = build_pages(view)
    try:
        pages = layout_pages(doc, canvases) if ofd is not None else None
        pdf = finish_document(doc)
    finally:
        doc.close()
    return pdf, (render_ofd(pages, ofd, seal=seal) if ofd is not None and pages else None)
