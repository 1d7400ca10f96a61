"""Which text detector the scanner loads: the shipped int8 copy when intact, fp32 on request or
without one; the copy computes the same on every CPU and finds lines where the fp32 model does."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from core.errors import ConfigurationError
from scanning import _ocr
from tests.scanning._fonts import cjk_font


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
    monkeypatch.setenv("ECERT_SCAN_DET", "int8")
    monkeypatch.setattr(_ocr, "DET_INT8", other)
    with pytest.raises(ConfigurationError, match="sha256"):
        _ocr.det_model()
    monkeypatch.setenv("ECERT_SCAN_DET", "fast")
    with pytest.raises(ConfigurationError, match="int8 or fp32"):
        _ocr.det_model()


def test_the_shipped_int8_detector_is_intact_and_loaded_when_chosen(monkeypatch):
    monkeypatch.setenv("ECERT_SCAN_DET", "int8")
    assert _ocr.DET_INT8.exists()
    assert hashlib.sha256(_ocr.DET_INT8.read_bytes()).hexdigest() == _ocr.DET_INT8_SHA256
    assert _ocr.det_model() == _ocr.DET_INT8
    assert _ocr.DET_INT8.stat().st_size < 4_000_000  # package data: keep it small
    monkeypatch.delenv("ECERT_SCAN_DET")
    monkeypatch.setattr(_ocr, "DET_DEFAULT", "int8")
    assert _ocr.det_model() == _ocr.DET_INT8


def _fields(buf: bytes) -> list[tuple[int, int | bytes]]:
    """The (field number, value) pairs of one protobuf message (varints and byte strings)."""
    out: list[tuple[int, int | bytes]] = []
    i = 0

    def varint() -> int:
        nonlocal i
        shift = value = 0
        while True:
            b = buf[i]
            i += 1
            value |= (b & 0x7F) << shift
            shift += 7
            if b < 0x80:
                return value

    while i < len(buf):
        key = varint()
        field, wire = key >> 3, key & 7
        if wire == 0:
            out.append((field, varint()))
        elif wire == 2:
            n = varint()
            out.append((field, buf[i : i + n]))
            i += n
        elif wire in (1, 5):
            i += 8 if wire == 1 else 4
        else:
            raise ValueError(f"wire type {wire}")
    return out


def _int8_weights(model: Path) -> list[np.ndarray]:
    """Every int8 initializer of an ONNX model (ModelProto.graph = 7, GraphProto.initializer = 5,
    TensorProto data_type = 2 (INT8 = 3), raw_data = 9), read without the onnx package."""
    graph = next(v for f, v in _fields(model.read_bytes()) if f == 7)
    tensors = [dict(_fields(v)) for f, v in _fields(graph) if f == 5]  # type: ignore[arg-type]
    return [np.frombuffer(t[9], dtype=np.int8) for t in tensors if t.get(2) == 3 and 9 in t]


def test_the_int8_weights_use_seven_bits_so_every_cpu_computes_the_same():
    # Without VNNI, ONNX Runtime sums two uint8 × int8 products in 16 bits, saturating above
    # 32767: 8-bit weights would make such a CPU find other lines than ours. 255 × 64 × 2 fits.
    weights = _int8_weights(_ocr.DET_INT8)
    assert len(weights) > 50
    assert all(int(np.abs(w.astype(np.int16)).max()) <= 64 for w in weights)


def _nodes(model: Path) -> list[dict[int, list[int | bytes]]]:
    """The nodes of an ONNX model (GraphProto.node = 1; NodeProto input = 1, output = 2,
    op_type = 4), each field's values in order, read without the onnx package."""
    graph = next(v for f, v in _fields(model.read_bytes()) if f == 7)
    out = []
    for f, v in _fields(graph):  # type: ignore[arg-type]
        if f == 1:
            node: dict[int, list[int | bytes]] = {}
            for k, x in _fields(v):  # type: ignore[arg-type]
                node.setdefault(k, []).append(x)
            out.append(node)
    return out


def test_the_int8_detector_pools_in_fp32():
    # ONNX Runtime pools a uint8 tensor with a plain loop: a sixth of the detector's CPU for
    # its one 2 x 2 pooling. Pooled before its quantisation it gives the same integers
    # (quantising is monotone: the largest of four quantised values is the quantised largest).
    nodes = _nodes(_ocr.DET_INT8)
    made = {out: n[4][0] for n in nodes for out in n.get(2, [])}
    pools = [n for n in nodes if n[4] == [b"MaxPool"]]
    assert pools
    assert all(made.get(n[1][0]) != b"DequantizeLinear" for n in pools)


LINES = ("中华人民共和国教师资格证书", "资格种类：高级中学教师资格", "证书号码：20214403321000512",
         "发证机关：广州市教育局")  # fmt: skip


def _page() -> np.ndarray:
    """A white page with a few printed lines of a booklet, as a scanner gives it."""
    img = Image.new("RGB", (900, 420), (250, 250, 247))
    draw = ImageDraw.Draw(img)
    for i, (text, size) in enumerate(zip(LINES, (34, 26, 26, 26), strict=True)):
        draw.text((60 + 20 * (i % 2), 50 + 90 * i), text, font=cjk_font(size), fill=(25, 25, 25))
    return np.asarray(img)


def _boxes(model: Path, img: np.ndarray) -> list[tuple[int, int, int, int]]:
    """The detector's line boxes with ``model`` in place of the engine's own session."""
    import onnxruntime as ort

    det = _ocr.engine().text_det
    pre = _ocr._preprocess(det, _ocr.DET_SIDE)
    resized = pre.resize(_ocr._three(img))
    table = _ocr._det_table(pre)
    blob = np.stack([table[c][resized[..., c]] for c in range(3)])[None]
    session = ort.InferenceSession(str(model), providers=["CPUExecutionProvider"])
    boxes, _ = det.postprocess_op(session.run(None, {"x": blob})[0], img.shape[:2])
    return sorted((_ocr._aabb(b) for b in boxes), key=lambda b: (b[1], b[0]))


def test_the_int8_detector_finds_printed_lines_within_two_pixels_of_fp32():
    # Body lines move by 2 px at most; a large title's box by up to an eighth of its height
    # (4 px of 35: its probability map is a little wider at int8, so the unclipped box grows).
    page = _page()
    fp32 = _boxes(_ocr.model_dir() / _ocr.MODELS["Det"], page)
    int8 = _boxes(_ocr.DET_INT8, page)
    assert len(fp32) == len(int8) == len(LINES)
    for a, b in zip(fp32, int8, strict=True):
        allowed = max(2, (a[3] - a[1]) // 8)
        assert max(abs(p - q) for p, q in zip(a, b, strict=True)) <= allowed
