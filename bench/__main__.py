"""`make bench`: run every bench/bench_*.py module's ``run()``, print a table, write JSON.

Each module returns a flat-ish dict of figures; this runner adds the machine and the time, and
merges them into bench/results.json under the module's name (other modules' figures are kept, so
one module can be re-run alone: ``python -m bench keys``).
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

HERE = Path(__file__).parent
RESULTS = HERE / "results.json"


def _modules(selected: list[str]) -> list[str]:
    names = sorted(p.stem for p in HERE.glob("bench_*.py"))
    if selected:
        names = [n for n in names if n.removeprefix("bench_") in selected or n in selected]
    return names


def _unknown(selected: list[str]) -> list[str]:
    known = {n.removeprefix("bench_") for n in _modules([])}
    return [s for s in selected if s.removeprefix("bench_") not in known]


def _flatten(prefix: str, value: Any, out: dict[str, Any]) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            _flatten(f"{prefix}.{k}" if prefix else str(k), v, out)
    else:
        out[prefix] = value


_CHILD = """
import json, sys
from importlib import import_module
figures = import_module("bench." + sys.argv[1]).run()
open(sys.argv[2], "w").write(json.dumps(figures, default=str))
"""


def _run_isolated(name: str) -> dict[str, Any] | None:
    """Run one bench module in a fresh interpreter: benches set ECERT_HOME and fill
    process-wide caches (settings, engines, signers), which must not leak into the next."""
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        done = subprocess.run([sys.executable, "-c", _CHILD, name, out.name], check=False)
        if done.returncode != 0:
            return None
        result: dict[str, Any] = json.loads(Path(out.name).read_text() or "null")
        return result


def main(argv: list[str]) -> int:
    console = Console()
    names = ", ".join(n.removeprefix("bench_") for n in _modules([]))
    if {"-h", "--help"} & set(argv):
        console.print(f"usage: python -m bench [NAME …]   (every bench when no NAME)\n"
                      f"names: {names}")
        return 0
    if unknown := _unknown(argv):
        console.print(f"[red]unknown bench {', '.join(unknown)}[/]; names: {names}")
        return 2
    results: dict[str, Any] = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version(),
                          "platform": platform.platform()}
    failed = 0
    for name in _modules(argv):
        console.print(f"[bold]running {name}[/] …")
        started = time.perf_counter()
        figures = _run_isolated(name)
        if figures is None:  # one broken bench must not hide the others' figures
            console.print(f"[red]{name} failed[/] (its output is above)")
            failed += 1
            continue
        figures["_seconds"] = round(time.perf_counter() - started, 1)
        figures["_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        results[name.removeprefix("bench_")] = figures
        table = Table(title=name, show_header=True)
        table.add_column("figure")
        table.add_column("value", justify="right")
        flat: dict[str, Any] = {}
        _flatten("", figures, flat)
        for key, value in flat.items():
            table.add_row(key, f"{value:,.3f}" if isinstance(value, float) else str(value))
        console.print(table)
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    console.print(f"figures written to {RESULTS}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
