"""What every ``ecert keys`` command shares: one-line errors, warnings, the custodian, and
writing lifecycle events to the audit log (used by ``cli_keys`` and ``cli_seal``)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

import keys
from core.auth import local_actor
from core.errors import EcertError, InvalidInput
from core.settings import Settings

_err = Console(stderr=True)
_out = Console()

Custodian = Annotated[
    str | None,
    typer.Option(
        "--custodian", help="保管人姓名 custodian name (default: $ECERT_CUSTODIAN or OS user)"
    ),
]


def _fail(message: str, code: int = 1) -> NoReturn:
    text = f"[bold red]错误 error:[/] {escape(message)}"
    _err.print(text, markup=True, highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def _warn(message: str) -> None:
    text = f"[bold yellow]警告 warning:[/] {escape(message)}"
    _err.print(text, markup=True, highlight=False, soft_wrap=True)


@contextmanager
def _errors() -> Iterator[None]:
    """Turn every deliberate error into one red line: exit 2 for bad input, else 1."""
    try:
        yield
    except InvalidInput as exc:
        _fail(exc.message, 2)
    except EcertError as exc:
        _fail(exc.message)
    except ValueError as exc:  # e.g. pydantic's ValidationError for bad ECERT_* settings
        _fail(str(exc).splitlines()[0])
    except OSError as exc:
        _fail(f"文件错误 {exc.strerror or exc}: {exc.filename or ''}".strip())


def _custodian(value: str | None) -> str:
    return local_actor(value, env="ECERT_CUSTODIAN")


def record_events(settings: Settings, events: Sequence[keys.LifecycleEvent]) -> None:
    """Write lifecycle events to the audit log in one transaction."""
    if not events:
        return
    from core.audit import record_event
    from core.db import engine_for, session_scope

    try:
        with session_scope(engine_for(settings)) as session:
            for event in events:
                record_event(session, **event.audit_kwargs())
    except Exception as exc:  # database errors are not EcertErrors; keep the one-line contract
        done = ", ".join(f"{e.action} {e.entity_id}" for e in events)
        raise EcertError(
            f"审计日志写入失败 audit log write failed ({type(exc).__name__}: {exc}); "
            f"already done: {done}"
        ) from None
