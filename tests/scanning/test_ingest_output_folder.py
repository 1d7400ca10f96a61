"""A clerk who scans a folder again, with the output inside it, scans booklets, not the page
and photo crops an earlier scan wrote there."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from scanning._ingest import Inputs, collect


def _png(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buf, "PNG")
    path.write_bytes(buf.getvalue())


def _sources(inputs: Inputs) -> list[str]:
    return sorted(Path(j.path).name for j in inputs.jobs)


def test_an_earlier_scan_s_output_folder_is_not_walked(tmp_path: Path) -> None:
    _png(tmp_path / "0001.png")
    _png(tmp_path / "out-monday" / "pages" / "0001-p1.png")
    (tmp_path / "out-monday" / "records.jsonl").write_text("{}\n", encoding="utf-8")
    inputs = collect([tmp_path])
    assert _sources(inputs) == ["0001.png"]
    assert inputs.refused == []


def test_the_scan_s_own_output_folder_is_not_walked(tmp_path: Path) -> None:
    _png(tmp_path / "0001.png")
    _png(tmp_path / "out" / "pages" / "0001-p1.png")  # an interrupted run: no records yet
    assert _sources(collect([tmp_path], output=tmp_path / "out")) == ["0001.png"]
    # Any other folder of images is walked as before.
    assert _sources(collect([tmp_path])) == ["0001-p1.png", "0001.png"]
