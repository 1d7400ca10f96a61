"""Copy a scan folder's photo and page images into ``$ECERT_HOME/artifacts`` on import.

Paths in records.jsonl are relative to the scan folder; after import the registry stores paths
relative to the artifacts folder, so the registry and its files move together.

The store is content-addressed (``scans/sha256/ab/abcd….jpg``): a file's name is the SHA-256 of
its bytes, so a file is never overwritten in place and one a row names never changes. An import
runs under a lock on the artifacts folder: it writes the files it needs, commits its rows, and
if the commit fails removes only the files it created itself that no row names — the evidence
of earlier imports is never touched.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import or_
from sqlmodel import Session, col, func, select

from core.errors import InvalidInput
from core.files import folder_lock, private_dir, write_new
from core.models import Certificate
from core.records import ValidRecord

__all__ = ["StagedArtifacts", "import_lock", "stage_artifacts"]

#: Folder of the content-addressed scan artifacts, relative to the artifacts folder.
STORE = "scans/sha256"


def _inside(base: Path, relative: str, *, field: str, line: int) -> Path:
    path = (base / relative).resolve()
    if not path.is_relative_to(base.resolve()):
        raise InvalidInput(f"line {line}: {field} points outside the scan folder: {relative}",
                           field=field, rule="path_outside_scan_folder", line=line)
    if not path.is_file():
        raise InvalidInput(f"line {line}: {field} file not found: {relative}", field=field,
                           rule="file_not_found", line=line)
    return path


@contextmanager
def import_lock(artifacts: Path) -> Iterator[None]:
    """One import at a time per registry, so a failed import's clean-up cannot remove a file
    that a concurrent import has just started to reference."""
    with folder_lock(private_dir(artifacts)):
        yield


@dataclass
class StagedArtifacts:
    """The files an import put into the store; ``created`` did not exist before it."""

    artifacts: Path
    created: list[Path] = field(default_factory=list)

    def discard(self, session: Session) -> list[Path]:
        """After a failed import: remove each created file that no row references."""
        removed = []
        for path in self.created:
            rel = str(path.relative_to(self.artifacts))
            if not _referenced(session, rel):
                path.unlink(missing_ok=True)
                removed.append(path)
        return removed


def _referenced(session: Session, rel: str) -> bool:
    query = select(func.count()).select_from(Certificate).where(or_(
        col(Certificate.photo_path) == rel,
        col(Certificate.scan_data).contains(rel, autoescape=True),
    ))
    return bool(session.exec(query).one())


def stage_artifacts(
    records: list[tuple[int, ValidRecord]], *, scan_dir: Path, artifacts: Path
) -> StagedArtifacts:
    """Store photos and pages by content; rewrite the records' paths to the stored files."""
    staged = StagedArtifacts(artifacts)
    try:
        for line, rec in records:
            raw = rec.raw
            if raw.photo:
                raw.photo = _store(_inside(scan_dir, raw.photo, field="photo", line=line),
                                   staged)
            raw.pages = [
                _store(_inside(scan_dir, page, field=f"pages[{i}]", line=line), staged)
                for i, page in enumerate(raw.pages)
            ]
    except BaseException:
        for path in staged.created:  # no row can name them yet: the import has not begun
            path.unlink(missing_ok=True)
        raise
    return staged


def _store(src: Path, staged: StagedArtifacts) -> str:
    data = src.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    dst = staged.artifacts / STORE / digest[:2] / f"{digest}{src.suffix.lower()}"
    private_dir(dst.parent)
    if write_new(dst, data):
        staged.created.append(dst)
    return str(dst.relative_to(staged.artifacts))
