"""core.files.artifact_file: a stored path is read only inside the artifacts folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import NotFound
from core.files import artifact_file


def test_a_file_inside_the_folder_is_found(tmp_path: Path) -> None:
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "a.jpg").write_bytes(b"x")
    assert artifact_file(tmp_path, "photos/a.jpg") == (tmp_path / "photos" / "a.jpg").resolve()


@pytest.mark.parametrize("relative", [None, "", "missing.jpg", "../outside.txt", "photos",
                                      "/etc/hostname", "link/outside.txt"])
def test_anything_else_is_not_found(tmp_path: Path, relative: str | None) -> None:
    folder = tmp_path / "artifacts"
    (folder / "photos").mkdir(parents=True)
    (tmp_path / "outside.txt").write_text("secret")
    (folder / "link").symlink_to(tmp_path)  # a symlink that leads out of the folder
    with pytest.raises(NotFound) as refused:
        artifact_file(folder, relative)
    assert refused.value.code == "file_not_found"
