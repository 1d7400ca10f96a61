"""Reading an uploaded OFD file (GB/T 33190: a ZIP package of XML parts) as hostile input.

Everything about the archive is bounded before it costs memory or time: the central directory's
size and entry count are read from its end record before ``zipfile`` parses it; entries are
read through a bounded read whatever their headers claim (``zipfile`` stops at the declared
size and checks the CRC, so a lying header is a CRC error, not a bomb); names must be plain
relative paths (no ``..``, no absolute or drive paths, no backslashes, no duplicates even by
case); only stored and deflated, unencrypted entries. XML parts are parsed by expat with any
DOCTYPE refused (so no entity expansion, internal or external) and bounded element counts and
depth. Every refusal is an :class:`OfdRefused` (HTTP 422) whose ``rule`` is the machine code.
"""

from __future__ import annotations

import posixpath
import struct
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from io import BytesIO
from types import MappingProxyType
from typing import NoReturn
from xml.etree import ElementTree as ET
from xml.parsers import expat

from core.errors import InvalidInput

__all__ = [
    "MAX_DEPTH",
    "MAX_ELEMENTS",
    "MAX_ENTRIES",
    "MAX_PART_BYTES",
    "MAX_TOTAL_BYTES",
    "OfdPackage",
    "OfdRefused",
    "is_ofd",
    "is_zip",
    "parse_xml",
    "read_package",
    "resolve",
]

#: Entries in one package: a licence has about twenty (pages, fonts, images, the seal's files).
MAX_ENTRIES = 1_000
#: Expanded bytes of one part, and of the whole package (an issued licence is well under 2 MB).
MAX_PART_BYTES = 16 * 1024 * 1024
MAX_TOTAL_BYTES = 32 * 1024 * 1024
#: Elements in one XML part, and their nesting depth.
MAX_ELEMENTS = 100_000
MAX_DEPTH = 64
_MAX_NAME = 255
#: The central directory is at most this many bytes per allowed entry (46 fixed + name, extra).
_CD_PER_ENTRY = 46 + 2 * _MAX_NAME
_EOCD = b"PK\x05\x06"
_EOCD_SIZE = 22
_MAX_COMMENT = 0xFFFF


class OfdRefused(InvalidInput):
    """An uploaded OFD package refused before or while reading it; ``rule`` says why."""

    code = "ofd_unreadable"


def _refuse(message: str, rule: str, **details: object) -> NoReturn:
    raise OfdRefused(message, field="file", rule=rule, **details)


def is_zip(data: bytes) -> bool:
    """Whether ``data`` is a ZIP archive by its first bytes (an OFD package is one)."""
    return data[:4] in (b"PK\x03\x04", b"PK\x05\x06")


def is_ofd(data: bytes) -> bool:
    """Whether ``data`` is a ZIP whose root holds ``OFD.xml`` (an OFD package, not an XLSX):
    read from the central directory only, within the entry bound; False for anything else."""
    if not is_zip(data):
        return False
    try:
        entries, cd_size = _end_record(data)
        if entries > MAX_ENTRIES or cd_size > MAX_ENTRIES * _CD_PER_ENTRY:
            return False  # not listed: too many entries for an OFD (or an XLSX roster) anyway
        with zipfile.ZipFile(BytesIO(data)) as archive:
            return any(name.casefold() == "ofd.xml" for name in archive.namelist())
    except OfdRefused:
        return False
    except Exception:  # zipfile's own errors on a damaged directory: not recognisably an OFD
        return False


@dataclass(frozen=True)
class OfdPackage:
    """The parts of a package by name (relative, ``/``-separated), each read in full."""

    parts: Mapping[str, bytes]

    def part(self, name: str) -> bytes:
        """The bytes of part ``name``; a missing part refuses the package (``ofd_missing_part``)."""
        try:
            return self.parts[name]
        except KeyError:
            _refuse(f"OFD 文件缺少部件 the OFD package has no part {name[:200]!r}",
                    "ofd_missing_part", part=name[:200])

    def xml(self, name: str) -> ET.Element:
        """Part ``name`` parsed safely (:func:`parse_xml`)."""
        return parse_xml(self.part(name), name)


def _end_record(data: bytes) -> tuple[int, int]:
    """(entries, central directory size) from the end-of-central-directory record."""
    start = max(0, len(data) - _EOCD_SIZE - _MAX_COMMENT)
    at = data.rfind(_EOCD, start)
    if at < 0 or len(data) - at < _EOCD_SIZE:
        _refuse("不是完整的 OFD/ZIP 文件（可能被截断）the file is not a whole ZIP archive "
                "(truncated?)", "ofd_unreadable")
    entries, cd_size = struct.unpack("<HI", data[at + 10:at + 16])
    return entries, cd_size


def _check_name(name: str, seen: set[str]) -> str:
    """The part name, if it is a plain relative path inside the package."""
    bad = (not name or len(name) > _MAX_NAME or name.startswith("/") or "\\" in name
           or "\0" in name or ":" in name
           or any(s in ("", ".", "..") for s in name.rstrip("/").split("/")))
    if bad:
        _refuse(f"OFD 包内路径不安全 unsafe part name {name[:200]!r} (absolute, '..', drive or "
                "backslash)", "ofd_bad_path", part=name[:200])
    folded = name.casefold()
    if folded in seen:
        _refuse(f"OFD 包内部件重名 duplicate part name {name[:200]!r}", "ofd_bad_path",
                part=name[:200])
    seen.add(folded)
    return name


def _check_entries(infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_ENTRIES:
        _refuse(f"OFD 包内文件过多 {len(infos)} entries, limit {MAX_ENTRIES}",
                "ofd_too_many_parts")
    declared, seen = 0, set[str]()
    for info in infos:
        _check_name(info.filename, seen)
        if info.flag_bits & 0x1:
            _refuse("OFD 包内文件已加密 encrypted entries are not accepted", "ofd_unreadable")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            _refuse(f"不支持的压缩方式 compression method {info.compress_type} (only stored or "
                    "deflated)", "ofd_unreadable")
        declared += info.file_size
        if info.file_size > MAX_PART_BYTES or declared > MAX_TOTAL_BYTES:
            _refuse(f"OFD 文件解压后过大 expands beyond {MAX_PART_BYTES // 2**20} MB per part or "
                    f"{MAX_TOTAL_BYTES // 2**20} MB in all", "ofd_too_large")


def read_package(data: bytes) -> OfdPackage:
    """Every part of the ZIP package ``data``, within the bounds above; OfdRefused otherwise."""
    entries, cd_size = _end_record(data)
    if entries > MAX_ENTRIES or cd_size > MAX_ENTRIES * _CD_PER_ENTRY:
        _refuse(f"OFD 包内文件过多 {entries} entries, limit {MAX_ENTRIES}", "ofd_too_many_parts")
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            infos = archive.infolist()
            _check_entries(infos)
            parts, total = {}, 0
            for info in infos:
                if info.is_dir():
                    continue
                with archive.open(info) as fh:
                    blob = fh.read(MAX_PART_BYTES + 1)
                total += len(blob)
                if len(blob) > MAX_PART_BYTES or total > MAX_TOTAL_BYTES:
                    _refuse("OFD 文件解压后过大 the package expands beyond the limit",
                            "ofd_too_large")
                parts[info.filename] = blob
    except OfdRefused:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError,
            NotImplementedError, RuntimeError, struct.error, UnicodeDecodeError) as exc:
        # zlib.error is an Exception subclass caught below; the common ones are named here
        _refuse(f"无法读取 OFD/ZIP 文件 unreadable ZIP archive: {str(exc)[:200]}",
                "ofd_unreadable")
    except Exception as exc:  # zlib.error and the like on hostile bytes: refused, never a crash
        _refuse(f"无法读取 OFD/ZIP 文件 unreadable ZIP archive ({type(exc).__name__})",
                "ofd_unreadable")
    return OfdPackage(MappingProxyType(parts))


def resolve(base_part: str, location: str) -> str:
    """The part a location names: ``/a/b`` from the package root, anything else from the
    directory of ``base_part`` (GB/T 33190's path rule); a path leaving the package refuses."""
    loc = location.strip()
    if not loc or "\\" in loc or "\0" in loc or ":" in loc or len(loc) > 4 * _MAX_NAME:
        _refuse(f"OFD 路径无效 invalid location {loc[:200]!r} in {base_part}", "ofd_bad_path",
                part=base_part)
    joined = loc[1:] if loc.startswith("/") else \
        posixpath.join(posixpath.dirname(base_part), loc)
    name = posixpath.normpath(joined)
    if name in (".", "..") or name.startswith(("../", "/")):
        _refuse(f"OFD 路径越出文件包 location {loc[:200]!r} leaves the package", "ofd_bad_path",
                part=base_part)
    return name


def _qname(name: str) -> str:
    # expat gives "uri}local" with namespace_separator "}"; ElementTree writes "{uri}local"
    return "{" + name if "}" in name else name


def parse_xml(data: bytes, part: str) -> ET.Element:
    """Parse one XML part: no DOCTYPE (so no entities), at most MAX_ELEMENTS elements nested
    at most MAX_DEPTH deep; OfdRefused (``ofd_xml_refused`` / ``ofd_malformed``) otherwise."""
    builder = ET.TreeBuilder()
    parser = expat.ParserCreate(namespace_separator="}")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    state = {"elements": 0, "depth": 0}

    def forbid(*_args: object) -> NoReturn:
        _refuse(f"OFD 部件含 DTD 或实体声明 {part} declares a DOCTYPE or entities (refused)",
                "ofd_xml_refused", part=part)

    def start(name: str, attrs: dict[str, str]) -> None:
        state["elements"] += 1
        state["depth"] += 1
        if state["elements"] > MAX_ELEMENTS or state["depth"] > MAX_DEPTH:
            _refuse(f"OFD 部件过于复杂 {part}: over {MAX_ELEMENTS} elements or {MAX_DEPTH} "
                    "levels", "ofd_xml_refused", part=part)
        builder.start(_qname(name), {_qname(k): v for k, v in attrs.items()})

    def end(name: str) -> None:
        state["depth"] -= 1
        builder.end(_qname(name))

    parser.StartDoctypeDeclHandler = forbid
    parser.EntityDeclHandler = forbid
    parser.UnparsedEntityDeclHandler = forbid
    parser.ExternalEntityRefHandler = forbid
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = builder.data
    parser.buffer_text = True
    try:
        parser.Parse(data, True)
        return builder.close()
    except OfdRefused:
        raise
    except (expat.ExpatError, ValueError, AssertionError) as exc:
        _refuse(f"OFD 部件不是合法的 XML {part}: {str(exc)[:200]}", "ofd_malformed", part=part)
