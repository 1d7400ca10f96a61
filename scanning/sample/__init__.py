"""Synthetic teacher-certificate booklets with ground truth, for tests, demos and benchmarks.

``generate(out, count=N, seed=S)`` writes one file per booklet, ``truth.jsonl`` (the records the
scanner should read, in the records.jsonl layout), ``roster.csv`` (the school's 名册) and
``manifest.jsonl`` (kind, page count, whether the photo page is in the file, and with
``variety="wide"`` every design and capture choice).

``variety="classic"`` renders the original single look (byte-identical per seed, for the tests
built on it); ``variety="wide"`` varies fonts, page layouts, remarks and sticker designs, and
captures (100–300 dpi, JPEG 35–95, greyscale, skew, shadows, folds, bleed-through, phone photos
with perspective, glare and blur), as booklets from unknown print runs and scanners do.
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scanning.sample._booklet import EXTENSIONS, KINDS, VARIETIES, WIDE_KINDS, build
from scanning.sample._file import Booklet
from scanning.sample._records import TruthRecord, random_record
from scanning.sample._render import portrait
from scanning.sample._wide_records import wide_record

__all__ = [
    "KINDS",
    "VARIETIES",
    "WIDE_KINDS",
    "Booklet",
    "GeneratedBooklet",
    "TruthRecord",
    "build",
    "generate",
    "portrait",
    "random_record",
    "wide_record",
]

ROSTER_HEADER = ["序号", "姓名", "性别", "身份证件号码", "资格种类", "任教学科", "证书号码"]


@dataclass(frozen=True)
class GeneratedBooklet:
    """One written booklet: its path, kind and truth."""

    path: Path
    kind: str
    pages: int
    truth: dict[str, Any]
    photo_page: bool = True
    details: dict[str, Any] = field(default_factory=dict)


def _truth(rec: TruthRecord, booklet: Booklet, source: str, school: str | None) -> dict[str, Any]:
    data = rec.as_json(source, school)
    if "remarks" not in booklet.visible:
        data["annotations"] = []
    if "registration" not in booklet.visible:
        data["registrations"] = []
    return data


def _stem(rec: TruthRecord, kind: str, variety: str) -> str:
    """The file name's stem: the holder's name (classic), or what a scanner or phone writes, so
    the wide set gives the reader nothing to find in the file name."""
    if variety != "wide":
        return rec.name
    return "IMG" if kind.startswith("phone") else "scan"


def _check(kinds: Sequence[str], variety: str) -> None:
    from core.errors import InvalidInput

    if variety not in VARIETIES:
        raise InvalidInput(
            f"未知的样本风格 unknown variety: {variety!r}; use {VARIETIES}",
            field="variety",
            rule="sample_variety",
        )
    allowed = WIDE_KINDS if variety == "wide" else KINDS
    unknown = set(kinds) - set(allowed)
    if unknown or not kinds:
        raise InvalidInput(
            f"未知的样本类型 unknown kinds: {sorted(unknown)}; use {allowed}",
            field="kinds",
            rule="sample_kind",
        )


def generate(
    out: Path,
    *,
    count: int,
    seed: int = 0,
    kinds: Sequence[str] | None = None,
    school: str | None = None,
    variety: str = "classic",
) -> list[GeneratedBooklet]:
    """Write ``count`` booklets cycling through ``kinds``; deterministic for ``seed``."""
    if kinds is None:
        kinds = WIDE_KINDS if variety == "wide" else KINDS
    _check(kinds, variety)
    make_record = wide_record if variety == "wide" else random_record
    folder = out / school if school else out
    folder.mkdir(parents=True, exist_ok=True)
    made: list[GeneratedBooklet] = []
    for i in range(count):
        rng = random.Random(f"{seed}:{i}")
        rec = make_record(rng)
        kind = kinds[i % len(kinds)]
        booklet = build(rec, kind, rng, variety)
        path = folder / f"{i + 1:04d}_{_stem(rec, kind, variety)}{EXTENSIONS[kind]}"
        path.write_bytes(booklet.data)
        truth = _truth(rec, booklet, path.name, school)
        made.append(
            GeneratedBooklet(
                path,
                kind,
                booklet.pages,
                truth,
                booklet.photo_page,
                {
                    "photo_background": "white" if booklet.white_photo else "coloured",
                    "rotation": booklet.rotation,
                    **booklet.details,
                },
            )
        )
    _write_sidecars(folder, made)
    return made


def _write_sidecars(folder: Path, made: list[GeneratedBooklet]) -> None:
    with (folder / "truth.jsonl").open("w", encoding="utf-8") as fh:
        for b in made:
            fh.write(json.dumps(b.truth, ensure_ascii=False) + "\n")
    with (folder / "manifest.jsonl").open("w", encoding="utf-8") as fh:
        for b in made:
            fh.write(
                json.dumps(
                    {
                        "source": b.path.name,
                        "kind": b.kind,
                        "pages": b.pages,
                        "photo_page": b.photo_page,
                        **b.details,
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
    with (folder / "roster.csv").open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(ROSTER_HEADER)
        for n, b in enumerate(made, 1):
            t = b.truth
            writer.writerow(
                [
                    n,
                    t["name"],
                    t["gender"],
                    t["id_number"],
                    t["qualification_type"],
                    t["subject"],
                    t["certificate_number"],
                ]
            )
