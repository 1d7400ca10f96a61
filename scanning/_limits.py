"""Bounds on what one ``ecert scan`` batch reads: every limit on hostile input, in one place.

A file over a bound is refused before it is decoded (sizes come from the ZIP directory, image
headers and PDF page boxes), reported with its reason in ``errors.jsonl``, and the batch goes on.
The defaults leave room for real booklets — a 16-page booklet scanned at 600 dpi, a school's ZIP
of a few thousand PDFs — while keeping a worker well under 2 GB.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DEFAULT_LIMITS", "IngestLimits"]

MiB = 1024 * 1024
GiB = 1024 * MiB


@dataclass(frozen=True)
class IngestLimits:
    """Bounds on what a scan batch reads (frozen, picklable for the worker processes)."""

    #: Booklet files in one batch (folders, ZIP members and files given together); the walk
    #: stops there and the rest is reported once.
    max_files: int = 20_000
    #: One booklet or roster file, on disk or uncompressed from a ZIP.
    max_file_bytes: int = 256 * MiB
    #: Entries in one ZIP (its directory is read once; a larger one is refused whole).
    max_zip_members: int = 10_000
    #: Size of one ZIP's central directory, checked before it is parsed.
    max_zip_directory_bytes: int = 8 * MiB
    #: Uncompressed total of the booklet and roster members of one ZIP.
    max_zip_bytes: int = 8 * GiB
    #: Uncompressed ÷ compressed size of one ZIP member. Scans (JPEG, PNG, PDF) barely compress;
    #: deflate reaches about 1000:1 only on degenerate data such as a ZIP bomb.
    max_zip_ratio: int = 200
    #: Members smaller than this are not held to the ratio (a tiny file cannot hurt).
    zip_ratio_floor_bytes: int = 1 * MiB
    #: Pages of one PDF, frames of one TIFF.
    max_pages: int = 64
    #: Pixels of one page image, read from its header (or a PDF page box) before decoding;
    #: an A3 spread at 600 dpi is 70 million. (Pillow's own guard, about 179 million, still
    #: refuses larger images if this is raised above it.)
    max_image_pixels: int = 80_000_000
    #: Pixels of all page images of one file together (they are held in memory at once).
    max_file_pixels: int = 300_000_000


DEFAULT_LIMITS = IngestLimits()
