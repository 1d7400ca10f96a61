"""``ecert keys ...``: the custodians' command line (a contract other tools use).

Reads settings, calls ``keys``, and writes every lifecycle event to the audit log with the
custodian's name. Errors are one red line and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Column, Table

import keys
from core.auth import local_actor
from core.errors import EcertError, InvalidInput
from core.settings import Settings, get_settings

app = typer.Typer(
    help="签名密钥管理 signing-key custody: key files, PKCS#11 tokens, trust list, X.509 CA.",
    no_args_is_help=True,
)
_err = Console(stderr=True)
_out = Console()

Custodian = Annotated[
    str | None,
    typer.Option(
        "--custodian", help="保管人姓名 custodian name (default: $ECERT_CUSTODIAN or OS user)"
    ),
]


def _fail(message: str) -> NoReturn:
    text = f"[bold red]错误 error:[/] {escape(message)}"
    _err.print(text, markup=True, highlight=False, soft_wrap=True)
    raise typer.Exit(1)


@contextmanager
def _errors() -> Iterator[None]:
    """Turn every deliberate error into one red line and exit code 1."""
    try:
        yield
    except EcertError as exc:
        _fail(exc.message)
    except ValueError as exc:  # e.g. pydantic's ValidationError for bad ECERT_* settings
        _fail(str(exc).splitlines()[0])
    except OSError as exc:
        _fail(f"文件错误 {exc.strerror or exc}: {exc.filename or ''}".strip())


def _custodian(value: str | None) -> str:
    return local_actor(value, env="ECERT_CUSTODIAN")


def _token(settings: Settings) -> keys.TokenConfig:
    return keys.TokenConfig(
        settings.pkcs11_module, settings.pkcs11_token_label, settings.pkcs11_pin
    )


def record_events(events: Sequence[keys.LifecycleEvent]) -> None:
    """Write lifecycle events to the audit log in one transaction."""
    if not events:
        return
    from core.audit import record_event
    from core.db import session_scope

    try:
        with session_scope() as session:
            for event in events:
                record_event(session, **event.audit_kwargs())
    except Exception as exc:  # database errors are not EcertErrors; keep the one-line contract
        done = ", ".join(f"{e.action} {e.entity_id}" for e in events)
        raise EcertError(
            f"审计日志写入失败 audit log write failed ({type(exc).__name__}: {exc}); "
            f"already done: {done}"
        ) from None


def _lifecycle(action: Callable[[Settings], list[keys.LifecycleEvent]]) -> None:
    with _errors():
        events = action(get_settings())
        record_events(events)
    for event in events:
        _out.print(f"[green]✓[/] {event.action} {event.entity_type} {event.entity_id}")


def _parse_authority(text: str) -> tuple[str, str]:
    code, _, name = text.partition(":")
    return code.strip(), (name.strip() or code.strip())


@app.command("init")
def init_cmd(
    authority: Annotated[
        list[str] | None,
        typer.Option("--authority", help="CODE[:NAME], repeatable: also create authority keys"),
    ] = None,
    custodian: Custodian = None,
) -> None:
    """创建根密钥与 CA create the root key and CA (and keys for --authority); idempotent."""

    def run(s: Settings) -> list[keys.LifecycleEvent]:
        pairs = [_parse_authority(a) for a in authority or []]
        return keys.init_hierarchy(
            s.keys_dir,
            passphrase=s.passphrase() or b"",
            authorities=pairs,
            custodian=_custodian(custodian),
            strict_permissions=s.is_production,
        )

    _lifecycle(run)


@app.command("create")
def create_cmd(
    authority: Annotated[str, typer.Option("--authority", help="认定机构代码 authority code")],
    algorithm: Annotated[str, typer.Option("--algorithm", help="ed25519 | p256")] = "ed25519",
    backend: Annotated[str, typer.Option("--backend", help="file | pkcs11")] = "file",
    name: Annotated[str | None, typer.Option("--name", help="机构名称 authority name")] = None,
    custodian: Custodian = None,
) -> None:
    """创建签名密钥 create the active credential-signing key of an authority."""

    def run(s: Settings) -> list[keys.LifecycleEvent]:
        if backend not in ("file", "pkcs11"):
            raise InvalidInput(
                f"未知后端 unknown backend {backend!r}: use file or pkcs11",
                field="backend",
                rule="one_of:file,pkcs11",
            )
        return keys.create_key(
            s.keys_dir,
            authority,
            custodian=_custodian(custodian),
            passphrase=s.passphrase(),
            algorithm=keys.parse_algorithm(algorithm),
            backend="file" if backend == "file" else "pkcs11",
            token=_token(s) if backend == "pkcs11" else None,
            authority_name=name,
            strict_permissions=s.is_production,
        )

    _lifecycle(run)


@app.command("rotate")
def rotate_cmd(
    authority: Annotated[str | None, typer.Option("--authority", help="authority code")] = None,
    all_: Annotated[bool, typer.Option("--all", help="rotate every authority")] = False,
    custodian: Custodian = None,
) -> None:
    """轮换密钥 new active key; the old one is retired but stays verifiable."""

    def run(s: Settings) -> list[keys.LifecycleEvent]:
        if (authority is None) == (not all_):
            raise InvalidInput(
                "请指定 --authority CODE 或 --all (exactly one)",
                field="authority",
                rule="exactly_one",
            )
        who, phrase, token, strict = (
            _custodian(custodian),
            s.passphrase(),
            _token(s),
            s.is_production,
        )
        if all_:
            return keys.rotate_all(
                s.keys_dir, custodian=who, passphrase=phrase, token=token, strict_permissions=strict
            )
        assert authority is not None
        return keys.rotate_key(
            s.keys_dir,
            authority,
            custodian=who,
            passphrase=phrase,
            token=token,
            strict_permissions=strict,
        )

    _lifecycle(run)


@app.command("retire")
def retire_cmd(kid: str, custodian: Custodian = None) -> None:
    """停用密钥 retire a key: it signs no more; earlier signatures stay valid."""
    _lifecycle(lambda s: keys.retire_key(s.keys_dir, kid, custodian=_custodian(custodian)))


@app.command("revoke")
def revoke_cmd(
    kid: str,
    compromised_at: Annotated[
        str | None, typer.Option("--compromised-at", help="ISO-TIME with offset, default now")
    ] = None,
    custodian: Custodian = None,
) -> None:
    """吊销密钥 revoke a (compromised) key: its credentials report key_revoked."""

    def run(s: Settings) -> list[keys.LifecycleEvent]:
        when = None if compromised_at is None else _iso_time(compromised_at)
        return keys.revoke_key(
            s.keys_dir, kid, custodian=_custodian(custodian), compromised_at=when
        )

    _lifecycle(run)


def _iso_time(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(
            f"时间格式错误 not an ISO time: {text!r}", field="compromised_at", rule="iso_datetime"
        ) from None
    if moment.tzinfo is None:
        raise InvalidInput(
            "时间需带时区 add an offset, e.g. 2026-11-20T08:00:00+08:00",
            field="compromised_at",
            rule="timezone_required",
        )
    return moment


@app.command("list")
def list_cmd(as_json: Annotated[bool, typer.Option("--json", help="JSON output")] = False) -> None:
    """列出密钥 list every credential-signing key."""
    with _errors():
        records = keys.list_keys(get_settings().keys_dir)
    if as_json:
        typer.echo(json.dumps([r.to_json() for r in records], ensure_ascii=False, indent=2))
        return
    _out.print(_key_table(records))


def _key_table(records: Sequence[keys.KeyRecord]) -> Table:
    table = Table(
        Column("kid", no_wrap=True),
        "机构 authority",
        "alg",
        "backend",
        "状态 status",
        "valid from",
        "valid until",
        "compromised",
        "保管人 custodian",
    )
    for r in records:
        row = r.to_json()
        table.add_row(
            r.kid_hex,
            r.authority,
            r.algorithm,
            r.backend,
            r.status,
            row["valid_from"],
            row["valid_until"] or "",
            row["compromised_at"] or "",
            r.custodian,
        )
    return table


@app.command("trust-list")
def trust_list_cmd(
    out: Annotated[Path, typer.Option("--out", help="output file (COSE_Sign1, CBOR)")],
    validity_days: Annotated[int, typer.Option("--validity-days", min=1, max=90)] = 7,
    custodian: Custodian = None,
) -> None:
    """签发信任列表 sign the next trust-list version with the root key."""

    def run(s: Settings) -> list[keys.LifecycleEvent]:
        from datetime import timedelta

        data, event = keys.publish_trust_list(
            s.keys_dir,
            passphrase=s.passphrase(),
            custodian=_custodian(custodian),
            validity=timedelta(days=validity_days),
            strict_permissions=s.is_production,
        )
        out.write_bytes(data)
        return [event]

    _lifecycle(run)


@app.command("export-ca")
def export_ca_cmd(out: Annotated[Path, typer.Option("--out", help="PEM output file")]) -> None:
    """导出 CA 证书 write the CA certificate (PEM) for PDF trust settings."""
    with _errors():
        out.write_bytes(keys.export_ca(get_settings().keys_dir))
    _out.print(f"[green]✓[/] CA → {out}")


@app.command("export-root")
def export_root_cmd(out: Annotated[Path, typer.Option("--out", help="PEM output file")]) -> None:
    """导出根公钥 write the trust-list root public key (PEM) that verifiers pin."""
    with _errors():
        raw = keys.root_public_key(get_settings().keys_dir)
        out.write_bytes(keys.load_public_key(raw, "EdDSA").pem())
    _out.print(f"[green]✓[/] root {keys.compute_kid(raw).hex()} → {out}")
