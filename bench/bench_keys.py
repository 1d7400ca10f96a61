"""Signatures per second for each keys backend, next to raw ``cryptography`` Ed25519 signing.

Backends: file Ed25519, file P-256, and PKCS#11 Ed25519 / P-256 on a temporary SoftHSM2 token
(made with scripts/softhsm-init.sh). Figures are medians of several repeats, the raw rate
measured in the same run, interleaved with the backends. Target: file Ed25519 >= 80 % of raw.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ed25519

from keys import FileSigner
from keys._crypto import generate_private_key

MODULE = "/usr/lib/softhsm/libsofthsm2.so"
SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "softhsm-init.sh"
PAYLOAD = os.urandom(300)  # about the size of a credential's Sig_structure
REPEATS = 7
TARGET = 0.80


def _rate(sign: Callable[[bytes], bytes], seconds: float = 0.25) -> float:
    """Signatures per second over a fixed number of calls sized to take about ``seconds``."""
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < 0.02:  # calibrate
        sign(PAYLOAD)
        n += 1
    calls = max(20, int(n * seconds / 0.02))
    start = time.perf_counter()
    for _ in range(calls):
        sign(PAYLOAD)
    return calls / (time.perf_counter() - start)


def _token_signers(workdir: Path) -> tuple[dict[str, Callable[[bytes], bytes]], str | None]:
    """Ed25519 and P-256 signers on a fresh SoftHSM token under ``workdir``, or ({}, reason)."""
    if not Path(MODULE).is_file():
        return {}, f"SoftHSM2 not installed ({MODULE} missing)"
    import pkcs11

    if MODULE in getattr(pkcs11, "_loaded", {}):
        return {}, "SoftHSM already loaded in this process with another config"
    conf = workdir / "softhsm2.conf"
    os.environ["SOFTHSM2_CONF"] = str(conf)
    subprocess.run(
        ["bash", str(SCRIPT), "1234", "123456", "ecert-bench"], check=True, capture_output=True
    )
    from keys._pkcs11 import Pkcs11Signer, generate_token_key, open_session

    session = open_session(MODULE, "ecert-bench", "1234")
    signers: dict[str, Callable[[bytes], bytes]] = {}
    for name, alg in (("pkcs11_ed25519", "EdDSA"), ("pkcs11_p256", "ES256")):
        public = generate_token_key(session, alg, f"bench-{alg}")  # type: ignore[arg-type]
        signers[name] = Pkcs11Signer(session, public.kid, alg).sign  # type: ignore[arg-type]
    return signers, None


def run() -> dict[str, Any]:
    """Median signatures/s per backend, the raw Ed25519 rate, and the file/raw ratio."""
    raw_key = ed25519.Ed25519PrivateKey.generate()
    backends: dict[str, Callable[[bytes], bytes]] = {
        "raw_cryptography_ed25519": raw_key.sign,
        "file_ed25519": FileSigner(generate_private_key("EdDSA")).sign,
        "file_p256": FileSigner(generate_private_key("ES256")).sign,
    }
    with tempfile.TemporaryDirectory(prefix="ecert-bench-hsm-") as workdir:
        tokens, token_skip = _token_signers(Path(workdir))
        backends.update(tokens)
        samples: dict[str, list[float]] = {name: [] for name in backends}
        for _ in range(REPEATS):  # interleave so drift hits every backend alike
            for name, sign in backends.items():
                samples[name].append(_rate(sign, 0.1 if name.startswith("pkcs11") else 0.25))
    rates = {name: round(statistics.median(v)) for name, v in samples.items()}
    raw = rates["raw_cryptography_ed25519"]
    out: dict[str, Any] = {f"{name}_per_s": rate for name, rate in rates.items()}
    out |= {
        f"{name}_vs_raw": round(rate / raw, 3)
        for name, rate in rates.items()
        if name != "raw_cryptography_ed25519"
    }
    out["repeats"] = REPEATS
    out["target_file_vs_raw"] = TARGET
    out["target_met"] = out["file_ed25519_vs_raw"] >= TARGET
    if token_skip:
        out["pkcs11_skipped"] = token_skip
    return out


if __name__ == "__main__":
    from rich.console import Console
    from rich.table import Table

    figures = run()
    table = Table("figure", "value", title="keys: signatures per second")
    for key, value in figures.items():
        table.add_row(key, str(value))
    Console().print(table)
