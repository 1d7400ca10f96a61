"""End-to-end issuance: the real `issue_batch` on 2 worker processes, and a per-stage split.

(a) credential + QR text (target >= 1,000/s) and (b) the full signed PDF (target >= 50/s, so
100,000 certificates take under 35 minutes) — both measured here on one demo registry — and
(c) what the sealed OFD licence adds per certificate (target < 30 %): ``produce`` alone, and the
whole issuance in one warm process, with the OFD off and on alternately on the same
certificates (load drift hits both alike); and the 2-worker batch off then on, cold (new worker
processes load every province's seal key once).
Environment: ECERT_BENCH_ISSUE_N (default 800) certificates.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

N = int(os.environ.get("ECERT_BENCH_ISSUE_N", "800"))
STAGE_SAMPLES = 40


def _setup(home: Path) -> None:
    os.environ["ECERT_HOME"] = str(home)
    os.environ.pop("ECERT_DATABASE_URL", None)
    from ecert.cli import main

    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["init", "--demo", str(N)]) == 0


def _inputs(count: int) -> list[Any]:
    from sqlmodel import select

    from core.clock import utcnow
    from core.db import session_scope
    from core.models import Certificate
    from core.settings import load_settings
    from issuer._inputs import issue_input

    settings = load_settings()
    with session_scope() as session:
        certs = session.exec(select(Certificate).limit(count)).all()
        return [issue_input(session, c, version=1, issued_at=utcnow(),
                            artifacts=settings.artifacts_dir,
                            type_code=settings.licence_type_code) for c in certs]


def _stages(ctx: Any) -> dict[str, float]:
    """Median milliseconds per certificate for each stage, in this process."""
    from core.credential import sign_credential, to_qr_text
    from issuer._booklet import BookletView
    from issuer._pades import sign_pdf
    from issuer._pdf import render_booklet_pdf
    from issuer._produce import _signers_for
    from issuer._qrprint import printable_qr_matrix

    times: dict[str, list[float]] = {k: [] for k in (
        "credential_and_qr_text", "qr_symbol_check", "render_pdf", "pades_sign")}
    for item in _inputs(STAGE_SAMPLES):
        signer, doc_signer, profiles = _signers_for(ctx, item.authority_code)
        t0 = time.perf_counter()
        text = to_qr_text(sign_credential(item.claims, signer), ctx.public_url)
        t1 = time.perf_counter()
        matrix = printable_qr_matrix(text)
        t2 = time.perf_counter()
        photo = item.photo_path.read_bytes() if item.photo_path else None
        pdf = render_booklet_pdf(BookletView(**item.view, photo_jpeg=photo, qr_text=text,
                                             qr_matrix=matrix))
        t3 = time.perf_counter()
        sign_pdf(pdf, doc_signer, profiles=profiles)
        t4 = time.perf_counter()
        for key, value in zip(times, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
            value_ms = value * 1000
            times[key].append(value_ms)
    return {k: round(statistics.median(v[1:]), 2) for k, v in times.items()}


OFD_ROUNDS = 3


def _ofd_cost(ctx: Any) -> dict[str, Any]:
    """Median wall and CPU milliseconds of ``produce`` (credential, QR, PDF, PAdES, files) per
    certificate with the OFD off and on, measured alternately on the same certificates."""
    from issuer._produce import produce

    items = _inputs(STAGE_SAMPLES)
    contexts = {"off": replace(ctx, ofd=False), "on": ctx}
    sealed = produce(items[0], ctx).ofd_path is not None  # also loads signers and the seal
    produce(items[0], contexts["off"])
    wall: dict[str, list[float]] = {"off": [], "on": []}
    cpu: dict[str, list[float]] = {"off": [], "on": []}
    for _ in range(OFD_ROUNDS):
        for item in items:
            for mode, context in contexts.items():
                w0, c0 = time.perf_counter(), time.process_time()
                produce(item, context)
                wall[mode].append((time.perf_counter() - w0) * 1000)
                cpu[mode].append((time.process_time() - c0) * 1000)
    med = {f"produce_{kind}_{mode}": statistics.median(v[mode])
           for kind, v in (("wall_ms", wall), ("cpu_ms", cpu)) for mode in ("off", "on")}
    return {
        "sealed": sealed, "produce_certificates": len(items) * OFD_ROUNDS,
        **{k: round(v, 2) for k, v in med.items()},
        "produce_extra_wall_pct": round(
            100 * (med["produce_wall_ms_on"] / med["produce_wall_ms_off"] - 1), 1),
        "produce_extra_cpu_pct": round(
            100 * (med["produce_cpu_ms_on"] / med["produce_cpu_ms_off"] - 1), 1),
        "target_extra_pct": 30,
    }


def _credentials_per_s(ctx: Any) -> float:
    from core.credential import sign_credential, to_qr_text
    from issuer._produce import _signers_for

    items = _inputs(min(N, 200))
    signer, _, _ = _signers_for(ctx, items[0].authority_code)
    same = [i for i in items if i.authority_code[:2] == items[0].authority_code[:2]] or items
    start = time.perf_counter()
    rounds = 0
    while time.perf_counter() - start < 1.0:
        for item in same:
            to_qr_text(sign_credential(item.claims, signer), ctx.public_url)
        rounds += len(same)
    return rounds / (time.perf_counter() - start)


def _batch(ctx: Any, sel: Any = None, workers: int = 2) -> tuple[int, int, float]:
    """Issue the selected (default: every issuable) demo certificates: issued, failed, seconds."""
    from issuer._issuance import Selection, issue_batch

    start = time.perf_counter()
    summary = issue_batch(sel or Selection(), ctx=ctx, actor="bench", workers=workers)
    return len(summary.issued), len(summary.failed), time.perf_counter() - start


E2E_SAMPLE = 60


def _single_process(ctx: Any, artifacts: Path) -> dict[str, Any]:
    """Whole issuance (registry reads, produce, files, rows, audit) per certificate in this
    process, keys and seals already loaded: the same certificates off, on, off, on."""
    from sqlmodel import select

    from core.db import session_scope
    from core.models import Certificate
    from issuer._issuance import Selection

    with session_scope() as session:
        numbers = tuple(session.exec(select(Certificate.number).limit(E2E_SAMPLE)).all())
    sel = Selection(numbers=numbers)
    for warm in (replace(ctx, ofd=False), ctx):  # the caches are per context: load both
        _batch(warm, sel, workers=1)
        _forget_issued(artifacts)
    seconds = {"off": 0.0, "on": 0.0}
    for mode in ("off", "on", "off", "on"):
        issued, _, elapsed = _batch(replace(ctx, ofd=mode == "on"), sel, workers=1)
        seconds[mode] += elapsed / issued / 2
        _forget_issued(artifacts)
    return {
        "single_process_warm_ms_per_certificate_off": round(1000 * seconds["off"], 2),
        "single_process_warm_ms_per_certificate_on": round(1000 * seconds["on"], 2),
        "single_process_warm_extra_pct": round(100 * (seconds["on"] / seconds["off"] - 1), 1),
    }


def _forget_issued(artifacts: Path) -> None:
    """Delete the credential rows and their files, so that the same certificates issue again."""
    from sqlmodel import delete

    from core.db import session_scope
    from core.models import Credential

    with session_scope() as session:
        session.exec(delete(Credential))
    shutil.rmtree(artifacts / "credentials", ignore_errors=True)


def run() -> dict[str, Any]:
    """Issue N demo certificates with 2 workers (OFD off, then on); report rates, the stage
    split and what the OFD costs."""
    with tempfile.TemporaryDirectory() as tmp:
        _setup(Path(tmp) / "home")
        from core.settings import load_settings
        from issuer._context import issuer_context

        ctx = issuer_context(load_settings())
        stages = _stages(ctx)
        ofd = _ofd_cost(ctx)
        credential_rate = _credentials_per_s(ctx)
        # the same certificates twice, OFD off then on (the default: demo authorities have
        # seals); the figures below are the second batch's
        artifacts = load_settings().artifacts_dir
        ofd.update(_single_process(ctx, artifacts))
        off = _batch(replace(ctx, ofd=False))
        _forget_issued(artifacts)
        issued, failed, elapsed = _batch(ctx)
        rate = issued / elapsed
        # fresh worker processes load each province's seal once (~0.2 s, the key file's KDF):
        # a cost per batch and province, which a small bench batch spreads over few certificates
        ofd["two_workers_cold_ms_per_certificate_off"] = round(1000 * off[2] / off[0], 2)
        ofd["two_workers_cold_ms_per_certificate_on"] = round(1000 * elapsed / issued, 2)
        ofd["two_workers_cold_extra_pct"] = round(
            100 * ((elapsed / issued) / (off[2] / off[0]) - 1), 1)
        ofd["meets_target"] = ofd["sealed"] and ofd["single_process_warm_extra_pct"] < 30
        return {
            "certificates": issued, "failed": failed, "workers": 2,
            "seconds": round(elapsed, 2),
            "signed_pdf_per_s_end_to_end": round(rate, 1),
            "signed_pdf_per_s_end_to_end_without_ofd": round(off[0] / off[2], 1),
            "credential_and_qr_text_per_s": round(credential_rate, 1),
            "stage_ms_median_single_process": stages,
            "ofd": ofd,
            "minutes_for_100k": round(100_000 / rate / 60, 1),
            "target_pdf_per_s": 50, "target_credential_per_s": 1000,
            "meets_pdf_target": rate >= 50, "meets_credential_target": credential_rate >= 1000,
            "load_average": os.getloadavg()[0],
        }


if __name__ == "__main__":
    from rich import print as rprint

    rprint(run())
