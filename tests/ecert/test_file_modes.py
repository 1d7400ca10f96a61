"""Issue 11 item 14: personal data is owner-only on disk; published material stays readable."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.files import (
    open_private,
    private_dir,
    tighten_tree,
    write_new,
    write_private,
    write_public,
)
from ecert.cli import main
from tests.factories import record, write_jsonl


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def loose_umask() -> Iterator[None]:
    """The usual 022 umask, as a user's shell has it (restored afterwards)."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_writers_set_exact_modes(tmp_path: Path, loose_umask: None) -> None:
    write_private(tmp_path / "new" / "deep" / "a.jsonl", b"x")
    assert _mode(tmp_path / "new" / "deep" / "a.jsonl") == 0o600
    assert _mode(tmp_path / "new" / "deep") == 0o700 and _mode(tmp_path / "new") == 0o700
    os.umask(0o077)
    write_public(tmp_path / "pub" / "list.cbor", b"y")
    assert _mode(tmp_path / "pub" / "list.cbor") == 0o644
    assert write_new(tmp_path / "blob", b"1") is True
    assert write_new(tmp_path / "blob", b"2") is False  # never overwritten
    assert (tmp_path / "blob").read_bytes() == b"1" and _mode(tmp_path / "blob") == 0o600
    with open_private(tmp_path / "s.jsonl") as fh:
        fh.write("{}\n")
    assert _mode(tmp_path / "s.jsonl") == 0o600
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_open_private_failure_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "records.jsonl"
    target.write_text("old\n")
    with pytest.raises(RuntimeError), open_private(target) as fh:
        fh.write("half")
        raise RuntimeError("disk full")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["records.jsonl"]


def test_tighten_tree_spares_kept_folders_and_symlinks(tmp_path: Path, loose_umask: None) -> None:
    (tmp_path / "public").mkdir()
    (tmp_path / "public" / "trust-list.cbor").write_bytes(b"t")
    (tmp_path / "ecert.db").write_bytes(b"d")
    private_dir(tmp_path / "artifacts").chmod(0o755)
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.write_text("x")
    outside.chmod(0o644)
    (tmp_path / "link").symlink_to(outside)
    tighten_tree(tmp_path, keep=(tmp_path / "public",))
    assert _mode(tmp_path / "ecert.db") == 0o600 and _mode(tmp_path / "artifacts") == 0o700
    assert _mode(tmp_path) == 0o700
    assert _mode(tmp_path / "public" / "trust-list.cbor") == 0o644
    assert _mode(outside) == 0o644


def test_init_makes_the_home_private_and_the_public_lists_readable(
    ecert_env: Path, loose_umask: None
) -> None:
    assert main(["init", "--demo", "1"]) == 0
    assert _mode(ecert_env) == 0o700
    assert _mode(ecert_env / "ecert.db") == 0o600
    for folder in ("artifacts", "exports", "keys"):
        assert _mode(ecert_env / folder) == 0o700, folder
    for p in (ecert_env / "artifacts").rglob("*"):
        assert _mode(p) == (0o700 if p.is_dir() else 0o600), p
    public = ecert_env / "public"
    assert _mode(public) == 0o755
    for name in ("trust-list.cbor", "status-list.cbor", "root-key.pem", "ca.pem"):
        assert _mode(public / name) == 0o644, name


def test_init_tightens_an_existing_home(ecert_env: Path, loose_umask: None) -> None:
    assert main(["init", "--demo", "1"]) == 0
    loose = [ecert_env, ecert_env / "ecert.db", ecert_env / "artifacts",
             *(ecert_env / "artifacts").rglob("*")]
    for p in loose:
        p.chmod(0o755 if p.is_dir() else 0o644)
    assert main(["init"]) == 0
    for p in loose:
        assert _mode(p) == (0o700 if p.is_dir() else 0o600), p
    assert _mode(ecert_env / "public" / "trust-list.cbor") == 0o644


def test_records_jsonl_export_and_import_folders_are_private(
    registry: object, tmp_path: Path, loose_umask: None
) -> None:
    path = write_jsonl(tmp_path / "r.jsonl", [record(1)])
    assert main(["records", "import", str(path)]) == 0
    out = tmp_path / "exports" / "all.jsonl"
    assert main(["records", "export", "--out", str(out)]) == 0
    assert _mode(out) == 0o600
