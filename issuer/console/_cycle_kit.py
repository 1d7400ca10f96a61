"""What the 定期注册 console pages share: rendering with the section ``/admin/cycles`` active,
the flags of what the user's role may do in a cycle (core.policy, never a role tuple), the cycle
looked up within the user's region, and the form's conclusion and reason read into the states."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from sqlmodel import Session

from core.db import row_or_none
from core.errors import EcertError, InvalidInput, NotFound
from core.models import RegistrationCycle, User
from core.policy import Action, authorize, may
from core.states import ApplicationState, CycleState, RegistrationConclusion, RegistrationReason
from issuer._cycle import authorize_cycle
from issuer.console._action_kit import refusal, render

__all__ = ["NAV", "capabilities", "conclusion_of", "cycle_in_reach", "page", "reason_of",
           "refused", "school_of", "tone"]

NAV = "/admin/cycles"


_A = ApplicationState
#: how a state looks in a table: done (ok), waiting on someone (warn), sent back (bad)
_TONES = {_A.RETURNED: "bad", _A.CITY_RETURNED: "bad", _A.CONFIRMED: "ok", _A.FILED: "ok"}


def tone(state: ApplicationState) -> str:
    """The badge colour of an application's state."""
    return _TONES.get(state, "warn")


def school_of(user: User) -> str | None:
    """A school reviewer sees their school's applications only (None: everyone else, all)."""
    return (user.school or None) if user.role == "school" else None


def cycle_in_reach(session: Session, user: User, cycle_id: int,
                   action: Action | None = None) -> RegistrationCycle:
    """The cycle, when the user may read it (NotFound outside their region, as if absent;
    PermissionDenied for a role that may not read cycles) and, given ``action``, do that in it
    (a school reviewer: for their school)."""
    authorize(user, Action.CYCLE_READ)
    cycle = row_or_none(session, RegistrationCycle, cycle_id)
    if cycle is None or not cycle.region.startswith(user.region):
        raise NotFound("没有这个注册周期，或不在您的管辖区域内 (no such cycle in your region)",
                       code="cycle_not_found")
    authorize_cycle(user, Action.CYCLE_READ, cycle)
    if action is not None:
        authorize_cycle(user, action, cycle, school=school_of(user))
    return cycle


def page(request: Request, name: str, context: dict[str, Any],
         status_code: int = 200) -> HTMLResponse:
    """A 定期注册 page (``cycle/<name>``) with the console's staff context."""
    return render(request, f"cycle/{name}", {
        "conclusions": list(RegistrationConclusion), "reasons": list(RegistrationReason),
        "tone": tone,
        **context}, nav=NAV, status_code=status_code)


def refused(request: Request, exc: EcertError) -> HTMLResponse:
    """The refusal's Chinese message on its own page, with the error's status."""
    return page(request, "message.html", {"message": refusal(exc)}, exc.http_status)


def _school_ok(user: User, action: Action, cycle: RegistrationCycle,
               school: str | None) -> bool:
    return may(user, action, division_code=cycle.region, school=school)


def capabilities(user: User, cycle: RegistrationCycle,
                 school: str | None = None) -> dict[str, bool]:
    """What the user may do in ``cycle`` (for one application's ``school``, when given)."""
    is_open = cycle.state is CycleState.OPEN

    def can(action: Action) -> bool:
        return is_open and _school_ok(user, action, cycle, school)

    return {"apply": can(Action.CYCLE_APPLY), "school": can(Action.CYCLE_SCHOOL),
            "correct": can(Action.CYCLE_SCHOOL), "decide": can(Action.CYCLE_DECIDE),
            "publish": can(Action.CYCLE_DECIDE), "objection": can(Action.CYCLE_OBJECTION),
            "city": can(Action.CYCLE_CITY), "file": can(Action.CYCLE_FILE),
            "plan": may(user, Action.CYCLE_PLAN)}


def conclusion_of(value: str) -> RegistrationConclusion:
    """The conclusion a form chose (InvalidInput with the Chinese words when none or unknown)."""
    try:
        return RegistrationConclusion(value)
    except ValueError:
        raise InvalidInput("请选择注册结论 (choose a conclusion)", field="conclusion",
                           rule="conclusion_required") from None


def reason_of(value: str) -> RegistrationReason | None:
    """The reason a form chose; None for none."""
    if not value:
        return None
    try:
        return RegistrationReason(value)
    except ValueError:
        raise InvalidInput(f"未知的原因：{value}", field="reason", rule="reason_unknown") from None
