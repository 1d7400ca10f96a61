"""An entry's lines with the marks of the standard wording it settled to written in.

A grey seal over a remark line is proved read through only when every reading of the line
agreed and the words under it leave no place where a comma may have been lost
(``_seal_proof``). When the readings disagreed only in a mark (证书遗失予以补发 /
证书遗失，予以补发) and the standard wording settled it with a mark some reading saw, the line's
words were read alike by every view and its marks are the wording's: the seal check then
judges those words and marks, not the bare line that lost the comma. A line whose readings
disagree in any character, or a settling that put back a character or a mark no reading saw,
is left as read, and its doubt stays.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from scanning._datescan import find_dates
from scanning._ocr import Line
from scanning._remark_standard import MARKS, Settled, line_keys, skeleton_of, worded
from scanning._remarktext import Choice

__all__ = ["for_seal", "marked"]

Chosen = list[tuple[Line, Choice]]


def marked(chosen: Chosen, settled: Settled | None) -> Chosen | None:
    """``chosen`` with the settled wording's marks written into its lines, each taken as read
    alike; None when the settling does not vouch for them (see the module)."""
    if settled is None or not settled.seen or settled.roomed or not settled.decides:
        return None
    if settled.inserted or settled.swapped:
        return None  # a character the wording chose: the line's words were not read alike
    if not all(_words_alike(ln, c) for ln, c in chosen):
        return None
    texts = _written([ln.text for ln, _ in chosen], settled.text)
    if texts is None:
        return None
    return [
        (Line(t, ln.score, ln.box, ln.alternatives), replace(c, text=t, corrected=False))
        for (ln, c), t in zip(chosen, texts, strict=True)
    ]


def _words_alike(line: Line, c: Choice) -> bool:
    """Whether every reading of ``line`` spells its words (marks, dates and spaces aside)."""
    if c.doubt:
        return False
    ((words, readings),) = line_keys([(line.text, c.readings)])
    read = [r for r, raw in zip(readings, c.readings, strict=True) if raw.strip()]
    return len(read) >= 2 and all(r == words for r in read)  # a line read once proves nothing


def _wanted(text: str) -> dict[int, str]:
    """The marks of ``text`` by the number of its words (skeleton characters) before them."""
    out: dict[int, str] = {}
    k = 0
    for ch in text:
        if ch in MARKS:
            out.setdefault(k, ch)
        elif not ch.isspace():
            k += 1
    return out


def _written(texts: Sequence[str], wording: str) -> list[str] | None:
    """Each line of ``texts`` with the marks of ``wording`` at its words' places (a mark
    between two lines ends the first), or None when the lines' words do not spell the
    wording's in order."""
    skeleton, wanted = skeleton_of(wording), _wanted(wording)
    worded_at = [k for k, t in enumerate(texts) if worded(t)]
    out, at, done = list(texts), 0, set[int]()
    for k in worded_at:
        text, at = _line_written(texts[k], skeleton, wanted, at, done)
        if text is None:
            return None
        if k != worded_at[-1] and at in wanted and at not in done:
            text = text.rstrip() + wanted[at]
            done.add(at)
        out[k] = text
    return out if at == len(skeleton) else None


def _line_written(
    text: str, skeleton: str, wanted: dict[int, str], at: int, done: set[int]
) -> tuple[str | None, int]:
    """``text`` with the marks ``wanted`` before its words, which must be ``skeleton``'s from
    ``at`` on, and where the next line's words start; (None, at) when they are not. ``done``:
    the places whose mark is written already (kept up to date)."""
    dated = {d for f in find_dates(text) for d in range(f.start, f.end)}
    out: list[str] = []
    for k, ch in enumerate(text):
        if k in dated or ch.isspace() or ch.isdigit():
            out.append(ch)
            continue
        if ch in MARKS:  # a mark read in another form takes the wording's (、 for ，)
            if at not in wanted or at in done:
                return None, at
            out.append(wanted[at])
            done.add(at)
            continue
        if at >= len(skeleton) or ch != skeleton[at]:
            return None, at
        if at in wanted and at > 0 and at not in done:
            out.append(wanted[at])
            done.add(at)
        out.append(ch)
        at += 1
    return "".join(out), at


def for_seal(
    lines: list[Line], chosen: Chosen, settled: Settled | None
) -> tuple[list[Line], Chosen]:
    """The entry's final ``lines`` and their choices as the seal check should judge them: with
    the settled wording's marks (``marked``) when the lines are those chosen, else as read."""
    got = marked(chosen, settled)
    if got is None or [ln.box for ln in lines] != [ln.box for ln, _ in chosen]:
        return lines, chosen
    return [ln for ln, _ in got], got
