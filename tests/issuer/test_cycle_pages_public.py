"""The public notice (/notice): only name, school, qualification type and conclusion, only while
the notice runs; the objection form protected as a public form must be (its own cookie and
token, same origin), rate-limited, and only for a conclusion on this notice."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

import issuer._cycle_notice as notice_service
from core import clock
from core.db import session_scope
from core.ratelimit import RateLimiter, SlidingWindow
from ecert.app import create_app
from issuer._cycle_notice import objections
from issuer._cycle_steps import apply, decide, publish, school_review
from issuer._notify import CodeMessage
from tests.issuer._cycle_pages_support import COUNTY, SCHOOLS, name_of, seed_teachers, token_of
from tests.issuer._cycle_support import details, new_cycle
from tests.issuer._status_support import id_of


@pytest.fixture
def notice(sqlite_registry: Engine, ecert_env: Path,
           outbox: list[CodeMessage]) -> Iterator[tuple[TestClient, int, list[int]]]:
    """Three conclusions on the county's notice from 11-05 (today, 10:00 in China)."""
    numbers = seed_teachers(3)
    cycle_id = new_cycle(region=COUNTY)
    with session_scope() as s:
        ids = [int(apply(s, cycle_id, n, details=details(school=SCHOOLS[0]), source="school",
                         actor="school1").id or 0) for n in numbers]
        for i in ids:
            school_review(s, i, passed=True, actor="school1")
    clock.freeze(datetime(2026, 11, 5, 2, tzinfo=UTC))
    with session_scope() as s:
        for i, conclusion in zip(ids, ("注册合格", "暂缓注册", "注册不合格"), strict=True):
            decide(s, i, conclusion=conclusion,
                   reason=None if conclusion == "注册合格" else "training_hours", actor="county")
            publish(s, i, actor="county")
    yield TestClient(create_app(), follow_redirects=False), cycle_id, ids


def test_the_notice_shows_only_what_the_public_may_see(
        notice: tuple[TestClient, int, list[int]]) -> None:
    client, cycle_id, _ids = notice
    index = client.get("/notice")
    assert f'href="/notice/{cycle_id}/{COUNTY}"' in index.text and "北京市东城区" in index.text
    page = client.get(f"/notice/{cycle_id}/{COUNTY}")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    for serial in (1, 2, 3):
        assert name_of(serial) in page.text and id_of(serial) not in page.text
    for hidden in ("20151101042000001", "1990-03-07", "***", "13800000000"):
        assert hidden not in page.text
    assert all(w in page.text for w in ("注册合格", "暂缓注册", "注册不合格", "高级中学教师资格"))
    english = client.get(f"/notice/{cycle_id}/{COUNTY}?lang=en")
    assert "deferred" in english.text and 'lang="en"' in english.text
    assert "高级中学教师资格" not in english.text
    assert client.get(f"/notice/{cycle_id}/110102").status_code == 404  # another county
    assert client.get("/notice/999/110101").status_code == 404
    clock.freeze(datetime(2026, 11, 12, 2, tzinfo=UTC))  # the seven days are over
    assert client.get(f"/notice/{cycle_id}/{COUNTY}").status_code == 404
    assert 'id="no-notices"' in client.get("/notice").text


def _object(client: TestClient, cycle_id: int, app_id: int, **extra: str) -> object:
    token = token_of(client.get(f"/notice/{cycle_id}/{COUNTY}"))
    return client.post(f"/notice/{cycle_id}/{COUNTY}", data={
        "application": str(app_id), "text": "该教师本学年未在岗任教。", "contact": "13800000000",
        "csrf_token": token, **extra})


def test_an_objection_is_recorded_with_its_contact_sealed(
        notice: tuple[TestClient, int, list[int]]) -> None:
    client, cycle_id, ids = notice
    sent = _object(client, cycle_id, ids[1])
    assert sent.status_code == 303 and sent.headers["location"].endswith("?sent=1")  # type: ignore[attr-defined]
    with session_scope() as s:
        found = objections(s, application_id=ids[1])
        assert len(found) == 1 and found[0].via == "public"
        assert found[0].contact_cipher and b"13800000000" not in found[0].contact_cipher


def test_the_objection_form_refuses_forgeries_and_strangers(
        notice: tuple[TestClient, int, list[int]]) -> None:
    client, cycle_id, ids = notice
    no_cookie = TestClient(client.app, follow_redirects=False)
    forged = no_cookie.post(f"/notice/{cycle_id}/{COUNTY}", data={
        "application": str(ids[0]), "text": "伪造的提交内容", "csrf_token": "0" * 64})
    assert forged.status_code == 403
    token = token_of(client.get(f"/notice/{cycle_id}/{COUNTY}"))
    other_site = client.post(f"/notice/{cycle_id}/{COUNTY}", data={
        "application": str(ids[0]), "text": "来自其他网站的提交", "csrf_token": token},
        headers={"Origin": "https://evil.example"})
    assert other_site.status_code == 403
    stranger = _object(client, cycle_id, 99999)
    assert stranger.status_code == 422  # type: ignore[attr-defined]
    short = _object(client, cycle_id, ids[0], text="不")
    assert short.status_code == 422 and "至少 5 个字" in short.text  # type: ignore[attr-defined]
    with session_scope() as s:
        assert objections(s, cycle_id=cycle_id) == []


def test_objections_are_rate_limited(notice: tuple[TestClient, int, list[int]],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    client, cycle_id, ids = notice
    monkeypatch.setattr(notice_service, "objection_limiter",
                        RateLimiter(SlidingWindow(((1, 60.0),))))
    assert _object(client, cycle_id, ids[0]).status_code == 303  # type: ignore[attr-defined]
    limited = _object(client, cycle_id, ids[0])
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1  # type: ignore[attr-defined]
