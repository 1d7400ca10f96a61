"""Production mode refuses what is only safe in development; small CLI/API defects give clean
errors (issue "Hardening", items 12 and 13)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from core.errors import ConfigurationError
from core.settings import load_settings
from ecert.cli import main

STRONG = "k9Qv3T_xw8LpZr2mB7nYc4Hs6Jd1Fg5Ae0Ui"


@pytest.fixture
def restore(ecert_env: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Back to valid development settings before the shared fixtures tear down."""
    yield ecert_env
    for name in ("ECERT_SECRET", "ECERT_ALLOW_DEV_KEYS", "ECERT_KEY_PASSPHRASE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ECERT_ENV", "development")


@pytest.fixture
def production(restore: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ECERT_ENV", "production")
    monkeypatch.setenv("ECERT_SECRET", STRONG)
    monkeypatch.setenv("ECERT_ALLOW_DEV_KEYS", "false")
    monkeypatch.setenv("ECERT_KEY_PASSPHRASE", "another-long-passphrase-for-the-keys")
    monkeypatch.setenv("ECERT_ISSUER_NAME", "某某省教育厅")
    return restore


def test_unknown_environment_is_a_configuration_error(
    restore: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ECERT_ENV", "staging")
    with pytest.raises(ConfigurationError) as err:
        load_settings()
    assert err.value.code == "invalid_setting"
    assert "ECERT_ENV" in str(err.value) and "production" in str(err.value)
    assert main(["db", "upgrade"]) == 2
    captured = capsys.readouterr()
    assert "ECERT_ENV" in captured.err and "internal error" not in captured.err


@pytest.mark.parametrize("secret", ["a" * 32, "ab" * 20, "0123456789" * 4, "short-secret",
                                    "a" * 31 + "b", "Password1" * 4 + "Pass"])
def test_production_refuses_weak_secrets(
    production: Path, monkeypatch: pytest.MonkeyPatch, secret: str
) -> None:
    monkeypatch.setenv("ECERT_SECRET", secret)
    with pytest.raises(ConfigurationError) as err:
        load_settings()
    assert err.value.code == "weak_secret"


def test_production_accepts_a_random_secret(production: Path) -> None:
    assert load_settings().is_production


@pytest.mark.parametrize("secret", ["0f3a9c1be47d25860b1e9f2ac4d37e58",  # openssl rand -hex 16
                                    "k9Qv3T_xw8LpZr2mB7nYc4Hs6Jd1Fg5Ae0Ui"])
def test_random_secrets_are_strong_enough(secret: str) -> None:
    from core.settings import MIN_SECRET_BITS, secret_bits

    assert secret_bits(secret) >= MIN_SECRET_BITS


@pytest.mark.parametrize("marker", [".dev-key-passphrase", "keys/.development"])
def test_production_refuses_development_keys_left_in_home(production: Path, marker: str) -> None:
    path = production / marker
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("x")
    with pytest.raises(ConfigurationError) as err:
        load_settings()
    assert err.value.code == "dev_keys_in_production"


def test_development_init_marks_its_keys(ecert_env: Path) -> None:
    assert main(["init"]) == 0
    assert (ecert_env / "keys" / ".development").exists()


def test_production_app_hides_the_development_home_and_api_docs(production: Path) -> None:
    from ecert.app import create_app

    client = TestClient(create_app())
    for path in ("/docs", "/redoc", "/openapi.json"):
        assert client.get(path).status_code == 404, path
    home = client.get("/")  # the public home page, never the development one
    assert home.status_code == 200 and 'href="/verify"' in home.text
    assert 'id="development"' not in home.text and "/C/" not in home.text


def test_development_app_keeps_docs(sqlite_registry: Engine) -> None:
    from ecert.app import create_app

    client = TestClient(create_app())
    assert client.get("/openapi.json").status_code == 200


@pytest.mark.parametrize("port", ["99999", "0", "-1"])
def test_serve_refuses_a_port_out_of_range(
    ecert_env: Path, capsys: pytest.CaptureFixture[str], port: str
) -> None:
    assert main(["serve", "--port", port]) == 2
    assert "port" in capsys.readouterr().err.lower()


def test_sample_refuses_a_negative_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sample", "--out", str(tmp_path / "s"), "--count", "-3"]) == 2
    assert "count" in capsys.readouterr().err.lower()
    assert not (tmp_path / "s").exists()


def test_unwritable_output_is_a_clear_error(
    ecert_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sample", "--out", "/proc/x", "--count", "1"]) == 2
    err = capsys.readouterr().err
    assert "/proc/x" in err and "internal error" not in err


def test_records_offset_beyond_range_is_a_422(sqlite_registry: Engine) -> None:
    from core.auth import create_user
    from core.db import session_scope
    from ecert.app import create_issuer_app

    with session_scope() as session:
        _, token = create_user(session, name="root", role="admin", region="", actor="t")
    client = TestClient(create_issuer_app())
    response = client.get("/api/admin/records", params={"offset": 2**63},
                          headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_request"


def test_production_warns_of_the_placeholder_licence_type_code(
    production: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from core.licence_id import PLACEHOLDER_TYPE_CODE
    from ecert.app import _warn_placeholders

    with caplog.at_level("WARNING", logger="ecert"):
        _warn_placeholders(load_settings())
    assert PLACEHOLDER_TYPE_CODE in caplog.text and "ECERT_LICENCE_TYPE_CODE" in caplog.text
    caplog.clear()
    monkeypatch.setenv("ECERT_LICENCE_TYPE_CODE", "11100000000013338W001")
    with caplog.at_level("WARNING", logger="ecert"):
        _warn_placeholders(load_settings())
    assert caplog.text == ""
