"""One booklet file → ScanResult: pages, roles, photo, fields, validation, confidence."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scanning import _fields, _ocr, _pages, _photo
from scanning import _validate as val
from scanning._decode import load_images
from scanning._fields import RawField
from scanning._ingest import Job
from scanning._limits import DEFAULT_LIMITS, IngestLimits
from scanning._model import INFO_FIELDS, REVIEW_BELOW, ScanResult
from scanning._ocr import Image, Line
from scanning._pages import Role
from scanning._sections import read_annotations, read_registrations


@dataclass
class Page:
    """A normalised page with its OCR lines and role."""

    image: Image
    clean: Image
    lines: list[Line]
    role: Role
    photo: _photo.Photo | None = None

    @property
    def second_view(self) -> Image:
        """The page for second readings: seal left pale, not erased, so that an erasing
        mistake and a seal stroke cannot produce the same misreading twice."""
        return _ocr.red_channel(self.image)


def _normalise(images: list[Image]) -> list[Image]:
    pages: list[Image] = []
    for img in images:
        quad = _pages.booklet_quad(img)
        if quad is not None:
            img = _pages.unwarp(img, quad)
        if not _pages.is_cover(img):
            img, _ = _pages.upright(img)
        pages.extend(_pages.to_height(part) for part in _pages.split(img))
    return pages


def _analyse(img: Image) -> Page:
    if _pages.is_cover(img):
        return Page(img, img, [], Role.COVER)
    if _pages.is_blank(img):
        return Page(img, img, [], Role.OTHER)
    photo = _photo.extract(img)
    if photo is not None:
        # A photo frame identifies the page; its only text is the signature line.
        return Page(img, img, [], Role.PHOTO, photo)
    clean = _ocr.remove_red(img)
    lines = _ocr.read(clean)
    return Page(img, clean, lines, _pages.classify(lines, has_photo=False))


def _best_info(pages: list[Page]) -> tuple[int, dict[str, RawField]] | None:
    best: tuple[int, dict[str, RawField]] | None = None
    for i, p in enumerate(pages):
        if p.role is Role.INFORMATION:
            raw = _fields.extract(p.lines, _fields.INFO_LABELS, i)
            if "gender" not in raw and (lone := _fields.gender_without_label(p.lines, i)):
                raw["gender"] = lone
            if best is None or len(raw) > len(best[1]):
                best = (i, raw)
    return best


def _second_readings(pages: list[Page], raw: dict[str, RawField]) -> dict[str, str]:
    keys = [k for k in raw if k in INFO_FIELDS]
    views = {raw[k].page: pages[raw[k].page].second_view for k in keys}
    texts = _ocr.reread([(views[raw[k].page], raw[k].box) for k in keys])
    out = {}
    for key, text in zip(keys, texts, strict=True):
        hit = _fields.match_label(text, _fields.INFO_LABELS)
        out[key] = _fields.clean(hit[1] if hit else text)
    return out


def _date(raw: RawField | None, second: str | None, key: str) -> val.Value:
    """A date; when the first reading cannot be parsed a parsable second one is shown, flagged."""
    first = val.parse_date(raw.text if raw else None, raw.score if raw else 0.0, key)
    if first.value is None and second:
        retry = val.parse_date(second, 0.5, key)
        if retry.value is not None:
            return val.Value(retry.value, 0.5, [*first.findings, f"second_read [{key}]"])
    return first


def _info_values(pages: list[Page], raw: dict[str, RawField]) -> dict[str, val.Value]:
    def get(key: str) -> tuple[str | None, float]:
        r = raw.get(key)
        return (r.text, r.score) if r else (None, 0.0)

    second = _second_readings(pages, raw)
    v: dict[str, val.Value] = {
        "name": val.parse_name(*get("name")),
        "gender": val.parse_gender_value(*get("gender")),
        "birth_date": _date(raw.get("birth_date"), second.get("birth_date"), "birth_date"),
        "qualification_type": val.parse_type(*get("qualification_type")),
        "subject": val.parse_subject(*get("subject")),
        "issuing_authority": val.parse_authority(*get("issuing_authority")),
        "issue_date": _date(raw.get("issue_date"), second.get("issue_date"), "issue_date"),
    }
    v["id_number"] = val.check_id(
        *get("id_number"), v["birth_date"].value, v["gender"].value, alt=second.get("id_number")
    )
    v["certificate_number"] = val.check_cert(
        *get("certificate_number"),
        v["qualification_type"].value,
        v["issue_date"].value,
        v["gender"].value,
        v["issuing_authority"].value,
        alt=second.get("certificate_number"),
    )
    skip = _verified(v, second)
    for key, again in second.items():
        first = _fields.clean(raw[key].text)
        if key not in skip and not val.same_reading(first, again):
            v[key].fail(f"ocr_disagreement [{key}] 两次识别结果不一致：“{first}” / “{again}”", 0.5)
    return v


def _verified(v: dict[str, val.Value], second: dict[str, str]) -> set[str]:
    """Fields proven by the ID number's cross-checks, whose unstable second reading is noise.

    A valid ID (check character) agreeing with the printed birth date and gender proves all
    three; a second reading then matters only if it is itself a different valid ID.
    """
    ident, birth, gender = v["id_number"], v["birth_date"], v["gender"]
    if not (ident.value and birth.value and gender.value) or ident.findings:
        return set()
    other = second.get("id_number")
    if other and val.check_id(other, 1.0, birth.value, gender.value).findings == []:
        return {"birth_date", "gender"}  # two different valid IDs: keep the disagreement
    return {"id_number", "birth_date", "gender"}


def _confidence_and_flags(values: dict[str, val.Value]) -> tuple[dict[str, float], bool]:
    conf = {k: round(v.confidence, 3) for k, v in values.items()}
    review = any(c < REVIEW_BELOW for c in conf.values())
    review |= any(
        not f.startswith(("corrected", "note")) for v in values.values() for f in v.findings
    )
    return conf, review


def scan_images(images: list[Image], source: str) -> ScanResult:
    """Read a booklet from its page images."""
    pages = [_analyse(img) for img in _normalise(images)]
    info = _best_info(pages)
    values = (
        _info_values(pages, info[1])
        if info
        else {k: val.Value(None, 0.0, [f"missing [{k}] 未找到信息页"]) for k in INFO_FIELDS}
    )
    regs, values["registrations"] = read_registrations(pages)
    notes, values["annotations"] = read_annotations(pages, values["issue_date"].value)
    photo = next((p.photo for p in pages if p.photo is not None), None)
    values["photo"] = _photo_value(photo)
    conf, review = _confidence_and_flags(values)
    record: dict[str, Any] = {"source": source}
    record.update({k: values[k].value for k in INFO_FIELDS})
    record.update(
        annotations=notes,
        registrations=regs,
        photo=None,
        needs_review=review,
        confidence=conf,
        findings=[f for v in values.values() for f in v.findings],
    )
    record["evidence"] = _evidence(info[1] if info else {})
    images, roles = [p.image for p in pages], [str(p.role) for p in pages]
    return ScanResult(source, record, len(pages), images, roles, photo)


def _photo_value(photo: _photo.Photo | None) -> val.Value:
    if photo is None:
        return val.Value(None, 0.0, ["photo_missing [photo] 未找到持证人照片"])
    return val.Value(None, 1.0, list(photo.findings))


def _evidence(raw: dict[str, RawField]) -> dict[str, Any]:
    return {k: {"page": r.page, "box": list(r.box)} for k, r in raw.items() if k in INFO_FIELDS}


def scan_file(
    path: Path | str, *, data: bytes | None = None, source: str | None = None,
    limits: IngestLimits = DEFAULT_LIMITS,
) -> ScanResult:
    """Scan one booklet file (PDF, TIFF or image) into a record, within ``limits``."""
    path = Path(path)
    name = source or path.name
    if data is None:
        data = Job(name, str(path), limits=limits).read()
    return scan_images(load_images(data, name, limits), name)
