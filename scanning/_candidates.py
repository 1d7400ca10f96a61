"""Candidates for one field from every reading of it, each with a likelihood.

A reading (``scanning._ocr.Reading``) gives per character the recogniser's alternatives when the
engine has them; without them the table of shape-alike characters (``CONFUSIONS``) stands in at a
small probability. A candidate's likelihood under one reading is the product of its characters'
probabilities; under several readings the product of those, normalised over all candidates
of the field (so agreeing readings reinforce each other and disagreeing ones split the
share); a correction is also weighed as if the readings were one, since they share the
engine's blind spots. Decoders then keep only the candidates the rules allow.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from core.rules import normalize_digits, slips
from scanning import _variants
from scanning._ocr import Reading

# Characters a recogniser confuses with each other (shape-alike), both directions listed.
CONFUSIONS: dict[str, str] = {
    "0": "8689DOQ", "O": "0", "D": "0", "Q": "0", "o": "0", "〇": "0", "○": "0",
    "1": "7I l|", "I": "1", "l": "1", "|": "1", "7": "1", "i": "1", "L": "1",
    "2": "Z7", "Z": "2", "z": "2", "3": "8", "8": "0369B", "B": "8",
    "5": "6S", "S": "58", "s": "5", "6": "58b", "b": "6", "G": "6", "9": "08gq", "g": "9",
    "q": "9", "4": "A", "A": "4", "X": "xK×", "x": "X", "K": "X", "×": "X",
}  # fmt: skip
# In a date the unit characters are misread as Latin letters or look-alike CJK (24F for 24日).
DATE_CONFUSIONS: dict[str, str] = {
    "F": "日", "E": "日", "曰": "日", "目": "日", "白": "日", "口": "日", "B": "日",
    "H": "日", "用": "月", "冃": "月", "丹": "月", "A": "月", "午": "年", "牛": "年", "干": "年",
    "日": "FE曰目", "月": "用冃", "年": "午牛",
}  # fmt: skip
# Without alternatives from the engine: a look-alike is ten times likelier than any other
# character, and either is rare (a good reader misreads well under 1 % of characters).
CONFUSION_P = 0.005
OTHER_P = 0.0005
INDEL_P = 0.0002  # a character dropped or added
BEAM = 24
_SPACE = re.compile(r"[\s\u3000]")

Allowed = Callable[[int, str], bool]


@dataclass(frozen=True)
class Candidate:
    """One value a field may hold: its share of the likelihood over every candidate of the
    field, how many readings read exactly this text, and the fewest characters changed from
    any reading to get it."""

    text: str
    share: float
    support: int
    edits: int
    cautious: float = 0.0  # the share when the readings count as one (their geometric mean)


def clean(reading: Reading) -> Reading:
    """Half-width, no spaces, alternatives kept aligned with the characters."""
    keep = [
        (normalize_digits(ch), i) for i, ch in enumerate(reading.text) if not _SPACE.match(ch)
    ]
    alts = reading.alternatives
    new_alts = tuple(
        tuple((normalize_digits(c), p) for c, p in alts[i]) if i < len(alts) else ()
        for _, i in keep
    )
    # A traditional form beside its simplified one is one character (booklets are simplified).
    return _variants.reading(
        Reading("".join(c for c, _ in keep), reading.score, new_alts if alts else ())
    )


def suffix(reading: Reading, length: int) -> Reading:
    """The last ``length`` characters of a reading (a value after its label)."""
    start = len(reading.text) - length
    alts = reading.alternatives[start:] if reading.alternatives else ()
    return Reading(reading.text[start:], reading.score, alts)


def _options(
    reading: Reading, i: int, extra: dict[str, str] | None = None
) -> dict[str, float]:
    """Character → probability at position ``i`` of ``reading``."""
    ch = reading.text[i]
    alts = reading.alternatives[i] if i < len(reading.alternatives) else ()
    opts: dict[str, float] = {}
    for c, p in alts or ((ch, 1.0),):
        opts[c] = max(opts.get(c, 0.0), float(p))
    opts.setdefault(ch, max(opts.values(), default=1.0))
    # The engine's own alternatives are its judgement of look-alikes; the table then only
    # makes a look-alike reachable (a letter where a digit must be), at the floor.
    prior = OTHER_P if alts else CONFUSION_P
    for table in (CONFUSIONS, extra or {}):
        for c in table.get(ch, ""):
            if c != " ":
                opts.setdefault(c, prior)
    return opts


Table = list[dict[str, float]]


def table(reading: Reading, extra: dict[str, str] | None = None) -> Table:
    """Per position of ``reading``: character → probability."""
    return [_options(reading, i, extra) for i in range(len(reading.text))]


def _char_p(
    reading: Reading, tab: Table, i: int, c: str,
    similar: Callable[[str, str], float | None] | None = None,
) -> float:
    p = tab[i].get(c)
    # Shape similarity stands in only where the engine offered no runner-up: where it did,
    # its alternatives are its own judgement of what looks alike (峰: 峄 offered, 薛 not).
    offered = reading.alternatives[i] if i < len(reading.alternatives) else ()
    if p is None and similar is not None and len(offered) <= 1:
        p = similar(reading.text[i], c)
    return max(p or OTHER_P, OTHER_P)


Rows = dict[str, list[float]]  # per character, its log-probability at each position


def _row(
    reading: Reading, tab: Table, c: str,
    similar: Callable[[str, str], float | None] | None, rows: Rows,
) -> list[float]:
    """log P of character ``c`` at every position of the reading, made once per character
    (the candidates of one field share nearly all their characters)."""
    row = rows.get(c)
    if row is None:
        row = rows[c] = [math.log(_char_p(reading, tab, j, c, similar))
                         for j in range(len(reading.text))]  # fmt: skip
    return row


def likelihood(
    text: str, reading: Reading, extra: dict[str, str] | None = None,
    similar: Callable[[str, str], float | None] | None = None, tab: Table | None = None,
    rows: Rows | None = None,
) -> float:
    """P(reading | the printed text is ``text``), up to a constant; a low-score reading
    weighs less (its probabilities are flattened by its score). ``rows``: a memo kept by
    the caller across the texts scored against one reading and ``tab``."""
    tab = tab if tab is not None else table(reading, extra)
    rows = rows if rows is not None else {}
    if len(text) == len(reading.text):
        got = rows.get  # a row made already (nearly every one): no call to make it
        logp = sum([(got(c) or _row(reading, tab, c, similar, rows))[i]
                    for i, c in enumerate(text)])
    else:
        logp = _aligned_logp(text, reading, tab, similar, rows)
    return math.exp(logp * max(min(reading.score, 1.0), 0.3))


def _aligned_logp(
    text: str, reading: Reading, tab: Table,
    similar: Callable[[str, str], float | None] | None, rows: Rows,
) -> float:
    """Best alignment with dropped/added characters (lengths differ)."""
    n, m = len(text), len(reading.text)
    indel = math.log(INDEL_P)
    prev = [j * indel for j in range(m + 1)]
    for i in range(1, n + 1):
        cur = [i * indel] + [0.0] * m
        row = _row(reading, tab, text[i - 1], similar, rows)
        for j in range(1, m + 1):
            sub = prev[j - 1] + row[j - 1]
            cur[j] = max(sub, prev[j] + indel, cur[j - 1] + indel)
        prev = cur
    return prev[m]


def expand(
    reading: Reading, allowed: Allowed | None = None, extra: dict[str, str] | None = None,
    max_edits: int = 2,
) -> list[str]:
    """The most likely texts of the reading's own length (beam search over characters), and
    every text one alternative or look-alike away (which a beam full of ties could drop)."""
    tab = table(reading, extra)
    t = reading.text
    one = [t[:i] + c + t[i + 1 :] for i, opts in enumerate(tab) for c in opts if c != t[i]]
    beam: list[tuple[float, str, int]] = [(0.0, "", 0)]
    for i, opts in enumerate(tab):
        nxt = []
        for logp, prefix, edits in beam:
            for c, p in opts.items():
                if allowed is not None and not allowed(i, c):
                    continue
                e = edits + (c != reading.text[i])
                if e <= max_edits:
                    nxt.append((logp + math.log(max(p, OTHER_P)), prefix + c, e))
        beam = sorted(nxt, reverse=True)[:BEAM]
    return [text for _, text, _ in beam] + one


def singles(reading: Reading, alphabet: str, allowed: Allowed | None = None) -> set[str]:
    """Every text one character of ``alphabet`` away from the reading: the candidates a rule
    must rule out before a correction can be called proven, look-alike or not."""
    t = reading.text
    return {
        t[:i] + c + t[i + 1 :]
        for i in range(len(t))
        for c in alphabet
        if c != t[i] and (allowed is None or allowed(i, c))
    }


def _edits(text: str, readings: Sequence[Reading]) -> int:
    same_length = [r.text for r in readings if len(r.text) == len(text)]
    if not same_length:
        return len(text)
    return min(slips(text, t) for t in same_length)


def _edits_of(text: str, readings: Sequence[Reading], memo: dict[str, int]) -> int:
    got = memo.get(text)
    if got is None:
        got = memo[text] = _edits(text, readings)
    return got


def rank_each(
    readings: Sequence[Reading],
    texts: Iterable[str] = (),
    *,
    allowed: Allowed | None = None,
    extra: dict[str, str] | None = None,
    similar: Callable[[str, str], float | None] | None = None,
    alphabet: str = "",
    keep: Callable[[str], bool] | None = None,
) -> tuple[list[Candidate], list[list[Candidate]]]:
    """Every candidate from every reading (plus ``texts``, plus every single substitution
    from ``alphabet``), most likely first; and the same candidates ranked by each reading on
    its own. A text ``keep`` accepts is never dropped as negligible beside texts it refuses
    (see ``_normalised``)."""
    pool = {t for r in readings for t in expand(r, allowed, extra)} | set(texts)
    if alphabet:
        pool |= {t for r in readings for t in singles(r, alphabet, allowed)}
    pool |= {r.text for r in readings}
    if not pool or not readings:
        return [], [[] for _ in readings]
    tabs = [table(r, extra) for r in readings]
    memos: list[Rows] = [{} for _ in readings]
    logs = {
        t: [
            math.log(max(likelihood(t, r, similar=similar, tab=tab, rows=memo), 1e-300))
            for r, tab, memo in zip(readings, tabs, memos, strict=True)
        ]
        for t in pool
    }
    support = {t: sum(r.text == t for r in readings) for t in pool}
    edits: dict[str, int] = {}  # a text's distance to the readings, the same in every ranking
    joint = _normalised({t: sum(v) for t, v in logs.items()}, support, readings, edits, keep)
    # Readings of one print by one engine make the same mistakes: for a value nobody read as
    # is, they count as one (geometric mean), else a shared misread would look sure.
    cautious = _normalised(
        {t: sum(v) / len(v) for t, v in logs.items()}, support, readings, edits, keep)
    shares = {c.text: c.share for c in cautious}
    joint = [dataclasses.replace(c, cautious=shares.get(c.text, 0.0)) for c in joint]
    each = [
        _normalised({t: v[i] for t, v in logs.items()}, support, readings, edits, keep)
        for i in range(len(readings))
    ]
    return joint, each


def _normalised(
    logs: dict[str, float], support: dict[str, int], readings: Sequence[Reading],
    edits: dict[str, int] | None = None, keep: Callable[[str], bool] | None = None,
) -> list[Candidate]:
    """Candidates by their share of ``logs``; ``edits``: a memo of ``_edits`` over these
    ``readings``, kept by the caller across its rankings (it is most of a ranking's cost).
    A negligible text is dropped unless ``keep`` accepts it: six readings that lost a
    number's last digit under a seal make every whole number negligible beside the short
    texts they read, yet those are no value at all and the whole ones the only candidates."""
    memo = edits if edits is not None else {}
    top = max(logs.values())
    weights = {t: math.exp(v - top) for t, v in logs.items()}
    total = sum(weights.values())
    out = [
        Candidate(t, w / total, support[t], 0 if support[t] else _edits_of(t, readings, memo))
        for t, w in weights.items()
        if w / total > 1e-12 or (w > 0.0 and keep is not None and keep(t))
    ]
    return sorted(out, key=lambda c: (-c.share, c.edits, c.text))


def by_value(
    candidates: Iterable[Candidate], value: Callable[[str], str | None]
) -> dict[str, Candidate]:
    """Candidates grouped by what they mean (two spellings of one date), shares summed; texts
    that mean nothing valid are dropped."""
    out: dict[str, Candidate] = {}
    for c in candidates:
        v = value(c.text)
        if v is None:
            continue
        old = out.get(v)
        if old is None:
            out[v] = Candidate(v, c.share, c.support, c.edits, c.cautious)
        else:
            out[v] = Candidate(
                v, old.share + c.share, old.support + c.support, min(old.edits, c.edits),
                old.cautious + c.cautious,
            )
    return out
