"""The authority vocabulary comes in one order on every run. Readers that keep the first of
equally good names, and the per-character index built from the list, would otherwise answer
differently in two processes (string hashing, and so a set's order, changes per process)."""

from __future__ import annotations

from scanning import _vocab
from scanning._places import AUTHORITY_SUFFIXES


def test_authority_names_follow_the_listed_suffix_order():
    names = _vocab.authority_names()
    last: dict[str, int] = {}
    seen = 0
    for name in names[:5000]:
        suffix = next(s for s in AUTHORITY_SUFFIXES if name.endswith(s))
        chain, rank = name[: -len(suffix)], AUTHORITY_SUFFIXES.index(suffix)
        if chain in last:
            assert rank > last[chain], (name, names[:8])
            seen += 1
        last[chain] = rank
    assert seen > 100
