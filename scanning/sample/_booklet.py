"""Assemble one booklet file of a given input kind from a truth record."""

from __future__ import annotations

import random
from typing import Final

import pymupdf
from PIL import Image

from scanning.sample import _degrade as deg
from scanning.sample import _render as rd
from scanning.sample._file import Booklet
from scanning.sample._records import TruthRecord

KINDS: Final = ("scanner_pdf", "scanner_tiff", "spread_pdf", "phone_jpg", "rotated_png")
#: the wide variety adds an all-greyscale scan and phone photos of every spread in one PDF
WIDE_KINDS: Final = (*KINDS, "greyscale_pdf", "phone_pdf")
VARIETIES: Final = ("classic", "wide")
EXTENSIONS: Final = {
    "greyscale_pdf": ".pdf",
    "phone_pdf": ".pdf",
    "scanner_pdf": ".pdf",
    "scanner_tiff": ".tif",
    "spread_pdf": ".pdf",
    "phone_jpg": ".jpg",
    "rotated_png": ".png",
}


def _pages(rec: TruthRecord, rng: random.Random, dpi: int, white: bool) -> list[Image.Image]:
    run = rd.PrintRun.pick(rng)
    regs = rec.registrations
    pages = [
        rd.cover(dpi, rng),
        rd.photo_page(dpi, rng, white, run),
        rd.info_page(dpi, rng, rec, run),
        rd.remarks_page(dpi, rng, rec, run),
        rd.registration_page(dpi, rng, regs[:2], run),
    ]
    if len(regs) > 2:
        pages.append(rd.registration_page(dpi, rng, regs[2:], run))
    return pages


def _pdf(images: list[deg.Array], dpi: int) -> bytes:
    doc = pymupdf.open()
    for a in images:
        h, w = a.shape[:2]
        page = doc.new_page(width=w * 72 / dpi, height=h * 72 / dpi)
        page.insert_image(page.rect, stream=deg.jpeg(a, 85))
    data: bytes = doc.tobytes(garbage=3, deflate=True, no_new_id=True)
    doc.close()
    return data


def _scanner_images(
    pages: list[Image.Image], rng: random.Random, spread_all: bool
) -> tuple[list[deg.Array], int]:
    """Scanned page images; some (or all) as two-page spreads; sometimes out of order."""
    units: list[Image.Image] = [pages[0]]
    rest = pages[1:]
    spreads = 0
    i = 0
    while i < len(rest):
        pair = i + 1 < len(rest) and (spread_all or rng.random() < 0.3)
        if pair:
            units.append(deg.spread(rest[i], rest[i + 1]))
            spreads += 1
            i += 2
        else:
            units.append(rest[i])
            i += 1
    if not spread_all and rng.random() < 0.3:
        rng.shuffle(units)
    return [deg.scanner(u, rng) for u in units], spreads


def build(rec: TruthRecord, kind: str, rng: random.Random, variety: str = "classic") -> Booklet:
    """Render and degrade one booklet into the file bytes of ``kind``."""
    if variety == "wide":
        from scanning.sample._wide import build_wide

        return build_wide(rec, kind, rng)
    white = rng.random() < 0.85
    if kind in ("scanner_pdf", "scanner_tiff", "spread_pdf"):
        dpi = rng.choice([200, 240, 300]) if kind != "spread_pdf" else rng.choice([200, 240])
        pages = _pages(rec, rng, dpi, white)
        images, spreads = _scanner_images(pages, rng, kind == "spread_pdf")
        data = deg.tiff(images) if kind == "scanner_tiff" else _pdf(images, dpi)
        return Booklet(data, kind, len(pages), 0, white, spreads, {"remarks", "registration"})
    run = rd.PrintRun.pick(rng)
    dpi = 170 if kind == "phone_jpg" else rng.choice([150, 200])
    opened = deg.spread(rd.photo_page(dpi, rng, white, run), rd.info_page(dpi, rng, rec, run))
    if kind == "phone_jpg":
        return Booklet(
            deg.jpeg(deg.phone(opened, rng), rng.randrange(82, 93)), kind, 2, 0, white, 1
        )
    turns = rng.choice([1, 2, 3])
    arr = deg.rotate(deg.scanner(opened, rng), turns)
    return Booklet(deg.png(arr), kind, 2, turns * 90, white, 1)
