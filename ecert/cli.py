"""The ``ecert`` command line: composition of every package's commands.

Each command reads the settings once (``load_settings``) and passes them, and the engine made
from them, down; no module keeps them process-wide."""

from __future__ import annotations

import ipaddress
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from core.auth import local_actor
from core.console import console, err_console, fail, print_json
from core.errors import EcertError

app = typer.Typer(
    name="ecert",
    help="教师资格证书电子证照 — scan, issue and verify teacher-qualification e-certificates.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
db_app = typer.Typer(help="Database migrations.", no_args_is_help=True)
users_app = typer.Typer(help="Users and API tokens.", no_args_is_help=True)
records_app = typer.Typer(help="Import and export registry records (records.jsonl).",
                          no_args_is_help=True)
audit_app = typer.Typer(help="The hash-chained audit log.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(users_app, name="users")
app.add_typer(records_app, name="records")
app.add_typer(audit_app, name="audit")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending migration to the configured database."""
    from core.migrate import current_revision, upgrade
    from core.settings import load_settings

    url = load_settings().database_url
    upgrade(url)
    console.print(f"database at revision {current_revision(url)}")


@app.command()
def init(
    demo: Annotated[int, typer.Option(help="add N sample records, ready to issue")] = 0,
    seed: Annotated[int, typer.Option(help="random seed for demo data")] = 2024,
) -> None:
    """Create the registry, development keys and admin; optionally demo records."""
    from core.settings import load_settings
    from ecert._init import initialise

    initialise(load_settings(), demo=demo, seed=seed)


@users_app.command("add")
def users_add(
    name: str,
    role: Annotated[str, typer.Option(help="clerk | reviewer | admin | auditor | school")],
    region: Annotated[str, typer.Option(help="division-code prefix, e.g. 41 or 4101; '' = all")],
    school: Annotated[str | None, typer.Option(
        help="school: the one school a 学校审查 user reviews (its county as --region)")] = None,
    actor: Annotated[str, typer.Option(help="who is adding the user (audit log)")] = "",
    password: Annotated[str | None, typer.Option(
        help="initial password for the staff pages (else one is generated and printed once); "
        "the user must change it at the first sign-in")] = None,
    prompt: Annotated[bool, typer.Option(
        "--prompt", help="type the initial password (hidden) instead of generating one")] = False,
    no_password: Annotated[bool, typer.Option(
        "--no-password", help="an API client only: no sign-in to the staff pages")] = False,
) -> None:
    """Create a user: an initial password for the staff pages (changed at the first sign-in)
    and an API token for machine clients (the last line; both shown once)."""
    from core.auth import create_user
    from core.db import engine_for, session_scope
    from core.settings import load_settings
    from core.staff import generate_password, set_password

    if prompt:
        password = typer.prompt("initial password", hide_input=True, confirmation_prompt=True)
    generated = password is None and not no_password
    if generated:
        password = generate_password()
    with session_scope(engine_for(load_settings())) as session:
        user, token = create_user(session, name=name, role=role, region=region,
                                  actor=local_actor(actor), school=school)
        if password is not None and not no_password:
            set_password(session, user.name, password, actor=local_actor(actor))
    of = f", school {user.school}" if user.school else ""
    console.print(f"user {user.name} ({user.role}, region {user.region or 'all'}{of})")
    if generated:
        console.print(f"initial password (shown once; changed at the first sign-in at /login): "
                      f"[bold]{password}[/]", highlight=False)
    elif not no_password:
        console.print("initial password set; changed at the first sign-in at /login")
    print(token)


@users_app.command("passwd")
def users_passwd(
    name: str,
    actor: Annotated[str, typer.Option(help="who resets it (audit log)")] = "",
    password: Annotated[str | None, typer.Option(
        help="the new password (else one is generated and printed once)")] = None,
    prompt: Annotated[bool, typer.Option("--prompt", help="type it (hidden)")] = False,
) -> None:
    """Reset a user's password (an admin's act): their sessions end, a lockout is lifted, and
    they must choose their own at the next sign-in."""
    from core.db import engine_for, session_scope
    from core.settings import load_settings
    from core.staff import generate_password, set_password

    if prompt:
        password = typer.prompt("new password", hide_input=True, confirmation_prompt=True)
    generated = password is None
    new = password if password is not None else generate_password()
    with session_scope(engine_for(load_settings())) as session:
        set_password(session, name, new, actor=local_actor(actor))
    console.print(f"password of {name} reset; it must be changed at the next sign-in")
    if generated:
        console.print(f"new password (shown once): [bold]{new}[/]", highlight=False)


def _change_user(change: Callable[..., object], name: str, actor: str, done: str) -> None:
    """Run ``change(session, name, actor=…)`` (a core.staff function) in one unit of work,
    then say so."""
    from core.db import engine_for, session_scope
    from core.settings import load_settings

    with session_scope(engine_for(load_settings())) as session:
        change(session, name, actor=local_actor(actor))
    console.print(done)


@users_app.command("unlock")
def users_unlock(
    name: str, actor: Annotated[str, typer.Option(help="who unlocks (audit log)")] = ""
) -> None:
    """Lift a lockout (after repeated failed sign-ins) before it ends by itself."""
    from core.staff import unlock_user

    _change_user(unlock_user, name, actor, f"{name} unlocked")


@users_app.command("disable")
def users_disable(
    name: str, actor: Annotated[str, typer.Option(help="who disables (audit log)")] = ""
) -> None:
    """Disable a user: no sign-in and no API token any more; their sessions end."""
    from core.staff import disable_user

    _change_user(disable_user, name, actor, f"{name} disabled")


@users_app.command("totp-off")
def users_totp_off(
    name: str, actor: Annotated[str, typer.Option(help="who removes it (audit log)")] = ""
) -> None:
    """Remove a user's second factor (a lost phone); they can enrol again at /account/totp."""
    from core.staff import remove_totp

    _change_user(remove_totp, name, actor, f"second factor of {name} removed")


@users_app.command("list")
def users_list(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List users (never their tokens)."""
    from rich.table import Table

    from core.auth import list_users
    from core.db import engine_for, session_scope
    from core.models import UserPublic
    from core.settings import load_settings
    from core.staff import sign_in_state

    with session_scope(engine_for(load_settings())) as session:
        rows = list_users(session)
        users = [UserPublic.model_validate(u, from_attributes=True) for u in rows]
        states = [sign_in_state(u) for u in rows]
    if as_json:
        print_json([u.model_dump(mode="json") for u in users])
        return
    table = Table("id", "name", "role", "region", "active", "sign-in", "created")
    for u, state in zip(users, states, strict=True):
        table.add_row(str(u.id), u.name, u.role, u.region or "all", str(u.active), state,
                      u.created_at.isoformat())
    console.print(table)


@records_app.command("import")
def records_import(
    file: Path,
    approve: Annotated[bool, typer.Option(help="mark approved (trusted-registry migration)")] =
    False,
    batch: Annotated[str | None, typer.Option(help="scan-batch label for provenance")] = None,
    for_review: Annotated[bool, typer.Option(
        "--for-review",
        help="also import records the scanner flagged whose values break a check or that "
             "lack a field it could not read (all but the certificate number), to be corrected "
             "or typed in on the review page (they cannot be approved until they pass)")] = False,
    actor: Annotated[str, typer.Option(help="who imports (audit log)")] = "",
) -> None:
    """Import records.jsonl (the scanner's output); all or nothing."""
    from core.errors import InvalidInput
    from core.settings import load_settings
    from ecert._records import import_file

    if approve and for_review:
        raise InvalidInput("--approve and --for-review exclude each other", rule="options")
    count = import_file(file, load_settings(), approve=approve, batch=batch,
                        actor=local_actor(actor), for_review=for_review)
    console.print(f"imported {count} record(s){' (approved)' if approve else ''}")


@records_app.command("export")
def records_export(
    out: Annotated[Path | None, typer.Option(help="output file (default: stdout)")] = None,
) -> None:
    """Export every record as JSONL with full ID numbers (admin-only, local)."""
    from core.settings import load_settings
    from ecert._records import export_file

    count = export_file(out, load_settings())
    err_console.print(f"exported {count} record(s)")


@records_app.command("criminal-check")
def records_criminal_check(
    number: str,
    actor: Annotated[str, typer.Option(help="who checked (audit log; default: the OS user)")]
    = "",
) -> None:
    """Record that the criminal-record check (犯罪记录核查) of a record was done: by whom, when.
    Issuance refuses a record without it."""
    from core.db import engine_for, session_scope
    from core.pages import cst
    from core.registry import record_criminal_check
    from core.settings import load_settings

    with session_scope(engine_for(load_settings())) as session:
        cert = record_criminal_check(session, number.strip(), actor=local_actor(actor))
    console.print(f"{cert.number}: 犯罪记录核查已登记 criminal-record check recorded "
                  f"({cert.criminal_check_by}, {cst(cert.criminal_check_at)} CST)")


@audit_app.command("verify")
def audit_verify(
    root_key: Annotated[Path | None, typer.Option(
        exists=True, dir_okay=False,
        help="root public key (PEM) held apart from this server; default: the keystore's")] = None,
    checkpoints: Annotated[Path | None, typer.Option(
        exists=True, file_okay=False,
        help="folder of checkpoints (an auditor's mirror); default: public/audit-checkpoints")]
        = None,
) -> None:
    """Walk the hash chain and check every published checkpoint; exit 1 when either fails."""
    from rich.markup import escape

    from core.audit import CHECKPOINT_DIR
    from core.db import engine_for, session_scope
    from core.settings import load_settings
    from issuer import anchor_key, verify_audit
    from keys import load_public_key

    settings = load_settings()
    root = (load_public_key(root_key.read_bytes(), "EdDSA").raw if root_key is not None
            else anchor_key(settings.keys_dir))
    with session_scope(engine_for(settings)) as session:
        verdict = verify_audit(session, checkpoints or settings.public_dir / CHECKPOINT_DIR, root)
    if verdict.ok:
        console.print(f"[green]audit chain intact[/]: {escape(verdict.message)}", soft_wrap=True)
        return
    err_console.print(f"[bold red]audit chain BROKEN[/] at {escape(verdict.message)}",
                      soft_wrap=True)
    raise typer.Exit(1)


@audit_app.command("checkpoint")
def audit_checkpoint() -> None:
    """Sign the chain's head with the root key and publish it (audit-checkpoints/ in public)."""
    from core.audit import CHECKPOINT_DIR
    from core.db import engine_for
    from core.errors import ConfigurationError
    from core.settings import load_settings
    from issuer import checkpoint_files, issuer_context, write_checkpoint
    from keys import root_at_hand

    settings = load_settings()
    ctx, public = issuer_context(settings, render_pdf=False), settings.public_dir
    if not root_at_hand(ctx.keys_dir):
        raise ConfigurationError("根密钥不在本机 the root key is not at hand: run this where the "
                                 "custodian keeps it", code="root_offline")
    written = write_checkpoint(ctx.keys_dir, ctx.passphrase, public,
                               strict_permissions=ctx.strict_permissions,
                               engine=engine_for(settings))
    if written is None:
        latest = checkpoint_files(public / CHECKPOINT_DIR)[-1].name
        console.print(f"no new audit events since {latest}; nothing to sign", soft_wrap=True)
        return
    console.print(f"audit checkpoint published: {written}", soft_wrap=True)


@app.command()
def serve(
    host: Annotated[str, typer.Option()] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port (1–65535)")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="worker processes")] = 1,
    only: Annotated[str | None, typer.Option(help="serve only 'issuer' or 'verifier'")] = None,
    forwarded_allow_ips: Annotated[str, typer.Option(
        help="reverse proxies (comma-separated IPs or networks; '' for none) whose "
             "X-Forwarded-For names the client, for rate limits")] = "127.0.0.1",
) -> None:
    """Serve the web pages and APIs (issuer and verifier on one port by default)."""
    import uvicorn

    factory = {None: "create_app", "issuer": "create_issuer_app",
               "verifier": "create_verifier_app"}.get(only)
    if factory is None:
        raise typer.BadParameter("--only must be 'issuer' or 'verifier'")
    proxies = [part.strip() for part in forwarded_allow_ips.split(",") if part.strip()]
    for proxy in proxies:
        if proxy == "*":
            raise typer.BadParameter("--forwarded-allow-ips: '*' would let any client choose its "
                                     "own address; name the proxies")
        try:
            ipaddress.ip_network(proxy, strict=False)
        except ValueError:
            raise typer.BadParameter(f"--forwarded-allow-ips: {proxy!r} is not an IP address "
                                     "or network") from None
    if workers > 1 and not os.environ.get("ECERT_RATE_LIMIT_FILE"):
        from core.settings import load_settings

        # The workers are separate processes: one budget per client needs shared buckets.
        shared = load_settings().home.resolve() / "run" / "ratelimit.sqlite"
        os.environ["ECERT_RATE_LIMIT_FILE"] = str(shared)
    uvicorn.run(f"ecert.app:{factory}", factory=True, host=host, port=port, workers=workers,
                log_level="info", access_log=False, proxy_headers=True,
                forwarded_allow_ips=proxies)


_mounted = False


def _mount_package_commands() -> None:
    """Add the sub-commands other packages contribute (once)."""
    global _mounted
    if _mounted:
        return
    _mounted = True
    from ecert.cli_keys import app as keys_app
    from issuer.cli import register as register_issuer
    from issuer.cli_share import register as register_share
    from issuer.cli_status import register as register_status
    from scanning.cli import register as register_scanning
    from verifier.cli import register as register_verifier

    app.add_typer(keys_app, name="keys")
    for register in (register_scanning, register_issuer, register_status, register_share,
                     register_verifier):
        register(app)


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI, turning ecert errors into one clear line and exit code 2."""
    from core.files import restrict_umask

    previous_umask = restrict_umask()  # registry, PDFs, exports: owner-only (issue 11 item 14)
    try:
        _mount_package_commands()
        app(args=argv, standalone_mode=True)
    except SystemExit as exc:
        return int(exc.code or 0) if isinstance(exc.code, int) else 1
    except EcertError as exc:
        fail(exc)
        return 2
    except OSError as exc:  # the operator's file system said no: name the path, not a bug
        fail(EcertError(_os_message(exc), code="os_error"))
        return 2
    except Exception as exc:  # a bug: say so in one line; ECERT_DEBUG=1 shows the traceback
        if os.environ.get("ECERT_DEBUG"):
            raise
        err_console.print(f"[bold red]internal error[/] {type(exc).__name__}: {exc}")
        return 70
    finally:
        os.umask(previous_umask)  # main() is also called in-process (tests, scripts)
    return 0


def _os_message(exc: OSError) -> str:
    where = f" {exc.filename}" if exc.filename else ""
    return f"cannot use{where}: {exc.strerror or exc}"


if __name__ == "__main__":
    sys.exit(main())
