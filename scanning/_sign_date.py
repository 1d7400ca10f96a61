"""The issue date printed without a label, in the signature block at the information page's
foot beside or under the authority and its seal (as many real certificates print it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.errors import InvalidInput
from core.rules import parse_cn_date
from scanning._cells import Cell

if TYPE_CHECKING:
    from scanning._fields import RawField


def _full_date(text: str) -> bool:
    """A whole date in any printed form (2015年6月2日, 2015.06.02, 二〇一五年六月二日)."""
    try:
        return 1900 <= parse_cn_date(text).year <= 2099
    except InvalidInput:
        return False


def signature_date(raw: dict[str, RawField], left: list[Cell]) -> Cell | None:
    """The issue date printed without a label in the signature block at the page's foot, as
    many real certificates print it: the one whole date among the unclaimed cells that stands
    below the authority's value (within a few lines of it) and below every other field. Its
    year is still checked against the certificate number's, like any issue date's."""
    auth = raw.get("issuing_authority")
    if "issue_date" in raw or auth is None:
        return None
    bottom = max(r.box[3] for r in raw.values())

    def placed(c: Cell) -> bool:
        return (auth.box[1] < c.cy and c.box[1] - auth.box[3] <= 4 * c.height
                and c.cy > bottom - c.height and _full_date(c.text))  # fmt: skip

    hits = [c for c in left if placed(c)]
    return hits[0] if len(hits) == 1 else None
