"""Copy a scan folder's photo and page images into ``$ECERT_HOME/artifacts`` on import.

Paths in records.jsonl are relative to the scan folder; after import the registry stores paths
relative to the artifacts folder, so the registry and its files move together.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from core.errors import InvalidInput
from core.records import ValidRecord

__all__ = ["stage_artifacts"]


def _inside(base: Path, relative: str, *, field: str, line: int) -> Path:
    path = (base / relative).resolve()
    if not path.is_relative_to(base.resolve()):
        raise InvalidInput(f"line {line}: {field} points outside the scan folder: {relative}",
                           field=field, rule="path_outside_scan_folder", line=line)
    if not path.is_file():
        raise InvalidInput(f"line {line}: {field} file not found: {relative}", field=field,
                           rule="file_not_found", line=line)
    return path


def stage_artifacts(
    records: list[tuple[int, ValidRecord]], *, scan_dir: Path, artifacts: Path, batch: str
) -> list[Path]:
    """Copy photos and pages; rewrite the records' paths. Returns the files written (so a
    failed import can remove them again)."""
    written: list[Path] = []
    for line, rec in records:
        target = artifacts / "scans" / batch / rec.certificate_number
        raw = rec.raw
        if raw.photo:
            src = _inside(scan_dir, raw.photo, field="photo", line=line)
            raw.photo = _copy(src, target / f"photo{src.suffix.lower()}", artifacts, written)
        raw.pages = [
            _copy(_inside(scan_dir, page, field=f"pages[{i}]", line=line),
                  target / f"page-{i + 1}{Path(page).suffix.lower()}", artifacts, written)
            for i, page in enumerate(raw.pages)
        ]
    return written


def _copy(src: Path, dst: Path, artifacts: Path, written: list[Path]) -> str:
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)
    written.append(dst)
    return str(dst.relative_to(artifacts))
