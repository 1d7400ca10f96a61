"""One generated booklet file, as both generators (classic and wide) return it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Booklet"]


@dataclass
class Booklet:
    """The encoded file plus what the generator knows about it."""

    data: bytes
    kind: str
    pages: int
    rotation: int = 0
    white_photo: bool = True
    spreads: int = 0
    visible: set[str] = field(default_factory=set)
    photo_page: bool = True
    #: the design and capture choices (layout, fonts, dpi, JPEG quality …) for the manifest
    details: dict[str, Any] = field(default_factory=dict)
