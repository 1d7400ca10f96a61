"""Settings are validated once; production refuses development secrets and unsafe files."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import ConfigurationError
from core.settings import Settings

STRONG = "k9Qv3T_xw8LpZr2mB7nYc4Hs6Jd1Fg5Ae0Ui-strong"


def test_defaults_put_sqlite_in_home(tmp_path: Path) -> None:
    s = Settings(home=tmp_path)
    assert s.database_url == f"sqlite:///{(tmp_path / 'ecert.db').resolve()}"
    assert s.keys_dir == tmp_path / "keys"


def test_environment_prefix(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ECERT_HOME", str(tmp_path))
    monkeypatch.setenv("ECERT_PUBLIC_URL", "https://zs.jyt.example.cn")
    s = Settings()
    assert s.home == tmp_path and s.public_url == "https://zs.jyt.example.cn"


def test_production_refuses_development_secret() -> None:
    with pytest.raises(ConfigurationError) as exc:
        Settings(env="production", allow_dev_keys=False)
    assert exc.value.code == "dev_secret_in_production"


def test_production_refuses_development_keys() -> None:
    with pytest.raises(ConfigurationError) as exc:
        Settings(env="production", secret=STRONG)
    assert exc.value.code == "dev_keys_in_production"


def test_production_refuses_world_readable_passphrase_file(tmp_path: Path) -> None:
    secret = tmp_path / "passphrase"
    secret.write_text("correct horse battery staple\n")
    secret.chmod(0o644)
    s = Settings(env="production", secret=STRONG, allow_dev_keys=False,
                 key_passphrase_file=secret, issuer_name="某某省教育厅")
    with pytest.raises(ConfigurationError) as exc:
        s.passphrase()
    assert exc.value.code == "world_readable_secret"
    secret.chmod(0o600)
    assert s.passphrase() == b"correct horse battery staple"


def test_production_requires_a_passphrase() -> None:
    s = Settings(env="production", secret=STRONG, allow_dev_keys=False, issuer_name="某某省教育厅")
    with pytest.raises(ConfigurationError) as exc:
        s.passphrase()
    assert exc.value.code == "missing_passphrase"


def test_development_passphrase_is_random_private_and_stable(tmp_path: Path) -> None:
    s = Settings(home=tmp_path)
    first = s.passphrase()
    assert len(first) >= 32 and first == s.passphrase()
    assert (tmp_path / ".dev-key-passphrase").stat().st_mode & 0o077 == 0
    assert Settings(home=tmp_path / "other").passphrase() != first
