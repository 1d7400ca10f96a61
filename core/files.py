"""File modes and safe writers: personal data owner-only, public material world-readable.

Everything under ``$ECERT_HOME`` except ``public/`` holds personal data or secrets (the registry,
scan pages, photos, PDFs, exports, keys), and so does the scanner's output (``records.jsonl``
carries full ID numbers). Such files are created 0600 in 0700 folders; the published trust and
status lists and public keys stay 0644 so that any web server can serve them.

Writers are atomic (a temporary file in the same folder, then a rename or a hard link), so a
reader sees a file either absent or complete, never partial.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

__all__ = [
    "artifact_file",
    "PRIVATE_DIR_MODE",
    "PRIVATE_FILE_MODE",
    "PRIVATE_UMASK",
    "PUBLIC_DIR_MODE",
    "PUBLIC_FILE_MODE",
    "TMP_SUFFIX",
    "folder_lock",
    "fsync_path",
    "open_private",
    "private_dir",
    "public_dir",
    "restrict_umask",
    "tighten_tree",
    "write_new",
    "write_private",
    "write_public",
]

PRIVATE_FILE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700
PUBLIC_FILE_MODE = 0o644
PUBLIC_DIR_MODE = 0o755
#: The process umask of every ecert command and server: anything created without an explicit
#: mode (SQLite's database and journal, a PDF, a report) is readable by its owner only.
PRIVATE_UMASK = 0o077
#: Temporary files of the atomic writers end with this; a sweep may delete them.
TMP_SUFFIX = ".part"


def restrict_umask() -> int:
    """Make files this process creates owner-only from now on; returns the previous umask."""
    return os.umask(PRIVATE_UMASK)


def private_dir(path: Path) -> Path:
    """Create ``path`` and its missing parents 0700, and make ``path`` itself 0700."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    for folder in reversed(missing):
        folder.mkdir(mode=PRIVATE_DIR_MODE, exist_ok=True)
    if path.stat().st_mode & 0o777 != PRIVATE_DIR_MODE:
        path.chmod(PRIVATE_DIR_MODE)
    return path


def public_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) world-readable, 0755, whatever the umask."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    for folder in reversed(missing):
        folder.mkdir(exist_ok=True)
        folder.chmod(PUBLIC_DIR_MODE)  # mkdir's mode is cut by the private umask
    return path


def _tmp_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}{TMP_SUFFIX}")


def _write_tmp(path: Path, data: bytes, mode: int, durable: bool) -> Path:
    """``data`` in a new temporary file beside ``path``, with exactly ``mode``."""
    tmp = _tmp_path(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        os.fchmod(fd, mode)  # the umask may have taken bits that a public file needs
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _replace(path: Path, data: bytes, mode: int, durable: bool) -> None:
    tmp = _write_tmp(path, data, mode, durable)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_private(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Atomically write personal data: 0600, in a folder created 0700 if missing."""
    if not path.parent.exists():
        private_dir(path.parent)
    _replace(path, data, PRIVATE_FILE_MODE, durable)


def write_public(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Atomically write published material (trust/status list, public key): 0644."""
    if not path.parent.exists():
        public_dir(path.parent)
    _replace(path, data, PUBLIC_FILE_MODE, durable)


def write_new(
    path: Path, data: bytes, *, durable: bool = True, mode: int = PRIVATE_FILE_MODE
) -> bool:
    """Create ``path`` (0600, or ``mode``) with ``data`` unless it exists; never overwrites.

    Returns True when this call created the file, False when it was already there (for a
    content-addressed store: the same content). The file appears complete or not at all.
    """
    if not path.parent.exists():
        (private_dir if mode == PRIVATE_FILE_MODE else public_dir)(path.parent)
    if path.exists():
        return False
    tmp = _write_tmp(path, data, mode, durable)
    try:
        os.link(tmp, path)  # fails if a concurrent writer got there first, unlike a rename
    except FileExistsError:
        return False
    finally:
        tmp.unlink(missing_ok=True)
    if durable:
        fsync_path(path.parent)  # the new directory entry survives a power cut
    return True


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (an existing directory) for one writer at a time;
    it waits for the holder, and ends with the process if that dies."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def fsync_path(path: Path) -> None:
    """Flush a file, or a directory's entries, to disk by its path (a row may name it next)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def open_private(path: Path) -> Iterator[TextIO]:
    """Stream UTF-8 text holding personal data into ``path`` (0600): the file appears complete
    on success, and an error leaves whatever was there before."""
    if not path.parent.exists():
        private_dir(path.parent)
    tmp = _tmp_path(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def tighten_tree(root: Path, *, keep: tuple[Path, ...] = (), recursive: bool = True) -> int:
    """Remove group and other permissions from ``root`` (a file or a folder) and, if
    ``recursive``, everything under it except inside the folders in ``keep``; symbolic links
    are not followed. Returns how many modes changed."""
    if root.is_symlink() or not root.exists():
        return 0
    if not (recursive and root.is_dir()):
        return _tighten(root)
    kept = {k.resolve() for k in keep}
    changed = 0
    for folder, dirs, files in os.walk(root, followlinks=False):
        here = Path(folder)
        dirs[:] = [d for d in dirs if (here / d).resolve() not in kept]
        changed += sum(_tighten(entry) for entry in [here, *(here / f for f in files)])
    return changed


def _tighten(entry: Path) -> int:
    st = entry.lstat()
    if stat.S_ISLNK(st.st_mode) or not st.st_mode & 0o077:
        return 0
    entry.chmod(stat.S_IMODE(st.st_mode) & 0o700)
    return 1


def artifact_file(artifacts: Path, relative: str | None) -> Path:
    """The stored file ``relative`` (a path the registry holds) inside ``artifacts``;
    NotFound when absent or when it would lead outside the folder (``..``, a symlink out)."""
    from core.errors import NotFound

    missing = NotFound("没有该文件 (no such file)", code="file_not_found")
    if not relative:
        raise missing
    base = artifacts.resolve()
    path = (base / relative).resolve()
    if not path.is_relative_to(base) or not path.is_file():
        raise missing
    return path
