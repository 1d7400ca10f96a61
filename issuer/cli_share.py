"""``ecert share clients …`` (the sharing interface's platform clients) and ``ecert authorities
…`` (认定机构 and their 统一社会信用代码, the issuer code of licence identifiers)."""

from __future__ import annotations

from typing import Annotated

import typer

share_app = typer.Typer(help="The sharing interface for government platforms (/api/share, "
                        "docs/INTEROP.md).", no_args_is_help=True)
clients_app = typer.Typer(help="Platform clients: access id + secret (the secret is shown once "
                          "and never stored).", no_args_is_help=True)
share_app.add_typer(clients_app, name="clients")
authorities_app = typer.Typer(help="认定机构: codes, names and 统一社会信用代码 (USCC).",
                              no_args_is_help=True)

Actor = Annotated[str, typer.Option(help="who does it (audit log)")]


def _print_secret(access_id: str, secret: str, json_out: bool) -> None:
    from core.console import console, print_json

    if json_out:
        print_json({"access_id": access_id, "secret": secret})
        return
    console.print(f"access id: [bold]{access_id}[/]")
    console.print(f"secret:    [bold]{secret}[/]  (shown once; give it to the platform over a "
                  "secure channel — 仅显示一次)", highlight=False)


@clients_app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="the platform's name, e.g. 某省政务服务平台")],
    region: Annotated[str, typer.Option(help="division-code prefix of the licences it may "
                                        "query, e.g. 62; empty: all")] = "",
    actor: Actor = "",
    json_out: Annotated[bool, typer.Option("--json", help="JSON output")] = False,
) -> None:
    """Add a platform client; prints its access id and secret once."""
    from core.auth import local_actor
    from core.db import engine_for, session_scope
    from core.settings import load_settings
    from issuer._share_auth import add_client

    settings = load_settings()
    with session_scope(engine_for(settings)) as session:
        client, secret = add_client(session, name=name, region=region,
                                    actor=local_actor(actor), app_secret=settings.secret)
        access_id = client.access_id
    _print_secret(access_id, secret, json_out)


@clients_app.command("rotate")
def rotate(
    access_id: Annotated[str, typer.Argument(help="the client's access id")],
    actor: Actor = "",
    json_out: Annotated[bool, typer.Option("--json", help="JSON output")] = False,
) -> None:
    """A new secret for a client (the old one stops working at once); printed once."""
    from core.auth import local_actor
    from core.db import engine_for, session_scope
    from core.settings import load_settings
    from issuer._share_auth import rotate_client

    settings = load_settings()
    with session_scope(engine_for(settings)) as session:
        _, secret = rotate_client(session, access_id=access_id, actor=local_actor(actor),
                                  app_secret=settings.secret)
    _print_secret(access_id, secret, json_out)


@clients_app.command("disable")
def disable(
    access_id: Annotated[str, typer.Argument(help="the client's access id")],
    actor: Actor = "",
) -> None:
    """Refuse every later request of a client."""
    from core.auth import local_actor
    from core.console import console
    from core.db import engine_for, session_scope
    from core.settings import load_settings
    from issuer._share_auth import disable_client

    with session_scope(engine_for(load_settings())) as session:
        disable_client(session, access_id=access_id, actor=local_actor(actor))
    console.print(f"client {access_id} disabled (已停用)")


@clients_app.command("list")
def list_(json_out: Annotated[bool, typer.Option("--json", help="JSON output")] = False) -> None:
    """Every client (never a secret)."""
    from core.console import console, escape, print_json
    from core.db import engine_for, session_scope
    from core.settings import load_settings
    from issuer._share_auth import list_clients

    with session_scope(engine_for(load_settings())) as session:
        rows = [{"access_id": c.access_id, "name": c.name, "region": c.region,
                 "active": c.active, "secret_version": c.secret_version,
                 "created_by": c.created_by, "created_at": c.created_at.isoformat()}
                for c in list_clients(session)]
    if json_out:
        for row in rows:
            print_json(row)
        return
    for row in rows:
        state = "active" if row["active"] else "disabled"
        console.print(f"{row['access_id']}  {escape(str(row['name']))}  region "
                      f"{row['region'] or '(all)'}  {state}  v{row['secret_version']}")
    if not rows:
        console.print("no clients (ecert share clients add NAME)")


@authorities_app.command("list")
def authorities_list() -> None:
    """Authorities with their division codes and USCCs."""
    from sqlmodel import col, select

    from core.console import console, escape
    from core.db import engine_for, session_scope
    from core.models import Authority
    from core.settings import load_settings

    with session_scope(engine_for(load_settings())) as session:
        for a in session.exec(select(Authority).order_by(col(Authority.code))).all():
            console.print(f"{a.code}  {a.division_code}  {a.uscc or '(no USCC)'}  "
                          f"{escape(a.name)}", highlight=False)


@authorities_app.command("set-uscc")
def set_uscc(
    code: Annotated[str, typer.Argument(help="the authority's code (as in certificate numbers)")],
    uscc: Annotated[str, typer.Argument(help="its 18-character 统一社会信用代码")],
    actor: Actor = "",
) -> None:
    """Record an authority's 统一社会信用代码 (validated, audited): later credential versions
    carry licence identifiers (GB/T 36904) with it."""
    from core.auth import local_actor
    from core.console import console
    from core.db import engine_for, session_scope
    from core.settings import load_settings
    from issuer._licence import set_authority_uscc

    with session_scope(engine_for(load_settings())) as session:
        authority = set_authority_uscc(session, code=code, uscc=uscc, actor=local_actor(actor))
        value = authority.uscc
    console.print(f"authority {code}: USCC {value}", highlight=False)


def register(app: typer.Typer) -> None:
    """Add ``share`` and ``authorities`` to the ``ecert`` app."""
    app.add_typer(share_app, name="share")
    app.add_typer(authorities_app, name="authorities")
