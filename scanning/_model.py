"""Results of scanning: one ScanResult per booklet, one Summary per batch."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from core.records import INFORMATION_FIELDS
from core.scanned import REVIEW_BELOW, ScannedRecord
from scanning._ocr import Image
from scanning._photo import Photo

INFO_FIELDS = INFORMATION_FIELDS
RECORD_KEYS = (
    "source",
    *INFO_FIELDS,
    "annotations",
    "registrations",
    "photo",
    "needs_review",
    "confidence",
    "findings",
)
__all__ = ["INFO_FIELDS", "RECORD_KEYS", "REVIEW_BELOW", "ScanResult", "Summary"]


@dataclass
class ScanResult:
    """What was read from one booklet file (nothing written to disk yet)."""

    source: str
    record: ScannedRecord
    pages: int
    page_images: list[Image] = field(default_factory=list, repr=False)
    page_roles: list[str] = field(default_factory=list)
    photo: Photo | None = field(default=None, repr=False)

    @property
    def needs_review(self) -> bool:
        """True when any check failed or a confidence is low."""
        return self.record.needs_review


@dataclass
class Summary:
    """The outcome of a batch."""

    out_dir: Path
    records: int = 0
    needs_review: int = 0
    pages: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    cpu_seconds: float = 0.0

    @property
    def pages_per_second(self) -> float:
        """Booklet pages per wall-clock second."""
        return self.pages / self.seconds if self.seconds else 0.0

    @property
    def pages_per_cpu_second(self) -> float:
        """Throughput per busy core, independent of other load on the machine."""
        return self.pages / self.cpu_seconds if self.cpu_seconds else 0.0
