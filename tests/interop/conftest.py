"""Licence files issued by the real issuance path (``ecert init --demo``, ``ecert issue``,
``ecert publish``), once per session, for the independent interoperability checks."""

from __future__ import annotations

import contextlib
import io
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from core import clock
from tests.conftest import FROZEN_NOW

#: Certificates issued for the sample (every demo record yields one OFD file).
SAMPLE = 4


@dataclass(frozen=True)
class IssuedFile:
    number: str
    qr_text: str
    ofd: Path


@dataclass(frozen=True)
class Sample:
    home: Path
    files: tuple[IssuedFile, ...]

    @property
    def trust_list(self) -> bytes:
        """The published trust list (it names the SM2 seal CA: docs/TRUST_LIST.md)."""
        return (self.home / "public" / "trust-list.cbor").read_bytes()


def _cli(*args: str) -> str:
    from ecert.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(list(args))
    assert code == 0, (args, out.getvalue())
    return out.getvalue()


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sample]:
    """A demo home with SAMPLE issued certificates, each with its sealed OFD file."""
    home = tmp_path_factory.mktemp("interop") / "home"
    saved = {k: os.environ.get(k) for k in ("ECERT_HOME", "ECERT_ENV", "ECERT_DATABASE_URL")}
    os.environ.update(ECERT_HOME=str(home), ECERT_ENV="development")
    os.environ.pop("ECERT_DATABASE_URL", None)
    clock.freeze(FROZEN_NOW)
    try:
        _cli("init", "--demo", str(SAMPLE))
        lines = [json.loads(x) for x in _cli("issue", "--all", "--json", "--workers", "1")
                 .splitlines() if x.startswith("{")]
        _cli("publish", "--actor", "test")
        files = tuple(IssuedFile(x["certificate_number"], x["qr_text"], Path(x["ofd"]))
                      for x in lines)
    finally:
        from core.db import engine_for
        from core.settings import load_settings

        settings = load_settings()
        for readonly in (False, True):
            engine_for(settings, readonly=readonly).dispose()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        clock.freeze(None)
    assert files and all(f.ofd.is_file() for f in files)
    yield Sample(home, files)
