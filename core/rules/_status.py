"""Qualification status (资格状态): revocation, forfeiture, reinstatement, replacement, void."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Protocol

from core.errors import Conflict, InvalidInput

from ._dates import add_years
from ._text import bilingual

# 教师资格条例 art. 19: a revoked holder may not apply again within 5 years of the decision.
REAPPLICATION_BAR_YEARS = 5


class QualificationStatus(StrEnum):
    """Whether the qualification itself stands (independent of registration)."""

    VALID = "valid"
    REVOKED = "revoked"
    FORFEITED = "forfeited"
    REPLACED = "replaced"
    VOID = "void"

    def label(self, lang: str = "zh") -> str:
        """Short name shown to people: 有效, 已撤销 … (``lang="en"``: English)."""
        return bilingual(_STATUS_LABELS[self], lang)


_STATUS_LABELS: dict[QualificationStatus, tuple[str, str]] = {
    QualificationStatus.VALID: ("有效", "valid"),
    QualificationStatus.REVOKED: ("已撤销", "revoked"),
    QualificationStatus.FORFEITED: ("已丧失", "forfeited"),
    QualificationStatus.REPLACED: ("已换发", "replaced"),
    QualificationStatus.VOID: ("已作废", "void"),
}


class StatusEventKind(StrEnum):
    """A recorded change of qualification status."""

    REVOCATION = "revocation"
    FORFEITURE = "forfeiture"
    REINSTATEMENT = "reinstatement"
    REPLACEMENT = "replacement"
    VOID = "void"

    @property
    def label(self) -> str:
        """Chinese name shown to users."""
        return _LABELS[self]


_LABELS: dict[StatusEventKind, str] = {
    StatusEventKind.REVOCATION: "撤销",
    StatusEventKind.FORFEITURE: "丧失",
    StatusEventKind.REINSTATEMENT: "恢复（原决定被撤销）",
    StatusEventKind.REPLACEMENT: "换发",
    StatusEventKind.VOID: "作废",
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
class StatusResult:
    """The status on a day, since when, the reapplication bar's last day, the successor."""

    status: QualificationStatus
    since: date | None
    reapply_after: date | None
    replaced_by: str | None


VALID = StatusResult(QualificationStatus.VALID, None, None, None)


def _kind(fact: StatusFact) -> StatusEventKind:
    try:
        return StatusEventKind(str(fact.kind))
    except ValueError:
        raise InvalidInput(
            f"未知的资格状态事件：{fact.kind!r}", field="kind", rule="unknown_status_event"
        ) from None


def _apply(current: StatusResult, kind: StatusEventKind, fact: StatusFact) -> StatusResult:
    when = fact.effective_date
    if (
        current.status is QualificationStatus.FORFEITED
        and kind is not StatusEventKind.REINSTATEMENT
    ):
        raise Conflict(
            f"资格已于 {current.since} 丧失，之后只能恢复，不能再{kind.label}",
            code="forfeiture_is_final",
        )
    if kind is StatusEventKind.REVOCATION:
        bar_ends = add_years(when, REAPPLICATION_BAR_YEARS)
        return StatusResult(QualificationStatus.REVOKED, when, bar_ends, None)
    if kind is StatusEventKind.FORFEITURE:
        return StatusResult(QualificationStatus.FORFEITED, when, None, None)
    if kind is StatusEventKind.REINSTATEMENT:
        return StatusResult(QualificationStatus.VALID, when, None, None)
    if kind is StatusEventKind.REPLACEMENT:
        return StatusResult(QualificationStatus.REPLACED, when, None, fact.replaced_by)
    return StatusResult(QualificationStatus.VOID, when, None, None)


def qualification_status(events: Iterable[StatusFact], at: date) -> StatusResult:
    """Status on ``at``: events on or before it applied in date order (stable for ties).

    ``reapply_after`` is the last day of the 5-year bar after a revocation (applications are
    accepted from the next day); forfeiture is permanent. Raises Conflict if anything other
    than a reinstatement follows a forfeiture.
    """
    result = VALID
    for fact in sorted(
        (e for e in events if e.effective_date <= at), key=lambda e: e.effective_date
    ):
        result = _apply(result, _kind(fact), fact)
    return result
