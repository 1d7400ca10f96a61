"""``ecert registration cycle …``: the 定期注册 workflow on the command line (the operator's OS
account acts, as for every ecert command; the web and the API check core.policy)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Annotated, Any

import typer
from sqlmodel import Session

__all__ = ["cycle_app", "seed_demo_cycle"]

cycle_app = typer.Typer(help="定期注册 cycles: open, apply, review, decide, publish, objections, "
                        "confirm, return, file.", no_args_is_help=True)
objection_app = typer.Typer(help="公示异议: record, resolve, list.", no_args_is_help=True)
cycle_app.add_typer(objection_app, name="objection")

Actor = Annotated[str, typer.Option(help="who acts (audit log); default $ECERT_ACTOR or OS user")]
Span = Annotated[str, typer.Option(help="FROM..UNTIL (YYYY-MM-DD..YYYY-MM-DD, inclusive)")]
Ids = Annotated[list[int], typer.Argument(help="application id(s)")]
Note = Annotated[str, typer.Option(help="note (意见)")]


def seed_demo_cycle(session: Session, province: str, *, actor: str) -> tuple[str, int | None]:
    """Development (``ecert init --demo``): the demo county of ``province`` and its open cycle
    of this year, opened if missing (None when one of this year exists already, e.g. filed)."""
    from sqlmodel import select

    from core.clock import today
    from core.models import RegistrationCycle
    from issuer._cycle import demo_county, demo_plan, open_cycle

    county, day = demo_county(province), today()
    found = session.exec(select(RegistrationCycle.id).where(
        RegistrationCycle.region == county, RegistrationCycle.year == day.year)).first()
    if found is not None:
        return county, None
    return county, open_cycle(session, demo_plan(county, day), actor=actor).id


@contextmanager
def _session() -> Iterator[Session]:
    from core.db import engine_for, session_scope
    from core.settings import load_settings

    with session_scope(engine_for(load_settings())) as session:
        yield session


def _actor(actor: str) -> str:
    from core.auth import local_actor

    return local_actor(actor)


def _span(text: str, field: str) -> Any:
    from core.errors import InvalidInput
    from core.rules import Window, parse_cn_date

    first, sep, last = text.partition("..")
    if not sep:
        raise InvalidInput(f"--{field} 应为 FROM..UNTIL，如 2026-11-01..2026-11-10",
                           field=field, rule="window_format")
    return Window(parse_cn_date(first.strip(), field=field),
                  parse_cn_date(last.strip(), field=field))


def _day(text: str, field: str) -> date:
    from core.rules import parse_cn_date

    return parse_cn_date(text, field=field)


@cycle_app.command("open")
def open_cycle(
    region: Annotated[str, typer.Option(help="the county's 6-digit division code")],
    year: Annotated[int, typer.Option(help="the cycle's year")],
    period_start: Annotated[str, typer.Option(help="注册合格 valid from (YYYY-MM-DD)")],
    apply: Span, school: Span, county: Span, city: Span,
    title: Annotated[str, typer.Option(help="title (default: county + year)")] = "",
    notice_days: Annotated[int, typer.Option(help="public notice days")] = 7,
    actor: Actor = "",
) -> None:
    """后台设置: open a county's cycle with the window of each stage."""
    from issuer._cycle import CyclePlan
    from issuer._cycle import open_cycle as do_open

    plan = CyclePlan(region=region, year=year, period_start=_day(period_start, "period_start"),
                     apply=_span(apply, "apply"), school=_span(school, "school"),
                     county=_span(county, "county"), city=_span(city, "city"), title=title,
                     notice_days=notice_days)
    with _session() as session:
        cycle = do_open(session, plan, actor=_actor(actor))
        typer.echo(f"cycle #{cycle.id}: {cycle.title} ({cycle.region}, {cycle.year})")


@cycle_app.command("list")
def list_cycles(
    region: Annotated[str, typer.Option(help="division-code prefix; '' = all")] = "",
    year: Annotated[int | None, typer.Option(help="only this year")] = None,
) -> None:
    """The cycles in a region."""
    from issuer._cycle import cycles_for

    with _session() as session:
        for c in cycles_for(session, region, year=year):
            typer.echo(f"#{c.id}\t{c.region}\t{c.year}\t{c.state.zh}\t{c.title}")


@cycle_app.command("show")
def show(cycle_id: int) -> None:
    """One cycle: windows and how many applications are in each state."""
    from issuer._cycle import cycle_by_id
    from issuer._cycle_query import state_counts

    with _session() as session:
        c = cycle_by_id(session, cycle_id)
        typer.echo(f"#{c.id} {c.title} — {c.region} {c.year} — {c.state.zh}")
        typer.echo(f"注册合格 from {c.period_start}; notice {c.notice_days} days")
        for zh, first, last in (("申请", c.apply_from, c.apply_until),
                                ("学校审查", c.school_from, c.school_until),
                                ("县级审核", c.county_from, c.county_until),
                                ("市级复核", c.city_from, c.city_until)):
            typer.echo(f"  {zh}: {first} – {last}")
        for state, n in state_counts(session, cycle_id).items():
            typer.echo(f"  {state.zh}: {n}")


@cycle_app.command("due")
def due(cycle_id: int,
        school: Annotated[str | None, typer.Option(help="one school only")] = None,
        limit: Annotated[int, typer.Option(help="at most this many")] = 1000) -> None:
    """Who is due in the cycle (masked ID numbers)."""
    from issuer._cycle_query import due_certificates

    with _session() as session:
        rows = due_certificates(session, cycle_id, school=school, limit=limit)
    for r in rows:
        applied = f"applied #{r.application_id}" if r.application_id else "not applied"
        typer.echo(f"{r.certificate_number}\t{r.name}\t{r.masked_id}\t{r.school or ''}\t"
                   f"{r.registration}\t{applied}")
    typer.echo(f"{len(rows)} certificate(s) due")


def _assessments(items: list[str]) -> tuple[dict[str, Any], ...]:
    from core.errors import InvalidInput

    out = []
    for item in items:
        year, sep, result = item.partition("=")
        if not sep or not year.strip().isdigit():
            raise InvalidInput(f"--assessment 应为 年份=结果，如 2024=合格：{item!r}",
                               field="assessments", rule="assessment_format")
        out.append({"year": int(year), "result": result.strip()})
    return tuple(out)


@cycle_app.command("apply")
def apply(
    cycle_id: int, number: str,
    school: Annotated[str, typer.Option(help="the school (任教学校)")],
    school_type: Annotated[str, typer.Option(help="public | private")] = "public",
    post: Annotated[str, typer.Option(help="post (岗位)")] = "",
    hours: Annotated[int | None, typer.Option(help="training hours (培训学时)")] = None,
    assessment: Annotated[list[str] | None, typer.Option(
        help="annual assessment YEAR=RESULT, repeatable (2024=合格)")] = None,
    source: Annotated[str, typer.Option(help="portal | school | staff")] = "staff",
    actor: Actor = "",
) -> None:
    """Submit an application for a teacher (one per certificate and cycle)."""
    from issuer._cycle_steps import ApplicationDetails
    from issuer._cycle_steps import apply as do_apply

    details = ApplicationDetails(school, school_type, post, hours,
                                 _assessments(assessment or []))
    with _session() as session:
        app = do_apply(session, cycle_id, number, details=details, source=source,
                       actor=_actor(actor))
        typer.echo(f"application #{app.id}: {number} {app.state.zh}")


def _each(ids: list[int], run: Callable[[Session, int], Any], done: str) -> None:
    """One step on each id in one unit of work; refusals are printed, the rest is done."""
    from core.errors import EcertError

    failed = 0
    with _session() as session:
        for app_id in ids:
            try:
                run(session, app_id)
            except EcertError as exc:
                failed += 1
                typer.echo(f"#{app_id}: [{exc.code}] {exc.message}", err=True)
            else:
                typer.echo(f"#{app_id}: {done}")
    if failed:
        raise typer.Exit(1)


@cycle_app.command("review")
def review(ids: Ids,
           passed: Annotated[bool, typer.Option("--pass/--return",
                                                help="学校审查通过 or 退回补正")] = True,
           note: Note = "", actor: Actor = "") -> None:
    """学校审查: pass, or return for correction with a note the teacher reads."""
    from issuer._cycle_steps import school_review

    who = _actor(actor)
    _each(ids, lambda s, i: school_review(s, i, passed=passed, note=note, actor=who),
          "学校审查通过" if passed else "退回补正")


@cycle_app.command("decide")
def decide(ids: Ids,
           conclusion: Annotated[str, typer.Option(help="注册合格 | 暂缓注册 | 注册不合格")],
           reason: Annotated[str | None, typer.Option(
               help="training_hours|assessment|ethics|qualification|not_teaching|incomplete|"
                    "other (or the Chinese label)")] = None,
           reason_text: Annotated[str, typer.Option(help="details (其他: required)")] = "",
           actor: Actor = "") -> None:
    """县级审核: the conclusion of each application."""
    from issuer._cycle_steps import decide as do_decide

    who = _actor(actor)
    _each(ids, lambda s, i: do_decide(s, i, conclusion=conclusion, reason=reason,
                                      reason_text=reason_text, actor=who), conclusion)


@cycle_app.command("publish")
def publish(cycle_id: int,
            ids: Annotated[list[int] | None, typer.Argument(
                help="application ids (default: every decided one not on notice)")] = None,
            actor: Actor = "") -> None:
    """公示: put decided conclusions on the county's public notice from today."""
    from issuer._cycle_steps import publish_notice

    with _session() as session:
        result = publish_notice(session, cycle_id, application_ids=ids or None,
                                actor=_actor(actor))
    for refused in result.refused:
        typer.echo(f"#{refused.application_id}: [{refused.code}] {refused.message}", err=True)
    typer.echo(f"{len(result.done)} conclusion(s) on notice")
    if result.refused:
        raise typer.Exit(1)


@cycle_app.command("confirm")
def confirm(ids: Ids, note: Note = "", actor: Actor = "") -> None:
    """市级复核通过 (after the full notice, no objection open)."""
    from issuer._cycle_steps import city_confirm

    who = _actor(actor)
    _each(ids, lambda s, i: city_confirm(s, i, note=note, actor=who), "市级复核通过")


@cycle_app.command("return")
def city_return(ids: Ids, note: Annotated[str, typer.Option(help="why (required)")],
                actor: Actor = "") -> None:
    """市级退回县级: back to the county with the reason."""
    from issuer._cycle_steps import city_return as do_return

    who = _actor(actor)
    _each(ids, lambda s, i: do_return(s, i, note=note, actor=who), "退回县级")


@cycle_app.command("file")
def file(cycle_id: int,
         authority: Annotated[str | None, typer.Option(
             help="registering authority (default: the county's 教育局)")] = None,
         publish: Annotated[bool, typer.Option(
             help="re-issue credentials and sign the status list afterwards")] = True,
         actor: Actor = "") -> None:
    """省级备案: every confirmed application becomes the certificate's registration."""
    from core.settings import load_settings
    from issuer._cycle_filing import file_cycle, publish_filing

    who = _actor(actor)
    with _session() as session:
        result = file_cycle(session, cycle_id, actor=who, authority=authority)
    typer.echo(f"cycle #{cycle_id} filed: {len(result.filed)} registration(s); "
               f"{result.not_resubmitted} returned and not resubmitted")
    for county, counts in result.stickers.items():
        typer.echo(f"注册贴 {county}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    if publish:
        out = publish_filing(result, settings=load_settings(), actor=who)
        typer.echo(f"{len(out.issued)} credential(s) issued again; status list "
                   f"{out.status_list_bytes or 0} bytes")
        for key, error in out.errors.items():
            typer.echo(f"{key}: [{error.get('code')}] {error.get('message')}", err=True)


@objection_app.command("record")
def objection_record(application_id: int,
                     text: Annotated[str, typer.Option(help="the objection (异议内容)")],
                     contact: Annotated[str | None, typer.Option(
                         help="the objector's contact (stored encrypted)")] = None,
                     actor: Actor = "") -> None:
    """Record an objection received by the county."""
    from core.settings import load_settings
    from issuer._cycle_notice import record_objection

    with _session() as session:
        found = record_objection(session, application_id, text=text, contact=contact,
                                 secret=load_settings().secret, actor=_actor(actor))
        typer.echo(f"objection #{found.id} on application #{application_id} recorded")


@objection_app.command("resolve")
def objection_resolve(objection_id: int,
                      resolution: Annotated[str, typer.Option(help="how it was resolved")],
                      conclusion: Annotated[str | None, typer.Option(
                          help="a changed conclusion (the notice starts again)")] = None,
                      reason: Annotated[str | None, typer.Option(help="its reason")] = None,
                      reason_text: Annotated[str, typer.Option(help="details")] = "",
                      actor: Actor = "") -> None:
    """Resolve an objection; with --conclusion the county decides again."""
    from issuer._cycle_notice import resolve_objection

    with _session() as session:
        found = resolve_objection(session, objection_id, resolution=resolution,
                                  actor=_actor(actor), conclusion=conclusion, reason=reason,
                                  reason_text=reason_text)
        typer.echo(f"objection #{found.id} resolved"
                   + (f"; conclusion now {conclusion}, on notice again" if conclusion else ""))


@objection_app.command("list")
def objection_list(cycle_id: int) -> None:
    """The objections of a cycle (contacts are not printed)."""
    from issuer._cycle_notice import objections

    with _session() as session:
        for o in objections(session, cycle_id=cycle_id):
            typer.echo(f"#{o.id}\tapplication #{o.application_id}\t{o.state.zh}\t{o.via}\t"
                       f"{o.text[:60]}")
