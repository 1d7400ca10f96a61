"""One definition of the annotation and registration inputs serves records.jsonl and the API."""

from __future__ import annotations

from datetime import date

import pytest

from core.errors import InvalidInput
from core.records import AnnotationIn, RecordIn, RegistrationIn


def test_registration_date_under_either_name() -> None:
    api = RegistrationIn.model_validate({"conclusion": "暂缓注册", "decision_date": "2026-10-30"})
    jsonl = RegistrationIn.model_validate({"conclusion": "暂缓注册", "date": "2026-10-30"})
    assert api == jsonl and api.required_decision_date() == date(2026, 10, 30)
    record = RecordIn.model_validate({"registrations": [{"conclusion": "暂缓注册",
                                                         "date": "2026-10-30"}]})
    assert record.registrations[0].decision_date == date(2026, 10, 30)


def test_registration_without_a_decision_date_is_refused_where_it_is_stored() -> None:
    body = RegistrationIn.model_validate({"conclusion": "注册合格", "valid_from": "2027-09-01"})
    with pytest.raises(InvalidInput) as info:
        body.required_decision_date()
    assert info.value.field == "decision_date" and info.value.rule == "required"


def test_annotation_keeps_every_field_the_api_and_the_records_use() -> None:
    body = AnnotationIn.model_validate({"kind": "补发", "text": "补发", "date": "2026-10-01",
                                        "authority": "郑州市教育局", "issue": False})
    assert (body.kind, body.text, body.date, body.authority, body.issue) == (
        "补发", "补发", date(2026, 10, 1), "郑州市教育局", False)
    assert AnnotationIn.model_validate({"text": "x"}).kind == "other"
