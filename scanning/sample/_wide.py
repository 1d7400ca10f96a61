"""Assemble one wide-variety booklet file: pick the print run and designs, render the pages,
capture them as the kind asks (scans in any order, spreads and single pages, phone photos)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import random
from typing import Any

import pymupdf
from PIL import Image

from scanning.sample import _degrade as deg
from scanning.sample import _wide_capture as cap
from scanning.sample._file import Booklet
from scanning.sample._records import TruthRecord
from scanning.sample._wide_draw import Style
from scanning.sample._wide_info import LAYOUTS, info_page
from scanning.sample._wide_pages import (
    REMARK_DESIGNS,
    Hand,
    back_cover,
    cover,
    notice_page,
    photo_background,
    photo_page,
    remark_hand,
    remarks_page,
)
from scanning.sample._wide_register import STICKER_DESIGNS, registration_page

SCANNER_DPI = (100, 120, 150, 150, 200, 200, 240, 300)


@dataclasses.dataclass(frozen=True)
class Design:
    """Every visual choice for one booklet (recorded in the manifest)."""

    style: Style
    layout: str
    remarks: str
    hand: Hand
    sticker: str
    background: str
    signed: bool

    @staticmethod
    def pick(rec: TruthRecord, rng: random.Random) -> Design:
        """Random designs drawn from the booklet's rng."""
        year = dt.date.fromisoformat(rec.issue_date).year
        style = Style.pick(rng, year)
        return Design(
            style=style,
            layout=rng.choice(LAYOUTS),
            remarks=rng.choice(REMARK_DESIGNS),
            hand=remark_hand(rng, style),
            sticker=rng.choice(STICKER_DESIGNS),
            background=photo_background(rng, year),
            signed=rng.random() < 0.3,
        )

    def manifest(self) -> dict[str, Any]:
        """The design choices as manifest fields."""
        st = self.style
        return {
            "layout": self.layout,
            "remarks_design": self.remarks,
            "remarks_by_hand": self.hand.by_hand,
            "sticker_design": self.sticker,
            "photo_background": self.background,
            "label_font": st.label_family,
            "value_font": st.value_family,
            "date_style": st.date_style,
            "labels": dict(st.labels),
        }


def _photo(d: Design, rec: TruthRecord, dpi: int, rng: random.Random) -> Image.Image:
    return photo_page(dpi, rng, d.style, d.background, rec.name if d.signed else None)


Leaf = tuple[str, Image.Image]  # a page (or spread) image with its role: "info", "photo+info" …


def _pages(rec: TruthRecord, d: Design, dpi: int, rng: random.Random) -> list[Leaf]:
    """Every page of the booklet in binding order, with its role."""
    pages = [("cover", cover(dpi, rng, d.style))]
    if rng.random() < 0.35:
        pages.append(("notice", notice_page(dpi, rng, d.style)))
    pages += [
        ("photo", _photo(d, rec, dpi, rng)),
        ("info", info_page(dpi, rng, rec, d.style, d.layout)),
        ("remarks", remarks_page(dpi, rng, rec, d.style, d.remarks, d.hand)),
        ("registration", registration_page(dpi, rng, rec.registrations, d.style, d.sticker)),
    ]
    if rng.random() < 0.35:  # a second, still empty registration page
        pages.append(("registration", registration_page(dpi, rng, [], d.style, d.sticker)))
    if rng.random() < 0.25:
        pages.append(("back_cover", back_cover(dpi, rng, d.style)))
    return pages


def _units(pages: list[Leaf], rng: random.Random, spread_all: bool) -> tuple[list[Leaf], int]:
    """Scan units: single pages and two-page spreads, sometimes out of order."""
    units = [pages[0]]
    rest, spreads, i = pages[1:], 0, 0
    while i < len(rest):
        if i + 1 < len(rest) and (spread_all or rng.random() < 0.35):
            (left, a), (right, b) = rest[i], rest[i + 1]
            units.append((f"{left}+{right}", cap.spread(a, b, rng)))
            spreads, i = spreads + 1, i + 2
        else:
            units.append(rest[i])
            i += 1
    if rng.random() < (0.15 if spread_all else 0.4):
        rng.shuffle(units)
    return units, spreads


def _scan(
    units: list[Leaf], rng: random.Random, greyscale: bool
) -> tuple[list[deg.Array], list[dict[str, Any]]]:
    """Scanned unit images, some turned by quarter turns (fed sideways or upside down), and
    what each file page shows."""
    out: list[deg.Array] = []
    shown: list[dict[str, Any]] = []
    for n, (role, unit) in enumerate(units):
        other = deg.to_array(units[n - 1][1]) if n else None
        a = cap.scanner(unit, rng, greyscale=greyscale, other=other)
        turns = rng.choice([1, 2, 3]) if rng.random() < 0.12 else 0
        out.append(deg.rotate(a, turns))
        shown.append({"role": role, "rotation": turns * 90})
    return out, shown


def _pdf(images: list[deg.Array], dpi: int, quality: int, greyscale: bool) -> bytes:
    doc = pymupdf.open()
    for a in images:
        h, w = a.shape[:2]
        page = doc.new_page(width=w * 72 / dpi, height=h * 72 / dpi)
        page.insert_image(page.rect, stream=cap.jpeg(a, quality, greyscale))
    data: bytes = doc.tobytes(garbage=3, deflate=True, no_new_id=True)
    doc.close()
    return data


def _tiff(images: list[deg.Array], quality: int, greyscale: bool, dpi: int) -> bytes:
    frames = [Image.fromarray(a[..., 0] if greyscale else a) for a in images]
    buf = io.BytesIO()
    frames[0].save(
        buf,
        format="TIFF",
        save_all=True,
        append_images=frames[1:],
        compression="jpeg",
        quality=quality,
        dpi=(dpi, dpi),
    )
    return buf.getvalue()


def _scanner_file(rec: TruthRecord, kind: str, d: Design, rng: random.Random) -> Booklet:
    dpi = rng.choice(SCANNER_DPI)
    greyscale = kind == "greyscale_pdf" or rng.random() < 0.2
    quality = rng.randrange(35, 96)
    pages = _pages(rec, d, dpi, rng)
    units, spreads = _units(pages, rng, kind == "spread_pdf")
    images, shown = _scan(units, rng, greyscale)
    data = (
        _tiff(images, quality, greyscale, dpi)
        if kind == "scanner_tiff"
        else _pdf(images, dpi, quality, greyscale)
    )
    details = {**d.manifest(), "dpi": dpi, "jpeg_quality": quality, "greyscale": greyscale}
    details["file_pages"] = shown
    visible = {"remarks", "registration"}
    white = d.background == "white"
    return Booklet(
        data, kind, len(pages), white_photo=white, spreads=spreads, visible=visible, details=details
    )


@dataclasses.dataclass(frozen=True)
class _Opened:
    """The open booklet a camera-kind file starts from: photo and information pages."""

    dpi: int
    quality: int
    photo: Image.Image
    info: Image.Image
    details: dict[str, Any]


def _open(rec: TruthRecord, d: Design, rng: random.Random) -> _Opened:
    dpi = rng.randrange(130, 210, 10)
    quality = rng.randrange(35, 96)
    photo, info = _photo(d, rec, dpi, rng), info_page(dpi, rng, rec, d.style, d.layout)
    details = {**d.manifest(), "dpi": dpi, "jpeg_quality": quality, "greyscale": False}
    return _Opened(dpi, quality, photo, info, details)


def _phone_jpg(rec: TruthRecord, d: Design, rng: random.Random) -> Booklet:
    o = _open(rec, d, rng)
    alone = rng.random() < 0.15  # only the information page was photographed
    shot = o.info if alone else cap.spread(o.photo, o.info, rng)
    # Phones often store the sensor's pixels sideways and an EXIF tag saying how to turn them.
    exif = rng.choice([1, 1, 1, 6, 8])
    data = cap.jpeg_exif(cap.phone(shot, rng), o.quality, exif)
    return Booklet(
        data,
        "phone_jpg",
        pages=1 if alone else 2,
        white_photo=d.background == "white",
        spreads=0 if alone else 1,
        photo_page=not alone,
        details={**o.details, "exif_orientation": exif},
    )


def _phone_pdf(rec: TruthRecord, d: Design, rng: random.Random) -> Booklet:
    o = _open(rec, d, rng)
    remarks = remarks_page(o.dpi, rng, rec, d.style, d.remarks, d.hand)
    stickers = registration_page(o.dpi, rng, rec.registrations, d.style, d.sticker)
    shots = [cap.spread(o.photo, o.info, rng), cap.spread(remarks, stickers, rng)]
    if rng.random() < 0.3:
        shots.reverse()
    data = _pdf([cap.phone(s, rng) for s in shots], o.dpi, o.quality, False)
    return Booklet(
        data,
        "phone_pdf",
        pages=4,
        white_photo=d.background == "white",
        spreads=2,
        visible={"remarks", "registration"},
        details=o.details,
    )


def _rotated_png(rec: TruthRecord, d: Design, rng: random.Random) -> Booklet:
    o = _open(rec, d, rng)
    turns = rng.choice([1, 2, 3])
    greyscale = rng.random() < 0.2
    scan = cap.scanner(cap.spread(o.photo, o.info, rng), rng, greyscale=greyscale, other=None)
    return Booklet(
        deg.png(deg.rotate(scan, turns)),
        "rotated_png",
        pages=2,
        rotation=turns * 90,
        white_photo=d.background == "white",
        spreads=1,
        details={**o.details, "greyscale": greyscale},
    )


CAMERA = {"phone_jpg": _phone_jpg, "phone_pdf": _phone_pdf, "rotated_png": _rotated_png}


def build_wide(rec: TruthRecord, kind: str, rng: random.Random) -> Booklet:
    """Render and capture one wide-variety booklet into the file bytes of ``kind``."""
    d = Design.pick(rec, rng)
    if kind in CAMERA:
        return CAMERA[kind](rec, d, rng)
    return _scanner_file(rec, kind, d, rng)
