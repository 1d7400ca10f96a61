"""``ecert keys``: unknown authorities refused (issue 11, item 13); key changes published or
warned about, and shown in ``keys list`` (item 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.settings import load_settings

from .test_cli import fail, run


def test_unknown_authority_refused_naming_the_known_ones(env: Path) -> None:
    run("init", "--authority", "350500:泉州市教育局")
    line = fail("create", "--authority", "99", code=2)
    assert "unknown authority '99'" in line and "350500 泉州市教育局" in line
    assert "unknown authority" in fail("init", "--authority", "99", code=2)
    assert "unknown authority" in fail("create", "--authority", "41999x", code=2)
    assert [k["authority"] for k in json.loads(run("list", "--json"))] == ["350500"]


@pytest.mark.parametrize("code", ["41", "41001", "410000"])
def test_division_codes_accepted(env: Path, code: str) -> None:
    run("init")
    run("create", "--authority", code)


def test_key_changes_are_published_at_once(env: Path) -> None:
    out = run("init", "--authority", "350500")
    assert "published trust list v1" in out
    [key] = json.loads(run("list", "--json"))
    assert (key["status"], key["published"], key["signing"]) == ("active", True, True)
    out = run("rotate", "--all").replace("\n", "")
    listed = {k["status"]: k["kid"] for k in json.loads(run("list", "--json"))}
    assert listed == {"retired": key["kid"], "active": listed["active"]}
    assert "now signing: " + listed["active"] in out
    assert (load_settings().public_dir / "trust-list.cbor").is_file()


def test_pending_shown_when_root_is_away(env: Path) -> None:
    run("init", "--authority", "350500")
    (env / "root.key.pem").rename(env.parent / "root.key.pem")
    out = run("rotate", "--authority", "350500")
    assert "root key is not at hand" in out and "pending" in out and "ecert publish" in out
    listed = {k["status"]: k for k in json.loads(run("list", "--json"))}
    assert listed["pending"]["signing"] is False and listed["active"]["signing"] is True
    table = run("list")
    assert "pending" in table and listed["active"]["kid"] in table
