"""Inputs: files, folders (one school each) and ZIPs → jobs; file bytes → page images."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import cv2
import numpy as np
import pymupdf
from PIL import Image as PILImage
from PIL import ImageSequence

from core.errors import InvalidInput, MalformedFile
from scanning._ocr import Image, u8

BOOKLET_SUFFIXES = frozenset({".pdf", ".tif", ".tiff", ".jpg", ".jpeg", ".png", ".bmp", ".webp"})
ROSTER_SUFFIXES = frozenset({".csv", ".xlsx"})
PDF_DPI = 200


@dataclass(frozen=True)
class Job:
    """One booklet file to scan: a path, or a member of a ZIP archive."""

    source: str
    path: str
    member: str | None = None
    school: str | None = None

    def read(self) -> bytes:
        """The file's bytes."""
        if self.member is None:
            return Path(self.path).read_bytes()
        with zipfile.ZipFile(self.path) as zf:
            return zf.read(self.member)


@dataclass
class Inputs:
    """Everything found in the INPUT arguments."""

    jobs: list[Job]
    rosters: dict[str, Job]


def _zip_name(info: zipfile.ZipInfo) -> str:
    # ZIPs made on Chinese Windows store GBK names without the UTF-8 flag.
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _from_zip(path: Path, found: Inputs) -> None:
    school = path.stem
    try:
        with zipfile.ZipFile(path) as zf:
            infos = [i for i in zf.infolist() if not i.is_dir()]
    except zipfile.BadZipFile as e:
        raise MalformedFile(
            f"无法读取 ZIP 文件 {path.name}：{e}", field="input", rule="zip_format"
        ) from e
    for info in sorted(infos, key=lambda i: i.filename):
        name = PurePosixPath(_zip_name(info)).name
        suffix = PurePosixPath(name).suffix.lower()
        job = Job(name, str(path), info.filename, school)
        if suffix in BOOKLET_SUFFIXES:
            found.jobs.append(job)
        elif suffix in ROSTER_SUFFIXES and school not in found.rosters:
            found.rosters[school] = job


def _from_folder(folder: Path, found: Inputs) -> None:
    for entry in sorted(folder.iterdir()):
        suffix = entry.suffix.lower()
        if entry.is_dir():
            _from_folder(entry, found)
        elif suffix == ".zip":
            _from_zip(entry, found)
        elif suffix in BOOKLET_SUFFIXES:
            found.jobs.append(Job(entry.name, str(entry), None, folder.name))
        elif suffix in ROSTER_SUFFIXES and folder.name not in found.rosters:
            found.rosters[folder.name] = Job(entry.name, str(entry), None, folder.name)


def collect(paths: list[Path]) -> Inputs:
    """Jobs for every booklet file under the given files, folders and ZIPs, plus rosters."""
    found = Inputs([], {})
    for path in paths:
        if path.is_dir():
            _from_folder(path, found)
        elif path.suffix.lower() == ".zip":
            _from_zip(path, found)
        elif path.is_file():
            found.jobs.append(Job(path.name, str(path)))
        else:
            raise InvalidInput(f"输入不存在：{path}", field="input", rule="input_missing")
    return found


def _pdf(data: bytes) -> list[Image]:
    out = []
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        for page in doc:
            pix = page.get_pixmap(dpi=PDF_DPI, colorspace=pymupdf.csRGB, alpha=False)
            arr = np.frombuffer(pix.samples, np.uint8).reshape(pix.h, pix.w, 3)
            out.append(arr.copy())
    return out


def _tiff(data: bytes) -> list[Image]:
    with PILImage.open(io.BytesIO(data)) as im:
        return [np.asarray(frame.convert("RGB")).copy() for frame in ImageSequence.Iterator(im)]


def load_images(data: bytes, name: str) -> list[Image]:
    """Every page image (RGB) of a PDF, TIFF or single image file."""
    suffix = PurePosixPath(name).suffix.lower()
    try:
        if suffix == ".pdf":
            images = _pdf(data)
        elif suffix in (".tif", ".tiff"):
            images = _tiff(data)
        else:
            bgr = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
            images = [] if bgr is None else [u8(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))]
    except Exception as e:  # decoders raise many unrelated types for damaged files
        raise MalformedFile(f"无法解码文件 {name}：{e}", field="source", rule="file_format") from e
    if not images:
        raise MalformedFile(f"文件 {name} 不含可读取的页面", field="source", rule="file_format")
    return images
