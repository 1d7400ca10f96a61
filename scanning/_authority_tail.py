"""What a printed authority's reading holds beyond a vocabulary entry, and whether the seal
over its row explains it (for ``_seal_authority``, which completes a name from the seal).

- **Inside.** A reading that holds a character the entry lacks between two of the entry's
  (教育和体育局 read for 教育体育局) may name another office, so the seal proves nothing. But
  an alignment with fewest changes is not unique: 河北省教育盾教 for 河北省教育厅 is 厅 misread
  as 盾 with the seal's 教 read after the name as well as 盾 put in and 厅 misread as 教. A
  character counts as inside only when *every* alignment with fewest changes puts one inside.
  Where the seal's ring crosses the printed row, a reading that is the entry whole with
  characters of its own put in (凤山县教教局育局: the ring's 教 and 局 read among the print's)
  holds the ring's lettering of the same name and names no other office; any other
  character inside counts (市金州区育体育局 is no reading of 金州区教育局: 体 for 教 is no
  duplicate).
- **Tail.** Where the ring crosses the row, its lettering is read on after the printed name
  (兴隆县教有县教: the print's 局 hidden under the ring, the ring's 县教 read in its place). Up to
  ``MAX_TAIL`` characters at the reading's end, each one of the entry's, that a reading of
  the seal holds in the same order are cut, only when that alone leaves the reading with no
  character beyond the entry; what is left must still support the entry by the usual rules,
  the seal must show the rest, and the reading as read must hold nothing inside the entry.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from scanning import _authority_support as support

__all__ = ["MAX_TAIL", "cut", "extra", "inside"]

MAX_TAIL = 2  # characters of the ring's lettering a reading may run on with after the name


def extra(entry: str, read: str) -> int:
    """Characters of ``read`` aligned with none of ``entry``'s (fewest changes)."""
    return len(read) - sum(op != "lost" for op, _ in support.align(entry, read))


def cut(entry: str, read: str, seal: Sequence[str]) -> str:
    """``read`` without a tail the seal's lettering (``seal``: its readings) explains, when only
    that keeps it from showing ``entry`` with nothing beyond it; else ``read`` as it is."""
    if extra(entry, read) == 0:
        return read
    for k in range(1, MAX_TAIL + 1):
        head, tail = read[:-k], read[-k:]
        if len(head) < 2 or not set(tail) <= set(entry) or not any(
                support.within(s, tail) for s in seal):
            break
        if extra(entry, head) == 0:
            return head
    return read


@lru_cache(maxsize=4096)
def inside(entry: str, read: str, own: bool = False) -> bool:
    """Every alignment of ``read`` with ``entry`` with fewest changes leaves a character of
    ``read`` aligned with none of the entry's between two that are (``own``: not when
    ``read`` is the entry whole with characters of its own put in, 凤山县教教局育局)."""
    if own and support.within(read, entry) and set(read) <= set(entry):
        return False
    best = _cost(entry, read)
    n = len(read)
    for a in range(n + 1):
        for b in range(a, n + 1):
            cost, bad = _middle(entry, read[a:b])
            if cost + a + (n - b) == best and bad == 0:
                return False
    return True


def _cost(entry: str, read: str) -> int:
    """The fewest changes (misread, lost, extra: one each) that turn ``entry`` into ``read``."""
    prev = list(range(len(read) + 1))
    for i in range(1, len(entry) + 1):
        cur = [i] + [0] * len(read)
        for j in range(1, len(read) + 1):
            same = entry[i - 1] == read[j - 1]
            cur[j] = min(prev[j - 1] + (0 if same else 1), prev[j] + 1, cur[j - 1] + 1)
        prev = cur
    return prev[-1]


def _middle(entry: str, mid: str) -> tuple[int, int]:
    """Fewest changes turning ``entry`` into ``mid``, and then fewest characters of ``mid``
    aligned with none of the entry's."""
    inf = (10**6, 10**6)
    n, m = len(entry), len(mid)
    table = [[inf] * (m + 1) for _ in range(n + 1)]
    table[0][0] = (0, 0)
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            options = []
            if i and j:
                c, b = table[i - 1][j - 1]
                options.append((c + (entry[i - 1] != mid[j - 1]), b))
            if i:
                c, b = table[i - 1][j]
                options.append((c + 1, b))
            if j:
                c, b = table[i][j - 1]
                options.append((c + 1, b + 1))
            table[i][j] = min(options)
    return table[n][m]
