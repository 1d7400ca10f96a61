"""ECERT_ISSUER_NAME: the issuing body's official name on every page; production requires it."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import ConfigurationError
from core.settings import DEV_ISSUER_NAME, DEV_ISSUER_NAME_EN, Settings, load_settings

STRONG = "k9Qv3T_xw8LpZr2mB7nYc4Hs6Jd1Fg5Ae0Ui-strong"


def _production(tmp_path: Path, **values: object) -> Settings:
    return Settings(env="production", secret=STRONG, allow_dev_keys=False, home=tmp_path,
                    **values)


def test_development_has_a_neutral_default_that_never_says_ecert(tmp_path: Path) -> None:
    s = Settings(home=tmp_path)
    assert s.issuer_name == DEV_ISSUER_NAME == "教师资格电子证照服务（开发环境）"
    assert s.issuer("zh") == DEV_ISSUER_NAME and s.issuer("en") == DEV_ISSUER_NAME_EN
    for name in (s.issuer("zh"), s.issuer("en")):
        assert "ecert" not in name.lower()


def test_production_refuses_to_start_without_the_issuer_name(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError) as refused:
        _production(tmp_path)
    assert refused.value.code == "issuer_name_missing"
    assert "ECERT_ISSUER_NAME" in refused.value.message
    with pytest.raises(ConfigurationError):  # blank is not a name
        _production(tmp_path, issuer_name="   ")


def test_production_shows_the_configured_name_and_english_falls_back_to_it(
    tmp_path: Path,
) -> None:
    s = _production(tmp_path, issuer_name=" 某某省教育厅 ")
    assert s.issuer("zh") == "某某省教育厅" and s.issuer("en") == "某某省教育厅"
    s = _production(tmp_path, issuer_name="某某省教育厅",
                    issuer_name_en="Department of Education of X Province")
    assert s.issuer("en") == "Department of Education of X Province"


def test_read_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ECERT_HOME", str(tmp_path))
    monkeypatch.setenv("ECERT_ENV", "development")
    monkeypatch.setenv("ECERT_ISSUER_NAME", "某某省教育厅")
    monkeypatch.setenv("ECERT_ISSUER_NAME_EN", "X Provincial Department of Education")
    s = load_settings()
    assert (s.issuer(), s.issuer("en")) == ("某某省教育厅", "X Provincial Department of Education")
    # a development name set without an English one: English pages show the Chinese name
    monkeypatch.delenv("ECERT_ISSUER_NAME_EN")
    assert load_settings().issuer("en") == "某某省教育厅"
