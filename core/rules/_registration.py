"""Periodic registration (定期注册): conclusions, the 5-year period, the state on a given day.

:func:`register` is the one transition: the registrations so far plus a new conclusion give
the conclusion as stored (its period filled in) and the new state, or a refusal."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from core.errors import Conflict, InvalidInput
from core.states import QualificationStatus, RegistrationConclusion, RegistrationState

from ._dates import add_years
from ._status import require_in_force
from ._text import squeeze

REGISTRATION_YEARS = 5
#: How long before the period it grants a 注册合格 is decided, at most: a registration cycle
#: decides the periods that begin within the coming year (a leap year's 366 days). Every
#: decision of the four bench generators' 注册合格 entries leads its period by 0 to 366 days.
DECISION_LEAD_DAYS = 366


_CONCLUSIONS: dict[str, RegistrationConclusion] = {
    **{c.value: c for c in RegistrationConclusion},
    **{c.name.casefold(): c for c in RegistrationConclusion},
    "合格": RegistrationConclusion.QUALIFIED,
    "暂缓": RegistrationConclusion.DEFERRED,
    "不合格": RegistrationConclusion.FAILED,
}
_ONE_OF = "{}、{}或{}".format(*(c.zh for c in RegistrationConclusion))


def parse_registration_conclusion(
    text: str, *, field: str = "registration_conclusion"
) -> RegistrationConclusion:
    """Parse 注册合格/暂缓注册/注册不合格 (or 合格/暂缓/不合格, or the enum names)."""
    if isinstance(text, RegistrationConclusion):
        return text
    found = _CONCLUSIONS.get(squeeze(text).casefold()) if isinstance(text, str) else None
    if found is None:
        raise InvalidInput(
            f"无法识别的注册结论：{text!r}（应为{_ONE_OF}）",
            field=field,
            rule="unknown_registration_conclusion",
        )
    return found


class RegistrationFact(Protocol):
    """One recorded registration decision (read-only view of a registry row)."""

    @property
    def conclusion(self) -> RegistrationConclusion | str: ...
    @property
    def decision_date(self) -> date: ...
    @property
    def valid_from(self) -> date | None: ...
    @property
    def valid_until(self) -> date | None: ...


@dataclass(frozen=True, slots=True)
class RegistrationStatus:
    """The registration state on a day, how long it lasts, and when it was decided."""

    state: RegistrationState
    valid_until: date | None
    decided_on: date | None


NO_REGISTRATION = RegistrationStatus(RegistrationState.NONE, None, None)


def registration_period(valid_from: date) -> tuple[date, date]:
    """The 5-year period starting on ``valid_from``, both ends inclusive.

    The period ends the day before the 5th anniversary, so consecutive periods tile without gap
    or overlap: 2019-09-01 → 2024-08-31, 2023-03-01 → 2028-02-29. A period from 29 Feb has no
    anniversary in a common year; it ends on 28 Feb (2020-02-29 → 2025-02-28).
    """
    anniversary = add_years(valid_from, REGISTRATION_YEARS)
    if anniversary.day < valid_from.day:  # 29 Feb moved to 28 Feb: that day is still covered
        return valid_from, anniversary
    return valid_from, anniversary - timedelta(days=1)


def decided_ahead(decided: date, start: date) -> bool:
    """Whether a decision on ``decided`` can grant a period starting on ``start``: on that day
    or at most :data:`DECISION_LEAD_DAYS` before it (never after)."""
    return 0 <= (start - decided).days <= DECISION_LEAD_DAYS


def _sort_key(fact: RegistrationFact) -> tuple[date, date]:
    return fact.decision_date, fact.valid_from or date.min


def _status_of(
    fact: RegistrationFact, earlier: list[RegistrationFact], at: date
) -> RegistrationStatus:
    conclusion = parse_registration_conclusion(str(fact.conclusion))
    decided = fact.decision_date
    if conclusion is RegistrationConclusion.DEFERRED:
        return RegistrationStatus(RegistrationState.DEFERRED, None, decided)
    if conclusion is RegistrationConclusion.FAILED:
        return RegistrationStatus(RegistrationState.FAILED, None, decided)
    # A missing start defaults to the decision day, a missing end to the full 5-year period.
    start = fact.valid_from or decided
    end = fact.valid_until or registration_period(start)[1]
    if at < start:
        # Decided, but the new period has not begun: whatever was in force before still holds.
        return _latest(earlier, at)
    state = RegistrationState.REGISTERED if at <= end else RegistrationState.LAPSED
    return RegistrationStatus(state, end, decided)


def _latest(facts: list[RegistrationFact], at: date) -> RegistrationStatus:
    if not facts:
        return NO_REGISTRATION
    return _status_of(facts[-1], facts[:-1], at)


def registration_state(facts: Iterable[RegistrationFact], at: date) -> RegistrationStatus:
    """Registration state on ``at``: the latest decision taken on or before it wins.

    Ties on the decision date go to the later ``valid_from``; remaining ties to the fact given
    last. A 注册合格 whose period starts after ``at`` leaves the earlier state in force.
    """
    known = sorted((f for f in facts if f.decision_date <= at), key=_sort_key)
    return _latest(known, at)


# ---- recording a new conclusion -------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class RegistrationDecision:
    """One 定期注册 conclusion as recorded: a 注册合格 carries its period."""

    conclusion: RegistrationConclusion
    decision_date: date
    valid_from: date | None = None
    valid_until: date | None = None


@dataclass(frozen=True, slots=True)
class Registered:
    """What :func:`register` accepted: the decision to store and the state on its date."""

    decision: RegistrationDecision
    status: RegistrationStatus


def _period(decision: RegistrationDecision) -> RegistrationDecision:
    """The decision with its period filled in (注册合格) or checked absent (the others)."""
    conclusion, start, end = decision.conclusion, decision.valid_from, decision.valid_until
    if conclusion is not RegistrationConclusion.QUALIFIED:
        if start or end:
            raise InvalidInput(f"{conclusion.zh} 没有注册有效期 (no period)",
                               field="valid_from", rule="registration_period_not_allowed")
        return decision
    start = start or decision.decision_date
    longest = registration_period(start)[1]
    end = end or longest
    if end <= start:
        raise InvalidInput(f"注册有效期结束 {end} 不晚于开始 {start}", field="valid_until",
                           rule="registration_period_order")
    if end > longest:
        raise InvalidInput(f"注册有效期最长 5 年：{start} 起至多到 {longest}",
                           field="valid_until", rule="registration_period_too_long")
    return RegistrationDecision(conclusion, decision.decision_date, start, end)


def _check_same_day(known: Sequence[RegistrationFact], decision: RegistrationDecision) -> None:
    for fact in known:
        other = parse_registration_conclusion(str(fact.conclusion))
        if fact.decision_date == decision.decision_date and other is not decision.conclusion:
            raise Conflict(
                f"{decision.decision_date} 已记录注册结论“{other.zh}”，同一天不能再记录"
                f"“{decision.conclusion.zh}” (contradictory conclusions on the same date)",
                code="registration_contradiction")


def _check_overlap(known: Sequence[RegistrationFact], start: date, end: date) -> None:
    for fact in known:
        if parse_registration_conclusion(str(fact.conclusion)) is not \
                RegistrationConclusion.QUALIFIED:
            continue
        r_start = fact.valid_from or fact.decision_date
        r_end = fact.valid_until or registration_period(r_start)[1]
        if start <= r_end and r_start <= end:
            raise Conflict(
                f"注册有效期 {start}–{end} 与已有的注册合格期 {r_start}–{r_end} 重叠"
                "（consecutive periods must not overlap）", code="registration_overlap")


def register(
    known: Sequence[RegistrationFact], decision: RegistrationDecision, *,
    qualification: QualificationStatus = QualificationStatus.VALID,
) -> Registered:
    """The one transition of registration: the conclusions recorded so far (the current
    state) plus a new one give the decision to store and the state on its date.

    Refused: a qualification not in force (``certificate_<status>``); a period on anything
    but 注册合格, or one longer than 5 years (InvalidInput); a different conclusion already
    recorded on the same date (``registration_contradiction``); a 注册合格 period overlapping
    an earlier one (``registration_overlap``).
    """
    require_in_force(qualification, "定期注册")
    accepted = _period(decision)
    _check_same_day(known, accepted)
    if accepted.valid_from is not None and accepted.valid_until is not None:
        _check_overlap(known, accepted.valid_from, accepted.valid_until)
    status = registration_state([*known, accepted], accepted.decision_date)
    return Registered(accepted, status)
