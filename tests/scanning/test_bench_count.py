"""``python -m bench.bench_scanning --quick`` runs as many booklets as the notes' commands say:
12 by default, but ECERT_BENCH_SCAN_COUNT (or --count) wins."""

from __future__ import annotations

import pytest

from bench import bench_scanning


def test_quick_runs_twelve_booklets_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ECERT_BENCH_SCAN_COUNT", raising=False)
    assert bench_scanning._quick_count() == 12


def test_the_environment_count_wins_over_quick(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ECERT_BENCH_SCAN_COUNT", "40")
    assert bench_scanning._quick_count() is None  # run() then takes the environment's 40
    assert bench_scanning.settings()[0] == 40
