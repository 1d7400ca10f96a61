"""One information field before the joint decision: its readings, and its candidate values
grouped by what they mean under the field's rules (``scanning._rulesets``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from scanning import _candidates as cands
from scanning import _rulesets as rs
from scanning import _variants as variants
from scanning import _vocab_registry as reg
from scanning._candidates import Candidate
from scanning._date_fields import DATE_FIELDS
from scanning._ocr import Reading

_NUMBERS = frozenset({"id_number", "certificate_number"})


@dataclass
class Field:
    """One field's readings and its candidate values (value → candidate), before the joint."""

    key: str
    readings: list[Reading]
    options: dict[str, Candidate] = field(default_factory=dict)
    own: list[dict[str, float]] = field(default_factory=list)  # each reading alone: value → share
    snapped: bool = False  # value taken from a vocabulary near the reading
    spec: rs.Spec | None = None  # the rules the candidates were judged by
    codes: frozenset[str] = frozenset()  # registry codes its digits 5–9 must be to be proven
    restored: dict[str, str] = field(default_factory=dict)  # value → rule that restored it
    # Position → digit another field read surely fixes (``scanning._decide_fixed``).
    fixed: dict[int, str] = field(default_factory=dict)
    # A third reading from other pixels (``scanning._third_view``), read only when asked.
    third: Callable[[], Reading | None] | None = None
    # A number's box read stretched and widened (``scanning._widen``), read only when asked.
    whole: Callable[[int], list[Reading]] | None = None

    @property
    def best_read(self) -> str:
        """The first reading's text, for messages."""
        return self.readings[0].text if self.readings else ""


def prepare(
    key: str, readings: Sequence[Reading], today: date, rules: str = "",
    known: reg.Known = reg.NONE,
) -> Field:
    """Rank the candidates of one field and group them by the value they mean (under the
    rules of ``rules``, by default the field's own; ``known``: the registry's authorities)."""
    spec = rs.spec(rules or key, today, known)
    # A traditional form read beside its offered simplified one is that simplified character.
    f = Field(key, [spec.tidy(variants.reading(r)) for r in readings if r.text], spec=spec)
    if not f.readings:
        return f
    # A number's whole candidates stay beside the short texts most readings hold (digits a
    # seal kept out of the box): those are no value, so they cannot outweigh one.
    whole = (lambda t: spec.value(t) is not None) if key in _NUMBERS else None
    # So does a date some reading read whole, as is, beside readings that lost characters of it
    # under a grey seal's ring (二二年九月二日, four times, beside 二〇二二年九月二十二日 twice).
    read = {r.text for r in f.readings}
    whole = whole or ((lambda t: t in read and spec.value(t) is not None)
                      if key in DATE_FIELDS else None)
    joint, each = _rank(f.readings, spec, whole)
    meaning = {c.text: spec.value(c.text) for c in joint}
    f.options = cands.by_value(joint, meaning.__getitem__)
    for r, mine in zip(f.readings, each, strict=True):
        # A reading speaks for the values it read character for character, not for one it
        # would need characters added or dropped to become.
        same = [c for c in mine if len(c.text) == len(r.text)]
        grouped = cands.by_value(same, lambda t: meaning.get(t))
        total = sum(c.share for c in grouped.values()) or 1.0
        f.own.append({v: c.share / total for v, c in grouped.items()})
    f.snapped = spec.vocabulary and not any(spec.value(r.text) for r in f.readings)
    return f


def _rank(
    readings: Sequence[Reading], spec: rs.Spec, keep: Callable[[str], bool] | None = None
) -> tuple[list[Candidate], list[list[Candidate]]]:
    near = {t for r in readings for t in (spec.near(r.text) if spec.near else ())}
    return cands.rank_each(
        readings, near, allowed=spec.allowed, extra=spec.extra, alphabet=spec.alphabet,
        similar=spec.similar, keep=keep,
    )
