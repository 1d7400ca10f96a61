"""Issue 11 item 1: a failed re-import must leave every artifact file and every row as before.

Artifacts are content-addressed and never overwritten in place; a failed import removes only the
files it created that no row references.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import select

from core.db import session_scope
from core.models import AuditEvent, Certificate, Holder
from core.settings import load_settings
from ecert.cli import main
from tests.factories import record, write_jsonl

PHOTO = b"\xff\xd8\xff\xe0 photo of the holder"
PAGE = b"\x89PNG\r\n\x1a\n information page"


def _scan_folder(root: Path, photo: bytes = PHOTO, page: bytes = PAGE) -> Path:
    (root / "photos").mkdir(parents=True)
    (root / "pages").mkdir()
    (root / "photos" / "a.jpg").write_bytes(photo)
    (root / "pages" / "a-1.png").write_bytes(page)
    return root


def _row(serial: int = 1) -> dict[str, Any]:
    return record(serial, photo="photos/a.jpg", pages=["pages/a-1.png"],
                  criminal_check_done=True)


def _import(path: Path, *extra: str) -> int:
    return main(["records", "import", str(path), "--actor", "clerk-wang", *extra])


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.name.startswith(".")}


def _rows() -> tuple[list[dict[str, Any]], int, int]:
    with session_scope() as s:
        certs = [c.model_dump() for c in s.exec(select(Certificate).order_by(Certificate.id))]
        holders = int(s.exec(select(func.count()).select_from(Holder)).one())
        events = int(s.exec(select(func.count()).select_from(AuditEvent)).one())
    return certs, holders, events


def _referenced(artifacts: Path) -> list[Path]:
    """Every artifact file a row names (photo and pages), as the review page and issuer see it."""
    from core.files import artifact_file

    out = []
    with session_scope() as s:
        for cert in s.exec(select(Certificate)):
            pages = json.loads(cert.scan_data or "{}").get("pages") or []
            for rel in [cert.photo_path, *pages]:
                out.append(artifact_file(artifacts, rel))  # NotFound when missing
    return out


def test_failed_reimport_keeps_every_earlier_file_and_row(
    registry: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_jsonl(_scan_folder(tmp_path / "scan") / "records.jsonl", [_row()])
    assert _import(path, "--approve") == 0
    artifacts = load_settings().artifacts_dir
    files_before, rows_before = _files(artifacts), _rows()
    assert PHOTO in files_before.values() and PAGE in files_before.values()

    assert _import(path, "--approve") == 2  # the same file again: refused as a whole
    assert "duplicate_certificate_number" in capsys.readouterr().err
    assert _files(artifacts) == files_before
    assert _rows() == rows_before
    assert sorted(p.read_bytes() for p in _referenced(artifacts)) == sorted([PAGE, PHOTO])


def test_reimport_of_changed_scan_does_not_touch_the_imported_evidence(
    registry: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Same batch label and number, different pixels: the first import's files stay."""
    path = write_jsonl(_scan_folder(tmp_path / "scan") / "records.jsonl", [_row()])
    assert _import(path, "--approve", "--batch", "b1") == 0
    artifacts = load_settings().artifacts_dir
    files_before, rows_before = _files(artifacts), _rows()
    (tmp_path / "scan" / "photos" / "a.jpg").write_bytes(b"\xff\xd8 another photo")
    (tmp_path / "scan" / "pages" / "a-1.png").write_bytes(b"\x89PNG another page")
    assert _import(path, "--approve", "--batch", "b1") == 2
    assert _files(artifacts) == files_before  # new files removed, old ones untouched
    assert _rows() == rows_before


def test_issuer_still_finds_the_photo_after_a_failed_reimport(
    registry: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from core.clock import utcnow
    from issuer._inputs import issue_input

    path = write_jsonl(_scan_folder(tmp_path / "scan") / "records.jsonl", [_row()])
    assert _import(path, "--approve") == 0
    assert _import(path, "--approve") == 2
    artifacts = load_settings().artifacts_dir
    with session_scope() as s:
        cert = s.exec(select(Certificate)).one()
        item = issue_input(s, cert, version=1, issued_at=utcnow(), artifacts=artifacts)
    assert item.photo_path is not None and item.photo_path.read_bytes() == PHOTO


def test_artifacts_are_content_addressed_and_shared(registry: Engine, tmp_path: Path) -> None:
    """Two records with the same photo bytes share one file; the name is the content's hash."""
    import hashlib

    folder = _scan_folder(tmp_path / "scan")
    path = write_jsonl(folder / "records.jsonl", [_row(1), _row(2)])
    assert _import(path) == 0
    with session_scope() as s:
        photos = {c.photo_path for c in s.exec(select(Certificate))}
    assert len(photos) == 1
    (rel,) = photos
    assert rel is not None and hashlib.sha256(PHOTO).hexdigest() in rel


def test_artifacts_are_private(registry: Engine, tmp_path: Path) -> None:
    """Issue 11 item 14: photos and pages are 0600 in 0700 folders."""
    path = write_jsonl(_scan_folder(tmp_path / "scan") / "records.jsonl", [_row()])
    assert _import(path) == 0
    artifacts = load_settings().artifacts_dir
    for p in [artifacts, *artifacts.rglob("*")]:
        if p.name.startswith("."):
            continue
        assert p.stat().st_mode & 0o777 == (0o700 if p.is_dir() else 0o600), p
