"""Issuer commands: ``ecert issue`` (more are added by the status and report modules).

Each command is an entry point: it reads the settings once and passes them, and the engine made
from them, to everything it calls."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn
from sqlalchemy.engine import Engine

if TYPE_CHECKING:
    from issuer._produce import IssuedArtifact

__all__ = ["register"]


def issue(
    numbers: Annotated[list[str] | None, typer.Argument(help="certificate numbers")] = None,
    all_: Annotated[bool, typer.Option("--all", help="every approved, issuable record")] = False,
    school: Annotated[str | None, typer.Option(help="every issuable record of a school")] = None,
    batch: Annotated[str | None, typer.Option(help="every issuable record of a scan batch")] =
    None,
    authority: Annotated[str | None, typer.Option(help="authority-code prefix")] = None,
    workers: Annotated[int | None, typer.Option(
        min=1, help="worker processes (default: one per CPU core)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="one JSON line per certificate")] =
    False,
    actor: Annotated[str, typer.Option(help="who issues (audit log)")] = "",
) -> None:
    """Sign credentials and PDFs, and seal OFD licences where the authority has an SM2 seal;
    idempotent (already issued → reported, not redone)."""
    from core.auth import local_actor
    from core.console import console, err_console, escape, print_json
    from core.db import engine_for
    from core.errors import InvalidInput
    from core.settings import load_settings
    from issuer._context import issuer_context
    from issuer._issuance import Selection, issue_batch

    if bool(numbers) + all_ + bool(school or batch or authority) != 1:
        raise InvalidInput("give certificate numbers, or --all, or --school/--batch/--authority",
                           rule="issue_selection")
    sel = Selection(numbers=tuple(numbers or ()), school=school, batch=batch, authority=authority)
    settings = load_settings()
    ctx, engine = issuer_context(settings), engine_for(settings)
    progress = Progress("[progress.description]{task.description}", BarColumn(),
                        MofNCompleteColumn(), TimeRemainingColumn(), console=err_console,
                        disable=as_json)
    with progress:
        task = progress.add_task("签发 issuing", total=None)
        summary = issue_batch(
            sel, ctx=ctx, actor=local_actor(actor), workers=workers or os.cpu_count() or 1,
            engine=engine,
            on_total=lambda n: progress.update(task, total=n),
            on_done=lambda n: progress.advance(task, n))
    artifacts = settings.artifacts_dir

    def path(rel: str | None) -> str | None:
        return str(artifacts / rel) if rel else None

    if as_json:
        for art in summary.issued:
            print_json({"certificate_number": art.number, "qr_text": art.qr_text,
                        "pdf": path(art.pdf_path), "ofd": path(art.ofd_path),
                        **({"ofd_missing": art.ofd_missing} if art.ofd_missing else {}),
                        "licence_id": art.licence_id, "version": art.version,
                        "status": "issued"})
        for row in summary.existing:
            print_json({"certificate_number": _number(engine, row.certificate_id),
                        "qr_text": row.qr_text, "pdf": path(row.pdf_path),
                        "ofd": path(row.ofd_path), "licence_id": row.licence_id,
                        "version": row.version, "status": "existing"})
        for number, exc in summary.failed:
            print_json({"certificate_number": number, "error": exc.to_dict()})
    else:
        console.print(f"issued {len(summary.issued)}, already issued {len(summary.existing)}, "
                      f"failed {len(summary.failed)}")
        _report_ofd(summary.issued)
        for number, exc in summary.failed:
            err_console.print(f"[red]✗[/] {number}: {escape(exc.message)} ({exc.code})")
    if summary.failed:
        raise typer.Exit(1)


#: why an issued certificate has no OFD licence, and what to do (issuer._produce.ofd_missing)
_NO_OFD = {
    "no_seal_key": "无电子印章，未生成 OFD 电子证照 (no SM2 seal: `ecert keys seal create "
                   "<authority>`; the PDFs are issued)",
    "seal_not_valid_at_issue": "电子印章不在有效期内，未生成 OFD (the seal is not valid at the "
                               "issuance time: `ecert keys seal rotate`; the PDFs are issued)",
}


def _report_ofd(issued: list[IssuedArtifact]) -> None:
    """One line on the OFD licences: how many were sealed, and why the others were not."""
    from core.console import console, err_console

    sealed = sum(1 for art in issued if art.ofd_path)
    missing = Counter(art.ofd_missing for art in issued if art.ofd_missing in _NO_OFD)
    if sealed:
        console.print(f"OFD 电子证照 sealed OFD licences: {sealed}")
    for reason, count in sorted(missing.items()):
        err_console.print(f"[yellow]![/] {count}: {_NO_OFD[str(reason)]}")


def status_list(
    out: Annotated[Path, typer.Option(help="where to write the signed status list")],
) -> None:
    """Write the signed status list (qualification status + registration state per index)."""
    from core.console import console
    from core.db import engine_for
    from core.settings import load_settings
    from issuer._context import issuer_context
    from issuer._publish import write_status_list

    settings = load_settings()
    size = write_status_list(issuer_context(settings, render_pdf=False), out,
                             engine=engine_for(settings))
    console.print(f"status list written to {out} ({size} bytes)")


def publish(
    actor: Annotated[str, typer.Option(help="custodian publishing (audit log)")] = "",
) -> None:
    """Sign and publish the trust list and status list where the verifier serves them."""
    from core.auth import local_actor
    from core.console import console
    from core.db import engine_for
    from core.settings import load_settings
    from issuer._context import issuer_context
    from issuer._publish import publish_lists

    settings = load_settings()
    public = settings.public_dir
    publish_lists(issuer_context(settings, render_pdf=False), public,
                  custodian=local_actor(actor), engine=engine_for(settings))
    console.print(f"trust list, status list and root key published in {public}")


holders_app = typer.Typer(help="Holders (持证人): where their download codes go.",
                          no_args_is_help=True)
contacts_app = typer.Typer(help="Holders' e-mail addresses and mobile numbers (stored encrypted, "
                           "never shown on any page).", no_args_is_help=True)
holders_app.add_typer(contacts_app, name="contacts")


@contacts_app.command("import")
def import_contacts(
    file: Annotated[Path, typer.Argument(
        exists=True, dir_okay=False, readable=True,
        help="CSV with a header: certificate_number,email,mobile (or 证书号码,电子邮箱,手机号码)")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="check every row, store nothing")] =
    False,
    actor: Annotated[str, typer.Option(help="who imports (audit log)")] = "",
) -> None:
    """Store holders' contacts for download codes: every row is checked first, and nothing is
    stored unless every row is right (one report line per row; no address is printed)."""
    from core.auth import local_actor
    from core.console import console, err_console, escape
    from core.db import engine_for, session_scope
    from core.settings import load_settings
    from issuer._contacts import import_contacts_file

    settings = load_settings()
    with session_scope(engine_for(settings)) as session:
        report = import_contacts_file(session, file, secret=settings.secret,
                                      actor=local_actor(actor), dry_run=dry_run)
    for line, number, outcome in report.rows:
        console.print(f"[green]✓[/] 第 {line} 行 {escape(number)}: {escape(outcome)}")
    for line, number, problem in report.errors:
        err_console.print(f"[red]✗[/] 第 {line} 行 {escape(number)}: {escape(problem)}")
    if report.errors:
        err_console.print(f"{len(report.errors)} 行有误，未导入任何联系方式 "
                          f"(nothing stored: {len(report.errors)} row(s) with errors)")
        raise typer.Exit(1)
    if report.written:
        console.print(f"已导入 {len(report.rows)} 位持证人的联系方式 "
                      f"(contacts stored for {len(report.rows)} holder(s))")
    else:
        console.print(f"检查通过 {len(report.rows)} 行，未写入 (checked, nothing stored)")


def _number(engine: Engine, certificate_id: int) -> str:
    from core.db import session_scope
    from core.models import Certificate

    with session_scope(engine) as session:
        cert = session.get(Certificate, certificate_id)
        return cert.number if cert else "?"


def register(app: typer.Typer) -> None:
    """Add the issuer's commands to the ``ecert`` app."""
    app.command("issue")(issue)
    app.command("status-list")(status_list)
    app.command("publish")(publish)
    app.add_typer(holders_app, name="holders")
