"""One booklet file → ScanResult: pages, roles, photo, fields, validation, confidence."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from core.rules import Finding
from core.scanned import (
    FieldEvidence,
    ScannedAnnotation,
    ScannedRecord,
    ScannedRegistration,
)
from scanning import _birth_month as birth_month
from scanning import _date_repair as date_repair
from scanning import _date_third as date_third
from scanning import _name_evidence as name_evidence
from scanning import (
    _ocr,
    _page_marks,
    _pages,
    _photo,
    _photo_sign,
    _red_ink,
    _remark_names,
    _shape_fields,
    _third_view,
)
from scanning import _validate as val
from scanning import _vocab_registry as reg
from scanning._deblur import flag_restored
from scanning._decide import decode
from scanning._decide_numbers import province_after_seal
from scanning._decode import load_images
from scanning._fields import RawField
from scanning._info import best_info, field_readings
from scanning._info_seal import flag_dates
from scanning._ingest import Job
from scanning._limits import DEFAULT_LIMITS, IngestLimits
from scanning._model import INFO_FIELDS, ScanResult
from scanning._ocr import Image, Line
from scanning._pages import Role
from scanning._roles import classify
from scanning._sections import read_annotations, read_registrations
from scanning._vocab import is_authority
from scanning._widen import number_readers


@dataclass
class Page:
    """A normalised page with its OCR lines and role."""

    image: Image
    clean: Image
    lines: list[Line]
    role: Role
    photo: _photo.Photo | None = None

    @cached_property
    def second_view(self) -> Image:
        """The page for second readings: seal left pale, not erased, so that an erasing
        mistake and a seal stroke cannot produce the same misreading twice (made once a page)."""
        return _ocr.red_channel(self.image)

    @cached_property
    def red_ink(self) -> _red_ink.RedInk:
        """The page's red ink (red view, its seal rings and their readings, frames), each made
        once a page however many readers ask for it."""
        return _red_ink.RedInk(self.image)


def _analyse(img: Image) -> Page:
    if _pages.is_cover(img):
        return Page(img, img, [], Role.COVER)
    if _pages.is_blank(img):
        return Page(img, img, [], Role.OTHER)
    photo = _photo.extract(img)
    if photo is not None and _signature_only(img, photo.box):
        # The photo identifies the page; its only text is the signature line.
        return Page(img, img, [], Role.PHOTO, photo)
    page = _read_page(img, photo)
    if photo is None and page.role is Role.PHOTO:  # its signature read: the photo is beside it
        page.photo = _photo_sign.beside_signature(img, page.lines)
    return page


def _signature_only(img: Image, box: _ocr.Box) -> bool:
    """Whether the print beside a photo is no more than a photo page's signature line: few
    marks (``_photo.text_beside``'s count) and not in rows of text (the marks counted once)."""
    tops, heights = _page_marks.marks_beside(img, box)
    return (
        len(tops) <= _photo.PHOTO_PAGE_MARKS
        and _page_marks.rows(tops, heights) < _page_marks.TEXT_ROWS
    )


def _read_page(img: Image, photo: _photo.Photo | None) -> Page:
    clean = _ocr.remove_red(img)
    lines = _ocr.read(clean)
    return Page(img, clean, lines, classify(lines, has_photo=photo is not None), photo)


def _one_photo_page(pages: list[Page]) -> list[Page]:
    """A booklet has one photo page. When another page is the photo page by its signature
    line, a page taken for one by its "photo" alone is read after all, so that a false photo
    never silences a page of text. Of two pages taken for it, the one with less writing
    beside its "photo" is kept; the other (a page of handwriting inside a printed frame) is
    read as text after all, so that what it holds is not lost unread."""
    if any(p.role is Role.PHOTO and p.lines and not p.photo for p in pages):
        pages = [_read_page(p.image, p.photo) if p.role is Role.PHOTO and p.photo and not p.lines
                 else p for p in pages]  # fmt: skip
    photos = {i: p.photo for i, p in enumerate(pages) if p.role is Role.PHOTO and p.photo}
    if len(photos) < 2:
        return pages
    keep = min(photos, key=lambda i: _photo.text_beside(pages[i].image, photos[i].box))
    return [_as_text(p) if i in photos and i != keep else p for i, p in enumerate(pages)]


def _as_text(page: Page) -> Page:
    """A page taken for the photo page, read (or, read already, classed) as text."""
    if not page.lines:
        return _read_page(page.image, None)
    return Page(page.image, page.clean, page.lines, classify(page.lines, has_photo=False))


def _confidence_and_findings(
    values: dict[str, val.Value],
) -> tuple[dict[str, float], list[Finding]]:
    conf = {k: v.confidence for k, v in values.items()}
    return conf, [f for v in values.values() for f in v.findings]


def scan_images(images: list[Image], source: str, known: reg.Known = reg.NONE,
                limits: IngestLimits = DEFAULT_LIMITS) -> ScanResult:
    """Read a booklet from its page images (``known``: the registry's authorities; no more
    pages than ``limits`` allow, counting those cut from one image)."""
    with _ocr.one_booklet():  # its readers often cut the same crop: recognised once
        return _read_booklet(images, source, known, limits)


def _read_booklet(images: list[Image], source: str, known: reg.Known,
                  limits: IngestLimits) -> ScanResult:
    normalised = _pages.normalise_pages(images, limits.max_pages)
    pairs = [(n.page, n.full) for n in normalised]
    pages = _one_photo_page([_analyse(img) for img, _ in pairs])
    info, shaped = _shape_fields.complete(pages, best_info(pages))  # labels unread: by values
    readings = field_readings(pages, info[1]) if info else {}
    third = _third_view.readers(pairs, info[1]) if info else {}
    values = (
        decode(readings, known=known, name_crop=_name_crop(pages, info[1]),
               third=third,
               whole=number_readers(pages, info[1]),
               name_full=_third_view.name_crop(pairs, info[1]))
        if info
        else {k: val.Value(None, 0.0, [Finding("missing", k, "未找到信息页")]) for k in INFO_FIELDS}
    )
    birth_month.settle(readings, values)  # 出生年月 printed without its day
    date_repair.suggest(readings, values)  # a damaged issue date: one suggestion, flagged
    date_third.choose(readings, values, third)  # readings that disagree: the third view's date
    if info:  # a grey seal may have cut a digit from a date, leaving another date
        flag_dates(pages[info[0]].image, pages[info[0]].lines, info[1], values, readings)
        province_after_seal(values, known)  # the seal settled the authority the number waited for
        flag_restored(normalised, info[1], values)
    _shape_fields.flag(pages, info, values, shaped)
    issuer = values["issuing_authority"].value  # a date stamp's ring may name it
    offices = [*([issuer] if isinstance(issuer, str) and is_authority(issuer) else []),
               *reg.names(known)]  # fmt: skip
    issued = values["issue_date"].value  # a ceased office cannot have sealed a later entry
    issued = issued if isinstance(issued, str) else None
    regs, values["registrations"] = read_registrations(pages, offices, issued)
    notes, values["annotations"] = read_annotations(pages, values["issue_date"].value)
    values["annotations"].findings += _remark_names.doubts(notes, values["name"].value)
    photo = _holder_photo(pages, [full for _, full in pairs])
    values["photo"] = _photo.photo_value(
        photo, values["issue_date"].value, values.get("certificate_number")
    )
    conf, findings = _confidence_and_findings(values)
    record = ScannedRecord.assemble(
        source, {k: values[k].value for k in INFO_FIELDS}, findings=findings, confidence=conf,
        annotations=tuple(ScannedAnnotation.from_json(n) for n in notes),
        registrations=tuple(ScannedRegistration.from_json(r) for r in regs),
        evidence=_evidence(info[1] if info else {}),
    )
    images, roles = [p.image for p in pages], [str(p.role) for p in pages]
    return ScanResult(source, record, len(pages), images, roles, photo)


def _holder_photo(pages: list[Page], full: list[Image]) -> _photo.Photo | None:
    """The holder's photo at the file's own resolution: the photo page's; one found on a page
    of fields only when no page is a photo page (a false find there never replaces it)."""
    held = [(k, p.photo) for k, p in enumerate(pages) if p.photo is not None]
    if not held:
        return None
    k, photo = min(held, key=lambda kp: (pages[kp[0]].role is not Role.PHOTO, kp[0]))
    return _photo.at_resolution(photo, pages[k].image, full[k])


def _name_crop(pages: list[Page], raw: dict[str, RawField]) -> name_evidence.Crop | None:
    """The name's value box cut from its page: the evidence that settles a doubted name."""
    name = raw.get("name")
    return name_evidence.crop(pages[name.page].image, name.box) if name else None


def _evidence(raw: dict[str, RawField]) -> dict[str, FieldEvidence]:
    return {
        k: FieldEvidence(r.page, (int(r.box[0]), int(r.box[1]), int(r.box[2]), int(r.box[3])))
        for k, r in raw.items() if k in INFO_FIELDS
    }


def scan_file(
    path: Path | str, *, data: bytes | None = None, source: str | None = None,
    limits: IngestLimits = DEFAULT_LIMITS, known: reg.Known = reg.NONE,
) -> ScanResult:
    """Scan one booklet file (PDF, TIFF or image) into a record, within ``limits``
    (``known``: the registry's authorities, a vocabulary for the issuing authority)."""
    path = Path(path)
    name = source or path.name
    if data is None:
        data = Job(name, str(path), limits=limits).read()
    return scan_images(load_images(data, name, limits), name, known, limits)
