"""End-to-end issuance: the real `issue_batch` on 2 worker processes, and a per-stage split.

(a) credential + QR text (target >= 1,000/s) and (b) the full signed PDF (target >= 50/s, so
100,000 certificates take under 35 minutes) — both measured here on one demo registry.
Environment: ECERT_BENCH_ISSUE_N (default 800) certificates.
"""

from __future__ import annotations

import contextlib
import io
import os
import statistics
import tempfile
import time
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

    with session_scope() as session:
        certs = session.exec(select(Certificate).limit(count)).all()
        return [issue_input(session, c, version=1, issued_at=utcnow(),
                            artifacts=load_settings().artifacts_dir) for c in certs]


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


def run() -> dict[str, Any]:
    """Issue N demo certificates with 2 workers; report rates and the stage split."""
    with tempfile.TemporaryDirectory() as tmp:
        _setup(Path(tmp) / "home")
        from core.settings import load_settings
        from issuer._context import issuer_context
        from issuer._issuance import Selection, issue_batch

        ctx = issuer_context(load_settings())
        stages = _stages(ctx)
        credential_rate = _credentials_per_s(ctx)
        start = time.perf_counter()
        summary = issue_batch(Selection(), ctx=ctx, actor="bench", workers=2)
        elapsed = time.perf_counter() - start
        issued = len(summary.issued)
        rate = issued / elapsed
        return {
            "certificates": issued, "failed": len(summary.failed), "workers": 2,
            "seconds": round(elapsed, 2),
            "signed_pdf_per_s_end_to_end": round(rate, 1),
            "credential_and_qr_text_per_s": round(credential_rate, 1),
            "stage_ms_median_single_process": stages,
            "minutes_for_100k": round(100_000 / rate / 60, 1),
            "target_pdf_per_s": 50, "target_credential_per_s": 1000,
            "meets_pdf_target": rate >= 50, "meets_credential_target": credential_rate >= 1000,
            "load_average": os.getloadavg()[0],
        }


if __name__ == "__main__":
    from rich import print as rprint

    rprint(run())
