"""Synthetic teacher-certificate booklets with ground truth, for tests, demos and benchmarks.

``generate(out, count=N, seed=S)`` writes one file per booklet, ``truth.jsonl`` (the records the
scanner should read, in the records.jsonl layout), ``roster.csv`` (the school's 名册) and
``manifest.jsonl`` (kind, page count and rotation per file).
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scanning.sample._booklet import EXTENSIONS, KINDS, Booklet, build
from scanning.sample._records import TruthRecord, random_record
from scanning.sample._render import portrait

__all__ = [
    "KINDS",
    "Booklet",
    "GeneratedBooklet",
    "TruthRecord",
    "build",
    "generate",
    "portrait",
    "random_record",
]

ROSTER_HEADER = ["序号", "姓名", "性别", "身份证件号码", "资格种类", "任教学科", "证书号码"]


@dataclass(frozen=True)
class GeneratedBooklet:
    """One written booklet: its path, kind and truth."""

    path: Path
    kind: str
    pages: int
    truth: dict[str, Any]


def _truth(rec: TruthRecord, booklet: Booklet, source: str, school: str | None) -> dict[str, Any]:
    data = rec.as_json(source, school)
    if "remarks" not in booklet.visible:
        data["annotations"] = []
    if "registration" not in booklet.visible:
        data["registrations"] = []
    return data


def generate(
    out: Path, *, count: int, seed: int = 0, kinds: Sequence[str] = KINDS, school: str | None = None
) -> list[GeneratedBooklet]:
    """Write ``count`` booklets cycling through ``kinds``; deterministic for ``seed``."""
    unknown = set(kinds) - set(KINDS)
    if unknown or not kinds:
        from core.errors import InvalidInput

        raise InvalidInput(
            f"未知的样本类型 unknown kinds: {sorted(unknown)}; use {KINDS}",
            field="kinds",
            rule="sample_kind",
        )
    folder = out / school if school else out
    folder.mkdir(parents=True, exist_ok=True)
    made: list[GeneratedBooklet] = []
    for i in range(count):
        rng = random.Random(f"{seed}:{i}")
        rec = random_record(rng)
        kind = kinds[i % len(kinds)]
        booklet = build(rec, kind, rng)
        path = folder / f"{i + 1:04d}_{rec.name}{EXTENSIONS[kind]}"
        path.write_bytes(booklet.data)
        made.append(
            GeneratedBooklet(path, kind, booklet.pages, _truth(rec, booklet, path.name, school))
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
                    {"source": b.path.name, "kind": b.kind, "pages": b.pages}, ensure_ascii=False
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
