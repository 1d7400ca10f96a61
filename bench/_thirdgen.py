"""A third booklet generator for the scanning bench, written apart from the scanner and the other
two generators so that the bench measures booklets nobody tuned on (issue 12).

``generate(folder, count=40, seed=0)`` writes ``count`` booklet files (multi-page PDF/TIFF,
spreads, rotated PNG, single JPEG scans, phone photos), ``truth.jsonl`` (what each booklet
states, in the scorer's format) and ``manifest.jsonl`` (kind, photo_page, layout, remarks and
sticker design and every capture setting) into ``folder``. The same seed gives the same files.
A file holding only one spread states only that spread's remarks and registrations.
"""

from __future__ import annotations

import io
import json
import random
from pathlib import Path
from typing import Any

import pymupdf
from PIL import Image

from bench._thirdgen_back import (
    PERIOD_FORMS,
    REMARK_DESIGNS,
    STICKER_DESIGNS,
    registration_page,
    remarks_page,
)
from bench._thirdgen_capture import Capture, photo, scan
from bench._thirdgen_facts import Holder, make_holder
from bench._thirdgen_info import info_page
from bench._thirdgen_pages import Style, cover, notice, photo_page

KINDS = ("scanner_pdf", "scanner_tiff", "greyscale_pdf", "spread_pdf", "rotated_png",
         "scanner_jpg", "phone_jpg", "phone_pdf")
_WEIGHTS = (18, 12, 8, 14, 8, 6, 18, 16)
_SUFFIX = {"scanner_pdf": "scan.pdf", "scanner_tiff": "scan.tif", "greyscale_pdf": "grey.pdf",
           "spread_pdf": "open.pdf", "rotated_png": "scan.png", "scanner_jpg": "scan.jpg",
           "phone_jpg": "IMG.jpg", "phone_pdf": "photos.pdf"}
_SINGLE = ("rotated_png", "scanner_jpg", "phone_jpg")


def _pages(style: Style, h: Holder, rng: random.Random, scale: float,
           design: dict[str, Any]) -> dict[str, Image.Image]:
    """Every page of the booklet, rendered, by role."""
    pages = {"cover": cover(style, scale, rng), "photo": photo_page(style, h, scale, rng),
             "info": info_page(style, h, scale, rng)}
    if rng.random() < 0.4:
        pages["notice"] = notice(style, scale, rng)
    pages["remarks"] = remarks_page(style, h, scale, rng, design["remarks_design"],
                                    design["remarks_by_hand"])
    pages["registration"] = registration_page(style, h, scale, rng, design["sticker_design"],
                                              design["period_style"], h.registrations)
    if rng.random() < 0.3:
        pages["back_cover"] = cover(style, scale, rng, back=True)
    return {k: v if isinstance(v, Image.Image) else v.img for k, v in pages.items()}


def _spread(left: Image.Image, right: Image.Image) -> Image.Image:
    out = Image.new("RGB", (left.width + right.width, max(left.height, right.height)), "white")
    out.paste(left, (0, 0))
    out.paste(right, (left.width, 0))
    return out


def _units(pages: dict[str, Image.Image], kind: str, rng: random.Random
           ) -> list[tuple[str, Image.Image]]:
    """What is captured, in file order: single pages or open spreads (role, image)."""
    inside = [r for r in ("notice", "photo", "info", "remarks", "registration") if r in pages]
    if kind in _SINGLE:
        pair = ("photo", "info") if rng.random() < 0.75 else ("info", "remarks")
        return [("+".join(pair), _spread(pages[pair[0]], pages[pair[1]]))]
    if kind == "spread_pdf" or (kind == "phone_pdf" and rng.random() < 0.5):
        groups = [["notice"]] if "notice" in pages else []
        groups += [["photo", "info"], ["remarks", "registration"]]
        units = [("cover", pages["cover"])] + [
            ("+".join(g), _spread(*(pages[r] for r in g))) if len(g) == 2 else (g[0], pages[g[0]])
            for g in groups]
    else:
        units = [(r, pages[r]) for r in ["cover", *inside]]
    if "back_cover" in pages:
        units.append(("back_cover", pages["back_cover"]))
    if rng.random() < 0.06:  # the clerk left the photo page out
        units = [("info", pages["info"]) if u[0] == "photo+info" else u for u in units
                 if u[0] != "photo"]
    if rng.random() < 0.3:
        rng.shuffle(units)
    return units


def _capture(units: list[tuple[str, Image.Image]], kind: str, cap: Capture, rng: random.Random,
             scale: float) -> tuple[list[Image.Image], list[dict[str, Any]]]:
    images, roles = [], []
    turned = kind == "rotated_png" or rng.random() < 0.25
    for i, (role, img) in enumerate(units):
        rotation = rng.choice((90, 180, 270)) if turned and (kind == "rotated_png"
                                                             or rng.random() < 0.4) else 0
        if kind.startswith("phone"):
            shot, settings = photo(img, rng, scale)
            images.append(shot)
            roles.append({"role": role, "rotation": 0, **settings})
            continue
        # Only a printed page shows through (a cover's cloth does not).
        others = [u[1] for u in units if u[0] != role and "cover" not in u[0]]
        back = others[i % len(others)] if others and "cover" not in role else None
        images.append(scan(img, cap, rng, back, scale, rotation, spread="+" in role))
        roles.append({"role": role, "rotation": rotation})
    return images, roles


def _write(path: Path, images: list[Image.Image], kind: str, cap: Capture) -> None:
    if path.suffix == ".pdf":
        doc = pymupdf.open()
        for img in images:
            dpi = cap.dpi if not kind.startswith("phone") else 200
            page = doc.new_page(width=img.width * 72 / dpi, height=img.height * 72 / dpi)
            buf = io.BytesIO()
            img.save(buf, "JPEG", quality=cap.quality if not kind.startswith("phone") else 90)
            page.insert_image(page.rect, stream=buf.getvalue())
        doc.save(path, garbage=3, deflate=True)
    elif path.suffix == ".tif":
        images[0].save(path, save_all=True, append_images=images[1:],
                       compression="tiff_deflate", dpi=(cap.dpi, cap.dpi))
    elif path.suffix == ".png":
        images[0].save(path, dpi=(cap.dpi, cap.dpi))
    else:
        images[0].save(path, "JPEG", quality=cap.quality, dpi=(cap.dpi, cap.dpi))


def _booklet(folder: Path, index: int, rng: random.Random) -> tuple[dict, dict]:
    holder = make_holder(rng)
    kind = rng.choices(KINDS, _WEIGHTS)[0]
    source = f"{index:04d}_{_SUFFIX[kind]}"
    style = Style.draw(rng, holder)
    design = {"remarks_design": rng.choice(REMARK_DESIGNS),
              "remarks_by_hand": rng.random() < 0.5,
              "sticker_design": rng.choice(STICKER_DESIGNS),
              "period_style": rng.choice(PERIOD_FORMS)}
    cap = Capture.draw(rng, kind)
    scale = (12.0 if kind.startswith("phone") else max(cap.dpi, 200) / 25.4)
    units = _units(_pages(style, holder, rng, scale, design), kind, rng)
    images, roles = _capture(units, kind, cap, rng, scale)
    _write(folder / source, images, kind, cap)
    shown = " ".join(r["role"] for r in roles)
    truth = holder.truth(source)
    if "remarks" not in shown:
        truth["annotations"] = []
    if "registration" not in shown:
        truth["registrations"] = []
    meta = {"source": source, "kind": kind, "generator": "thirdgen", "pages": len(images),
            "photo_page": "photo" in shown, **design, **style.manifest(),
            **({} if kind.startswith("phone") else cap.manifest()), "file_pages": roles}
    return truth, meta


def generate(folder: Path, *, count: int = 40, seed: int = 0) -> list[dict[str, Any]]:
    """Write ``count`` booklets with truth.jsonl and manifest.jsonl; the truths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    truths, metas = [], []
    for i in range(count):
        truth, meta = _booklet(folder, i + 1, random.Random(f"{seed}:{i}"))
        truths.append(truth)
        metas.append(meta)
    for name, rows in (("truth.jsonl", truths), ("manifest.jsonl", metas)):
        with (folder / name).open("w", encoding="utf-8") as f:
            f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    return truths
