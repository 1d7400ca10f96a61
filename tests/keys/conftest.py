"""Fixtures for keys tests: a fixed clock, a fresh keystore, and a private SoftHSM2 token."""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

import keys

PASS = b"correct horse battery staple"
NOW = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
MODULE = "/usr/lib/softhsm/libsofthsm2.so"
TOKEN_LABEL = "ecert-pytest-keys"
USER_PIN, SO_PIN = "246810", "13579111"
SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "softhsm-init.sh"
AUTHORITIES = [("350500", "泉州市教育局"), ("410000", "河南省教育厅")]


#: Key files in tests use a cheap KDF; test_crypto checks the production default separately.
TEST_KDF_ITERATIONS = 1000


@pytest.fixture(autouse=True)
def _fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("keys._pkcs8.KDF_ITERATIONS", TEST_KDF_ITERATIONS)


@pytest.fixture
def store(tmp_path: Path) -> keys.Keystore:
    """Keystore with root, CA and one active Ed25519 key + document certificate per authority
    (active as if a trust list had been published; :func:`published` signs one)."""
    keys.init_hierarchy(
        tmp_path / "keys", passphrase=PASS, authorities=AUTHORITIES, custodian="张三", now=NOW
    )
    with keys.Keystore(tmp_path / "keys").transaction() as m:
        m.activate_pending(NOW)
    return keys.Keystore(tmp_path / "keys")


def published(store: keys.Keystore, at: datetime = NOW) -> bytes:
    """Publish a trust list now (pending keys become active) and return it, as the verifier
    would serve it: what ``active_signer(published=…)`` is checked against."""
    data, _ = keys.publish_trust_list(store, passphrase=PASS, custodian="张三", now=at)
    return data


@pytest.fixture(scope="session")
def softhsm(tmp_path_factory: pytest.TempPathFactory) -> keys.TokenConfig:
    """A SoftHSM2 token made for this test session (SOFTHSM2_CONF points at a temp dir)."""
    if not Path(MODULE).is_file():
        pytest.skip(f"SoftHSM2 library {MODULE} not installed (apt-get install softhsm2)")
    import pkcs11

    # SoftHSM reads its config once per process: if something loaded it already, keep that one.
    already_loaded = MODULE in getattr(pkcs11, "_loaded", {})
    if not already_loaded or not os.environ.get("SOFTHSM2_CONF"):
        os.environ["SOFTHSM2_CONF"] = str(tmp_path_factory.mktemp("softhsm") / "softhsm2.conf")
    subprocess.run(
        ["bash", str(SCRIPT), USER_PIN, SO_PIN, TOKEN_LABEL],
        check=True,
        capture_output=True,
        env=dict(os.environ),
    )
    return keys.TokenConfig(MODULE, TOKEN_LABEL, USER_PIN)


@pytest.fixture
def env(sqlite_registry, ecert_env: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Settings for the ``ecert keys`` command line: a registry, a passphrase, a custodian;
    returns the keystore folder."""

    monkeypatch.setenv("ECERT_KEY_PASSPHRASE", PASS.decode())
    monkeypatch.setenv("ECERT_CUSTODIAN", "默认保管人")
    return ecert_env / "keys"
