"""A remarks page whose 备注 heading was not read (a seal stamped over it on a greyscale scan,
glare on a phone photo) is still a remarks page when what it holds is a remark.

Such a page is read as no kind of page, and its entry was only reported (``remarks_unread``),
never read. A remark is recognisable without its heading: a real date and, with it, the wording
of a correction or a reissue (…更正为…, 予以补发, 经核实). No other page of the booklet holds
that: the information page is known by its labels, a registration page by its sticker words
(both are taken before a page is left without a kind), the printed notes hold no date.
"""

from __future__ import annotations

from scanning._ocr import Line
from scanning._remarks import entries

__all__ = ["headless"]

# What a remark records: a correction, a reissue or exchange and why, a check.
_ACTS = ("更正", "补发", "换发", "遗失", "丢失", "损坏", "污损", "破损", "变更", "核实", "核查",
         "核对", "审核", "注销", "更换", "登记", "备案", "收回")  # fmt: skip


def headless(lines: list[Line]) -> bool:
    """Whether a page read as no kind of page holds a remark: an entry with a real date whose
    text records what a remark records."""
    return any(
        r.date is not None and r.date.value and r.text and any(a in r.text for a in _ACTS)
        for r in entries(lines)
    )
