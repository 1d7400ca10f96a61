"""The information page's fields: find them on the best information page, read each twice,
and decode every value against the rules it must satisfy."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scanning import _fields, _ocr
from scanning import _validate as val
from scanning._fields import RawField
from scanning._model import INFO_FIELDS
from scanning._pages import Role

if TYPE_CHECKING:
    from scanning._scan import Page


def best_info(pages: list[Page]) -> tuple[int, dict[str, RawField]] | None:
    """The information page with the most fields found, and those raw fields."""
    best: tuple[int, dict[str, RawField]] | None = None
    for i, p in enumerate(pages):
        if p.role is Role.INFORMATION:
            raw = _fields.info_fields(p.lines, i)
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


def info_values(pages: list[Page], raw: dict[str, RawField]) -> dict[str, val.Value]:
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
