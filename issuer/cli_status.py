"""Status-change and report commands: ``ecert status``, ``registration``, ``annotate``,
``reissue`` and ``reports`` (a contract other tools rely on: keep the names)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from core.states import RegistrationConclusion, StatusEventKind

if TYPE_CHECKING:
    from issuer._registry_reports import ReportFilter

__all__ = ["register"]

status_app = typer.Typer(help=f"Qualification status: {StatusEventKind.REVOCATION.zh} revoke, "
                         f"{StatusEventKind.FORFEITURE.zh} forfeit, reinstate.",
                         no_args_is_help=True)
registration_app = typer.Typer(help="定期注册 registration conclusions.", no_args_is_help=True)
reports_app = typer.Typer(help="Restriction list (限制库), penalty statistics, the registry's "
                          "名册 (roster) and 统计表 (statistics).",
                          no_args_is_help=True)

Conclusion = Annotated[str, typer.Option(help=" | ".join(RegistrationConclusion))]
Actor = Annotated[str, typer.Option(help="who acts (audit log); default $ECERT_ACTOR or OS user")]
Reason = Annotated[str, typer.Option(help="reason (原因)")]
Document = Annotated[str, typer.Option(help="decision document (决定文书)")]
When = Annotated[str | None, typer.Option("--date", help="effective date (default today)")]


def _actor(actor: str) -> str:
    from core.auth import local_actor

    return local_actor(actor)


def _date(text: str | None, field: str) -> date | None:
    from core.rules import parse_cn_date

    return parse_cn_date(text, field=field) if text else None


def _status(kind: str, number: str, reason: str, document: str, when: str | None,
            actor: str) -> None:
    from core.db import session_scope
    from issuer import _changes as changes

    action = {"revoke": changes.revoke, "forfeit": changes.forfeit,
              "reinstate": changes.reinstate}[kind]
    with session_scope() as session:
        event = action(session, number, reason=reason, document=document,
                       effective_date=_date(when, "effective_date"), actor=_actor(actor))
    bar = f"; may reapply after {event.reapply_after}" if event.reapply_after else ""
    typer.echo(f"{number}: {event.kind} effective {event.effective_date}{bar}")


@status_app.command("revoke")
def revoke(number: str, reason: Reason, document: Document, when: When = None,
           actor: Actor = "") -> None:
    """撤销 (art. 19): no new application for 5 years."""
    _status("revoke", number, reason, document, when, actor)


@status_app.command("forfeit")
def forfeit(number: str, reason: Reason, document: Document, when: When = None,
            actor: Actor = "") -> None:
    """丧失 (art. 18): permanent."""
    _status("forfeit", number, reason, document, when, actor)


@status_app.command("reinstate")
def reinstate(number: str, reason: Reason, document: Document, when: When = None,
              actor: Actor = "") -> None:
    """The revocation or forfeiture was overturned: valid again."""
    _status("reinstate", number, reason, document, when, actor)


@registration_app.command("add")
def registration_add(
    number: str,
    conclusion: Conclusion,
    decided: Annotated[str, typer.Option("--date", help="decision date")],
    valid_from: Annotated[str | None, typer.Option("--from", help="注册合格: period start")] =
    None,
    valid_until: Annotated[str | None, typer.Option("--until", help="注册合格: period end")] =
    None,
    authority: Annotated[str | None, typer.Option(help="deciding authority")] = None,
    actor: Actor = "",
) -> None:
    """Record a registration conclusion (注册合格 gets a 5-year period by default)."""
    from core.db import session_scope
    from issuer._changes import add_registration

    decision = _date(decided, "decision_date")
    assert decision is not None
    with session_scope() as session:
        reg = add_registration(session, number, conclusion=conclusion, decision_date=decision,
                               valid_from=_date(valid_from, "valid_from"),
                               valid_until=_date(valid_until, "valid_until"),
                               authority=authority, actor=_actor(actor))
    period = f" {reg.valid_from} – {reg.valid_until}" if reg.valid_from else ""
    typer.echo(f"{number}: {reg.conclusion}{period} (decided {reg.decision_date})")


def _print_issue(number: str, actor: str) -> bool:
    from core.settings import load_settings
    from issuer._changes import issue_current

    outcome = issue_current(number, actor=actor, settings=load_settings())
    if outcome.error:
        typer.echo(f"{number}: credential not issued: [{outcome.error.get('code')}] "
                   f"{outcome.error.get('message')} — run `ecert issue {number}`", err=True)
        return False
    typer.echo(f"{number}: credential v{outcome.version} issued ({outcome.pdf_path})")
    return True


def annotate(
    number: str,
    kind: Annotated[str, typer.Option(
        help="reissue|exchange|correction|other or 补发|换发|更正|其他")],
    text: Annotated[str, typer.Option(help="the remark as printed")],
    when: When = None,
    authority: Annotated[str | None, typer.Option(help="annotating authority")] = None,
    issue: Annotated[bool, typer.Option(help="补发/换发: issue the new credential")] = True,
    actor: Actor = "",
) -> None:
    """Add a remark (备注); 补发 keeps the same number and re-issues the credential."""
    from core.db import session_scope
    from issuer._changes import annotate as add_annotation

    who = _actor(actor)
    with session_scope() as session:
        ann = add_annotation(session, number, kind=kind, text=text, date=_date(when, "date"),
                             authority=authority, actor=who)
    typer.echo(f"{number}: {ann.kind} annotation of {ann.date} recorded")
    if issue and ann.kind in ("reissue", "exchange") and not _print_issue(number, who):
        raise typer.Exit(1)


def reissue(
    number: str,
    field: Annotated[str, typer.Option(help="gender | qualification_type | certificate_number")],
    value: Annotated[str, typer.Option(help="the correct value")],
    reason: Reason,
    document: Annotated[str | None, typer.Option(help="decision document")] = None,
    issue: Annotated[bool, typer.Option(help="issue the corrected credential")] = True,
    actor: Actor = "",
) -> None:
    """Reissue after an error in gender, qualification type or certificate number only."""
    from core.db import session_scope
    from issuer._reissue import reissue as do_reissue

    who = _actor(actor)
    with session_scope() as session:
        result = do_reissue(session, number, field=field, new_value=value, reason=reason,
                            document=document, actor=who)
    where = "corrected in place" if result.in_place else f"replaced by {result.new_number}"
    typer.echo(f"{number}: {result.field} {result.old_value} → {result.new_value}, {where}")
    if issue and not _print_issue(result.new_number, who):
        raise typer.Exit(1)


@reports_app.command("restrictions")
def report_restrictions(
    out: Annotated[Path, typer.Option(help="output file")],
    fmt: Annotated[str | None, typer.Option("--format", help="csv | xlsx (default: suffix)")] =
    None,
    full_id: Annotated[bool, typer.Option("--full-id", help="full ID numbers (audited)")] =
    False,
    region: Annotated[str, typer.Option(help="division-code prefix; '' = all")] = "",
    actor: Actor = "",
) -> None:
    """Export the restriction list (限制库); ID numbers masked unless --full-id."""
    from core.db import engine_for, session_scope
    from core.identity import vault_for
    from core.settings import load_settings
    from issuer._penalty_reports import restriction_rows, restrictions_file

    kind, settings = _output_format(out, fmt), load_settings()
    with session_scope(engine_for(settings)) as session:
        rows = restriction_rows(session, region=region, full_id=full_id,
                                vault=vault_for(settings.secret) if full_id else None,
                                actor=_actor(actor))
    _write(out, restrictions_file(rows, kind), full_id)
    typer.echo(f"{len(rows)} restricted holder(s) written to {out}")


@reports_app.command("penalties")
def report_penalties(
    year: Annotated[int, typer.Option(help="year")],
    quarter: Annotated[int, typer.Option(help="1–4")],
    out: Annotated[Path, typer.Option(help="output file")],
    fmt: Annotated[str | None, typer.Option("--format", help="csv | xlsx (default: suffix)")] =
    None,
    region: Annotated[str, typer.Option(help="division-code prefix; '' = all")] = "",
) -> None:
    """Quarterly administrative-penalty statistics (撤销/丧失 per authority, with details)."""
    from core.db import session_scope
    from issuer._penalty_reports import penalties_file, penalty_report

    kind = _output_format(out, fmt)
    with session_scope() as session:
        report = penalty_report(session, year=year, quarter=quarter, region=region)
    _write(out, penalties_file(report, kind), False)
    typer.echo(f"{report.label}: {len(report.details)} decision(s) written to {out}")


School = Annotated[str, typer.Option(help="school (part of its name)")]
Batch = Annotated[str, typer.Option(help="scan batch (exact)")]
Since = Annotated[str | None, typer.Option("--from", help="批准日期 from (YYYY-MM-DD)")]
Until = Annotated[str | None, typer.Option("--until", help="批准日期 until (YYYY-MM-DD)")]
StatusOpt = Annotated[str | None, typer.Option(
    "--status", help="qualification status: valid|revoked|forfeited|replaced|void")]


def _registry_filter(region: str, school: str, batch: str, since: str | None,
                     until: str | None, status: str | None) -> ReportFilter:
    from core.errors import InvalidInput
    from core.states import QualificationStatus
    from issuer._registry_reports import ReportFilter

    if status and status not in set(QualificationStatus):
        raise InvalidInput(f"未知的资格状态 {status!r} / unknown status (valid, revoked, "
                           "forfeited, replaced, void)", field="status", rule="unknown_status")
    return ReportFilter(region=region, school=school.strip(), batch=batch.strip(),
                        issued_from=_date(since, "issued_from"),
                        issued_to=_date(until, "issued_to"),
                        status=QualificationStatus(status) if status else None)


@reports_app.command("roster")
def report_roster(
    out: Annotated[Path, typer.Option(help="output file")],
    fmt: Annotated[str | None, typer.Option("--format", help="csv | xlsx (default: suffix)")] =
    None,
    region: Annotated[str, typer.Option(help="division-code prefix; '' = all")] = "",
    school: School = "", batch: Batch = "", since: Since = None, until: Until = None,
    status: StatusOpt = None,
    full_id: Annotated[bool, typer.Option("--full-id", help="full ID numbers (audited)")] =
    False,
    actor: Actor = "",
) -> None:
    """Export the registry's 名册 (roster); ID numbers masked unless --full-id."""
    from core.db import engine_for, session_scope
    from core.identity import vault_for
    from core.settings import load_settings
    from issuer._registry_reports import registry_roster, roster_file

    kind, settings = _output_format(out, fmt), load_settings()
    filters = _registry_filter(region, school, batch, since, until, status)
    with session_scope(engine_for(settings)) as session:
        roster = registry_roster(session, filters, fmt=kind, full_id=full_id,
                                 vault=vault_for(settings.secret) if full_id else None,
                                 actor=_actor(actor))
    _write(out, roster_file(roster, kind), True)  # names and birth dates: owner-only
    typer.echo(f"{len(roster.rows)} certificate(s) written to {out}")


@reports_app.command("statistics")
def report_statistics(
    out: Annotated[Path, typer.Option(help="output file")],
    fmt: Annotated[str | None, typer.Option("--format", help="csv | xlsx (default: suffix)")] =
    None,
    region: Annotated[str, typer.Option(help="division-code prefix; '' = all")] = "",
    school: School = "", batch: Batch = "", since: Since = None, until: Until = None,
    status: StatusOpt = None,
) -> None:
    """Export the registry's 统计表: certificates per school and qualification type."""
    from core.db import engine_for, session_scope
    from core.settings import load_settings
    from issuer._registry_reports import registry_statistics, statistics_file

    kind, settings = _output_format(out, fmt), load_settings()
    filters = _registry_filter(region, school, batch, since, until, status)
    with session_scope(engine_for(settings)) as session:
        rows = registry_statistics(session, filters)
    _write(out, statistics_file(rows, filters, kind), False)
    typer.echo(f"{len(rows) - 1} school(s), {rows[-1][-2]} certificate(s) written to {out}")


@registration_app.command("forms")
def registration_forms(
    form: Annotated[str, typer.Argument(help="basic (基本情况表) | conclusions (初审注册结论表) | "
                                        "statistics (统计表)")],
    out: Annotated[Path, typer.Option(help="output .xlsx file")],
    year: Annotated[int, typer.Option(help="the cycle year")],
    region: Annotated[str, typer.Option(help="division-code prefix (county 6, city 4, "
                                        "province 2 digits); '' = all")] = "",
    school: Annotated[str | None, typer.Option(help="one school only (基本情况表)")] = None,
    unit: Annotated[str | None, typer.Option(help="填报单位 (default: ECERT_ISSUER_NAME)")] = None,
) -> None:
    """Write a 定期注册 reporting form (XLSX, A4 landscape) for a region and cycle year."""
    from core.clock import today
    from core.db import engine_for, session_scope
    from core.settings import load_settings
    from issuer._cycle_forms import cycle_form_file

    settings = load_settings()
    with session_scope(engine_for(settings)) as session:
        data = cycle_form_file(session, form, region=region, year=year, school=school,
                               unit=unit or settings.issuer_name, day=today())
    _write(out, data, True)  # names and masked IDs: owner-only
    typer.echo(f"{form} form written to {out}")


def _output_format(out: Path, fmt: str | None) -> str:
    """The format asked for, else the file's suffix (.csv or .xlsx); a mismatch is an error."""
    from core.errors import InvalidInput
    from issuer._penalty_reports import parse_format

    suffix = out.suffix.lower().lstrip(".")
    if fmt is None:
        if suffix not in ("csv", "xlsx"):
            raise InvalidInput(f"{out}: 请用 .csv 或 .xlsx 后缀，或指定 --format / name the file "
                               ".csv or .xlsx, or give --format", field="out",
                               rule="unknown_format")
        return suffix
    kind = parse_format(fmt)
    if suffix in ("csv", "xlsx") and suffix != kind:
        raise InvalidInput(f"--format {kind} 与文件后缀 .{suffix} 不符 / does not match the "
                           f"file name {out.name}", field="format", rule="format_mismatch")
    return kind


def _write(path: Path, data: bytes, private: bool) -> None:
    from core.files import write_private

    if private:  # full ID numbers: readable by the owner only
        write_private(path, data)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def register(app: typer.Typer) -> None:
    """Add status, registration, annotate, reissue and reports to the ``ecert`` app."""
    app.add_typer(status_app, name="status")
    from issuer.cli_cycle import cycle_app

    registration_app.add_typer(cycle_app, name="cycle")  # 定期注册 cycles (cli_cycle)
    app.add_typer(registration_app, name="registration")
    app.add_typer(reports_app, name="reports")
    app.command("annotate")(annotate)
    app.command("reissue")(reissue)
