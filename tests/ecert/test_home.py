"""The development home page counts the registry and links issued demo certificates."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ecert.app import create_app
from ecert.cli import main


def test_home_links_issued_demo_certificates(
    ecert_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init", "--demo", "2"]) == 0
    page = TestClient(create_app()).get("/")
    assert page.status_code == 200 and "2</strong> 条证书记录" in page.text
    assert "/C/" not in page.text  # nothing issued yet
    assert main(["issue", "--all", "--workers", "1"]) == 0
    page = TestClient(create_app()).get("/")
    assert page.text.count("HTTP://127.0.0.1:8000/C/") == 2
