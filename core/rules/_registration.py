"""Periodic registration (定期注册): conclusions, the 5-year period, the state on a given day."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Protocol

from core.errors import InvalidInput

from ._dates import add_years
from ._text import bilingual, squeeze

REGISTRATION_YEARS = 5


class RegistrationConclusion(StrEnum):
    """The three conclusions a county may record."""

    QUALIFIED = "注册合格"
    DEFERRED = "暂缓注册"
    FAILED = "注册不合格"


class RegistrationState(StrEnum):
    """What a verifier shows about a holder's registration on a given day."""

    REGISTERED = "registered"
    DEFERRED = "deferred"
    FAILED = "failed"
    LAPSED = "lapsed"
    NONE = "none"

    def label(self, lang: str = "zh") -> str:
        """Short name shown to people: 定期注册合格, 注册已过期 … (``lang="en"``: English)."""
        return bilingual(_STATE_LABELS[self], lang)


_STATE_LABELS: dict[RegistrationState, tuple[str, str]] = {
    RegistrationState.REGISTERED: ("定期注册合格", "registered"),
    RegistrationState.DEFERRED: ("暂缓注册", "registration deferred"),
    RegistrationState.FAILED: ("注册不合格", "registration failed"),
    RegistrationState.LAPSED: ("注册已过期", "registration lapsed"),
    RegistrationState.NONE: ("未注册", "never registered"),
}


_CONCLUSIONS: dict[str, RegistrationConclusion] = {
    **{c.value: c for c in RegistrationConclusion},
    **{c.name.casefold(): c for c in RegistrationConclusion},
    "合格": RegistrationConclusion.QUALIFIED,
    "暂缓": RegistrationConclusion.DEFERRED,
    "不合格": RegistrationConclusion.FAILED,
}


def parse_registration_conclusion(
    text: str, *, field: str = "registration_conclusion"
) -> RegistrationConclusion:
    """Parse 注册合格/暂缓注册/注册不合格 (or 合格/暂缓/不合格, or the enum names)."""
    if isinstance(text, RegistrationConclusion):
        return text
    found = _CONCLUSIONS.get(squeeze(text).casefold()) if isinstance(text, str) else None
    if found is None:
        raise InvalidInput(
            f"无法识别的注册结论：{text!r}（应为注册合格、暂缓注册或注册不合格）",
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
