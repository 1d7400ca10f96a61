"""Qualification status (资格状态): the one transition function and its table.

:func:`transition` is the only place that decides whether a status event may follow the current
status and what the status becomes; the issuer writes ``Certificate.status`` through it and
:func:`qualification_status` replays recorded events through it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Final, Protocol

from core.errors import Conflict, InvalidInput
from core.states import QualificationStatus, StatusEventKind

from ._dates import add_years

# 教师资格条例 art. 19: a revoked holder may not apply again within 5 years of the decision.
REAPPLICATION_BAR_YEARS = 5

_S, _E = QualificationStatus, StatusEventKind

#: (current status, event) → new status. A pair that is not listed is refused: forfeiture
#: (art. 18) is final except that the decision itself may be overturned (reinstatement); a
#: replaced or void certificate no longer changes; only a revoked or forfeited one is reinstated.
TRANSITIONS: Final[Mapping[tuple[QualificationStatus, StatusEventKind], QualificationStatus]] = {
    (_S.VALID, _E.REVOCATION): _S.REVOKED,
    (_S.VALID, _E.FORFEITURE): _S.FORFEITED,
    (_S.VALID, _E.REPLACEMENT): _S.REPLACED,
    (_S.VALID, _E.VOID): _S.VOID,
    (_S.REVOKED, _E.FORFEITURE): _S.FORFEITED,
    (_S.REVOKED, _E.REINSTATEMENT): _S.VALID,
    (_S.FORFEITED, _E.REINSTATEMENT): _S.VALID,
}


class StatusFact(Protocol):
    """One recorded status event (read-only view of a registry row)."""

    @property
    def kind(self) -> StatusEventKind | str: ...
    @property
    def effective_date(self) -> date: ...
    @property
    def replaced_by(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class StatusChange:
    """A status event about to be applied (or replayed)."""

    kind: StatusEventKind
    effective_date: date
    replaced_by: str | None = None


@dataclass(frozen=True, slots=True)
class StatusResult:
    """The status on a day, since when, the reapplication bar's last day, the successor."""

    status: QualificationStatus
    since: date | None
    reapply_after: date | None
    replaced_by: str | None


VALID = StatusResult(QualificationStatus.VALID, None, None, None)


def refusal(current: QualificationStatus, doing: str, *, event: bool = True) -> Conflict:
    """The Conflict for an action the status does not allow (``doing``: the action in words;
    ``event``: the action is a status event, which a forfeiture refuses as final)."""
    if event and current is QualificationStatus.FORFEITED:
        return Conflict(f"{current.zh}教师资格，丧失是永久的，只能恢复，不能{doing}",
                        code="forfeiture_is_final")
    return Conflict(f"资格状态为“{current.zh}”，不能{doing}", code=f"certificate_{current.value}")


def transition(current: QualificationStatus | StatusResult, change: StatusChange) -> StatusResult:
    """The status after ``change``; raises Conflict (``forfeiture_is_final`` or
    ``certificate_<status>``) when the current status does not allow it.

    ``reapply_after`` is the last day of the 5-year bar after a revocation (applications are
    accepted from the next day).
    """
    status = current.status if isinstance(current, StatusResult) else QualificationStatus(current)
    new = TRANSITIONS.get((status, change.kind))
    if new is None:
        raise refusal(status, change.kind.zh)
    when = change.effective_date
    bar = add_years(when, REAPPLICATION_BAR_YEARS) if change.kind is _E.REVOCATION else None
    successor = change.replaced_by if new is _S.REPLACED else None
    return StatusResult(new, when, bar, successor)


def require_in_force(current: QualificationStatus | str, doing: str) -> None:
    """Conflict unless the qualification is valid: an act on the booklet itself (补发, 换发,
    定期注册) that changes no status needs a qualification in force."""
    status = QualificationStatus(current)
    if status is not QualificationStatus.VALID:
        raise refusal(status, doing, event=False)


def _change(fact: StatusFact) -> StatusChange:
    try:
        kind = StatusEventKind(str(fact.kind))
    except ValueError:
        raise InvalidInput(
            f"未知的资格状态事件：{fact.kind!r}", field="kind", rule="unknown_status_event"
        ) from None
    return StatusChange(kind, fact.effective_date, fact.replaced_by)


def qualification_status(events: Iterable[StatusFact], at: date) -> StatusResult:
    """Status on ``at``: events on or before it replayed through :func:`transition` in date
    order (stable for ties). Raises Conflict for a sequence the table refuses."""
    result = VALID
    for fact in sorted(
        (e for e in events if e.effective_date <= at), key=lambda e: e.effective_date
    ):
        result = transition(result, _change(fact))
    return result
