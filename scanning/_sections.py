"""Remarks (备注) → [{date, text}] and registration (定期注册) stickers →
[{conclusion, valid_from, valid_until, authority, date}], each checked and read twice."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any

from core.errors import InvalidInput
from core.rules import RegistrationConclusion, parse_registration_conclusion, registration_period
from scanning import _fields, _ocr
from scanning import _validate as val
from scanning._fields import RawField
from scanning._ocr import Line
from scanning._pages import Role

if TYPE_CHECKING:
    from scanning._scan import Page


REG_LABELS: dict[str, tuple[str, ...]] = {
    "conclusion": ("注册结论", "结论"),
    "valid": ("有效期限", "有效期"),
    "authority": ("注册机关", "注册部门", "注册单位"),
    "date": ("注册日期", "日期"),
}
_DATE = re.compile(r"[0-9]{4}\s*年\s*[0-9]{1,2}\s*月\s*[0-9]{1,2}\s*[日号]?")


def registrations(lines: list[Line], page: int) -> list[dict[str, RawField]]:
    """One dict of raw fields per registration sticker, in reading order."""
    stickers: list[list[Line]] = []
    for ln in lines:
        hit = _fields.match_label(ln.text, REG_LABELS)
        if hit and hit[0] == "conclusion":
            stickers.append([])
        if stickers:
            stickers[-1].append(ln)
    return [_fields.extract(group, REG_LABELS, page) for group in stickers]


def annotation_pairs(lines: list[Line], page: int) -> list[tuple[RawField | None, RawField | None]]:
    """(date, text) pairs from a remarks page: text lines up to the next date line."""
    out: list[tuple[RawField | None, RawField | None]] = []
    pending: list[Line] = []
    for ln in lines:
        t = _fields.clean(ln.text)
        if t in ("备注", "备") or not t:
            continue
        m = _DATE.search(t)
        rest = (t[: m.start()] + t[m.end() :]).strip("，,。 ") if m else t
        if rest:
            pending.append(Line(rest, ln.score, ln.box))
        if m:
            date = RawField(m.group(0), ln.score, ln.box, page)
            out.append((date, _joined(pending, page)))
            pending = []
    if pending:
        out.append((None, _joined(pending, page)))
    return out


_CN_PUNCT = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！"})


def chinese_punctuation(text: str) -> str:
    """Recognisers emit ASCII punctuation; Chinese text uses the full-width forms."""
    return text.translate(_CN_PUNCT)


def _joined(lines: list[Line], page: int) -> RawField | None:
    if not lines:
        return None
    return RawField(
        chinese_punctuation("".join(ln.text for ln in lines)),
        min(ln.score for ln in lines),
        _fields.union([ln.box for ln in lines]),
        page,
    )


def _conclusion(raw: RawField | None) -> val.Value:
    if raw is None:
        return val.Value(None, 0.0, ["missing [registrations.conclusion] 未识别到注册结论"])
    try:
        return val.Value(str(parse_registration_conclusion(raw.text)), raw.score)
    except InvalidInput as e:
        return val.Value(None, 0.0, [f"{e.code} [registrations.conclusion] {e.message}"])


def _validity(raw: RawField | None) -> tuple[val.Value, val.Value]:
    if raw is None or val.DASHES.match(raw.text):
        score = raw.score if raw else 1.0
        return val.Value(None, score), val.Value(None, score)
    parts = re.split(r"至|到|~|～", raw.text)
    if len(parts) != 2:
        bad = val.Value(None, 0.0, [f"date_format [registrations.valid] 无法识别：{raw.text!r}"])
        return bad, val.Value(None, 0.0)
    start = val.parse_date(parts[0], raw.score, "registrations.valid_from")
    end = val.parse_date(parts[1], raw.score, "registrations.valid_until")
    return start, end


def _one(raw: dict[str, RawField]) -> tuple[dict[str, Any], list[val.Value]]:
    concl = _conclusion(raw.get("conclusion"))
    start, end = _validity(raw.get("valid"))
    auth = raw.get("authority")
    authority = val.parse_authority(
        auth.text if auth else None, auth.score if auth else 0.0, "registrations.authority"
    )
    d = raw.get("date")
    when = val.parse_date(d.text if d else None, d.score if d else 0.0, "registrations.date")
    qualified = concl.value == RegistrationConclusion.QUALIFIED
    if qualified and (start.value is None or end.value is None):
        concl.fail("registration_period [registrations] 注册合格但未识别到有效期")
    if concl.value and not qualified and (start.value or end.value):
        concl.fail("registration_period [registrations] 非“注册合格”结论不应有有效期")
    if qualified and start.value and end.value:
        expected = registration_period(date.fromisoformat(start.value))[1].isoformat()
        if expected != end.value:
            end.fail(f"registration_period [registrations] 有效期应至 {expected}，读到 {end.value}")
    entry = {
        "conclusion": concl.value,
        "valid_from": start.value,
        "valid_until": end.value,
        "authority": authority.value,
        "date": when.value,
    }
    return entry, [concl, start, end, authority, when]


def _twice(page: Page, raw: dict[str, RawField], table: dict[str, tuple[str, ...]]) -> list[str]:
    """Keys whose second reading differs from the first."""
    unstable = []
    keys = list(raw)
    view = page.second_view
    texts = _ocr.reread([(view, raw[k].box) for k in keys])
    for key, text in zip(keys, texts, strict=True):
        r = raw[key]
        hit = _fields.match_label(text, table)
        second = _fields.clean(hit[1] if hit else text)
        if not val.same_reading(_fields.clean(r.text), _fields.clean(second)):
            unstable.append(f"ocr_disagreement [{key}] 两次识别结果不一致：“{r.text}” / “{second}”")
    return unstable


def read_registrations(pages: list[Page]) -> tuple[list[dict[str, Any]], val.Value]:
    """Every registration sticker on the registration pages, with a combined confidence."""
    entries: list[dict[str, Any]] = []
    combined = val.Value(None, 1.0)
    for i, p in enumerate(pages):
        if p.role is not Role.REGISTRATION:
            continue
        for raw in registrations(p.lines, i):
            entry, parts = _one(raw)
            for message in _twice(p, raw, REG_LABELS):
                combined.fail(message, 0.5)
            entries.append(entry)
            for part in parts:
                combined.confidence = min(combined.confidence, part.confidence)
                combined.findings += part.findings
    return entries, combined


_NOTE_TEXT = re.compile(r"^[\u4e00-\u9fff，。、；：（）“”《》]+$")


def _note(
    page: Page, date_raw: RawField | None, text_raw: RawField | None, issued: str | None
) -> tuple[dict[str, Any], val.Value]:
    d = val.parse_date(
        date_raw.text if date_raw else None, date_raw.score if date_raw else 0.0, "annotations.date"
    )
    text = text_raw.text if text_raw else None
    v = val.Value(None, min(d.confidence, text_raw.score if text_raw else 0.0), d.findings)
    if d.value and not (issued or "1993-01-01") <= d.value <= date.today().isoformat():
        v.fail(f"annotation_date [annotations.date] 备注日期 {d.value} 不在发证日期与今天之间")
    if text is None or not _NOTE_TEXT.match(text):
        v.fail(f"annotation_text [annotations.text] 备注文字含异常字符：{text!r}")
    raw = {k: r for k, r in (("date", date_raw), ("text", text_raw)) if r is not None}
    for message in _twice(page, raw, {}):
        v.fail(message, 0.5)
    return {"date": d.value, "text": text}, v


def read_annotations(
    pages: list[Page], issued: str | None
) -> tuple[list[dict[str, Any]], val.Value]:
    """Every (date, text) annotation on the remarks pages, with a combined confidence."""
    notes: list[dict[str, Any]] = []
    combined = val.Value(None, 1.0)
    for i, p in enumerate(pages):
        if p.role is not Role.REMARKS:
            continue
        for date_raw, text_raw in annotation_pairs(p.lines, i):
            note, v = _note(p, date_raw, text_raw, issued)
            notes.append(note)
            combined.confidence = min(combined.confidence, v.confidence)
            combined.findings += v.findings
    return notes, combined
