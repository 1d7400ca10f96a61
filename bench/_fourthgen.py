"""A fourth booklet generator for the scanning bench, written apart from the scanner and the other
three generators so the bench measures booklets nobody tuned on (issue 12).

``generate(folder, count=40, seed=0)`` writes ``count`` booklet files — multi-page PDF, colour
and bitonal (CCITT G4) TIFF, PNG and JPEG scans, spreads, phone photos alone or as a multi-photo
PDF — with ``truth.jsonl`` (what each file shows, in the scorer's format) and ``manifest.jsonl``
(kind, photo_page, layout, remarks and sticker design, every print and capture setting). The
same seed gives the same files. A file holding one page or spread states only what it shows.
"""

from __future__ import annotations

import io
import json
import random
from pathlib import Path
from typing import Any

import pymupdf
from PIL import Image

from bench._fourthgen_back import (
    REMARK_DESIGNS,
    STICKER_DESIGNS,
    registration_page,
    remarks_page,
)
from bench._fourthgen_capture import Capture, photo, scan
from bench._fourthgen_facts import Holder, make_holder
from bench._fourthgen_pages import Style, cover, info_page, notes_page, photo_page

KINDS = ("scanner_pdf", "scanner_tiff", "bitonal_tiff", "greyscale_pdf", "spread_pdf",
         "scanner_png", "scanner_jpg", "phone_jpg", "phone_pdf")
_WEIGHTS = (16, 8, 5, 8, 12, 7, 6, 16, 16)
_SUFFIX = {"scanner_pdf": "booklet.pdf", "scanner_tiff": "pages.tiff", "bitonal_tiff": "bw.tif",
           "greyscale_pdf": "gray.pdf", "spread_pdf": "spreads.pdf", "scanner_png": "page.png",
           "scanner_jpg": "spread.jpg", "phone_jpg": "phone.jpg", "phone_pdf": "phone.pdf"}
#: Kinds holding one image: one page (PNG) or one open spread (JPEG, phone photo).
_SINGLE = ("scanner_png", "scanner_jpg", "phone_jpg")


def _spread(left: Image.Image, right: Image.Image) -> Image.Image:
    out = Image.new("RGB", (left.width + right.width, max(left.height, right.height)),
                    (235, 235, 232))
    out.paste(left, (0, 0))
    out.paste(right, (left.width, 0))
    return out


def _pages(style: Style, h: Holder, rng: random.Random, design: dict[str, Any]
           ) -> dict[str, Image.Image]:
    pages = {"cover": cover(style, rng)}
    if rng.random() < 0.35:
        pages["notes"] = notes_page(style, rng)
    pages["photo"], design["photo_kind"] = photo_page(style, h, rng)
    pages["info"] = info_page(style, h, rng)
    pages["remarks"] = remarks_page(style, h, rng, design["remarks_design"], h.remarks)
    pages["registration"] = registration_page(style, h, rng, design["sticker_design"],
                                              h.registrations)
    return pages


def _units(pages: dict[str, Image.Image], kind: str, rng: random.Random
           ) -> list[tuple[str, Image.Image]]:
    """What the file holds, in file order: (roles, image) for pages or open spreads."""
    if kind == "scanner_png" and rng.random() < 0.5:
        return [("info", pages["info"])]
    if kind in _SINGLE:
        pair = ("photo", "info") if rng.random() < 0.8 else ("info", "remarks")
        return [("+".join(pair), _spread(pages[pair[0]], pages[pair[1]]))]
    order = ["cover", "notes", "photo", "info", "remarks", "registration"]
    roles = [r for r in order if r in pages and (r != "cover" or rng.random() < 0.7)]
    if rng.random() < 0.08:  # the clerk left the photo page out
        roles.remove("photo")
    if kind == "spread_pdf" or (kind == "phone_pdf" and rng.random() < 0.4):
        units: list[tuple[str, Image.Image]] = []
        i = 0
        while i < len(roles):
            two = roles[i:i + 2]
            if len(two) == 2 and "cover" not in two:
                units.append(("+".join(two), _spread(pages[two[0]], pages[two[1]])))
                i += 2
            else:
                units.append((two[0], pages[two[0]]))
                i += 1
    else:
        units = [(r, pages[r]) for r in roles]
    if rng.random() < 0.3:
        rng.shuffle(units)
    return units


def _capture(units: list[tuple[str, Image.Image]], kind: str, cap: Capture,
             rng: random.Random) -> tuple[list[Image.Image], list[dict[str, Any]]]:
    images, roles = [], []
    for i, (role, img) in enumerate(units):
        if kind.startswith("phone"):
            f = 2600 / max(img.size)
            small = img.resize((round(img.width * f), round(img.height * f)),
                               Image.Resampling.LANCZOS)
            shot, settings = photo(small, rng)
            images.append(shot)
            roles.append({"role": role, **settings})
            continue
        rotation = rng.choice((90, 180, 270)) if rng.random() < 0.1 else 0
        others = [u[1] for u in units if u[0] != role and "cover" not in u[0]]
        back = others[i % len(others)] if others and role != "cover" else None
        images.append(scan(img, cap, rng, back, rotation, spread="+" in role))
        roles.append({"role": role, "rotation": rotation})
    return images, roles


def _write(path: Path, images: list[Image.Image], kind: str, cap: Capture,
           qualities: list[int]) -> None:
    if path.suffix == ".pdf":
        doc = pymupdf.open()
        for img, q in zip(images, qualities, strict=True):
            dpi = 220 if kind.startswith("phone") else cap.dpi
            page = doc.new_page(width=img.width * 72 / dpi, height=img.height * 72 / dpi)
            buf = io.BytesIO()
            img.save(buf, "JPEG", quality=q)
            page.insert_image(page.rect, stream=buf.getvalue())
        doc.save(path, garbage=3, deflate=True, no_new_id=True)  # same seed, same bytes
    elif kind == "bitonal_tiff":
        images[0].save(path, save_all=True, append_images=images[1:], compression="group4",
                       dpi=(cap.dpi, cap.dpi))
    elif path.suffix == ".tiff":
        images[0].save(path, save_all=True, append_images=images[1:], compression="tiff_lzw",
                       dpi=(cap.dpi, cap.dpi))
    elif path.suffix == ".png":
        images[0].save(path, dpi=(cap.dpi, cap.dpi))
    else:
        images[0].save(path, "JPEG", quality=qualities[0], dpi=(cap.dpi, cap.dpi))


def _booklet(folder: Path, index: int, rng: random.Random
             ) -> tuple[dict[str, Any], dict[str, Any]]:
    holder = make_holder(rng)
    kind = rng.choices(KINDS, _WEIGHTS)[0]
    source = f"{index:04d}_{_SUFFIX[kind]}"
    style = Style.draw(rng, holder)
    design: dict[str, Any] = {"remarks_design": rng.choice(REMARK_DESIGNS),
                              "sticker_design": rng.choice(STICKER_DESIGNS)}
    design["remarks_by_hand"] = design["remarks_design"].startswith("hand")
    cap = Capture.draw(rng, kind)
    units = _units(_pages(style, holder, rng, design), kind, rng)
    images, roles = _capture(units, kind, cap, rng)
    qualities = [r.get("jpeg_quality", cap.quality) for r in roles]
    _write(folder / source, images, kind, cap, qualities)
    shown = " ".join(r["role"] for r in roles)
    truth = holder.truth(source)
    if "remarks" not in shown:
        truth["annotations"] = []
    if "registration" not in shown:
        truth["registrations"] = []
    meta = {"source": source, "kind": kind, "generator": "fourthgen", "pages": len(images),
            "photo_page": "photo" in shown, **design, **style.manifest(),
            **({} if kind.startswith("phone") else cap.manifest()), "file_pages": roles}
    return truth, meta


def generate(folder: Path, *, count: int = 40, seed: int = 0) -> list[dict[str, Any]]:
    """Write ``count`` booklets with truth.jsonl and manifest.jsonl; the truths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    truths, metas = [], []
    for i in range(count):
        truth, meta = _booklet(folder, i + 1, random.Random(f"fourth:{seed}:{i}"))
        truths.append(truth)
        metas.append(meta)
    for name, rows in (("truth.jsonl", truths), ("manifest.jsonl", metas)):
        with (folder / name).open("w", encoding="utf-8") as f:
            f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    return truths
