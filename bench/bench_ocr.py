"""OCR engine comparison on rendered field crops and generated pages.

Field values (ID and certificate numbers, dates, names, authorities, qualification types,
subjects, remarks) are rendered in every installed Chinese font family at 75–300 dpi and degraded
(blur, JPEG 35–50, noise, a translucent red seal, greyscale, phone-like motion blur and shading).
Each recogniser reads the same crops:
``v4`` is rapidocr-onnxruntime 1.4 (PP-OCRv4 mobile), ``v6`` is rapidocr 3.x (PP-OCRv6 small,
packaged in the wheel), and ``readings`` is the scanner's own multi-view re-read
(``scanning._ocr.readings``: upscaled normal and red-channel views; its best reading, whether
any of its readings is right, and whether the truth is among the per-character alternatives of
one of them — what a rule-checking decoder can reach). Detection is compared on generated
booklets: the share of true field values found in some detected-and-recognised line with each
detector (same recogniser).
Deterministic for SEED; one recognition thread, as in a batch worker.
"""

from __future__ import annotations

import io
import random
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

SEED = 20261204
PER_CELL = 5  # crops per font × condition
PAGES_BOOKLETS = 6
FONT_DIRS = ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/truetype")
FONTS: dict[str, tuple[str, int]] = {
    "noto_sans": ("NotoSansCJK-Regular.ttc", 2),
    "noto_serif": ("NotoSerifCJK-Regular.ttc", 2),
    "wqy_zenhei": ("wqy-zenhei.ttc", 0),
    "wqy_microhei": ("wqy-microhei.ttc", 0),
    "ar_uming": ("uming.ttc", 0),
    "ar_ukai": ("ukai.ttc", 0),
    "lxgw_wenkai": ("LXGWWenKai-Regular.ttf", 0),
}
# condition → (dpi, degradations applied in order); the hard ones are what real scans and
# phone photos of booklets look like at their worst.
CONDITIONS: dict[str, tuple[int, tuple[str, ...]]] = {
    "clean_300dpi": (300, ()),
    "clean_150dpi": (150, ()),
    "clean_100dpi": (100, ()),
    "small_75dpi": (75, ()),
    "blur_150dpi": (150, ("blur",)),
    "blur_jpeg35_100dpi": (100, ("blur", "jpeg")),
    "jpeg35_100dpi": (100, ("jpeg",)),
    "noise_120dpi": (120, ("noise",)),
    "seal_200dpi": (200, ("seal",)),
    "seal_jpeg_100dpi": (100, ("seal", "jpeg")),
    "grey_100dpi": (100, ("grey",)),
    "phone_motion": (110, ("motion", "shade", "noise", "jpeg")),
}
AUTHORITIES = (
    "武汉市教育局", "雁塔区教育局", "新疆维吾尔自治区教育厅", "北京市海淀区教育委员会",
    "广州市天河区教育局", "内蒙古自治区教育厅", "哈尔滨市南岗区教育局", "重庆市教育委员会",
    "广西壮族自治区教育厅", "成都市武侯区教育局", "宁夏回族自治区教育厅", "郑州市金水区教育局",
)
QUALIFICATIONS = (
    "高级中学教师资格", "初级中学教师资格", "小学教师资格", "幼儿园教师资格",
    "中等职业学校教师资格", "中等职业学校实习指导教师资格", "高等学校教师资格",
)
SUBJECTS = ("语文", "数学", "英语", "思想政治", "历史", "地理", "物理", "化学", "生物",
            "信息技术", "音乐", "美术", "体育与健康", "通用技术", "心理健康教育")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建国红梅晓燕雪琳志宏"
REMARKS = (
    "因工作调动，证书遗失补发", "姓名由{n}变更为{m}", "经核查，原证书信息有误，予以更正",
    "证书损毁，予以换发", "本人申请，注销原证书", "定期注册合格",
)
DIVISIONS = ("420102", "610113", "650102", "110108", "440106", "150102", "230103", "500103")


def _check_char(body: str) -> str:
    weights = [2 ** (17 - i) % 11 for i in range(17)]
    return "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]


def _date(rng: random.Random) -> tuple[int, int, int]:
    return rng.randint(1965, 2024), rng.randint(1, 12), rng.randint(1, 28)


def field_texts(rng: random.Random) -> list[tuple[str, str]]:
    """One value of every field kind, as (kind, text)."""
    y, m, d = _date(rng)
    body = f"{rng.choice(DIVISIONS)}{y:04d}{m:02d}{d:02d}{rng.randint(0, 999):03d}"
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))
    cert = f"{rng.randint(1995, 2024)}{rng.randint(11, 65)}" + "".join(
        rng.choice("0123456789") for _ in range(11))
    ry, rm, rd = _date(rng)
    remark = rng.choice(REMARKS).format(n=name, m=rng.choice(SURNAMES) + rng.choice(GIVEN))
    return [
        ("id_number", body + _check_char(body)),
        ("certificate_number", cert),
        ("date", f"{y}年{m}月{d}日"),
        ("name", name),
        ("authority", rng.choice(AUTHORITIES)),
        ("qualification", rng.choice(QUALIFICATIONS)),
        ("subject", rng.choice(SUBJECTS)),
        ("remark", f"{ry}年{rm}月{rd}日{remark}"),
    ]


def _font_path(file: str) -> str:
    for root in FONT_DIRS:
        hit = next(Path(root).rglob(file), None)
        if hit:
            return str(hit)
    raise FileNotFoundError(file)


def render(text: str, font: tuple[str, int], dpi: int, rng: random.Random) -> np.ndarray:
    """The text as a scanner would see it at ``dpi`` (9–12 pt), with the detector's margin."""
    px = rng.uniform(9.0, 12.0) * dpi / 72 * 2  # drawn at 2× then scanned down
    face = ImageFont.truetype(_font_path(font[0]), int(px), index=font[1])
    x0, y0, x1, y1 = face.getbbox(text)
    pad_x, pad_y = int(px * rng.uniform(0.15, 0.5)), int(px * rng.uniform(0.15, 0.35))
    canvas = PILImage.new("RGB", (x1 - x0 + 2 * pad_x, y1 - y0 + 2 * pad_y), (250, 249, 245))
    ink = rng.randint(10, 60)
    ImageDraw.Draw(canvas).text((pad_x - x0, pad_y - y0), text, font=face, fill=(ink, ink, ink))
    big = np.asarray(canvas)
    return cv2.resize(big, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)


def _seal(img: np.ndarray, rng: random.Random) -> np.ndarray:
    h, w = img.shape[:2]
    layer = np.full_like(img, 255)
    r = int(h * rng.uniform(1.2, 2.0))
    cx, cy = int(w * rng.uniform(0.2, 0.8)), int(h * rng.uniform(-0.3, 1.3))
    red = (rng.randint(200, 235), rng.randint(30, 80), rng.randint(30, 80))
    cv2.circle(layer, (cx, cy), r, red, max(2, h // 12))
    cv2.circle(layer, (cx, cy), int(r * 0.8), red, max(1, h // 25))
    cv2.putText(layer, "*", (cx - h // 3, cy + h // 3), cv2.FONT_HERSHEY_SIMPLEX, h / 25, red,
                max(2, h // 15))
    for _ in range(2):  # seal characters crossing the print
        org = (rng.randint(0, w), rng.randint(h // 3, h))
        cv2.putText(layer, rng.choice("ABDEFGHKMNPRSTUW"), org, cv2.FONT_HERSHEY_SIMPLEX,
                    h / 28, red, max(2, h // 14))
    alpha = rng.uniform(0.7, 0.95)
    blend = img.astype(np.float32) * (1 - alpha + alpha * layer.astype(np.float32) / 255)
    return blend.clip(0, 255).astype(np.uint8)


def degrade(img: np.ndarray, kind: str, rng: random.Random) -> np.ndarray:
    """One degradation of a rendered crop."""
    if kind == "blur":
        return cv2.GaussianBlur(img, (0, 0), rng.uniform(0.8, 1.4))
    if kind == "motion":
        n = rng.randint(3, 5)
        kernel = np.zeros((n, n), np.float32)
        kernel[n // 2, :] = 1.0 / n
        rot = cv2.getRotationMatrix2D((n / 2 - 0.5, n / 2 - 0.5), rng.uniform(-30, 30), 1.0)
        kernel = cv2.warpAffine(kernel, rot, (n, n))
        return cv2.filter2D(img, -1, kernel / max(float(kernel.sum()), 1e-6))
    if kind == "shade":
        ramp = np.linspace(rng.uniform(0.55, 0.8), 1.0, img.shape[1], dtype=np.float32)
        return (img.astype(np.float32) * ramp[None, :, None]).clip(0, 255).astype(np.uint8)
    if kind == "jpeg":
        buf = io.BytesIO()
        PILImage.fromarray(img).save(buf, "JPEG", quality=rng.randint(35, 50))
        return np.asarray(PILImage.open(io.BytesIO(buf.getvalue())).convert("RGB"))
    if kind == "noise":
        noise = np.random.default_rng(rng.randint(0, 2**31)).normal(0, 18, img.shape)
        return (img.astype(np.float32) + noise).clip(0, 255).astype(np.uint8)
    if kind == "seal":
        return _seal(img, rng)
    if kind == "grey":
        grey = cv2.cvtColor(img, cv2.COLOR_RGB2GRAY).astype(np.float32)
        low = 70 + 0.55 * grey  # washed-out greyscale scan: grey ink on grey paper
        return np.repeat(low.clip(0, 255).astype(np.uint8)[..., None], 3, axis=2)
    return img


def make_crops(seed: int = SEED, per_cell: int = PER_CELL) -> list[dict[str, Any]]:
    """Every font × condition × ``per_cell`` field values (cycling through the kinds)."""
    rng = random.Random(seed)
    crops = []
    for font in FONTS:
        for cond, (dpi, kinds) in CONDITIONS.items():
            values = field_texts(rng)
            rng.shuffle(values)
            for field, text in values[:per_cell]:
                img = render(text, FONTS[font], dpi, rng)
                for kind in kinds:
                    img = degrade(img, kind, rng)
                crops.append({"font": font, "cond": cond, "field": field, "text": text,
                              "img": np.ascontiguousarray(img)})
    return crops


def _distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _norm(text: str) -> str:
    return "".join(text.split()).replace("，", ",").replace(",", "，")


def _rapid14() -> Any:
    """rapidocr-onnxruntime 1.4 (PP-OCRv4), the former engine, when it is still installed."""
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError:
        print("rapidocr-onnxruntime 1.4 not installed: v4 left out of the comparison")
        return None
    return RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)


Recogniser = Callable[[list[np.ndarray]], list[list[Any]]]  # texts or _ocr.Readings


def recognisers() -> dict[str, Recogniser]:
    """Each engine's recogniser on ready-cut crops; one thread."""
    from scanning import _ocr

    old = _rapid14()
    _ocr.configure(1)
    new = _ocr.engine()

    def v4(crops: list[np.ndarray]) -> list[list[str]]:
        res, _ = old.text_rec(crops)
        return [[str(r[0])] for r in res]

    def v6(crops: list[np.ndarray]) -> list[list[str]]:
        return [[text] for text, _ in _ocr.recognise(crops)]

    def multi(crops: list[np.ndarray]) -> list[list[Any]]:
        return _ocr.readings([(c, (0, 0, c.shape[1], c.shape[0])) for c in crops])

    def view(fn: Callable[[np.ndarray], np.ndarray]) -> Recogniser:
        return lambda crops: [[t] for t, _ in _ocr.recognise([fn(c) for c in crops])]

    del new
    return {**({"v4": v4} if old else {}), "v6": v6, "readings": multi,
            "v6_up2": view(lambda c: _up(c, 2.0)),
            "v6_red_up2": view(lambda c: _ocr.red_channel(_up(c, 2.0)))}


def _up(img: np.ndarray, scale: float) -> np.ndarray:
    return cv2.resize(img, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)


def score_crops(crops: list[dict[str, Any]], name: str, rec: Recogniser) -> None:
    """Read every crop (in batches per condition, as a page would be) and store the results."""
    by_cond: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for c in crops:
        by_cond[(c["font"], c["cond"])].append(c)  # type: ignore[index]
    for group in by_cond.values():
        t = time.perf_counter()
        texts = rec([c["img"] for c in group])
        ms = (time.perf_counter() - t) * 1000 / len(group)
        for c, got in zip(group, texts, strict=True):
            truth = _norm(c["text"])
            reads = [_norm(getattr(g, "text", g)) for g in got]
            best = reads[0] if reads else ""
            c[name] = {"exact": best == truth, "any": truth in reads, "ms": ms, "read": best,
                       "cer": _distance(best, truth) / len(truth),
                       "alternatives": any(_covered(g, truth) for g in got)}


def _covered(reading: Any, truth: str) -> bool:
    """Whether ``truth`` is one choice among the per-character alternatives of a reading."""
    alts = getattr(reading, "alternatives", ())
    return len(alts) == len(truth) and all(
        any(_norm(ch) == want for ch, _ in pos) for pos, want in zip(alts, truth, strict=True))


def _summary(rows: list[dict[str, Any]], name: str) -> dict[str, float]:
    n = max(1, len(rows))
    return {
        "exact": round(sum(r[name]["exact"] for r in rows) / n, 4),
        "char_acc": round(1 - sum(r[name]["cer"] for r in rows) / n, 4),
        "ms_per_crop": round(sum(r[name]["ms"] for r in rows) / n, 1),
        **({"any_exact": round(sum(r[name]["any"] for r in rows) / n, 4),
            "in_alternatives": round(sum(r[name]["alternatives"] for r in rows) / n, 4)}
           if name == "readings" else {}),
    }


def table(crops: list[dict[str, Any]], names: list[str]) -> dict[str, Any]:
    """Figures per engine, overall and by font, condition and field kind."""
    out: dict[str, Any] = {}
    for name in names:
        per: dict[str, Any] = {"all": _summary(crops, name)}
        for axis in ("font", "cond", "field"):
            keys = sorted({c[axis] for c in crops})
            per[axis] = {k: _summary([c for c in crops if c[axis] == k], name) for k in keys}
        out[name] = per
    return out


def detection(booklets: int = PAGES_BOOKLETS, seed: int = SEED) -> dict[str, Any]:
    """Share of true info-page values found on a line, with each detector and one recogniser."""
    from scanning import _ocr, _pages
    from scanning._decode import load_images
    from scanning.sample import generate

    old = _rapid14()
    eng = _ocr.engine()
    fields = ("name", "id_number", "certificate_number", "qualification_type", "subject")
    found: dict[str, int] = defaultdict(int)
    secs: dict[str, float] = defaultdict(float)
    total = 0
    with tempfile.TemporaryDirectory() as tmp:
        for b in generate(Path(tmp), count=booklets, seed=seed):
            images = _pages.normalise(load_images(b.path.read_bytes(), b.path.name))
            dets = [("v4", _Det14(old.text_det))] if old else []
            for name, det in [*dets, ("v6", eng.text_det)]:
                texts, t = [], time.perf_counter()
                for img in images:
                    texts += [ln.text for ln in _read_with(det, _ocr.remove_red(img))]
                secs[name] += time.perf_counter() - t
                joined = "\n".join("".join(x.split()) for x in texts)
                found[name] += sum(1 for f in fields if str(b.truth[f]) in joined)
            total += len(fields)
    return {n: {"values_found": round(found[n] / max(1, total), 4),
                "s_per_booklet": round(secs[n] / booklets, 2)} for n in found}


class _Det14:
    """The 1.4 detector behind the 3.x interface (``limit_*`` attributes, ``.boxes``)."""

    def __init__(self, det: Any) -> None:
        self.det = det

    def __getattr__(self, name: str) -> Any:
        return getattr(self.det, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "det":
            object.__setattr__(self, name, value)
        else:
            setattr(self.det, name, value)

    def __call__(self, img: np.ndarray) -> Any:
        from types import SimpleNamespace

        boxes, _ = self.det(img)
        return SimpleNamespace(boxes=boxes)


def _read_with(det: Any, img: np.ndarray) -> list[Any]:
    from scanning import _ocr

    eng = _ocr.engine()
    saved = eng.text_det
    eng.text_det = det
    try:
        return _ocr.read(img)
    finally:
        eng.text_det = saved


def timing(crops: list[dict[str, Any]], recs: dict[str, Recogniser],
           rounds: int = 3, every: int = 6) -> dict[str, float]:
    """ms per crop of each recogniser on every ``every``-th crop (batches of 6), the best of
    ``rounds`` interleaved rounds: the machine is shared, so the per-cell times are noisy."""
    imgs = [c["img"] for c in crops[::every]]
    best: dict[str, float] = {}
    for _ in range(rounds):
        for name, rec in recs.items():
            t = time.perf_counter()
            for i in range(0, len(imgs), 6):
                rec(imgs[i : i + 6])
            ms = (time.perf_counter() - t) * 1000 / len(imgs)
            best[name] = round(min(best.get(name, ms), ms), 1)
    return best


def run() -> dict[str, Any]:
    """Both comparisons; prints the main table."""
    crops = make_crops()
    recs = recognisers()
    for name, rec in recs.items():
        rec([c["img"] for c in crops[:2]])  # warm-up
        score_crops(crops, name, rec)
    figures = table(crops, list(recs))
    figures["ms_per_crop_best_of_3"] = timing(
        crops, {n: r for n, r in recs.items() if n in ("v4", "v6", "readings")})
    figures["detection"] = detection()
    figures["crops"] = len(crops)
    figures["misreads_v6"] = [f"{c['text']} → {c['v6']['read']}" for c in crops
                              if not c["v6"]["exact"]][:30]
    _print(figures, list(recs))
    return figures


def _print(figures: dict[str, Any], names: list[str]) -> None:
    print(f"{'':22}" + "".join(f"{n + ' exact/char/ms':>26}" for n in names))
    for axis in ("cond", "font", "field"):
        for key in figures[names[0]][axis]:
            cells = [figures[n][axis][key] for n in names]
            print(f"{key:22}" + "".join(
                f"{c['exact']:>10.3f}{c['char_acc']:>9.3f}{c['ms_per_crop']:>7.1f}" for c in cells))
    print(f"{'ALL':22}" + "".join(
        f"{figures[n]['all']['exact']:>10.3f}{figures[n]['all']['char_acc']:>9.3f}"
        f"{figures[n]['all']['ms_per_crop']:>7.1f}" for n in names))
    every = figures["readings"]["all"]
    print("readings: some reading exact", every["any_exact"],
          "| truth among per-character alternatives", every["in_alternatives"])
    print("v6 misreads:", "; ".join(figures["misreads_v6"]))
    print("ms/crop (best of 3 interleaved rounds)", figures["ms_per_crop_best_of_3"])
    print("detection", figures["detection"])


if __name__ == "__main__":
    run()
