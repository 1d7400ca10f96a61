"""``ecert keys seal ...``: SM2 seal keys (GB/T 38540 electronic seals of the OFD licences).

Same contract as ``ecert keys``: every lifecycle event goes to the audit log with the custodian's
name; errors are one red line. A revocation reaches verifiers through the trust list, so it is
published at once when the root key is at hand (otherwise a warning says it waits).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

import keys
from core.settings import Settings, load_settings
from ecert._keys_cli import Custodian, _custodian, _errors, _out, _warn, record_events
from ecert._keys_support import _publish, check_authority_known

app = typer.Typer(
    help="电子印章密钥 SM2 seal keys for the OFD licences' GB/T 38540 electronic seals.",
    no_args_is_help=True,
)

Authority = Annotated[str, typer.Option("--authority", help="认定机构代码 authority code")]


def _run(action: str, authority: str, custodian: str | None) -> None:
    """Create, rotate or revoke the authority's seal; audit; publish a revocation."""
    with _errors():
        s = load_settings()
        check_authority_known(s, authority)
        events = _call(action, s, authority, _custodian(custodian))
        record_events(s, events)
    for event in events:
        _out.print(f"[green]✓[/] {event.action} {event.entity_type} {event.entity_id}")
    if action != "revoke":
        return
    with _errors():
        if keys.root_at_hand(s.keys_dir):
            _out.print(f"[green]✓[/] {escape(_publish(s, events, _custodian(custodian)))}")
            return
    _warn("根密钥不在 the trust-list root key is not at hand: verifiers will not see this "
          "seal's revocation until the next `ecert publish`")


def _call(action: str, s: Settings, authority: str, who: str) -> list[keys.LifecycleEvent]:
    if action == "revoke":
        return keys.revoke_seal(s.keys_dir, authority, custodian=who)
    change = keys.create_seal if action == "create" else keys.rotate_seal
    return change(s.keys_dir, authority, custodian=who, passphrase=s.passphrase(),
                  strict_permissions=s.is_production, organisation=s.issuer_name or None)


@app.command("create")
def create_cmd(authority: Authority, custodian: Custodian = None) -> None:
    """制作电子印章 create the authority's SM2 seal key, certificate and seal."""
    _run("create", authority, custodian)


@app.command("rotate")
def rotate_cmd(authority: Authority, custodian: Custodian = None) -> None:
    """轮换电子印章 new seal key and seal; the old one retires (what it sealed stays valid)."""
    _run("rotate", authority, custodian)


@app.command("revoke")
def revoke_cmd(authority: Authority, custodian: Custodian = None) -> None:
    """吊销电子印章 revoke the authority's active seal: verifiers refuse everything it sealed."""
    _run("revoke", authority, custodian)


@app.command("list")
def list_cmd(
    authority: Annotated[str | None, typer.Option("--authority", help="only this authority")]
    = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON output")] = False,
) -> None:
    """列出电子印章 list the seal keys (certificate serial, seal id, status, validity)."""
    with _errors():
        records = [r for r in keys.list_seals(load_settings().keys_dir)
                   if authority is None or r.authority == authority]
    if as_json:
        typer.echo(json.dumps([r.to_json() for r in records], ensure_ascii=False, indent=2))
        return
    table = Table("机构 authority", "印章名称 name", "esID", "serial", "状态 status",
                  "valid from", "valid until", "保管人 custodian")
    for r in records:
        row = r.to_json()
        table.add_row(r.authority, r.name, r.es_id, r.serial, r.status, row["not_before"],
                      row["not_after"], r.custodian)
    _out.print(table)


@app.command("publish")
def publish_cmd(
    authority: Authority,
    out: Annotated[Path | None, typer.Option("--out", help="folder (default PUBLIC_DIR/seals)")]
    = None,
    custodian: Custodian = None,
) -> None:
    """发布电子印章 write the SM2 CA cert, seal cert and SESeal (.esl); publish the trust list."""
    with _errors():
        s = load_settings()
        signer_files = _seal_files(s, authority)
        folder = out or Path(s.public_dir) / "seals"
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in signer_files.items():
            (folder / name).write_bytes(data)
            _out.print(f"[green]✓[/] {escape(name)} → {escape(str(folder))}")
        if keys.root_at_hand(s.keys_dir):
            _out.print(f"[green]✓[/] {escape(_publish(s, [], _custodian(custodian)))}")
        else:
            _warn("根密钥不在 root key not at hand: the trust list naming the SM2 CA waits for "
                  "`ecert publish`")


def _seal_files(s: Settings, authority: str) -> dict[str, bytes]:
    """Public files of the authority's active seal (no private key is read)."""
    record = next((r for r in keys.list_seals(s.keys_dir)
                   if r.authority == authority and r.status == "active"), None)
    if record is None:
        raise keys.UnknownKey(f"机构无有效电子印章 no active seal for authority {authority!r}",
                              authority=authority)
    base = Path(s.keys_dir)
    return {
        "sm2-seal-ca.cer": keys.sm2_ca_certificates(s.keys_dir)[0],
        f"{authority}-seal.cer": (base / f"{record.stem}.cert.der").read_bytes(),
        f"{authority}.esl": (base / f"{record.stem}.seal.der").read_bytes(),
    }
