"""A second, independent booklet generator for the scanning bench (``--generator other``).

The scanner is scored on held-out booklets made by generators it has never seen; ``ecert
sample`` is the one it was tuned on. This one is written from the domain alone (labels of every
print run, GB 11643 ID numbers, GB/T 2260 authorities, 17-digit certificate numbers, 定期注册
periods) with its own page sizes, layouts, fonts, sticker and remarks designs and captures, so
the bench can show what an outside scorer sees. Output: one file per booklet plus
``truth.jsonl`` and ``manifest.jsonl`` in the shape bench/_scanscore.py scores.

    python -c "from bench._othergen import generate; generate(Path('x'), count=5, seed=1)"
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from PIL import Image

from bench import _othergen_capture as cap
from bench._othergen_back import BackStyle, registration_page, remarks_page, split_registrations
from bench._othergen_draw import Canvas
from bench._othergen_facts import Holder, make_holder
from bench._othergen_info import InfoStyle, cover, info_page, notice, paper, photo_page

EXTENSIONS = {"scanner_pdf": "pdf", "scanner_tiff": "tif", "greyscale_pdf": "pdf",
              "spread_pdf": "pdf", "rotated_png": "png", "phone_jpg": "jpg", "phone_pdf": "pdf"}
SINGLE_IMAGE = ("phone_jpg", "rotated_png")
STEMS = {"scanner_pdf": "scan", "scanner_tiff": "scan", "greyscale_pdf": "grey",
         "spread_pdf": "spread", "rotated_png": "scan", "phone_jpg": "IMG", "phone_pdf": "photos"}


def _pages(rng: random.Random, h: Holder, info: InfoStyle, back: BackStyle
           ) -> tuple[list[tuple[str, Image.Image]], dict[str, Any]]:
    """The booklet's pages in binding order, and what the manifest says about them."""
    pages: list[tuple[str, Image.Image]] = [("cover", cover(rng).img)]
    if rng.random() < 0.2:
        pages.append(("notice", notice(rng).img))
    has_photo = rng.random() >= 0.1
    background = None
    if has_photo:
        page, background = photo_page(rng, h)
        pages.append(("photo", page.img))
    pages.append(("info", info_page(rng, h, info).img))
    pages.append(("remarks", remarks_page(rng, h, back).img))
    for entries in split_registrations(h.registrations):
        pages.append(("registration", registration_page(rng, h, back, entries).img))
    if rng.random() < 0.3:
        pages.append(("back_cover", Canvas(145, 205, paper(rng)).img))
    meta = {"photo_page": has_photo, "photo_background": background}
    return pages, meta


def _order(rng: random.Random, items: list[Any]) -> tuple[list[Any], str]:
    """Binding order most of the time; any order otherwise (pages fed loose)."""
    if rng.random() < 0.7:
        return items, "booklet"
    shuffled = items[:]
    rng.shuffle(shuffled)
    return shuffled, "shuffled"


def _scanned(rng: random.Random, kind: str, pages: list[tuple[str, Image.Image]], path: Path
             ) -> dict[str, Any]:
    """Write a flatbed capture; the manifest part."""
    scan = cap.Scan(rng, kind)
    if kind == "spread_pdf":
        units = [(role, img, None, "centre") for role, img in cap.spreads(pages)]
    else:
        # The facing side of a leaf shows through; the cover boards do not.
        units = [(role, img, pages[i - 1][1] if i > 1 else None, "left" if i % 2 else "right")
                 for i, (role, img) in enumerate(pages)]
    units, order = _order(rng, units)
    images, file_pages = [], []
    for role, img, behind, spine in units:
        out = scan.page(img, behind, spine)
        turn = rng.choice((90, 180, 270)) if kind != "rotated_png" and rng.random() < 0.08 else 0
        images.append(out.rotate(turn, expand=True) if turn else out)
        file_pages.append({"role": role, "rotation": turn})
    meta: dict[str, Any] = {"order": order, **scan.manifest()}
    if kind == "rotated_png":
        meta["rotation"] = rng.choice((90, 180, 270))
        cap.write_png(path, images, scan.quality, meta["rotation"])
    elif kind == "scanner_tiff":
        cap.write_tiff(path, images, scan.quality, scan.dpi)
    else:
        cap.write_pdf(path, images, scan.quality, scan.dpi)
    meta["file_pages"] = file_pages
    return meta


def _photographed(rng: random.Random, kind: str, pages: list[tuple[str, Image.Image]],
                  path: Path) -> dict[str, Any]:
    """Write a phone capture (spreads or single pages); the manifest part."""
    units = cap.spreads(pages) if rng.random() < 0.65 else pages
    units, order = _order(rng, units)
    quality = rng.randrange(35, 96)
    shots = [cap.phone(img, rng) for _, img in units]
    orientation = 1
    if kind == "phone_jpg":
        orientation = rng.choice((1, 1, 3, 6, 8))
        cap.write_jpg(path, shots, quality, orientation)
    else:
        cap.write_pdf(path, shots, quality, 200)
    return {"order": order, "jpeg_quality": quality, "greyscale": False,
            "exif_orientation": orientation,
            "file_pages": [{"role": role, "rotation": 0} for role, _ in units]}


def booklet(rng: random.Random, folder: Path, number: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """Make one booklet file in ``folder``; (truth line, manifest line)."""
    h = make_holder(rng)
    info, back = InfoStyle(rng), BackStyle(rng)
    kind = rng.choices(cap.KINDS, weights=cap.KIND_WEIGHTS)[0]
    source = f"{number:04d}_{STEMS[kind]}.{EXTENSIONS[kind]}"
    # One image holds the open photo + information spread of a booklet without remarks or
    # stickers; now and then instead a collage of every page stacked into one long image.
    collage = kind in SINGLE_IMAGE and rng.random() < 0.2
    if kind in SINGLE_IMAGE and not collage:
        h.remarks, h.registrations = [], []
    pages, meta = _pages(rng, h, info, back)
    if kind in SINGLE_IMAGE and not collage:
        pages = [cap.join([p for p in pages if p[0] in ("photo", "info")])]
    meta["collage"] = collage
    path = folder / source
    if kind.startswith("phone"):
        capture = _photographed(rng, kind, pages, path)
    else:
        capture = _scanned(rng, kind, pages, path)
    manifest = {"source": source, "kind": kind, "generator": "othergen",
                "pages": len(capture["file_pages"]), **meta, **info.manifest(),
                **back.manifest(), **capture}
    return h.truth(source), manifest


def generate(folder: Path, *, count: int = 40, seed: int = 0) -> list[dict[str, Any]]:
    """Write ``count`` booklets with truth.jsonl and manifest.jsonl into ``folder``; the truth."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"othergen:{seed}")
    truths, manifests = [], []
    for n in range(1, count + 1):
        truth, manifest = booklet(random.Random(rng.randrange(1 << 62)), folder, n)
        truths.append(truth)
        manifests.append(manifest)
    for name, rows in (("truth.jsonl", truths), ("manifest.jsonl", manifests)):
        with (folder / name).open("w", encoding="utf-8") as f:
            f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    return truths
