"""A doubted name whose crop settles some doubted places but not all: the places it settles are
shown as the crop shows them, and the name still goes to a person for the rest.

``_name_glyphs.judge`` decides every doubted place at once and gives up at the first it cannot
settle; ``_name_prior`` settles places one by one, but only as read. Where the readings put a
look-alike first at one place (潜 at 43-64 %, 湉 printed and offered at 17-32 %) and doubt
another the crop cannot tell (姝 / 妹), the crop may still show the first place clearly: judged
on its own (the other places standing as read), the printed character first by the judge's
margins. The name is then shown with it, when the result is itself one of the decoder's
candidates (a name the readings made), so that the person checking the name sees the print's
likelier reading; the finding stays blocking, since a place is still in doubt.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from scanning import _name_glyphs as glyphs


def clearer(row: Sequence[glyphs.Cell], places: Sequence[set[str]], value: str,
            candidates: Iterable[str] | Mapping[str, Any]) -> tuple[str, str]:
    """(name, detail of the fits): ``value`` with each doubted place the crop settles on its
    own set to the character it shows, when that changes ``value`` into one of the
    ``candidates``; ("", "") otherwise."""
    if len(places) != len(value):
        return "", ""
    out, parts = list(value), []
    for i, offered in enumerate(places):
        if len(offered) < 2:
            continue
        alone = [{ch} for ch in value]
        alone[i] = set(offered) | {value[i]}
        chosen = glyphs.judge(row, alone)
        if chosen.chosen.get(i, value[i]) != value[i]:
            out[i] = chosen.chosen[i]
            parts.append(chosen.detail)
    name = "".join(out)
    known = set(glyphs.offered_texts(candidates))
    return (name, " ".join(parts)) if name != value and name in known else ("", "")
