"""Whether a remark line's ink leaves room for a character the reading lacks.

A wording that differs from a known phrase by one character (原证遗失 beside 证书遗失) is either
an office's own wording or a phrase that lost a character under a seal or a faint stroke. The
words cannot tell the two apart; the paper can: a character every reading lost still stands on
the page, so its neighbours stay apart by its width (``_charbox``). Two characters one em apart
have nothing between them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from core.rules import HAN
from scanning import _charbox
from scanning._charbox import Glyph
from scanning._ocr import Image, Line

__all__ = ["CONTEXT", "closed_at", "whole"]

CONTEXT = 2  # characters either side of the place that must be found together on one line


def closed_at(placed: Sequence[Glyph], left: str, right: str) -> bool | None:
    """Whether ``left`` + ``right`` stand on the line (``placed``) exactly once with nothing
    between their last and first characters; None when they are not found there once, or
    the line has no em to measure by."""
    chars = "".join(g.char for g in placed)
    run = left + right
    hits = [k for k in range(len(chars) - len(run) + 1) if chars.startswith(run, k)]
    size = _charbox.em(placed)
    if len(hits) != 1 or size is None:
        return None
    a, b = placed[hits[0] + len(left) - 1], placed[hits[0] + len(left)]
    return _charbox.tight(a, b, size)


def whole(image: Image | None, lines: Sequence[Line]) -> Callable[[str, int], bool]:
    """A test of ``text``'s place ``at``: True only when the place lies between two Chinese
    characters that stand side by side, one em apart, on exactly one of ``lines`` of the
    page ``image`` (each line's characters placed once, when first asked)."""
    cache: dict[int, list[Glyph]] = {}

    def placed(k: int) -> list[Glyph]:
        if k not in cache:
            got = _charbox.glyphs(image, [lines[k].box])[0] if image is not None else []
            cache[k] = [g for g in got if not g.char.isspace()]
        return cache[k]

    def test(text: str, at: int) -> bool:
        if image is None or not 0 < at < len(text):
            return False
        if not (HAN.match(text[at - 1]) and HAN.match(text[at])):
            return False  # a mark or a digit beside the place: no em to measure it by
        left, right = text[max(0, at - CONTEXT) : at], text[at : at + CONTEXT]
        found = [closed_at(placed(k), left, right) for k, ln in enumerate(lines)
                 if left + right in ln.text.replace(" ", "")]  # fmt: skip
        return len(found) == 1 and found[0] is True

    return test
