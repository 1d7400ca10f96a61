"""A fifth booklet generator for the scanning bench (issue 12), written apart from the scanner and
from the four other generators, so that the bench measures booklets nobody tuned on.

``generate(folder, count=40, seed=0)`` writes ``count`` booklet files — multi-page PDF (colour or
greyscale), LZW and bitonal (threshold or dithered) TIFF, open spreads, single PNG / JPEG scans,
phone photos alone or as a multi-photo PDF — with ``truth.jsonl`` (what each file shows, in the
scorer's format) and ``manifest.jsonl`` (kind, photo_page, layout, remarks and sticker design,
print and capture settings). The same seed gives the same files.
"""

from __future__ import annotations

import io
import json
import random
from pathlib import Path
from typing import Any

import pymupdf
from PIL import Image

from bench._fifthgen_back import REMARKS, STICKERS, registration_page, remarks_page
from bench._fifthgen_capture import Scan, photo, scan
from bench._fifthgen_facts import Facts, make_facts
from bench._fifthgen_pages import Run, cover, info_page, photo_page

KINDS = ("scanner_pdf", "scanner_tiff", "bitonal_tiff", "greyscale_pdf", "spread_pdf",
         "scanner_png", "scanner_jpg", "phone_jpg", "phone_pdf")
_WEIGHTS = (15, 8, 7, 8, 12, 6, 6, 18, 14)
_NAMES = {"scanner_pdf": "scan.pdf", "scanner_tiff": "scan.tiff", "bitonal_tiff": "g4.tif",
          "greyscale_pdf": "grey.pdf", "spread_pdf": "open.pdf", "scanner_png": "one.png",
          "scanner_jpg": "open.jpg", "phone_jpg": "cam.jpg", "phone_pdf": "cam.pdf"}
#: Open-booklet pairs as the booklet binds them (left page, right page).
_SPREADS = (("photo", "info"), ("remarks", "registration"))


def _join(left: Image.Image, right: Image.Image, rng: random.Random) -> Image.Image:
    """An open booklet: two pages with a dark gutter between them."""
    gutter = rng.randint(4, 14)
    out = Image.new("RGB", (left.width + right.width + gutter, max(left.height, right.height)),
                    (90, 80, 70))
    out.paste(left, (0, 0))
    out.paste(right, (left.width + gutter, 0))
    return out


def _pages(run: Run, f: Facts, rng: random.Random, meta: dict[str, Any]) -> dict[str, Image.Image]:
    pages: dict[str, Image.Image] = {}
    if rng.random() < 0.6:
        pages["cover"] = cover(run, rng).img
    ph, meta["photo_background"] = photo_page(run, f, rng)
    pages["photo"] = ph.img
    info, meta["photo_in_info"] = info_page(run, f, rng)
    pages["info"] = info.img
    pages["remarks"] = remarks_page(run, f, rng, meta["remarks_design"]).img
    reg, meta["stickers"] = registration_page(run, f, rng, meta["sticker_design"])
    pages["registration"] = reg.img
    return pages


def _units(pages: dict[str, Image.Image], kind: str, rng: random.Random
           ) -> list[tuple[str, Image.Image]]:
    """The file's pages in file order as (roles, image); a role 'a+b' is an open spread."""
    if kind == "scanner_png":
        role = rng.choice(("info", "info", "photo+info"))
    elif kind in ("scanner_jpg", "phone_jpg"):
        role = rng.choice(("photo+info", "photo+info", "photo+info", "info"))
    else:
        role = ""
    if role:
        parts = role.split("+")
        img = pages[parts[0]] if len(parts) == 1 else _join(pages[parts[0]], pages[parts[1]], rng)
        return [(role, img)]
    names = [n for n in ("cover", "photo", "info", "remarks", "registration") if n in pages]
    if rng.random() < 0.08:
        names.remove("photo")  # the clerk forgot the photo page
    units: list[tuple[str, Image.Image]]
    if kind == "spread_pdf" or (kind == "phone_pdf" and rng.random() < 0.5):
        units = []
        rest = list(names)
        for a, b in _SPREADS:
            if a in rest and b in rest:
                units.append((f"{a}+{b}", _join(pages[a], pages[b], rng)))
                rest.remove(a)
                rest.remove(b)
        units += [(n, pages[n]) for n in rest]
    else:
        units = [(n, pages[n]) for n in names]
    if rng.random() < 0.35:
        rng.shuffle(units)
    return units


def _write(path: Path, images: list[Image.Image], kind: str, dpi: int, quality: int) -> None:
    if path.suffix == ".pdf":
        doc = pymupdf.open()
        for img in images:
            page = doc.new_page(width=img.width * 72 / dpi, height=img.height * 72 / dpi)
            buf = io.BytesIO()
            img.save(buf, "JPEG", quality=quality)
            page.insert_image(page.rect, stream=buf.getvalue())
        doc.save(path, garbage=3, deflate=True, no_new_id=True)
    elif path.suffix in (".tif", ".tiff"):
        compression = "group4" if kind == "bitonal_tiff" else "tiff_lzw"
        images[0].save(path, save_all=True, append_images=images[1:], compression=compression,
                       dpi=(dpi, dpi))
    elif path.suffix == ".png":
        images[0].save(path, dpi=(dpi, dpi))
    else:
        images[0].save(path, "JPEG", quality=quality, dpi=(dpi, dpi))


def _booklet(folder: Path, index: int, rng: random.Random) -> tuple[dict[str, Any], dict[str, Any]]:
    f = make_facts(rng)
    kind = rng.choices(KINDS, _WEIGHTS)[0]
    source = f"{index:04d}_{_NAMES[kind]}"
    run = Run.draw(rng)
    meta: dict[str, Any] = {"source": source, "kind": kind, "generator": "fifthgen",
                            "remarks_design": rng.choice(REMARKS),
                            "sticker_design": rng.choice(STICKERS)}
    meta["remarks_by_hand"] = meta["remarks_design"] == "hand_cn"
    units = _units(_pages(run, f, rng, meta), kind, rng)
    phone = kind.startswith("phone")
    cap = Scan.draw(rng, kind)
    images, roles = [], []
    quality = cap.quality
    for role, img in units:
        if phone:
            shot, settings = photo(img, rng)
            images.append(shot)
            quality = settings["jpeg_quality"]
            roles.append({"role": role, **settings})
        else:
            turn = rng.choice((90, 180, 270)) if rng.random() < 0.1 else 0
            images.append(scan(img, cap, rng, turn))
            roles.append({"role": role, "turn": turn})
    _write(folder / source, images, kind, 200 if phone else cap.dpi, quality)
    shown = {r for u in roles for r in u["role"].split("+")}
    truth = f.truth(source)
    if "remarks" not in shown:
        truth["annotations"] = []
    if "registration" not in shown:
        truth["registrations"] = []
    meta.update(pages=len(images),
                photo_page="photo" in shown or ("info" in shown and meta["photo_in_info"]),
                **run.manifest(), **({} if phone else cap.manifest()), file_pages=roles)
    return truth, meta


def generate(folder: Path, *, count: int = 40, seed: int = 0) -> list[dict[str, Any]]:
    """Write ``count`` booklets, truth.jsonl and manifest.jsonl into ``folder``; the truths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    truths, metas = [], []
    for i in range(count):
        truth, meta = _booklet(folder, i + 1, random.Random(f"fifthgen/{seed}/{i}"))
        truths.append(truth)
        metas.append(meta)
    for name, rows in (("truth.jsonl", truths), ("manifest.jsonl", metas)):
        with (folder / name).open("w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    return truths
