"""Build scanning/models/PP-OCRv6_det_small_int8.onnx, the int8 text detector the scanner loads.

Source: PP-OCRv6_det_small.onnx as packaged in the rapidocr wheel (PaddleOCR's PP-OCRv6 small
detector, Apache-2.0). Steps, all offline and deterministic for given package versions:

1. Calibration pages: booklets of the five bench generators at fixed seeds (``CALIBRATION``),
   each page turned into the detector inputs the scanner makes of it — the page read (upright
   height, red seal ink removed, longest side 960) and the quick look (raw page, 640).
   ``PER_KIND`` inputs of each generator, chosen by a seeded shuffle.
2. The model is converted to opset 13 (per-channel quantisation needs it) and prepared by ONNX
   Runtime's ``quant_pre_process``.
3. Static QDQ quantisation: int8 weights per output channel, uint8 activations with min-max
   ranges over the calibration inputs; the layers in ``KEEP_FP32`` stay fp32 (the first
   convolution sees raw pixels, the head draws the probability map whose 0.3 threshold makes
   the line boxes; see the module's measurements in the session notes).
4. Weights use 7 bits (``REDUCE_RANGE``: -64..64). ONNX Runtime multiplies uint8 activations by
   int8 weights with an instruction that sums two products in 16 bits on CPUs without VNNI
   (plain AVX2) and saturates when they exceed 32767; with 8-bit weights such a CPU reads the
   same page differently from one with VNNI. 255 × 64 × 2 = 32640 never saturates, so every CPU
   computes the same integers (the fp32 layers differ between CPUs no more than the fp32 model).
5. Max pooling is moved before its quantisation (``pool_in_fp32``): ONNX Runtime pools uint8
   tensors with a plain loop, and the one pooling layer (2 × 2, stride 1, over the first layer's
   24 channels at half the input's size) took a sixth of the detector's CPU; pooled in fp32 it
   costs a few per cent. The output is bit for bit the same: quantisation is monotone, so the
   largest of four quantised values is the quantised largest value, and the pooled tensor's
   own quantisation has the same scale and zero point as its input's (``--repool IN OUT``
   applies this step alone to a model built without it).

Needs ``onnx`` at build time only, never at run time (not a dependency: ``pip install
--target /tmp/onnxlib onnx==1.23.2`` and put that folder first on ``PYTHONPATH``; built with onnx
1.23.2 and onnxruntime 1.32.0). Prints the sha256 to put in ``scanning._ocr.DET_INT8_SHA256``.
``--full-range`` builds 8-bit weights (the comparison build; not portable, see step 4).

    python -m bench.build_det_int8 [--full-range] [OUT [BOOKLETS]]
    python -m bench.build_det_int8 --repool IN OUT
"""

from __future__ import annotations

import hashlib
import importlib
import os
import random
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from scanning import _decode, _ocr
from scanning._pages import to_height

OUT = Path(__file__).resolve().parent.parent / "scanning" / "models" / _ocr.DET_INT8.name
CALIBRATION = (  # (generator, seed, booklets)
    ("ours", 9101, 6), ("second", 9102, 6), ("third", 9103, 6), ("fourth", 9104, 6),
    ("fifth", 9105, 6),
)  # fmt: skip
PER_KIND = 20
KEEP_FP32 = ("Conv.0", "Conv.82", "ConvTranspose.0", "ConvTranspose.2")
REDUCE_RANGE = True  # 7-bit weights: the same results with and without VNNI (step 4)
GENERATORS = {"second": "bench._othergen", "third": "bench._thirdgen",
              "fourth": "bench._fourthgen", "fifth": "bench._fifthgen"}


def generate(kind: str, seed: int, count: int, folder: Path) -> None:
    """``count`` booklets of one generator into ``folder``."""
    if kind == "ours":
        from scanning.sample import generate as ours

        ours(folder, count=count, seed=seed, variety="wide")
    else:
        importlib.import_module(GENERATORS[kind]).generate(folder, count=count, seed=seed)


def blob(img: _ocr.Image, side: int) -> np.ndarray:
    """The detector's input for ``img`` with its longest side limited to ``side``."""
    det = _ocr.engine().text_det
    if side < max(img.shape[:2]):
        scale = side / max(img.shape[:2])
        img = _ocr.u8(cv2.resize(img, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA))
    pre = _ocr._preprocess(det, side)  # noqa: SLF001 - the scanner's own preprocessing
    resized = pre.resize(_ocr._three(img))  # noqa: SLF001
    table = _ocr._det_table(pre)  # noqa: SLF001
    return np.stack([table[c][resized[..., c]] for c in range(3)])[None].astype(np.float32)


def inputs(folder: Path) -> list[np.ndarray]:
    """Both detector inputs of every page of every booklet in ``folder``."""
    out = []
    for path in sorted(folder.iterdir()):
        if path.suffix in (".jsonl", ".csv"):
            continue
        for img in _decode.load_images(path.read_bytes(), path.name):
            out += [blob(_ocr.remove_red(to_height(img)), 960), blob(img, 640)]
    return out


def calibration(work: Path, made: Path | None = None) -> list[np.ndarray]:
    """``PER_KIND`` detector inputs of each generator's calibration booklets (taken from
    ``made``/<generator> when a previous run left them there: generation is deterministic)."""
    chosen = []
    for kind, seed, count in CALIBRATION:
        folder = made / kind if made is not None and (made / kind).is_dir() else work / kind
        if not folder.is_dir():
            generate(kind, seed, count, folder)
        got = inputs(folder)
        random.Random(kind).shuffle(got)
        chosen += got[:PER_KIND]
    return chosen


class _Reader:
    """ONNX Runtime's calibration data reader over a list of inputs."""

    def __init__(self, blobs: list[np.ndarray]) -> None:
        self._it: Iterator[np.ndarray] = iter(blobs)

    def get_next(self) -> dict[str, Any] | None:
        nxt = next(self._it, None)
        return None if nxt is None else {"x": nxt}


def build(out: Path = OUT, made: Path | None = None, reduce_range: bool = REDUCE_RANGE) -> str:
    """Quantise the wheel's detector into ``out``; its sha256."""
    import onnx
    from onnx import version_converter
    from onnxruntime.quantization import CalibrationMethod, QuantFormat, QuantType, quantize_static
    from onnxruntime.quantization.shape_inference import quant_pre_process

    os.environ["ECERT_SCAN_DET"] = "fp32"  # the engine made for the inputs never reads ``out``
    _ocr.configure(1)
    src = _ocr.model_dir() / _ocr.MODELS["Det"]
    with tempfile.TemporaryDirectory(prefix="det-int8-") as tmp:
        work = Path(tmp)
        blobs = calibration(work, made)
        onnx.save(version_converter.convert_version(onnx.load(str(src)), 13), str(work / "13.onnx"))
        quant_pre_process(str(work / "13.onnx"), str(work / "pre.onnx"), skip_symbolic_shape=True)
        out.parent.mkdir(parents=True, exist_ok=True)
        quantize_static(
            str(work / "pre.onnx"), str(out), _Reader(blobs), quant_format=QuantFormat.QDQ,
            per_channel=True, reduce_range=reduce_range, weight_type=QuantType.QInt8,
            activation_type=QuantType.QUInt8,
            calibrate_method=CalibrationMethod.MinMax, nodes_to_exclude=list(KEEP_FP32),
            extra_options={"CalibMaxIntermediateOutputs": 8},
        )
        model = onnx.load(str(out))
        pool_in_fp32(model)
        onnx.save(model, str(out))
    return hashlib.sha256(out.read_bytes()).hexdigest()


def pool_in_fp32(model: Any) -> int:
    """Every MaxPool that reads a quantised-then-dequantised tensor made to read the fp32
    tensor before that quantisation (the quantised copy stays for its other readers); how
    many were moved. Exact where the pooled output is quantised with its input's scale and
    zero point (as the QDQ quantiser does for pooling): max(Q(x)) = Q(max(x))."""
    from onnx import numpy_helper

    made = {o: n for n in model.graph.node for o in n.output}
    readers: dict[str, list[Any]] = {}
    for n in model.graph.node:
        for name in n.input:
            readers.setdefault(name, []).append(n)
    values = {t.name: numpy_helper.to_array(t).tolist() for t in model.graph.initializer}
    moved = 0
    for node in model.graph.node:
        dq = made.get(node.input[0]) if node.op_type == "MaxPool" else None
        q = made.get(dq.input[0]) if dq is not None and dq.op_type == "DequantizeLinear" else None
        after = readers.get(node.output[0], [])
        if (q is not None and q.op_type == "QuantizeLinear" and len(after) == 1
                and after[0].op_type == "QuantizeLinear"
                and [values.get(v) for v in after[0].input[1:]]
                == [values.get(v) for v in q.input[1:]]):
            node.input[0] = q.input[0]
            moved += 1
    return moved


def repool(src: Path, out: Path) -> str:
    """``pool_in_fp32`` applied to the model at ``src``, saved to ``out``; its sha256."""
    import onnx

    model = onnx.load(str(src))
    pool_in_fp32(model)
    onnx.save(model, str(out))
    return hashlib.sha256(out.read_bytes()).hexdigest()


if __name__ == "__main__" and sys.argv[1:2] == ["--repool"]:
    print(sys.argv[3], repool(Path(sys.argv[2]), Path(sys.argv[3])))
elif __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--full-range"]
    target = Path(args[0]) if args else OUT
    made_dir = Path(args[1]) if len(args) > 1 else None
    print(target, build(target, made_dir, reduce_range="--full-range" not in sys.argv))
