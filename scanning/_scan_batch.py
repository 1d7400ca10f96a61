"""Batch scanning: a process pool (one OCR engine per worker), a progress bar, outputs.

A file that fails is reported in the summary and ``errors.jsonl``; it never stops the batch.
"""

from __future__ import annotations

import dataclasses
import json
import re
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any

import cv2
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from core.errors import EcertError, MalformedFile
from core.files import PRIVATE_FILE_MODE, open_private, private_dir, write_private
from core.rules import HAN_RANGE
from core.scanned import ScannedRecord
from core.workers import pool_initializer
from scanning import _ocr, _photo
from scanning import _vocab_registry as reg
from scanning._ingest import Inputs, Job, close_archives, collect
from scanning._limits import DEFAULT_LIMITS, IngestLimits
from scanning._model import ScanResult, Summary
from scanning._ocr import Image
from scanning._roster import cross_check
from scanning._scan import scan_file
from scanning._school_reports import RosterEntry, read_roster, write_school_reports

_UNSAFE = re.compile(rf"[^\w{HAN_RANGE}.-]+")


def _safe(name: str) -> str:
    return _UNSAFE.sub("_", name).strip("._") or "x"


def _stem(job: Job, index: int) -> str:
    return f"{index:05d}_{_safe(Path(job.source).stem)}"


#: JPEG stores each side in 16 bits and libjpeg refuses more than 65,500 pixels.
JPEG_MAX_SIDE = 65_500


def fit_jpeg(img: Image) -> tuple[Image, float, float]:
    """The page image scaled down (by area) until neither side exceeds ``JPEG_MAX_SIDE``, with
    the scales of x and y used (1.0 for a page that fits, nearly all of them)."""
    h, w = img.shape[:2]
    if max(h, w) <= JPEG_MAX_SIDE:
        return img, 1.0, 1.0
    factor = JPEG_MAX_SIDE / max(h, w)
    size = (max(1, min(JPEG_MAX_SIDE, round(w * factor))),
            max(1, min(JPEG_MAX_SIDE, round(h * factor))))  # fmt: skip
    return _ocr.u8(cv2.resize(img, size, interpolation=cv2.INTER_AREA)), size[0] / w, size[1] / h


def _scaled_evidence(record: ScannedRecord, scales: dict[int, tuple[float, float]]
                     ) -> ScannedRecord:
    """The record with the evidence boxes of pages saved scaled down scaled alike, so that
    the review page still outlines each field where it is."""
    if not scales:
        return record
    evidence = {}
    for key, ev in record.evidence.items():
        if ev.page in scales:
            fx, fy = scales[ev.page]
            x0, y0, x1, y1 = ev.box
            ev = dataclasses.replace(ev, box=(int(x0 * fx), int(y0 * fy),
                                              int(x1 * fx), int(y1 * fy)))
        evidence[key] = ev
    return dataclasses.replace(record, evidence=evidence)


def _write_images(result: ScanResult, out_dir: Path, stem: str) -> ScannedRecord:
    """Write the page images (and photo) owner-only; the record then names them, and each
    field's evidence names the image of its page (records.jsonl, review page). A page too
    large for JPEG is saved scaled down to fit (its evidence boxes scaled alike)."""
    names, scales = [], {}
    for n, page in enumerate(result.page_images):
        name = f"pages/{stem}_p{n}.jpg"
        img, fx, fy = fit_jpeg(page)
        if (fx, fy) != (1.0, 1.0):
            scales[n] = (fx, fy)
        ok, jpeg = cv2.imencode(".jpg", img[..., ::-1], [cv2.IMWRITE_JPEG_QUALITY, 80])
        if not ok:
            raise MalformedFile(f"无法保存第 {n + 1} 页图像（{page.shape[1]} × {page.shape[0]} "
                                "像素）", field="pages", rule="image_write")
        write_private(out_dir / name, jpeg.tobytes(), durable=False)  # a page shows the ID
        names.append(name)
    photo = None
    if result.photo is not None:
        photo = f"photos/{stem}.jpg"
        private_dir(out_dir / "photos")
        _photo.save(result.photo, out_dir / photo)
        (out_dir / photo).chmod(PRIVATE_FILE_MODE)
    return _scaled_evidence(result.record, scales).with_artifacts(names, photo)


def scan_job(job: Job, index: int, out_dir: Path, known: reg.Known = reg.NONE) -> dict[str, Any]:
    """Scan one job and write its photo and page images; errors come back as data.

    ``"record"`` is a :class:`core.scanned.ScannedRecord`."""
    cpu = time.process_time()
    try:
        result = scan_file(job.source, data=job.read(), source=job.source, limits=job.limits,
                           known=known)
        if job.school:
            result.record = dataclasses.replace(result.record, school=job.school)
        record = _write_images(result, out_dir, _stem(job, index))
        return {"record": record, "pages": result.pages, "cpu": time.process_time() - cpu}
    except EcertError as e:
        return {"error": {"source": job.source, "school": job.school, **e.to_dict()}}
    except Exception as e:  # noqa: BLE001 - one bad file must never stop the batch
        return {
            "error": {
                "source": job.source,
                "school": job.school,
                "code": "internal_error",
                "message": f"{type(e).__name__}: {e}",
            }
        }


#: a field the roster contradicts is as doubtful as a poor OCR read
_ROSTER_CAP = 0.5


def _apply_rosters(
    records: list[ScannedRecord], rosters: dict[str, list[RosterEntry]]
) -> list[ScannedRecord]:
    """Each record with its roster's findings (records of schools without one unchanged)."""
    out = []
    for rec in records:
        roster = rosters.get(rec.school or "")
        found = cross_check(rec, roster) if roster is not None else []
        out.append(rec.with_findings(found, cap=_ROSTER_CAP) if found else rec)
    return out


def _read_rosters(inputs: Inputs, errors: list[dict[str, Any]]) -> dict[str, list[RosterEntry]]:
    """Each school's roster; an unreadable one is reported and that school is not checked."""
    rosters = {}
    for school, job in inputs.rosters.items():
        try:
            rosters[school] = read_roster(job.read(), job.source)
        except EcertError as e:
            errors.append({"source": job.source, "school": school, **e.to_dict()})
    return rosters


def _write_reports(
    records: list[ScannedRecord], rosters: dict[str, list[RosterEntry]], out_dir: Path,
    errors: list[dict[str, Any]],
) -> None:
    """Per school (as the Quanzhou 2017 notice asks): 名册, 统计表 and, with a roster,
    差异报告 — XLSX and CSV."""
    schools: dict[str, list[ScannedRecord]] = {}
    for rec in records:
        schools.setdefault(rec.school or "", []).append(rec)
    for school, recs in schools.items():
        folder = out_dir / "reports" / (_safe(school) if school else "_")
        try:
            private_dir(folder)  # names and masked IDs of a school's teachers: owner-only
            write_school_reports(recs, folder, roster=rosters.get(school))
        except EcertError as e:
            errors.append({"source": "reports", "school": school, **e.to_dict()})


def _init_worker(threads: int) -> None:
    _ocr.configure(threads)


def _run(
    jobs: list[Job], out_dir: Path, workers: int, known: reg.Known
) -> Iterator[tuple[int, dict[str, Any]]]:
    if workers <= 1:
        for i, job in enumerate(jobs):
            yield i, scan_job(job, i, out_dir, known)
        return
    with ProcessPoolExecutor(workers, **pool_initializer(_init_worker, 1)) as pool:
        futures = {
            pool.submit(scan_job, job, i, out_dir, known): i for i, job in enumerate(jobs)
        }
        for fut in as_completed(futures):
            i = futures[fut]
            try:
                yield i, fut.result()
            except Exception as e:  # noqa: BLE001 - a crashed worker is reported, not fatal
                error = {
                    "source": jobs[i].source,
                    "school": jobs[i].school,
                    "code": "worker_failed",
                    "message": f"{type(e).__name__}: {e}",
                }
                yield i, {"error": error}


def _write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    with open_private(path) as fh:  # records.jsonl holds full ID numbers: 0600
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


_COLUMNS = (
    TextColumn("扫描 scanning"),
    BarColumn(),
    MofNCompleteColumn(),
    TimeElapsedColumn(),
    TextColumn("{task.description}"),
)


def _scan_all(
    jobs: list[Job],
    out_dir: Path,
    workers: int,
    progress: bool,
    on_result: Callable[[dict[str, Any]], None] | None,
    known: reg.Known = reg.NONE,
) -> list[dict[str, Any]]:
    """Every job's result, in input order, with a progress bar while they come in."""
    results: dict[int, dict[str, Any]] = {}
    with Progress(*_COLUMNS, disable=not progress, transient=False) as bar:
        task = bar.add_task("", total=len(jobs))
        for i, res in _run(jobs, out_dir, workers, known):
            results[i] = res
            if on_result is not None:
                on_result(res)
            bar.update(task, advance=1, description=jobs[i].source)
    return [results[i] for i in sorted(results)]


def scan_paths(
    paths: list[Path],
    out_dir: Path,
    workers: int = 2,
    *,
    progress: bool = False,
    on_result: Callable[[dict[str, Any]], None] | None = None,
    limits: IngestLimits = DEFAULT_LIMITS,
    authorities: reg.Known = reg.NONE,
) -> Summary:
    """Scan every booklet under ``paths`` into ``out_dir``/records.jsonl (+ photos, errors).

    Inputs over ``limits`` and unreadable files are reported in errors.jsonl; the batch goes
    on. ``out_dir`` is created 0700 and every file in it 0600 (names and ID numbers inside).
    ``authorities`` (the registry's, see ``KnownAuthority``) widen the authority vocabulary.
    """
    if not out_dir.exists():
        private_dir(out_dir)
    inputs = collect(list(paths), limits, output=out_dir)
    start = time.perf_counter()
    try:
        ordered = _scan_all(inputs.jobs, out_dir, workers, progress, on_result, authorities)
    finally:
        close_archives()
    scanned: list[ScannedRecord] = [r["record"] for r in ordered if "record" in r]
    errors = inputs.refused + [r["error"] for r in ordered if "error" in r]
    rosters = _read_rosters(inputs, errors)
    records = _apply_rosters(scanned, rosters)
    _write_reports(records, rosters, out_dir, errors)
    _write_jsonl(out_dir / "records.jsonl", [r.to_json() for r in records])
    _write_jsonl(out_dir / "errors.jsonl", errors)
    review = sum(1 for r in records if r.needs_review)
    pages = sum(r.get("pages", 0) for r in ordered)
    cpu = sum(r.get("cpu", 0.0) for r in ordered)
    return Summary(out_dir, len(records), review, pages, errors, time.perf_counter() - start, cpu)
