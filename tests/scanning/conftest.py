"""Generated booklets shared by the scanning tests (made and scanned once per session)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PIL import ImageFont

from scanning.sample import KINDS, GeneratedBooklet, generate

SEED = 7


@pytest.fixture(scope="session")
def booklets(tmp_path_factory: pytest.TempPathFactory) -> list[GeneratedBooklet]:
    """One booklet of every input kind, fixed seed."""
    return generate(tmp_path_factory.mktemp("booklets"), count=len(KINDS), seed=SEED)


@pytest.fixture(scope="session")
def scanned(
    booklets: list[GeneratedBooklet], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, list[dict[str, Any]]]:
    """The booklets scanned in-process (workers=1): output folder and records."""
    from scanning import scan_paths

    out = tmp_path_factory.mktemp("scanned")
    scan_paths([b.path for b in booklets], out, workers=1)
    lines = (out / "records.jsonl").read_text(encoding="utf-8").splitlines()
    return out, [json.loads(line) for line in lines]


@pytest.fixture(scope="session")
def fonts_available() -> None:
    """Skip a test that draws Chinese text when the CJK font is not installed."""
    try:
        ImageFont.truetype("NotoSansCJK-Regular.ttc", 10, index=2)
    except OSError:
        pytest.skip("Noto Sans CJK not installed")
