"""``ecert keys ...``: the custodians' command line (a contract other tools use).

Reads settings, calls ``keys``, and writes every lifecycle event to the audit log with the
custodian's name. A key change is published at once when the root key is at hand, or a warning
says what waits for ``ecert publish`` (see ``ecert._keys_support``). Errors are one red line and
a non-zero exit (2 for bad input, as ``ecert`` itself; 1 otherwise), never a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Column, Table

import keys
from core.errors import InvalidInput
from core.settings import Settings, load_settings
from ecert._keys_cli import (
    Custodian,
    _custodian,
    _errors,
    _out,
    _warn,
    record_events,
)
from ecert._keys_support import (
    check_authority_known,
    publish_or_warn,
    published_list,
    signing_notes,
)
from ecert.cli_seal import app as seal_app

app = typer.Typer(
    help="签名密钥管理 signing-key custody: key files, PKCS#11 tokens, trust list, X.509 CA.",
    no_args_is_help=True,
)
app.add_typer(seal_app, name="seal")


def _token(settings: Settings) -> keys.TokenConfig:
    return keys.TokenConfig(
        settings.pkcs11_module, settings.pkcs11_token_label, settings.pkcs11_pin
    )


def _lifecycle(
    action: Callable[[Settings], list[keys.LifecycleEvent]], custodian: str | None = None
) -> None:
    """Run a lifecycle action, audit it, then publish the change or warn that it waits."""
    with _errors():
        settings = load_settings()
        events = action(settings)
        record_events(settings, events)
    for event in events:
        _out.print(f"[green]✓[/] {event.action} {event.entity_type} {event.entity_id}")
    with _errors():
        done, warnings = publish_or_warn(settings, events, _custodian(custodian))
    for line in done:
        _out.print(f"[green]✓[/] {escape(line)}")
    for line in warnings:
        _warn(line)


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
        for code, _name in pairs:
            check_authority_known(s, code)
        return keys.init_hierarchy(
            s.keys_dir,
            passphrase=s.passphrase() or b"",
            authorities=pairs,
            custodian=_custodian(custodian),
            strict_permissions=s.is_production,
            organisation=s.issuer_name,
        )

    _lifecycle(run, custodian)


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
        parsed = keys.parse_algorithm(algorithm)
        check_authority_known(s, authority)
        return keys.create_key(
            s.keys_dir,
            authority,
            custodian=_custodian(custodian),
            passphrase=s.passphrase(),
            algorithm=parsed,
            backend="file" if backend == "file" else "pkcs11",
            token=_token(s) if backend == "pkcs11" else None,
            authority_name=name,
            strict_permissions=s.is_production,
        )

    _lifecycle(run, custodian)


@app.command("rotate")
def rotate_cmd(
    authority: Annotated[str | None, typer.Option("--authority", help="authority code")] = None,
    all_: Annotated[bool, typer.Option("--all", help="rotate every authority")] = False,
    custodian: Custodian = None,
) -> None:
    """轮换密钥 new key, active once published; the old one then retires, still verifiable."""

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

    _lifecycle(run, custodian)


@app.command("retire")
def retire_cmd(kid: str, custodian: Custodian = None) -> None:
    """停用密钥 retire a key: it signs no more; earlier signatures stay valid."""
    _lifecycle(
        lambda s: keys.retire_key(s.keys_dir, kid, custodian=_custodian(custodian)), custodian
    )


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

    _lifecycle(run, custodian)


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
    """列出密钥 list every credential-signing key, whether it is published and which signs."""
    with _errors():
        settings = load_settings()
        keys.list_keys(settings.keys_dir)  # a missing keystore is an error, not an empty list
        notes = signing_notes(settings)
        try:
            states = keys.key_states(settings.keys_dir, published=published_list(settings))
        except keys.KeyNotUsable:  # unusable published list: said in the notes
            states = keys.key_states(settings.keys_dir, published=None)
    if as_json:
        rows = [{**s.record.to_json(), "published": s.published, "signing": s.signing}
                for s in states]
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    _out.print(_key_table(states))
    for note in notes:
        _warn(note)


def _key_table(states: Sequence[keys.KeyState]) -> Table:
    table = Table(
        Column("kid", no_wrap=True),
        "机构 authority",
        "alg",
        "backend",
        "状态 status",
        "已发布 published",
        "签名中 signing",
        "valid from",
        "valid until",
        "compromised",
        "保管人 custodian",
    )
    for state in states:
        r, row = state.record, state.record.to_json()
        table.add_row(
            r.kid_hex,
            r.authority,
            r.algorithm,
            r.backend,
            r.status,
            "✓" if state.published else "✗",
            "✓" if state.signing else "",
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
    """签发信任列表 sign the next trust-list version into a file (pending keys stay out; only
    `ecert publish` makes them active)."""

    def run(s: Settings) -> list[keys.LifecycleEvent]:
        from datetime import timedelta

        data, event = keys.publish_trust_list(
            s.keys_dir,
            passphrase=s.passphrase(),
            custodian=_custodian(custodian),
            validity=timedelta(days=validity_days),
            strict_permissions=s.is_production,
            activate_pending=False,
        )
        out.write_bytes(data)
        return [event]

    _lifecycle(run)


@app.command("export-ca")
def export_ca_cmd(out: Annotated[Path, typer.Option("--out", help="PEM output file")]) -> None:
    """导出 CA 证书 write the CA certificate (PEM) for PDF trust settings."""
    with _errors():
        out.write_bytes(keys.export_ca(load_settings().keys_dir))
    _out.print(f"[green]✓[/] CA → {out}")


@app.command("export-root")
def export_root_cmd(out: Annotated[Path, typer.Option("--out", help="PEM output file")]) -> None:
    """导出根公钥 write the trust-list root public key (PEM) that verifiers pin."""
    with _errors():
        raw = keys.root_public_key(load_settings().keys_dir)
        out.write_bytes(keys.load_public_key(raw, "EdDSA").pem())
    _out.print(f"[green]✓[/] root {keys.compute_kid(raw).hex()} → {out}")
