"""The fuzzing budget and the count of inputs tried, per decoder.

``ECERT_FUZZ_BUDGET``: ``small`` (default, seconds in all: ``make test``) or ``large``
(``make fuzz``). ``ECERT_FUZZ_REPORT``: a directory; each test process writes its counts there as
JSON when its session ends, for ``python -m tests.fuzz.summary``.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, settings

LARGE = os.environ.get("ECERT_FUZZ_BUDGET", "small").strip().lower() == "large"
COUNTS: Counter[str] = Counter()
#: What a fuzzer may see besides its documented errors: a crash (anything else) is recorded here
CRASHES: Counter[str] = Counter()


def examples(small: int, large: int) -> int:
    """Hypothesis examples for this budget."""
    return large if LARGE else small


def fuzz_settings(small: int, large: int) -> settings:
    """Fast Hypothesis settings: no example database, no deadline, random (not derandomized)."""
    return settings(max_examples=examples(small, large), database=None, deadline=None,
                    derandomize=False, print_blob=True,
                    suppress_health_check=list(HealthCheck))


def tried(decoder: str, count: int = 1) -> None:
    """Count ``count`` inputs fed to ``decoder``."""
    COUNTS[decoder] += count


def write_report() -> None:
    """Write this process's counts to ``$ECERT_FUZZ_REPORT`` (called when the session ends)."""
    folder = os.environ.get("ECERT_FUZZ_REPORT")
    if not folder or not (COUNTS or CRASHES):
        return
    path = Path(folder) / f"counts-{os.getpid()}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"inputs": dict(COUNTS), "crashes": dict(CRASHES)}))
