"""Inputs: files, folders (one school each) and ZIPs → jobs, within the batch's IngestLimits.

Every input that is refused (a corrupt or oversized ZIP, a ZIP bomb member, a file over the size
limit, a path already visited through a symbolic link, files beyond the batch limit) becomes an
entry in ``Inputs.refused`` with its reason; it never stops the batch.
"""

from __future__ import annotations

import functools
import os
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from core.errors import EcertError, InvalidInput, MalformedFile
from scanning._decode import BOOKLET_SUFFIXES, load_images
from scanning._limits import DEFAULT_LIMITS, IngestLimits

__all__ = ["BOOKLET_SUFFIXES", "ROSTER_SUFFIXES", "Inputs", "Job", "collect", "load_images"]

ROSTER_SUFFIXES = frozenset({".csv", ".xlsx"})
#: What a damaged or unsupported ZIP member raises while it is read.
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError,
               EOFError, OSError, zlib.error, ValueError, struct.error)


@dataclass(frozen=True)
class Job:
    """One booklet file to scan: a path, or a member of a ZIP archive."""

    source: str
    path: str
    member: str | None = None
    school: str | None = None
    limits: IngestLimits = field(default=DEFAULT_LIMITS, compare=False)

    def read(self) -> bytes:
        """The file's bytes, never more than ``limits.max_file_bytes``."""
        limit = self.limits.max_file_bytes
        try:
            if self.member is None:
                with open(self.path, "rb") as fh:
                    data = fh.read(limit + 1)
            else:
                with _archive(self.path).open(self.member) as fh:
                    data = fh.read(limit + 1)
        except _ZIP_ERRORS as e:
            raise MalformedFile(f"无法读取文件 {self.source}：{e}", field="source",
                                rule="zip_format" if self.member else "file_format") from e
        if len(data) > limit:
            raise _too_large(self.source, len(data), limit)
        return data


@dataclass
class Inputs:
    """Everything found in the INPUT arguments."""

    jobs: list[Job]
    rosters: dict[str, Job]
    refused: list[dict[str, Any]] = field(default_factory=list)


def _archive(path: str) -> zipfile.ZipFile:
    """The open archive, parsed once per process (not once per member) while it is unchanged."""
    st = os.stat(path)
    return _open_archive(path, st.st_ino, st.st_size, st.st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _open_archive(path: str, inode: int, size: int, mtime_ns: int) -> zipfile.ZipFile:
    return zipfile.ZipFile(path)


def close_archives() -> None:
    """Forget the archives opened by ``Job.read`` (a closed batch keeps no file open)."""
    _open_archive.cache_clear()


def _too_large(source: str, size: int, limit: int) -> InvalidInput:
    return InvalidInput(f"文件 {source} 过大（{size:,} 字节，上限 {limit:,}）file too large",
                        field="source", rule="file_too_large")


def _zip_name(info: zipfile.ZipInfo) -> str:
    # ZIPs made on Chinese Windows store GBK names without the UTF-8 flag.
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _directory_size(path: Path) -> tuple[int, int]:
    """(entries, bytes) of a ZIP's central directory from its end record, before parsing it."""
    with path.open("rb") as fh:
        fh.seek(0, os.SEEK_END)
        end = fh.tell()
        fh.seek(max(0, end - (22 + 0xFFFF + 20)))
        tail = fh.read()
        pos = tail.rfind(b"PK\x05\x06")
        if pos < 0 or len(tail) < pos + 22:
            raise zipfile.BadZipFile("no end of central directory")
        entries, size = struct.unpack("<H4xI", tail[pos + 10:pos + 20])
        zip64 = pos >= 20 and tail[pos - 20:pos - 16] == b"PK\x06\x07"
        if zip64 and (entries == 0xFFFF or size == 0xFFFFFFFF):
            (offset,) = struct.unpack("<Q", tail[pos - 12:pos - 4])
            fh.seek(offset)
            record = fh.read(56)
            if record[:4] == b"PK\x06\x06":
                entries, size = struct.unpack("<Q8xQ", record[32:56])
    return entries, size


class _Collector:
    """Walks the inputs once: each real path visited once, every refusal recorded."""

    def __init__(self, limits: IngestLimits, skip: frozenset[Path] = frozenset()) -> None:
        self.limits = limits
        self.found = Inputs([], {})
        self.seen: set[Path] = set()
        self.skip = skip  # the scan's own output folder, resolved
        self.full = False

    def refuse(self, source: str, school: str | None, exc: EcertError) -> None:
        self.found.refused.append({"source": source, "school": school, **exc.to_dict()})

    def first_visit(self, path: Path, school: str | None) -> bool:
        """False (and reported) when ``path`` resolves to a file or folder already visited."""
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError) as e:  # a dangling link or a cycle of links
            self.refuse(path.name, school, InvalidInput(
                f"无法解析路径 {path}：{e} unresolvable path", field="input",
                rule="unresolvable_path"))
            return False
        if real in self.seen:
            self.refuse(path.name, school, InvalidInput(
                f"{path} 指向已扫描的 {real}，跳过 already visited (symbolic link or repeat)",
                field="input", rule="duplicate_path"))
            return False
        self.seen.add(real)
        return True

    def add_job(self, job: Job) -> bool:
        """Queue a booklet; False once the batch is full (reported once)."""
        if len(self.found.jobs) >= self.limits.max_files:
            if not self.full:
                self.full = True
                self.refuse(job.source, job.school, InvalidInput(
                    f"本批文件数已达上限 {self.limits.max_files}，其余文件未扫描 "
                    "too many files in one batch; the rest was not scanned",
                    field="input", rule="too_many_files"))
            return False
        self.found.jobs.append(job)
        return True

    def file(self, path: Path, school: str | None, *, named: bool = False) -> None:
        """A file in a folder, or ``named`` on the command line (then scanned whatever its
        suffix, so that a wrong file is reported rather than skipped)."""
        suffix = path.suffix.lower()
        if suffix == ".zip":
            self.zip(path)
            return
        if suffix not in BOOKLET_SUFFIXES | ROSTER_SUFFIXES and not named:
            return
        try:
            size = path.stat().st_size
        except OSError as e:
            self.refuse(path.name, school, InvalidInput(
                f"无法读取文件 {path}：{e.strerror} unreadable file", field="input",
                rule="input_unreadable"))
            return
        if size > self.limits.max_file_bytes:
            self.refuse(path.name, school, _too_large(path.name, size,
                                                      self.limits.max_file_bytes))
            return
        job = Job(path.name, str(path), None, school, self.limits)
        if suffix in BOOKLET_SUFFIXES or named:
            self.add_job(job)
        elif school is not None and school not in self.found.rosters:
            self.found.rosters[school] = job

    def folder(self, root: Path) -> None:
        """Depth first in name order, with a stack rather than recursion: a hostile tree may
        be deeper than Python's recursion limit."""
        stack = [(root, self._entries(root))]
        while stack and not self.full:
            folder, entries = stack[-1]
            entry = next(entries, None)
            if entry is None:
                stack.pop()
            elif entry.is_dir() and self.output(entry):
                continue
            elif self.first_visit(entry, folder.name):
                if entry.is_dir():
                    stack.append((entry, self._entries(entry)))
                elif entry.is_file():
                    self.file(entry, folder.name)

    def output(self, folder: Path) -> bool:
        """True for the scan's own output folder and for an earlier scan's (its records.jsonl
        beside page and photo images): their images are evidence crops, not booklets, when a
        clerk scans the parent folder again."""
        try:
            return folder.resolve() in self.skip or (folder / "records.jsonl").is_file()
        except (OSError, RuntimeError):
            return False  # first_visit reports it

    def _entries(self, folder: Path) -> Iterator[Path]:
        try:
            return iter(sorted(folder.iterdir()))
        except OSError as e:
            self.refuse(folder.name, folder.parent.name, InvalidInput(
                f"无法读取文件夹 {folder}：{e.strerror} unreadable folder", field="input",
                rule="input_unreadable"))
            return iter(())

    def zip(self, path: Path) -> None:
        school = path.stem
        try:
            infos = self._zip_members(path)
        except EcertError as e:
            self.refuse(path.name, school, e)
            return
        except _ZIP_ERRORS as e:
            self.refuse(path.name, school, MalformedFile(
                f"无法读取 ZIP 文件 {path.name}：{e}", field="input", rule="zip_format"))
            return
        for info, name in infos:
            suffix = PurePosixPath(name).suffix.lower()
            job = Job(name, str(path), info.filename, school, self.limits)
            if suffix in BOOKLET_SUFFIXES:
                if not self.add_job(job):
                    return
            elif suffix in ROSTER_SUFFIXES and school not in self.found.rosters:
                self.found.rosters[school] = job

    def _zip_members(self, path: Path) -> list[tuple[zipfile.ZipInfo, str]]:
        """The ZIP's booklet and roster members within the limits; refuses the ZIP whole when
        it has too many entries or too many bytes, and single members that are too large."""
        lim = self.limits
        entries, directory = _directory_size(path)
        with zipfile.ZipFile(path) as zf:  # parsed once; members are read later, per job
            if entries > lim.max_zip_members or directory > lim.max_zip_directory_bytes or len(
                    zf.infolist()) > lim.max_zip_members:
                raise InvalidInput(
                    f"ZIP 文件 {path.name} 含 {max(entries, len(zf.infolist())):,} 个条目，"
                    f"上限 {lim.max_zip_members:,} too many members", field="input",
                    rule="zip_too_many_members")
            wanted = [(i, PurePosixPath(_zip_name(i)).name) for i in zf.infolist()
                      if not i.is_dir()]
        wanted = [(i, n) for i, n in sorted(wanted, key=lambda m: m[0].filename)
                  if PurePosixPath(n).suffix.lower() in BOOKLET_SUFFIXES | ROSTER_SUFFIXES]
        total = sum(i.file_size for i, _ in wanted)
        if total > lim.max_zip_bytes:
            raise InvalidInput(
                f"ZIP 文件 {path.name} 解压后共 {total:,} 字节，上限 {lim.max_zip_bytes:,} "
                "too large uncompressed", field="input", rule="zip_too_large")
        return [(i, n) for i, n in wanted if self._member_ok(i, n, path.stem)]

    def _member_ok(self, info: zipfile.ZipInfo, name: str, school: str) -> bool:
        lim = self.limits
        if info.file_size > lim.max_file_bytes:
            self.refuse(name, school, _too_large(name, info.file_size, lim.max_file_bytes))
            return False
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > lim.zip_ratio_floor_bytes and ratio > lim.max_zip_ratio:
            self.refuse(name, school, InvalidInput(
                f"ZIP 成员 {name} 压缩比 {ratio:.0f}:1 超过上限 {lim.max_zip_ratio}:1，"
                "疑为 ZIP 炸弹 compression ratio too high (ZIP bomb?)", field="source",
                rule="zip_member_ratio"))
            return False
        return True


def collect(
    paths: list[Path], limits: IngestLimits = DEFAULT_LIMITS, *, output: Path | None = None
) -> Inputs:
    """Jobs for every booklet file under the given files, folders and ZIPs, plus rosters, and
    every refused input with its reason; ``output`` (the scan's own folder, which may lie
    inside an input folder) and earlier scans' output folders are not walked."""
    skip = frozenset({output.resolve()}) if output is not None and output.exists() else frozenset()
    walk = _Collector(limits, skip)
    for path in paths:
        if not path.exists():
            raise InvalidInput(f"输入不存在：{path}", field="input", rule="input_missing")
        if walk.full or not walk.first_visit(path, None):
            continue
        if path.is_dir():
            walk.folder(path)
        elif path.is_file():
            walk.file(path, None, named=True)
    return walk.found
