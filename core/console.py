"""Console output every command shares: one clear line per error, never a traceback; JSON lines."""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console
from rich.markup import escape

from core.errors import EcertError

__all__ = ["console", "err_console", "escape", "fail", "print_json"]

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)


def print_json(obj: Any) -> None:
    """Print one JSON document on stdout, UTF-8, no rich markup."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


def fail(exc: EcertError) -> None:
    """Print an ecert error as one red line (plus per-problem lines) on stderr."""
    err_console.print(f"[bold red]错误 error[/] {escape(f'[{exc.code}] {exc.message}')}",
                      soft_wrap=True)
