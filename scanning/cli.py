"""``ecert scan`` and ``ecert sample``: the scanning commands of the ecert CLI."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from scanning._vocab_registry import Known, known_from


def register(app: typer.Typer) -> None:
    """Add the ``scan`` and ``sample`` commands to the top-level ``ecert`` app."""
    app.command("scan")(scan)
    app.command("sample")(sample)


def scan(
    inputs: Annotated[list[Path], typer.Argument(help="booklet files, school folders or ZIPs")],
    out: Annotated[Path, typer.Option("--out", help="output folder")],
    workers: Annotated[int, typer.Option(help="parallel worker processes")] = 2,
    registry: Annotated[
        bool, typer.Option(help="read the registry's authorities as a vocabulary, if it exists")
    ] = True,
) -> None:
    """扫描证书 Scan booklets into OUT/records.jsonl (photos, page images, errors alongside)."""
    from scanning import scan_paths

    console = Console()
    known = registry_authorities() if registry else frozenset()
    summary = scan_paths(inputs, out, workers, progress=True, authorities=known)
    console.print(
        f"识别 {summary.records} 本证书，其中 [bold]{summary.needs_review}[/] 本需人工审核；"
        f"失败 {len(summary.errors)} 个文件；{summary.pages} 页，"
        f"{summary.pages_per_second:.1f} 页/秒 → {out / 'records.jsonl'}"
    )
    for err in summary.errors:
        console.print(f"[red]失败[/] {err.get('source')}: {err.get('message')}")


def registry_authorities() -> Known:
    """The registry's authorities (name and code) when a registry database exists; none
    otherwise: scanning works without a registry, and a scan never creates one."""
    from sqlalchemy.exc import SQLAlchemyError
    from sqlmodel import select

    from core.db import engine_for, session_scope
    from core.errors import EcertError
    from core.models import Authority
    from core.settings import load_settings

    try:
        settings = load_settings()
        url = settings.database_url
        if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
            return frozenset()
        with session_scope(engine_for(settings)) as session:
            rows = session.exec(select(Authority.name, Authority.code)).all()
    except (EcertError, SQLAlchemyError):
        return frozenset()
    return known_from([(name, code) for name, code in rows])


def sample(
    out: Annotated[Path, typer.Option("--out", help="output folder")],
    count: Annotated[int, typer.Option(min=1, help="number of booklets")] = 10,
    seed: Annotated[int, typer.Option(help="random seed (deterministic output)")] = 0,
    kinds: Annotated[
        str,
        typer.Option(help="comma-separated input kinds to cycle through (default: every kind)"),
    ] = "",
    school: Annotated[str | None, typer.Option(help="write into OUT/SCHOOL/")] = None,
    variety: Annotated[
        str,
        typer.Option(help="wide: many fonts, layouts, designs and captures; classic: one look"),
    ] = "wide",
) -> None:
    """生成样本 Generate synthetic booklets with truth.jsonl and roster.csv."""
    from scanning.sample import generate

    chosen = [k.strip() for k in kinds.split(",") if k.strip()]
    made = generate(
        out, count=count, seed=seed, school=school, kinds=chosen or None, variety=variety
    )
    folder = out / school if school else out
    Console().print(f"生成 {len(made)} 本样本证书 → {folder}（truth.jsonl, roster.csv）")
