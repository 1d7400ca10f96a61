"""定期注册 cycles: planning (后台设置) and what every step service shares.

A cycle belongs to one county (a 6-digit GB/T 2260 code: the county decides, its notice page is
per county) and one year; its windows are the stages' dates (CST, both ends inclusive). Every
application step goes through ``core.rules.advance`` with the facts read from the rows here
(:func:`facts_of`, :func:`windows_of`) and is stored by :func:`save_application`, a
compare-and-set on ``row_version``. Who may act is core.policy's (:func:`authorize_cycle`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, TypeVar

from sqlalchemy import func, update
from sqlmodel import Session, SQLModel, col, select

from core.audit import record_event
from core.clock import today, utcnow
from core.db import row_or_none
from core.errors import Conflict, InvalidInput, NotFound
from core.models import (
    Authority,
    Certificate,
    RegistrationApplication,
    RegistrationCycle,
    RegistrationObjection,
)
from core.policy import Action, Principal, authorize
from core.rules import (
    ApplicationFacts,
    CycleWindows,
    Window,
    clean_text,
    division_name,
    division_table,
)
from core.states import CycleState, ObjectionState

__all__ = [
    "CyclePlan",
    "authorize_application",
    "authorize_cycle",
    "covers",
    "cycle_by_id",
    "demo_county",
    "demo_plan",
    "cycles_for",
    "facts_of",
    "application_by_id",
    "open_cycle",
    "open_cycles_for_certificate",
    "plan_of",
    "row_by_id",
    "save_application",
    "update_cycle",
    "windows_of",
]

_MAX_POINTS = 50
_Row = TypeVar("_Row", bound=SQLModel)


@dataclass(frozen=True)
class CyclePlan:
    """What an admin sets for a cycle: county, year, the 注册合格 period start, the stage
    windows, the notice length and the confirmation points."""

    region: str
    year: int
    period_start: date
    apply: Window
    school: Window
    county: Window
    city: Window
    title: str = ""
    notice_days: int = 7
    #: confirmation points (确认点): {"name", "address", "users": [user names]}
    points: Sequence[Mapping[str, Any]] = field(default_factory=tuple)


# ---- checks ---------------------------------------------------------------------------------

def _county_name(region: str) -> str:
    if not (len(region) == 6 and region.isdigit()) or region.endswith("00"):
        raise InvalidInput(f"定期注册周期按县（区）设置，应为 6 位县级区划代码：{region!r} "
                           "(a cycle is for one county: a 6-digit county code)",
                           field="region", rule="cycle_region")
    name = division_name(region)
    if name is not None and name == division_name(region[:4] + "00"):
        name = None  # 市辖区 and the like: a placeholder, not a county
    if name is None:
        raise InvalidInput(f"未知的行政区划代码 {region} (unknown division code)",
                           field="region", rule="unknown_division")
    return name


def _check_windows(plan: CyclePlan) -> None:
    stages = (("apply", "申请", plan.apply), ("school", "学校审查", plan.school),
              ("county", "县级审核", plan.county), ("city", "市级复核", plan.city))
    for name, zh, window in stages:
        if window.first > window.last:
            raise InvalidInput(f"{zh}开始 {window.first} 晚于结束 {window.last} "
                               f"(the {name} window ends before it starts)",
                               field=f"{name}_from", rule="window_order")
    for (name, zh, a), (_, zh2, b) in zip(stages, stages[1:], strict=False):
        if b.first < a.first or b.last < a.last:
            raise InvalidInput(f"{zh2}时间不能早于{zh}时间（{a.first}–{a.last}）"
                               f"(stages follow one another)", field=f"{name}_until",
                               rule="window_sequence")


def _check_plan(plan: CyclePlan) -> tuple[str, str]:
    """The county's name and the cleaned title; InvalidInput for anything out of shape."""
    name = _county_name(plan.region)
    if not 2000 <= plan.year <= 9999 or abs(plan.period_start.year - plan.year) > 1:
        raise InvalidInput(f"年度 {plan.year} 与注册有效期开始 {plan.period_start} 不符 "
                           "(year and period start disagree)", field="year", rule="cycle_year")
    if not 1 <= plan.notice_days <= 30:
        raise InvalidInput("公示期应为 1–30 天 (notice days 1–30)", field="notice_days",
                           rule="notice_days")
    _check_windows(plan)
    title = plan.title.strip() or f"{name}{plan.year}年中小学教师资格定期注册"
    return name, clean_text(title, "title", max_length=100)


def _points_json(points: Sequence[Mapping[str, Any]]) -> str:
    if len(points) > _MAX_POINTS:
        raise InvalidInput(f"确认点最多 {_MAX_POINTS} 个", field="points", rule="too_many")
    out = []
    for point in points:
        users = point.get("users") or []
        if not isinstance(users, list) or len(users) > 50:
            raise InvalidInput("确认点的用户应为用户名列表", field="points", rule="points_users")
        out.append({"name": clean_text(str(point.get("name", "")), "points.name",
                                       max_length=100),
                    "address": str(point.get("address", "")).strip()[:200],
                    "users": [clean_text(str(u), "points.users", max_length=64) for u in users]})
    return json.dumps(out, ensure_ascii=False)


def _plan_values(plan: CyclePlan, title: str) -> dict[str, Any]:
    return {"title": title, "period_start": plan.period_start,
            "apply_from": plan.apply.first, "apply_until": plan.apply.last,
            "school_from": plan.school.first, "school_until": plan.school.last,
            "county_from": plan.county.first, "county_until": plan.county.last,
            "city_from": plan.city.first, "city_until": plan.city.last,
            "notice_days": plan.notice_days, "points": _points_json(plan.points)}


# ---- planning -------------------------------------------------------------------------------

def open_cycle(session: Session, plan: CyclePlan, *, actor: str) -> RegistrationCycle:
    """后台设置: open the cycle of a county and year (one per county and year: Conflict
    ``cycle_exists``)."""
    _, title = _check_plan(plan)
    exists = session.exec(select(RegistrationCycle.id).where(
        RegistrationCycle.region == plan.region, RegistrationCycle.year == plan.year)).first()
    if exists is not None:
        raise Conflict(f"{plan.region} {plan.year} 年的定期注册周期已存在（#{exists}）"
                       "(a cycle for this county and year exists)", code="cycle_exists",
                       cycle_id=exists)
    cycle = RegistrationCycle(region=plan.region, year=plan.year, created_by=actor,
                              **_plan_values(plan, title))
    session.add(cycle)
    session.flush()
    record_event(session, actor=actor, action="cycle.open", entity_type="registration_cycle",
                 entity_id=str(cycle.id), after=cycle.model_dump(mode="json"))
    return cycle


def update_cycle(session: Session, cycle_id: int, plan: CyclePlan, *,
                 actor: str) -> RegistrationCycle:
    """Change an open cycle's title, period start, windows, notice length or points (its
    county and year stay: Conflict ``cycle_fixed``)."""
    cycle = cycle_by_id(session, cycle_id)
    _require_open(cycle)
    if (plan.region, plan.year) != (cycle.region, cycle.year):
        raise Conflict("周期的县（区）和年度不能修改 (county and year are fixed)",
                       code="cycle_fixed")
    _, title = _check_plan(plan)
    before = cycle.model_dump(mode="json")
    for key, value in _plan_values(plan, title).items():
        setattr(cycle, key, value)
    session.add(cycle)
    session.flush()
    record_event(session, actor=actor, action="cycle.update", entity_type="registration_cycle",
                 entity_id=str(cycle.id), before=before, after=cycle.model_dump(mode="json"))
    return cycle


def demo_county(province: str) -> str:
    """The first county of a province in the division table (development demo data)."""
    return min(code for code, (_, name) in division_table().items()
               if code.startswith(province) and code[2:4] != "00" and code[4:] != "00"
               and "市辖区" not in name)


def demo_plan(region: str, day: date) -> CyclePlan:
    """A development cycle whose every stage is open from a week before ``day`` (so the whole
    workflow can be tried at once), its 注册合格 periods starting next month."""
    start = day - timedelta(days=7)
    next_month = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
    return CyclePlan(region=region, year=day.year, period_start=next_month,
                     apply=Window(start, day + timedelta(days=30)),
                     school=Window(start, day + timedelta(days=37)),
                     county=Window(start, day + timedelta(days=44)),
                     city=Window(start, day + timedelta(days=60)))


def _require_open(cycle: RegistrationCycle) -> None:
    if cycle.state is CycleState.FILED:
        raise Conflict("本周期已省级备案，不能再变更 (the cycle is filed)", code="cycle_filed")


def plan_of(cycle: RegistrationCycle) -> CyclePlan:
    """The plan a cycle was set with (to edit it)."""
    return CyclePlan(region=cycle.region, year=cycle.year, period_start=cycle.period_start,
                     apply=Window(cycle.apply_from, cycle.apply_until),
                     school=Window(cycle.school_from, cycle.school_until),
                     county=Window(cycle.county_from, cycle.county_until),
                     city=Window(cycle.city_from, cycle.city_until), title=cycle.title,
                     notice_days=cycle.notice_days, points=tuple(json.loads(cycle.points)))


# ---- reading --------------------------------------------------------------------------------

def row_by_id(session: Session, model: type[_Row], row_id: int, what: str,
              code: str) -> _Row:
    """The row of ``model`` with ``row_id``, or NotFound ``code`` naming ``what``."""
    row = row_or_none(session, model, row_id)
    if row is None:
        raise NotFound(f"没有{what} #{row_id} (no such {code.removesuffix('_not_found')})",
                       code=code)
    return row


def cycle_by_id(session: Session, cycle_id: int) -> RegistrationCycle:
    """The cycle or NotFound ``cycle_not_found``."""
    return row_by_id(session, RegistrationCycle, cycle_id, "定期注册周期", "cycle_not_found")


def cycles_for(session: Session, region: str, *, year: int | None = None,
               state: CycleState | None = None) -> list[RegistrationCycle]:
    """The cycles inside ``region`` (a division prefix; '' = all), newest year first."""
    stmt = select(RegistrationCycle).where(col(RegistrationCycle.region).startswith(region))
    if year is not None:
        stmt = stmt.where(RegistrationCycle.year == year)
    if state is not None:
        stmt = stmt.where(RegistrationCycle.state == state)
    stmt = stmt.order_by(col(RegistrationCycle.year).desc(), col(RegistrationCycle.region))
    return list(session.exec(stmt).all())


def covers(division_code: str, region: str) -> bool:
    """Whether a certificate of an authority at ``division_code`` may register in a cycle of
    ``region``: the authority's own area (its code without trailing zero pairs) contains the
    county, or lies inside it (a province's authority covers all its counties)."""
    area = division_code
    while area.endswith("00"):
        area = area[:-2]
    return region.startswith(area) or area.startswith(region)


def open_cycles_for_certificate(session: Session, number: str, *,
                                on: date | None = None) -> list[RegistrationCycle]:
    """The open cycles a certificate may apply in on ``on`` (default: today, CST): its
    authority's area covers the county and the application window holds the day."""
    day = on or today()
    row = session.exec(select(Authority.division_code).join(
        Certificate, col(Certificate.authority_id) == Authority.id).where(
        Certificate.number == number)).first()
    if row is None:
        return []
    open_now = session.exec(select(RegistrationCycle).where(
        RegistrationCycle.state == CycleState.OPEN, col(RegistrationCycle.apply_from) <= day,
        col(RegistrationCycle.apply_until) >= day)).all()
    return [c for c in open_now if covers(row, c.region)]


def application_by_id(session: Session, application_id: int) -> RegistrationApplication:
    """The application or NotFound ``application_not_found``."""
    return row_by_id(session, RegistrationApplication, application_id, "定期注册申请",
                     "application_not_found")


def authorize_cycle(user: Principal, action: Action, cycle: RegistrationCycle,
                    school: str | None = None) -> None:
    """core.policy on a cycle: its county is the division; a school reviewer's own school."""
    authorize(user, action, division_code=cycle.region, school=school)


def authorize_application(session: Session, user: Principal, action: Action,
                          application_id: int) -> RegistrationApplication:
    """The application, once core.policy lets ``user`` do ``action`` on it (its cycle's
    county; a school reviewer only their school's)."""
    app = application_by_id(session, application_id)
    authorize_cycle(user, action, cycle_by_id(session, app.cycle_id), school=app.school)
    return app


# ---- the transition's inputs and the one writer ---------------------------------------------

def windows_of(cycle: RegistrationCycle) -> CycleWindows:
    """The cycle's windows as ``core.rules.advance`` takes them."""
    return CycleWindows(apply=Window(cycle.apply_from, cycle.apply_until),
                        school=Window(cycle.school_from, cycle.school_until),
                        county=Window(cycle.county_from, cycle.county_until),
                        city=Window(cycle.city_from, cycle.city_until),
                        notice_days=cycle.notice_days, state=cycle.state)


def open_objections(session: Session, application_ids: Iterable[int]) -> dict[int, int]:
    """Application id → number of its open objections (only those with any)."""
    ids = list(application_ids)
    if not ids:
        return {}
    rows = session.exec(select(RegistrationObjection.application_id, func.count()).where(
        col(RegistrationObjection.application_id).in_(ids),
        RegistrationObjection.state == ObjectionState.OPEN,
    ).group_by(col(RegistrationObjection.application_id))).all()
    return {app_id: int(n) for app_id, n in rows}


def facts_of(session: Session, app: RegistrationApplication | None,
             cert: Certificate) -> ApplicationFacts:
    """What the transition needs: the row's state, conclusion, notice, open objections and
    the certificate's qualification status (``app`` None: no application yet)."""
    if app is None:
        return ApplicationFacts(state=None, qualification=cert.status)
    assert app.id is not None
    return ApplicationFacts(state=app.state, conclusion=app.conclusion, reason=app.reason,
                            notice_from=app.notice_from,
                            open_objections=open_objections(session, [app.id]).get(app.id, 0),
                            qualification=cert.status)


def save_application(session: Session, app: RegistrationApplication, values: dict[str, Any],
                     *, expected: int | None = None) -> RegistrationApplication:
    """Compare-and-set ``values`` on the application: Conflict ``stale_update`` when someone
    changed it since ``expected`` (default: the version read)."""
    assert app.id is not None
    seen = app.row_version if expected is None else expected
    result = session.execute(
        update(RegistrationApplication)
        .where(col(RegistrationApplication.id) == app.id,
               col(RegistrationApplication.row_version) == seen)
        .values(**values, row_version=seen + 1, updated_at=utcnow()))
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.expire(app)
        raise Conflict(f"申请 #{app.id} 已被他人修改，请刷新后重试 (the application changed; "
                       "reload and retry)", code="stale_update", application_id=app.id)
    session.refresh(app)
    return app
