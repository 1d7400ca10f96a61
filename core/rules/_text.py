"""Text normalisation shared by the parsers: full-width forms and whitespace."""

from __future__ import annotations

import re

# U+FF01..U+FF5E are the full-width forms of ASCII U+0021..U+007E, at a fixed offset.
_FULLWIDTH_OFFSET = 0xFEE0
_FULLWIDTH_TABLE = {code: code - _FULLWIDTH_OFFSET for code in range(0xFF01, 0xFF5F)}
_FULLWIDTH_TABLE[0x3000] = 0x20  # ideographic space
_WHITESPACE = re.compile(r"\s+")


def normalize_digits(text: str) -> str:
    """Map full-width digits, letters, punctuation and the ideographic space to half-width."""
    return text.translate(_FULLWIDTH_TABLE)


def squeeze(text: str) -> str:
    """Half-width form of ``text`` with every whitespace character removed."""
    return _WHITESPACE.sub("", normalize_digits(text))
