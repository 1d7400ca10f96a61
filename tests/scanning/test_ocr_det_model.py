"""Which text detector the scanner loads: an int8 copy only when present and intact, fp32 on
request or without one."""

from __future__ import annotations

import pytest

from core.errors import ConfigurationError
from scanning import _ocr


def test_fp32_on_request_or_when_the_int8_file_is_absent(monkeypatch, tmp_path):
    fp32 = _ocr.model_dir() / _ocr.MODELS["Det"]
    monkeypatch.setenv("ECERT_SCAN_DET", "fp32")
    assert _ocr.det_model() == fp32
    monkeypatch.setenv("ECERT_SCAN_DET", "int8")
    monkeypatch.setattr(_ocr, "DET_INT8", tmp_path / "absent.onnx")
    assert _ocr.det_model() == fp32


def test_another_file_in_the_int8_place_is_refused(monkeypatch, tmp_path):
    other = tmp_path / "det.onnx"
    other.write_bytes(b"not the model")
    monkeypatch.delenv("ECERT_SCAN_DET", raising=False)
    monkeypatch.setattr(_ocr, "DET_INT8", other)
    with pytest.raises(ConfigurationError, match="sha256"):
        _ocr.det_model()
    monkeypatch.setenv("ECERT_SCAN_DET", "fast")
    with pytest.raises(ConfigurationError, match="int8 or fp32"):
        _ocr.det_model()
