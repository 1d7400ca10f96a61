"""The registry's own authorities as a vocabulary for scanning.

``ecert scan`` passes them in (read from the registry's ``Authority`` table); scanning never
reads the database itself. An authority name the registry holds is a valid authority even when
GB/T 2260 place chains cannot spell it (a renamed bureau, a 教育体育局 of a new district), and
its code — certificate-number digits 5–9 — ties a number to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from scanning._vocab import near_entries


@dataclass(frozen=True)
class KnownAuthority:
    """An authority the registry holds: its name and its code (province 2 + authority 3 digits,
    certificate-number digits 5–9; empty when not known)."""

    name: str
    code: str = ""


Known = frozenset[KnownAuthority]
NONE: Known = frozenset()


def known_from(pairs: object) -> Known:
    """A vocabulary from ``(name, code)`` pairs or ``KnownAuthority`` objects; blank names
    are left out."""
    out: set[KnownAuthority] = set()
    for item in pairs if isinstance(pairs, list | tuple | set | frozenset) else ():
        if isinstance(item, KnownAuthority):
            out.add(item)
        elif isinstance(item, tuple) and len(item) == 2:
            name, code = (str(x or "").strip() for x in item)
            if name:
                out.add(KnownAuthority(name, code if code.isdigit() and len(code) == 5 else ""))
    return frozenset(out)


@cache
def names(known: Known) -> frozenset[str]:
    """The names the registry holds."""
    return frozenset(a.name for a in known)


@cache
def codes(known: Known, name: str) -> frozenset[str]:
    """The codes the registry holds for ``name`` (a name may be held by several places)."""
    return frozenset(a.code for a in known if a.name == name and a.code)


def provinces(known: Known, name: str) -> frozenset[str]:
    """Province codes of the registry's authorities named ``name``."""
    return frozenset(c[:2] for c in codes(known, name))


def near(known: Known, text: str) -> set[str]:
    """Registry names equal to ``text`` or one misread character away."""
    return near_entries(text, names(known)) if known else set()
