"""What the review page shows: fields with confidence and findings, page images with evidence
boxes in percent of the image, and files served only from inside the artifacts folder."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image, UnidentifiedImageError

from core.errors import NotFound
from core.files import artifact_file
from core.rules import QualificationType, mask_id_number
from core.scanned import finding_from_json
from core.states import ReviewState

from ._service import EDITABLE_FIELDS, ReviewRecord, scan_data

__all__ = [
    "FIELD_LABELS",
    "LOW_CONFIDENCE",
    "FieldView",
    "FindingView",
    "PageView",
    "RecordView",
    "record_view",
    "scrub_ids",
]

#: below this a field is highlighted for the clerk (the scanner's review threshold)
LOW_CONFIDENCE = 0.9
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "name": ("姓名", "Name"),
    "gender": ("性别", "Gender"),
    "birth_date": ("出生日期", "Date of birth"),
    "id_number": ("身份证件号码", "ID number"),
    "qualification_type": ("资格种类", "Qualification type"),
    "subject": ("任教学科", "Subject"),
    "certificate_number": ("证书号码", "Certificate number"),
    "issuing_authority": ("认定机构", "Issuing authority"),
    "issue_date": ("批准日期", "Issue date"),
}
#: labels of the finding fields outside the form
OTHER_LABELS: dict[str, tuple[str, str]] = {
    "photo": ("照片", "Photo"),
    "annotations": ("备注", "Remarks"),
    "registrations": ("定期注册", "Registration"),
    "roster": ("名册", "Roster"),
    "record": ("整份记录", "Whole record"),
}
QUALIFICATION_CHOICES = [q.label for q in QualificationType]
# An 18-character resident ID or a 15-digit old one, not part of a longer number.
_ID_LIKE = re.compile(r"(?<![0-9A-Za-z])(?:[0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9A-Za-z])")


def scrub_ids(text: str) -> str:
    """Mask anything that looks like a full ID number (findings may quote what OCR read)."""
    return _ID_LIKE.sub(lambda m: mask_id_number(m.group(0)), text)


@dataclass(frozen=True)
class FindingView:
    """One finding as the clerk sees it: which field, which rule, what it says."""

    field: str
    label: str
    code: str
    message: str
    severity: str

    @property
    def blocking(self) -> bool:
        """Errors and warnings send the record to review; notes are only recorded."""
        return self.severity != "note"


@dataclass(frozen=True)
class FieldView:
    """One field of the form: value shown, confidence, and why it is highlighted."""

    key: str
    label: str
    hint: str
    value: str
    confidence: float | None
    findings: list[FindingView]
    corrected: dict[str, str] | None
    page: int | None
    missing: bool = False

    @property
    def low(self) -> bool:
        """Highlighted: unread, low confidence or a finding that blocks, until a clerk
        corrects it."""
        if self.corrected:
            return False
        return self.missing or any(f.blocking for f in self.findings) or (
            self.confidence is not None and self.confidence < LOW_CONFIDENCE
        )


@dataclass(frozen=True)
class Box:
    """An evidence box in percent of its page image."""

    key: str
    label: str
    left: float
    top: float
    width: float
    height: float
    low: bool


@dataclass(frozen=True)
class PageView:
    index: int
    boxes: list[Box] = field(default_factory=list)


@dataclass(frozen=True)
class RecordView:
    """Everything the record page renders; the ID number only in masked form."""

    number: str
    row_version: int
    review_state: ReviewState
    school: str
    batch: str
    source: str
    masked_id: str
    criminal_check_done: bool
    reviewed_by: str | None
    fields: list[FieldView]
    findings: list[FindingView]
    pages: list[PageView]
    has_photo: bool
    qualification_choices: list[str]
    #: the page shown beside the form: the one holding most of the fields (the information
    #: page), not the cover; focusing a field shows the page holding that field instead
    primary_page: int | None = None


def _finding_views(stored: list[Any]) -> list[FindingView]:
    out = []
    for item in stored:
        f = finding_from_json(item)
        label = FIELD_LABELS.get(f.field, OTHER_LABELS.get(f.field.split(".")[0], (f.field,)))[0]
        out.append(FindingView(f.field, label, f.code, scrub_ids(f.message), f.severity))
    # what blocks first, in field order, then the notes
    order = {k: i for i, k in enumerate(EDITABLE_FIELDS)}
    return sorted(out, key=lambda v: (not v.blocking, order.get(v.field, len(order))))


def record_view(
    rec: ReviewRecord, *, artifacts: Path, typed: dict[str, str] | None = None
) -> RecordView:
    """The page model of ``rec``; ``typed`` (a refused form) replaces stored values, the ID
    number included: what the clerk typed is shown back to them (the page is never cached),
    never the stored number."""
    data = scan_data(rec.cert)
    findings = _finding_views(list(data.get("findings") or []))
    confidence: dict[str, Any] = data.get("confidence") or {}
    evidence: dict[str, Any] = data.get("evidence") or {}
    corrected: dict[str, Any] = data.get("corrected") or {}
    missing = set(rec.missing)
    values = rec.values()
    values["id_number"] = ""  # the box is for a new number; the stored one shows masked
    for key, text in (typed or {}).items():
        if key in values:
            values[key] = text
    fields = [
        FieldView(
            key,
            *FIELD_LABELS[key],
            value=str(values[key] or ""),
            confidence=_float(confidence.get(key)),
            findings=[f for f in findings if f.field == key],
            corrected=corrected.get(key),
            page=_page_of(evidence.get(key)),
            missing=key in missing,
        )
        for key in EDITABLE_FIELDS
    ]
    pages = [
        _page(i, rel, artifacts, fields, evidence) for i, rel in enumerate(data.get("pages") or [])
    ]
    return RecordView(
        number=rec.cert.number,
        row_version=rec.cert.row_version,
        review_state=rec.cert.review_state,
        school=rec.cert.school or "",
        batch=rec.cert.scan_batch or "",
        source=rec.cert.source_file or "",
        masked_id="" if "id_number" in missing else rec.holder.id_masked,
        criminal_check_done=rec.cert.criminal_check_done,
        reviewed_by=rec.cert.reviewed_by,
        fields=fields,
        findings=findings,
        pages=pages,
        has_photo=bool(rec.cert.photo_path),
        qualification_choices=QUALIFICATION_CHOICES,
        primary_page=_primary_page(fields, len(pages)),
    )


def _primary_page(fields: list[FieldView], count: int) -> int | None:
    """The page holding most fields; without evidence the first page, if any."""
    held = Counter(f.page for f in fields if f.page is not None and 0 <= f.page < count)
    if held:
        return held.most_common(1)[0][0]
    return 0 if count else None


def _float(value: Any) -> float | None:
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _page_of(evidence: Any) -> int | None:
    if isinstance(evidence, dict) and isinstance(evidence.get("page"), int):
        return int(evidence["page"])
    return None


def _page(
    index: int, relative: Any, artifacts: Path, fields: list[FieldView], evidence: dict[str, Any]
) -> PageView:
    try:
        with Image.open(artifact_file(artifacts, str(relative))) as img:
            width, height = img.size  # reads the header only
    except (NotFound, UnidentifiedImageError, OSError):
        return PageView(index)
    boxes = []
    for f in fields:
        ev = evidence.get(f.key)
        if f.page != index or not isinstance(ev, dict):
            continue
        box = ev.get("box")
        if not (isinstance(box, list) and len(box) == 4):
            continue
        x0, y0, x1, y1 = (float(v) for v in box)
        boxes.append(
            Box(
                f.key,
                f.label,
                left=_pct(x0, width),
                top=_pct(y0, height),
                width=_pct(x1 - x0, width),
                height=_pct(y1 - y0, height),
                low=f.low,
            )
        )
    return PageView(index, boxes)


def _pct(value: float, total: int) -> float:
    return round(max(0.0, min(100.0, 100.0 * value / total)), 3) if total else 0.0
