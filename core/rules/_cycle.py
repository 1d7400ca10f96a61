"""The 定期注册 workflow: one application's moves through a cycle, and who is due.

:func:`advance` is the one transition of an application: its current facts, a step, the day
(CST) and the cycle's windows give the new state, or a refusal (``core.errors.Conflict`` with
a machine code and a Chinese message saying what is allowed instead). The services store what
it returns and nothing else; a property test drives random step sequences through it.

The stages (the notice on periodic registration): the teacher applies (本人申请) → the school
reviews (学校审查: pass, or return for correction) → the county decides (县级审核: 注册合格,
暂缓注册 or 注册不合格, a reason for the last two) → the county publishes the conclusion for
public notice (公示, ``notice_days`` days, objections hold it) → the city confirms or returns it
to the county (市级复核) → the province files it (省级备案), when it becomes the certificate's
registration.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from core.errors import Conflict, InvalidInput
from core.states import (
    ApplicationState,
    ApplicationStep,
    CycleState,
    QualificationStatus,
    RegistrationConclusion,
    RegistrationReason,
    RegistrationState,
)

from ._registration import RegistrationFact, registration_state

_A, _S = ApplicationState, ApplicationStep

#: (state, step) → new state; a pair not listed is refused. ``None`` is "no application yet".
MOVES: dict[tuple[ApplicationState | None, ApplicationStep], ApplicationState] = {
    (None, _S.SUBMIT): _A.SUBMITTED,
    (_A.RETURNED, _S.RESUBMIT): _A.SUBMITTED,
    (_A.SUBMITTED, _S.SCHOOL_PASS): _A.SCHOOL_PASSED,
    (_A.SUBMITTED, _S.SCHOOL_RETURN): _A.RETURNED,
    (_A.SCHOOL_PASSED, _S.DECIDE): _A.DECIDED,
    (_A.CITY_RETURNED, _S.DECIDE): _A.DECIDED,
    # a conclusion may be changed by the county (an objection upheld): the notice starts again
    (_A.DECIDED, _S.DECIDE): _A.DECIDED,
    (_A.DECIDED, _S.PUBLISH): _A.DECIDED,
    (_A.DECIDED, _S.CITY_CONFIRM): _A.CONFIRMED,
    (_A.DECIDED, _S.CITY_RETURN): _A.CITY_RETURNED,
    (_A.CONFIRMED, _S.FILE): _A.FILED,
}


@dataclass(frozen=True, slots=True)
class Window:
    """A stage's dates, both ends inclusive."""

    first: date
    last: date

    def holds(self, day: date) -> bool:
        """Whether ``day`` falls in the window."""
        return self.first <= day <= self.last


@dataclass(frozen=True, slots=True)
class CycleWindows:
    """The stage windows of a cycle (its planning), and whether it is still open."""

    apply: Window
    school: Window
    county: Window
    city: Window
    notice_days: int = 7
    state: CycleState = CycleState.OPEN


@dataclass(frozen=True, slots=True)
class ApplicationFacts:
    """What the transition needs of an application (``state=None``: none exists yet)."""

    state: ApplicationState | None
    conclusion: RegistrationConclusion | None = None
    reason: RegistrationReason | None = None
    notice_from: date | None = None
    open_objections: int = 0
    qualification: QualificationStatus = QualificationStatus.VALID


@dataclass(frozen=True, slots=True)
class Decision:
    """The county's conclusion for :data:`ApplicationStep.DECIDE`."""

    conclusion: RegistrationConclusion
    reason: RegistrationReason | None = None


def _window_of(step: ApplicationStep, windows: CycleWindows) -> tuple[Window, str]:
    """The window a step must fall in, and the stage's name for the refusal."""
    if step is _S.SUBMIT:
        return windows.apply, "申请"
    if step is _S.RESUBMIT:  # a returned application may be corrected until school review ends
        return Window(windows.apply.first, windows.school.last), "补正"
    if step in (_S.SCHOOL_PASS, _S.SCHOOL_RETURN):
        return windows.school, "学校审查"
    if step in (_S.DECIDE, _S.PUBLISH):
        return windows.county, "县级审核"
    if step is _S.FILE:  # the province files once the city has begun; no end
        return Window(windows.city.first, date.max), "省级备案"
    return windows.city, "市级复核"


def notice_ends(notice_from: date, days: int) -> date:
    """The first day after a notice of ``days`` days that starts on ``notice_from``."""
    return notice_from + timedelta(days=days)


def _refuse(message: str, code: str) -> Conflict:
    return Conflict(message, code=code)


def _check_window(step: ApplicationStep, windows: CycleWindows, today: date) -> None:
    window, stage = _window_of(step, windows)
    if not window.holds(today):
        last = "" if window.last == date.max else f" 至 {window.last}"
        raise _refuse(f"今天（{today}）不在{stage}时间内（{window.first}{last}）"
                      f"(outside the {step.en} window)", "outside_window")


def _check_guards(facts: ApplicationFacts, step: ApplicationStep, today: date,
                  windows: CycleWindows, decision: Decision | None) -> None:
    if step is _S.SUBMIT and facts.qualification is not QualificationStatus.VALID:
        raise _refuse(f"教师资格{facts.qualification.zh}，不能申请定期注册 "
                      "(the qualification is not in force)", f"certificate_{facts.qualification}")
    if step is _S.DECIDE:
        if decision is None:
            raise InvalidInput("县级审核需要注册结论 (a conclusion is required)",
                               field="conclusion", rule="conclusion_required")
        needs_reason = decision.conclusion is not RegistrationConclusion.QUALIFIED
        if needs_reason and decision.reason is None:
            raise InvalidInput(f"{decision.conclusion.zh}须选择原因 (a reason is required)",
                               field="reason", rule="reason_required")
        if not needs_reason and decision.reason is not None:
            raise InvalidInput("注册合格不附原因 (no reason for 注册合格)",
                               field="reason", rule="reason_not_allowed")
    if step is _S.PUBLISH and facts.notice_from is not None:
        raise _refuse(f"已于 {facts.notice_from} 开始公示 (already on notice)", "already_on_notice")
    if step is _S.CITY_CONFIRM:
        _check_notice(facts, today, windows.notice_days)


def _check_notice(facts: ApplicationFacts, today: date, days: int) -> None:
    if facts.notice_from is None:
        raise _refuse("结论尚未公示，不能复核通过 (not yet on public notice)", "not_on_notice")
    ends = notice_ends(facts.notice_from, days)
    if today < ends:
        raise _refuse(f"公示期 {facts.notice_from} 起 {days} 天，{ends} 起才能复核通过 "
                      "(the public notice has not ended)", "notice_running")
    if facts.open_objections:
        raise _refuse(f"有 {facts.open_objections} 条异议待处理，处理后才能复核通过 "
                      "(an objection is open)", "objection_open")


def advance(facts: ApplicationFacts, step: ApplicationStep, *, today: date,
            windows: CycleWindows, decision: Decision | None = None) -> ApplicationFacts:
    """The one transition of a 定期注册 application: the facts after ``step`` on ``today``.

    Refused (``Conflict``): a filed cycle (``cycle_filed``), a step that does not follow the
    state (``step_not_allowed``), a day outside the step's window (``outside_window``), a
    qualification not in force at application (``certificate_<status>``), publishing twice
    (``already_on_notice``), confirming before the notice was published or ended or while an
    objection is open (``not_on_notice`` / ``notice_running`` / ``objection_open``).
    A decision without its conclusion, or the reason missing/superfluous: ``InvalidInput``.
    """
    if windows.state is CycleState.FILED:
        raise _refuse("本周期已省级备案，不能再变更 (the cycle is filed)", "cycle_filed")
    new_state = MOVES.get((facts.state, step))
    if new_state is None:
        now = facts.state.zh if facts.state else "未申请"
        raise _refuse(f"当前状态“{now}”不能{step.zh} (not allowed from {facts.state})",
                      "step_not_allowed")
    _check_window(step, windows, today)
    _check_guards(facts, step, today, windows, decision)
    if step is _S.DECIDE:
        assert decision is not None  # checked by _check_guards
        return replace(facts, state=new_state, conclusion=decision.conclusion,
                       reason=decision.reason, notice_from=None)
    if step is _S.PUBLISH:
        return replace(facts, state=new_state, notice_from=today)
    if step is _S.CITY_RETURN:
        return replace(facts, state=new_state, notice_from=None)
    return replace(facts, state=new_state)


def allowed_steps(facts: ApplicationFacts) -> list[ApplicationStep]:
    """The steps that may follow the state at all (windows and guards not yet checked)."""
    return [step for (state, step) in MOVES if state == facts.state]


def is_due(facts: Iterable[RegistrationFact], period_start: date) -> bool:
    """Whether a holder is due in a cycle whose 注册合格 periods start on ``period_start``:
    never registered, deferred, failed or lapsed then, or registered until less than a year
    after it (a 5-year period ending in this cycle)."""
    status = registration_state(facts, period_start)
    if status.state is not RegistrationState.REGISTERED or status.valid_until is None:
        return True
    return status.valid_until < period_start + timedelta(days=365)
