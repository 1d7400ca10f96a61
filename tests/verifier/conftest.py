"""A demo registry with issued credentials and published lists, built once per session and copied
for every test that needs it (building takes tens of seconds; copying a few milliseconds)."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from core import clock
from core.db import engine_for
from core.settings import load_settings
from tests.conftest import FROZEN_NOW

DEMO_RECORDS = 4


@dataclass(frozen=True)
class Issued:
    number: str
    qr_text: str
    pdf: Path
    id_number: str


@dataclass(frozen=True)
class World:
    home: Path
    issued: tuple[Issued, ...]

    @property
    def public(self) -> Path:
        return self.home / "public"

    def lists(self) -> tuple[bytes, bytes]:
        return ((self.public / "trust-list.cbor").read_bytes(),
                (self.public / "status-list.cbor").read_bytes())


def _release() -> None:
    """Close the pooled connections of this home's engines: the SQLite file is then whole (its
    write-ahead log checkpointed) for the copies each test makes."""
    settings = load_settings()
    for readonly in (False, True):
        engine_for(settings, readonly=readonly).dispose()


def _cli(*args: str) -> str:
    from ecert.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(list(args))
    assert code == 0, (args, out.getvalue())
    return out.getvalue()


def publish_lists(home: Path) -> None:
    """The issuer's publish step: sign both lists into $ECERT_HOME/public (after issuance, so
    the status list covers the issued credentials)."""
    _cli("publish", "--actor", "test")


@pytest.fixture(scope="session")
def world_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    home = tmp_path_factory.mktemp("verifier-world") / "home"
    saved = {k: os.environ.get(k) for k in ("ECERT_HOME", "ECERT_ENV", "ECERT_DATABASE_URL")}
    os.environ.update(ECERT_HOME=str(home), ECERT_ENV="development")
    os.environ.pop("ECERT_DATABASE_URL", None)
    clock.freeze(FROZEN_NOW)
    try:
        _cli("init", "--demo", str(DEMO_RECORDS))
        lines = [json.loads(x) for x in _cli("issue", "--all", "--json", "--workers", "1")
                 .splitlines() if x.startswith("{")]
        _cli("records", "export", "--out", str(home / "records.jsonl"))
        ids = {}
        for line in (home / "records.jsonl").read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            ids[rec["certificate_number"]] = rec["id_number"]
        publish_lists(home)
        issued = tuple(Issued(x["certificate_number"], x["qr_text"],
                              Path(x["pdf"]).relative_to(home), ids[x["certificate_number"]])
                       for x in lines)
    finally:
        _release()
        # The template is built; every other test on this worker sees the environment it had
        # (a leaked ECERT_HOME with development keys broke production-settings tests).
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    try:
        yield World(home, issued)
    finally:
        clock.freeze(None)


@pytest.fixture
def world(
    world_template: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[World]:
    """A private copy of the demo world; ECERT_HOME points at it."""
    home = tmp_path / "home"
    shutil.copytree(world_template.home, home)
    monkeypatch.setenv("ECERT_HOME", str(home))
    monkeypatch.setenv("ECERT_ENV", "development")
    monkeypatch.delenv("ECERT_DATABASE_URL", raising=False)
    issued = tuple(Issued(i.number, i.qr_text, home / i.pdf, i.id_number)
                   for i in world_template.issued)
    yield World(home, issued)


@pytest.fixture
def server(world: World) -> Iterator[str]:
    """The public verifier app over the world's registry, on a free localhost port (for the
    browser tests)."""
    from ecert.app import create_verifier_app
    from tests.browser import serve

    with serve(create_verifier_app()) as url:
        yield url
