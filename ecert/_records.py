"""``ecert records import|export``: read and write records.jsonl against the registry."""

from __future__ import annotations

import json
import sys
from contextlib import nullcontext
from pathlib import Path

from sqlalchemy.engine import Engine

from core.clock import today
from core.console import err_console, escape
from core.db import engine_for, session_scope
from core.errors import InvalidInput, MalformedFile
from core.files import open_private
from core.identity import vault_for
from core.records import InvalidRecord, ValidRecord, iter_jsonl, validate_record
from core.registry import export_records, import_records
from core.settings import Settings
from ecert._artifacts import StagedArtifacts, import_lock, stage_artifacts

__all__ = ["export_file", "import_file", "read_valid_records"]


def read_valid_records(path: Path, *, for_review: bool = False) -> list[tuple[int, ValidRecord]]:
    """Parse and validate every line; report every bad line, then refuse the whole file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise MalformedFile(f"{path}: no such file", rule="file_not_found") from None
    except UnicodeDecodeError as exc:
        raise MalformedFile(f"{path}: not UTF-8 ({exc.reason})", rule="not_utf8") from None
    problems: list[InvalidRecord] = []
    valid: list[tuple[int, ValidRecord]] = []
    day = today()
    for line, obj in iter_jsonl(text.splitlines()):
        try:
            valid.append((line, validate_record(obj, today=day, line=line,
                                                for_review=for_review)))
        except InvalidRecord as exc:
            problems.append(exc)
    if problems:
        for p in problems:
            err_console.print(f"[red]✗[/] {escape(p.message)}", soft_wrap=True)
        raise InvalidInput(
            f"{len(problems)} invalid record(s) in {path}; nothing was imported",
            rule="invalid_records", lines=[p.details.get("line") for p in problems],
        )
    return valid


def import_file(
    path: Path, settings: Settings, *, approve: bool, batch: str | None, actor: str,
    for_review: bool = False,
) -> int:
    """Import a records.jsonl file in one transaction; returns the number imported.

    Photos and page images named in the file are stored by content first, then the rows are
    committed; if the import fails, only the files it created that no row references are
    removed again, so every earlier file and row stays exactly as it was.
    """
    records = read_valid_records(path, for_review=for_review)
    for line, rec in records:
        if rec.missing:
            err_console.print(f"[yellow]![/] line {line}: 未识别字段 fields not read: "
                              f"{', '.join(rec.missing)} — 请在审核页录入 (type them in on the "
                              "review page)")
    vault, engine = vault_for(settings.secret), engine_for(settings)
    label = batch or f"{path.parent.name}-{path.stem}"
    with import_lock(settings.artifacts_dir):
        staged = stage_artifacts(records, scan_dir=path.parent,
                                 artifacts=settings.artifacts_dir)
        try:
            with session_scope(engine) as session:
                certs = import_records(session, records, actor=actor, approve=approve,
                                       batch=label, vault=vault)
        except BaseException:
            _discard(staged, engine)
            raise
    return len(certs)


def _discard(staged: StagedArtifacts, engine: Engine) -> None:
    try:
        with session_scope(engine) as session:
            staged.discard(session)
    except Exception as exc:  # noqa: BLE001 - keep the import's own error; orphans are harmless
        err_console.print(f"[yellow]![/] 未引用的文件未能清理 unreferenced artifact files left "
                          f"behind: {exc}")


def export_file(out: Path | None, settings: Settings) -> int:
    """Write every record as JSONL to ``out`` (or stdout); returns the count."""
    vault = vault_for(settings.secret)
    count = 0
    sink = open_private(out) if out else nullcontext(sys.stdout)
    with session_scope(engine_for(settings)) as session, sink as fh:
        for obj in export_records(session, vault=vault):
            fh.write(json.dumps(obj, ensure_ascii=False) + "\n")  # full ID numbers: 0600
            count += 1
    return count
