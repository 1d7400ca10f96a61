"""The scanned record: what the scanner read from one booklet, typed, beside the registry's record.

``records.jsonl`` holds one :class:`ScannedRecord` per line (``to_json`` / ``from_json``); the
registry import (:mod:`core.records`) validates the same JSON. Findings are
:class:`core.rules.Finding` objects. Whether a record needs a person is decided here and nowhere
else (:func:`needs_review`), so records.jsonl, the roster reports and the review list agree.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from core.rules import Finding

__all__ = [
    "INFORMATION_FIELDS",
    "REVIEW_BELOW",
    "FieldEvidence",
    "ScannedAnnotation",
    "ScannedRecord",
    "ScannedRegistration",
    "finding_from_json",
    "finding_from_text",
    "needs_review",
]

#: The information page's fields (资料页), in page order; every one is required in the registry.
INFORMATION_FIELDS = (
    "name", "gender", "birth_date", "id_number", "qualification_type", "subject",
    "certificate_number", "issuing_authority", "issue_date",
)

#: A field read with a confidence below this goes to review.
REVIEW_BELOW = 0.9
#: Legacy finding codes that recorded something without asking for review.
_NOTE_CODES = ("corrected", "note")
_LEGACY = re.compile(r"^\s*(?P<code>[\w.-]+)\s*(?:\[(?P<field>[^\]]*)\])?\s*(?P<message>.*)$",
                     re.DOTALL)


def finding_from_text(text: str) -> Finding:
    """A finding from its legacy string form ``"code [field] message"`` (records.jsonl files
    written before findings were objects)."""
    match = _LEGACY.match(text)
    if match is None:  # cannot happen with DOTALL, but never lose a finding
        return Finding("finding", "record", text)
    code, field = match["code"], match["field"] or "record"
    message = match["message"].strip() or code
    if code.startswith(_NOTE_CODES):
        return Finding(code, field, message, "note")
    return Finding(code, field, message)


def finding_from_json(value: Any) -> Finding:
    """A finding as stored in records.jsonl: an object (current) or a string (earlier)."""
    if isinstance(value, Finding):
        return value
    if isinstance(value, Mapping):
        # a hand-edited line may lack a key: the finding is kept, never dropped or fatal
        data = {"code": "finding", "field": "record", "message": "", **value}
        return Finding.from_dict(data)
    return finding_from_text(str(value))


def needs_review(findings: Iterable[Finding], confidence: Mapping[str, float]) -> bool:
    """The one rule: a record goes to a person when any finding blocks or any field's
    confidence is below :data:`REVIEW_BELOW`."""
    return any(f.blocking for f in findings) or any(
        c < REVIEW_BELOW for c in confidence.values()
    )


@dataclass(frozen=True)
class FieldEvidence:
    """Where a field was read: page index, box ``(x0, y0, x1, y1)`` in that page image's
    pixels, and the page image's path once written (relative to the scan folder)."""

    page: int
    box: tuple[int, int, int, int]
    image: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The records.jsonl form."""
        out: dict[str, Any] = {"page": self.page, "box": list(self.box)}
        if self.image is not None:
            out["image"] = self.image
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> FieldEvidence | None:
        """Inverse of :meth:`to_json`; None for anything malformed."""
        page, box = data.get("page"), data.get("box")
        if not isinstance(page, int) or not isinstance(box, list | tuple) or len(box) != 4:
            return None
        try:
            x0, y0, x1, y1 = (int(v) for v in box)
        except (TypeError, ValueError):
            return None
        image = data.get("image")
        return cls(page, (x0, y0, x1, y1), str(image) if image else None)


@dataclass(frozen=True)
class ScannedAnnotation:
    """One remark (备注) as read: ISO date (or None) and text; unknown keys kept in ``extra``."""

    date: str | None
    text: str | None
    kind: str = "other"
    extra: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The records.jsonl form."""
        out = {**self.extra, "date": self.date, "text": self.text}
        if self.kind != "other":
            out["kind"] = self.kind
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ScannedAnnotation:
        """Inverse of :meth:`to_json`."""
        extra = {k: v for k, v in data.items() if k not in ("date", "text", "kind")}
        return cls(_opt(data.get("date")), _opt(data.get("text")),
                   str(data.get("kind") or "other"), extra)


@dataclass(frozen=True)
class ScannedRegistration:
    """One registration sticker (定期注册) as read; dates ISO or None."""

    conclusion: str | None
    valid_from: str | None = None
    valid_until: str | None = None
    authority: str | None = None
    date: str | None = None
    extra: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    _KEYS = ("conclusion", "valid_from", "valid_until", "authority", "date")

    def to_json(self) -> dict[str, Any]:
        """The records.jsonl form."""
        return {**self.extra, **{k: getattr(self, k) for k in self._KEYS}}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ScannedRegistration:
        """Inverse of :meth:`to_json`."""
        extra = {k: v for k, v in data.items() if k not in cls._KEYS}
        conclusion, valid_from, valid_until, authority, when = (_opt(data.get(k))
                                                               for k in cls._KEYS)
        return cls(conclusion, valid_from, valid_until, authority, when, extra)


def _opt(value: Any) -> str | None:
    return None if value is None else str(value)


@dataclass(frozen=True)
class ScannedRecord:
    """One booklet as the scanner read it (nothing validated against the registry yet).

    ``fields`` holds the information page (:data:`INFORMATION_FIELDS`, None when
    not read); ``confidence`` and ``evidence`` are per field; ``pages`` are the normalised page
    images that ``evidence`` indexes. Build with :meth:`assemble` so that every doubtful
    field has a finding naming it.
    """

    source: str
    fields: Mapping[str, str | None]
    annotations: tuple[ScannedAnnotation, ...] = ()
    registrations: tuple[ScannedRegistration, ...] = ()
    confidence: Mapping[str, float] = dataclasses.field(default_factory=dict)
    evidence: Mapping[str, FieldEvidence] = dataclasses.field(default_factory=dict)
    findings: tuple[Finding, ...] = ()
    photo: str | None = None
    pages: tuple[str, ...] = ()
    school: str | None = None
    #: keys of a records.jsonl line this version does not know, kept for the round trip
    extra: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    @classmethod
    def assemble(cls, source: str, fields: Mapping[str, str | None], *,
                 findings: Iterable[Finding], confidence: Mapping[str, float],
                 **rest: Any) -> ScannedRecord:
        """A record whose every low-confidence field carries a finding that names it."""
        conf = {k: round(float(v), 3) for k, v in confidence.items()}
        values = {k: fields.get(k) for k in INFORMATION_FIELDS}
        found = _named_doubts(list(findings), values, conf)
        return cls(source, values, confidence=conf, findings=tuple(found), **rest)

    @property
    def needs_review(self) -> bool:
        """See :func:`needs_review`; computed, never stored."""
        return needs_review(self.findings, self.confidence)

    def get(self, key: str) -> str | None:
        """An information-page field's value."""
        return self.fields.get(key)

    def with_findings(self, found: Iterable[Finding], *, cap: float | None = None
                      ) -> ScannedRecord:
        """This record with more findings; ``cap`` lowers the confidence of their fields."""
        found = list(found)
        conf = dict(self.confidence)
        if cap is not None:
            for f in found:
                if f.blocking and f.field in conf:
                    conf[f.field] = min(conf[f.field], cap)
        return dataclasses.replace(self, findings=(*self.findings, *found), confidence=conf)

    def with_artifacts(self, pages: Iterable[str], photo: str | None) -> ScannedRecord:
        """This record once its page images (and photo) are written: evidence names them."""
        names = tuple(pages)
        evidence = {
            k: dataclasses.replace(ev, image=names[ev.page] if 0 <= ev.page < len(names)
                                   else None)
            for k, ev in self.evidence.items()
        }
        return dataclasses.replace(self, pages=names, photo=photo, evidence=evidence)

    def to_json(self) -> dict[str, Any]:
        """One records.jsonl line (the layout ``ecert records import`` reads)."""
        out: dict[str, Any] = {**self.extra, "source": self.source}
        if self.school is not None:
            out["school"] = self.school
        out.update(self.fields)
        out.update(
            annotations=[a.to_json() for a in self.annotations],
            registrations=[r.to_json() for r in self.registrations],
            photo=self.photo,
            needs_review=self.needs_review,
            confidence=dict(self.confidence),
            findings=[f.to_dict() for f in self.findings],
            evidence={k: ev.to_json() for k, ev in self.evidence.items()},
        )
        if self.pages:
            out["pages"] = list(self.pages)
        return out

    @classmethod
    def from_json(cls, obj: Mapping[str, Any]) -> ScannedRecord:
        """A records.jsonl line, from this version or an earlier one (string findings).

        A line stored as needing review stays so even when nothing in it says why (files
        written before findings named every reason): a finding then says so.
        """
        findings = [finding_from_json(f) for f in obj.get("findings") or []]
        confidence = {str(k): float(v) for k, v in (obj.get("confidence") or {}).items()}
        values = {k: _opt(obj.get(k)) for k in INFORMATION_FIELDS}
        findings = _named_doubts(findings, values, confidence)
        if obj.get("needs_review") and not needs_review(findings, confidence):
            findings.append(Finding("flagged", "record", "扫描时已标记为需人工审核", "warning"))
        known = {"source", "school", *INFORMATION_FIELDS, "annotations", "registrations",
                 "photo", "needs_review", "confidence", "findings", "evidence", "pages"}
        evidence = {str(k): FieldEvidence.from_json(v)
                    for k, v in (obj.get("evidence") or {}).items() if isinstance(v, Mapping)}
        return cls(
            source=str(obj.get("source") or ""),
            fields=values,
            annotations=tuple(ScannedAnnotation.from_json(a)
                              for a in obj.get("annotations") or [] if isinstance(a, Mapping)),
            registrations=tuple(ScannedRegistration.from_json(r)
                                for r in obj.get("registrations") or []
                                if isinstance(r, Mapping)),
            confidence=confidence,
            evidence={k: ev for k, ev in evidence.items() if ev is not None},
            findings=tuple(findings),
            photo=_opt(obj.get("photo")),
            pages=tuple(str(p) for p in obj.get("pages") or []),
            school=_opt(obj.get("school")),
            extra={k: v for k, v in obj.items() if k not in known},
        )


def _named_doubts(findings: list[Finding], values: Mapping[str, str | None],
                  confidence: Mapping[str, float]) -> list[Finding]:
    """A field not read, or read below REVIEW_BELOW, that no blocking finding names gets one,
    so that a flag always says where to look. A section (annotations, registrations) whose
    entry a blocking finding names (``annotations[1].text``) is named already: its low
    confidence is that finding's, not a second reason."""
    named = {f.field for f in findings if f.blocking}
    named |= {re.split(r"[\[.]", field, maxsplit=1)[0] for field in named}
    missing = [
        Finding("missing", key, "未识别到该字段，请对照原件录入", "error")
        for key, value in values.items() if value is None and key not in named
    ]
    named |= {f.field for f in missing}
    extra = [
        Finding("low_confidence", key, f"识别置信度低（{conf:.2f}），请核对", "warning",
                {"confidence": conf})
        for key, conf in confidence.items() if conf < REVIEW_BELOW and key not in named
    ]
    return findings + missing + extra
