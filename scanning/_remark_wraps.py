"""A standard wording whose comma at a wrap nothing on the page showed, put back for a person.

A remark that wraps puts its comma last on the first line (原证书破损严重， / 同意换发新证).
The detector's box often ends before it, so every view of the line loses it alike, and its ink
is not always found either (``_remark_endmark``: a hand-written hook thinner than a print's
comma, a stroke run into the page edge). The standard wording (``_remark_standard``) still says
a comma stands there, and a text read without it is as surely wrong as one with it may be: the
comma is put back, but nothing on the page vouches for it, so the settling says so
(``Settled.blind``) and a person confirms it. Only a wrap is taken so: a mark no view saw
inside a line may be one the office never wrote, and stays unseen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from scanning._remark_standard import Settled

__all__ = ["at_wraps"]


def at_wraps(
    settle: Callable[[Sequence[int]], Settled | None], inked: Sequence[int], wraps: Sequence[int]
) -> Settled | None:
    """The wording ``settle`` gives with the commas the ink shows at wraps (``inked``: the
    indices of the lines they follow) or, failing that, with a comma at every wrap (``wraps``:
    the lines ending in a character that another line of the entry goes on from), blind."""
    got = settle(inked)
    if got is not None or not set(wraps) - set(inked):
        return got
    blind = settle(wraps)
    return replace(blind, blind=True) if blind is not None else None
