"""``ecert verify TARGET``: QR text or file decided by its form, precise errors, exit 2, no
traceback (issue 11 item 13)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.verifier.conftest import World


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    from ecert.cli import main

    code = main(["verify", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err.replace("\n", " ")


def _no_traceback(*texts: str) -> None:
    for text in texts:
        assert "Traceback" not in text and "internal error" not in text


def test_bare_digits_are_qr_text(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    item = world.issued[0]
    code, out, err = _run(capsys, item.qr_text.rsplit("/C/", 1)[1], "--json")
    assert code == 0 and json.loads(out)["certificate"]["number"] == item.number
    _no_traceback(out, err)


@pytest.mark.parametrize("digits", ["123", "9" * 400, "1" * 3000])
def test_digits_that_are_no_credential_are_malformed(
    world: World, capsys: pytest.CaptureFixture[str], digits: str,
) -> None:
    code, out, err = _run(capsys, digits, "--json")
    assert code == 2 and json.loads(out)["result"] == "malformed"
    assert "File name too long" not in out + err
    _no_traceback(out, err)


@pytest.mark.parametrize("target", ["/nonexistent.png", "nonexistent-file", "C/123"])
def test_missing_file_says_so(world: World, capsys: pytest.CaptureFixture[str],
                              target: str) -> None:
    code, out, err = _run(capsys, target)
    assert code == 2 and out == ""
    assert "file_not_found" in err and "file not found" in err and target in err
    assert "has no /C/" not in err
    _no_traceback(out, err)


def test_unreadable_targets(world: World, capsys: pytest.CaptureFixture[str],
                            tmp_path: Path) -> None:
    garbage = tmp_path / "notes.txt"
    garbage.write_text("hello, this is not a certificate\n", encoding="utf-8")
    binary = tmp_path / "blob.bin"
    binary.write_bytes(bytes(range(256)) * 4)
    cases = [(str(tmp_path), "not_a_file"), (str(garbage), "not_a_qr_text"),
             (str(binary), "not_a_qr_text"), ("x" * 5000, "unreadable_file")]
    for target, rule in cases:
        code, out, err = _run(capsys, target)
        assert code == 2 and rule in err, (target[:40], err)
        _no_traceback(out, err)


def test_text_file_with_qr_text(world: World, capsys: pytest.CaptureFixture[str],
                                tmp_path: Path) -> None:
    item = world.issued[0]
    text_file = tmp_path / "qr.txt"
    text_file.write_text("\ufeff" + item.qr_text + "\r\n", encoding="utf-8")
    code, out, _ = _run(capsys, str(text_file), "--json")
    assert code == 0 and json.loads(out)["result"] == "valid"


def test_human_output_uses_the_shared_labels(world: World,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, world.issued[0].qr_text)
    assert code == 0 and "证书真实有效" in out and ("通过" in out or "需注意" in out)
    code, out, _ = _run(capsys, "https://example.org/nothing")
    assert code == 2 and "无法识别" in out and "不通过" in out
