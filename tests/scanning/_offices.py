"""Every authority name the division table spells, and the letters they are written with (to
misread a character as another authority letter), for the property tests on authorities."""

from __future__ import annotations

from functools import cache

from scanning import _vocab


@cache
def names_and_letters() -> tuple[tuple[str, ...], str]:
    names = _vocab.authority_names()
    return names, "".join(sorted({c for n in names[::50] for c in n}))
