"""Field extraction by label matching, tolerant to the label variants of different print runs.

Labels are looked up in tables of known variants (never one hard-coded set); a label may carry
its value in the same OCR line ("姓名：张三") or the value may sit to its right on the same row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.rules import normalize_digits
from scanning._ocr import Box, Line

INFO_LABELS: dict[str, tuple[str, ...]] = {
    "name": ("姓名",),
    "gender": ("性别",),
    "birth_date": ("出生日期", "出生年月日", "出生年月"),
    "ethnicity": ("民族",),
    "id_number": (
        "身份证件号码",
        "身份证号码",
        "公民身份号码",
        "身份证件号",
        "身份证号",
        "居民身份证号码",
    ),
    "qualification_type": ("教师资格种类", "资格种类", "资格类别"),
    "subject": ("任教学科", "学科"),
    "certificate_number": ("证书号码", "证书编号"),
    "issuing_authority": ("发证机关", "颁发机关", "认定机构", "发证机构", "认定机关"),
    "issue_date": ("批准日期", "颁发日期", "发证日期", "认定日期"),
}
_SPACES = re.compile(r"[\s\u3000]+")


@dataclass(frozen=True)
class RawField:
    """The OCR text read for one field, with its score and where it came from."""

    text: str
    score: float
    box: Box
    page: int


def clean(text: str) -> str:
    """Half-width, no spaces."""
    return _SPACES.sub("", normalize_digits(text))


def _distance1(a: str, b: str) -> bool:
    """Same length and at most one differing character."""
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) <= 1


def match_label(text: str, table: dict[str, tuple[str, ...]]) -> tuple[str, str] | None:
    """(field, rest of line) if ``text`` starts with a known label (1 OCR slip allowed ≥ 4)."""
    t = clean(text)
    variants = sorted(((v, k) for k, vs in table.items() for v in vs), key=lambda p: -len(p[0]))
    for exact in (True, False):
        for variant, key in variants:
            head = t[: len(variant)]
            if head == variant or (not exact and len(variant) >= 4 and _distance1(head, variant)):
                return key, t[len(variant) :].lstrip(":：.")
    return None


def union(boxes: list[Box]) -> Box:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _same_row(label: Line, other: Line) -> bool:
    tol = 0.55 * max(label.height, other.height)
    return abs(label.cy - other.cy) <= tol and other.box[0] >= label.box[2] - 4


def _merge_split_labels(lines: list[Line], table: dict[str, tuple[str, ...]]) -> list[Line]:
    """Widely spaced labels (性　　别) may come back as two boxes; join them when together they
    spell a known label."""
    known = {v for vs in table.values() for v in vs}
    out = list(lines)
    for i, a in enumerate(out):
        for j, b in enumerate(out):
            joined = (clean(a.text) + clean(b.text)).rstrip(":：")
            right_of = b.box[0] > a.box[0] and abs(a.cy - b.cy) <= 0.55 * max(a.height, b.height)
            if i != j and a.text and b.text and right_of and joined in known:
                out[i] = Line(a.text + b.text, min(a.score, b.score), union([a.box, b.box]))
                out[j] = Line("", 0.0, b.box)
    return _lone_halves([ln for ln in out if ln.text], table)


def _lone_halves(lines: list[Line], table: dict[str, tuple[str, ...]]) -> list[Line]:
    """A widely spaced two-character label whose other half was not detected (姓 … 名): a lone
    half counts as the label when no line carries the label already."""
    present = {hit[0] for ln in lines if (hit := match_label(ln.text, table))}
    out = []
    for ln in lines:
        t = clean(ln.text).rstrip(":：")
        whole = [v for vs in table.values() for v in vs if len(v) == 2 and t and t in (v[0], v[1])]
        key = next((k for k, vs in table.items() if whole and whole[0] in vs), None)
        if len(whole) == 1 and key not in present:
            ln = Line(whole[0], ln.score, ln.box)
            present.add(key or "")
        out.append(ln)
    return out


def extract(lines: list[Line], table: dict[str, tuple[str, ...]], page: int) -> dict[str, RawField]:
    """The value text of every labelled field found on one page."""
    lines = _merge_split_labels(lines, table)
    labelled = {i: m for i, ln in enumerate(lines) if (m := match_label(ln.text, table))}
    taken: set[int] = set(labelled)
    out: dict[str, RawField] = {}
    for i, (key, rest) in labelled.items():
        label = lines[i]
        if rest:
            out.setdefault(key, RawField(rest, label.score, label.box, page))
            continue
        row = [j for j, ln in enumerate(lines) if j not in taken and _same_row(label, ln)]
        row.sort(key=lambda j: lines[j].box[0])
        if not row:
            continue
        taken.update(row)
        parts = [lines[j] for j in row]
        out.setdefault(
            key,
            RawField(
                "".join(clean(p.text) for p in parts),
                min(p.score for p in parts),
                union([p.box for p in parts]),
                page,
            ),
        )
    return out


def gender_without_label(lines: list[Line], page: int) -> RawField | None:
    """The lone 男/女 on an information page whose gender label was misread. The value is
    still cross-checked against the ID number's gender digit."""
    hits = [ln for ln in lines if clean(ln.text) in ("男", "女")]
    if len(hits) != 1:
        return None
    return RawField(clean(hits[0].text), hits[0].score, hits[0].box, page)
