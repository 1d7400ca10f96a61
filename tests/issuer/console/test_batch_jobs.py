"""Console batches kept in the registry (core.models.ConsoleBatch): another server process (a
second app on the same database) shows a batch's progress and results, a fresh app (a restart)
still has them, a batch whose process died is shown as interrupted and offers the remaining
records again, a user runs one batch at a time, and a batch is its owner's (others get 404).
On SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import select

from core.clock import utcnow
from core.db import session_scope
from core.models import ConsoleBatch, User
from core.states import ReviewState
from ecert.app import create_app
from ecert.cli import main
from issuer.console import _batch
from tests.factories import record, write_jsonl
from tests.issuer._status_support import cert, events
from tests.staffing import staff_client

HTML = {"Accept": "text/html"}


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _pending(tmp_path: Path, *serials: int) -> list[str]:
    """Records imported for review (not approved)."""
    rows = [record(s) for s in serials]
    assert main(["records", "import", str(write_jsonl(tmp_path / "p.jsonl", rows))]) == 0
    return [r["certificate_number"] for r in rows]


def _worker(app: FastAPI, client: TestClient) -> TestClient:
    """The same browser (session cookie, CSRF token) talking to another server process."""
    other = TestClient(app)
    other.cookies = client.cookies
    other.csrf = client.csrf  # type: ignore[attr-defined]
    return other


def _start(client: TestClient, numbers: list[str], action: str = "approve") -> httpx.Response:
    return client.post("/admin/batch/run", headers=HTML, follow_redirects=False, data={
        "action": action, "csrf_token": client.csrf, "numbers": numbers})  # type: ignore[attr-defined]


def _progress(client: TestClient, url: str) -> dict[str, Any]:
    answer = client.get(url + "/progress")
    assert answer.status_code == 200, answer.text
    return answer.json()  # type: ignore[no-any-return]


def _finished(client: TestClient, url: str) -> str:
    for _ in range(400):
        if _progress(client, url)["finished"]:
            return _text(client.get(url, headers=HTML).text)
        time.sleep(0.05)
    raise AssertionError("the batch did not finish")


@pytest.fixture
def hold(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Approvals wait until the test sets the event (so a batch is seen running)."""
    go_on = threading.Event()
    approve = _batch.approve_certificate

    def held(*args: Any, **kwargs: Any) -> Any:
        assert go_on.wait(30)
        return approve(*args, **kwargs)

    monkeypatch.setattr(_batch, "approve_certificate", held)
    yield go_on
    go_on.set()


def _user_id(name: str) -> int:
    with session_scope() as s:
        user = s.exec(select(User).where(User.name == name)).one()
        assert user.id is not None
        return user.id


def _batch_row(batch_id: str) -> ConsoleBatch:
    with session_scope() as s:
        row = s.get(ConsoleBatch, batch_id)
        assert row is not None
        return row


def test_another_worker_shows_progress_and_a_restart_keeps_results(
        registry: Engine, tmp_path: Path, hold: threading.Event) -> None:
    numbers = _pending(tmp_path, 71, 72, 73)
    first, second = create_app(), create_app()  # two server processes, one database
    reviewer = staff_client(first, role="reviewer", region="11", name="rev")
    elsewhere = _worker(second, reviewer)
    started = _start(reviewer, numbers)
    assert started.status_code == 303
    url = started.headers["location"]
    assert re.fullmatch(r"/admin/batch/[A-Za-z0-9_-]{20,}", url)
    seen = _progress(elsewhere, url)  # polled on the other process: not "not found"
    assert seen["state"] in ("queued", "running") and not seen["finished"]
    assert seen["total"] == 3 and seen["done"] == 0
    page = _text(elsewhere.get(url, headers=HTML).text)
    assert "正在办理" in page and "0 / 3" in page
    hold.set()
    result = _finished(elsewhere, url)
    assert "已完成" in result and result.count("已审核通过") == 3
    assert {e.entity_id for e in events("records.approve")} == set(numbers)
    assert {e.actor for e in events("records.approve")} == {"rev"}  # audited per record
    restarted = _worker(create_app(), reviewer)  # a fresh process: the results are still there
    after = _text(restarted.get(url, headers=HTML).text)
    assert "已完成" in after and after.count("已审核通过") == 3
    assert _progress(restarted, url) == {**_progress(reviewer, url), "finished": True}
    row = _batch_row(url.rsplit("/", 1)[1])
    assert row.state == "finished" and row.running_user_id is None
    assert row.finished_at is not None and row.done == row.total == 3
    assert [r["ok"] for r in json.loads(row.results)] == [True, True, True]


def test_a_user_runs_one_batch_at_a_time_and_others_see_none(
        registry: Engine, tmp_path: Path, hold: threading.Event) -> None:
    numbers = _pending(tmp_path, 81, 82, 83)
    first, second = create_app(), create_app()
    reviewer = staff_client(first, role="reviewer", region="11", name="rev")
    started = _start(reviewer, numbers[:2])
    url = started.headers["location"]
    # a second batch, on either process, is refused with a link to the running one
    for client in (reviewer, _worker(second, reviewer)):
        again = _start(client, numbers[2:])
        assert again.status_code == 409
        shown = _text(again.text)
        assert "您已有一个批量任务正在办理" in shown and "正在办理" in shown
        assert f'href="{url}"' in again.text
        confirm = client.post("/admin/batch", headers=HTML, data={
            "action": "approve", "csrf_token": client.csrf, "numbers": numbers[2:]})  # type: ignore[attr-defined]
        assert confirm.status_code == 409 and "您已有一个批量任务正在办理" in confirm.text
    with session_scope() as s:
        assert len(s.exec(select(ConsoleBatch)).all()) == 1
    # another user, on either process, does not see it (and may run a batch of their own)
    other = staff_client(second, role="reviewer", region="11", name="other")
    for client in (other, _worker(first, other)):
        assert client.get(url + "/progress").status_code == 404
        assert client.get(url, headers=HTML).status_code == 404
    assert _start(other, numbers[2:]).status_code == 303
    hold.set()
    assert _finished(reviewer, url).count("已审核通过") == 2
    # once finished, the next batch starts
    then = _start(reviewer, numbers[:1])
    assert then.status_code == 303
    assert "已审核通过，无需再次审核" in _finished(reviewer, then.headers["location"])
    with session_scope() as s:
        for number in numbers:
            assert cert(s, number).review_state == ReviewState.APPROVED


def _stale(user_id: int, numbers: list[str], done: list[dict[str, Any]]) -> str:
    """A batch whose process died: running, last written three minutes ago."""
    batch_id = "stale-" + "x" * 20
    at = utcnow() - timedelta(minutes=3)
    with session_scope() as s:
        s.add(ConsoleBatch(id=batch_id, user_id=user_id, running_user_id=user_id,
                           action="approve", numbers=json.dumps(numbers), total=len(numbers),
                           done=len(done), state="running", results=json.dumps(done),
                           created_at=at, updated_at=at))
    return batch_id


def test_a_stale_batch_is_interrupted_and_offers_the_rest(
        registry: Engine, tmp_path: Path) -> None:
    numbers = _pending(tmp_path, 91, 92, 93)
    app = create_app()
    reviewer = staff_client(app, role="reviewer", region="11", name="rev")
    url = "/admin/batch/" + _stale(_user_id("rev"), numbers,
                                   [{"number": numbers[0], "ok": True, "message": "已审核通过"}])
    progress = _progress(reviewer, url)
    assert progress["state"] == "interrupted" and progress["finished"]
    assert progress["done"] == 1 and progress["remaining"] == 2 and progress["refused"] == 2
    page = reviewer.get(url, headers=HTML)
    shown = _text(page.text)
    assert "已中断" in shown and re.search(r"1 / 3，成功 1 ?，未办理 2", shown)
    assert "已办理 1 / 3 条，其余 2 条未办理" in shown
    assert "重新办理其余 2 条" in shown and shown.count("未办理：批量任务已中断") == 2
    offered = re.findall(r'name="numbers" value="(\d+)"', page.text)
    assert offered == numbers[1:]
    # the offer goes through the same confirmation (the dead batch does not block it)
    confirm = reviewer.post("/admin/batch", headers=HTML, data={
        "action": "approve", "csrf_token": reviewer.csrf, "numbers": offered})  # type: ignore[attr-defined]
    assert confirm.status_code == 200 and "共选择 2 条，将办理 2 条" in _text(confirm.text)
    long_ago = utcnow() - timedelta(days=31)
    with session_scope() as s:  # batches untouched for 30 days go when a batch starts
        s.add(ConsoleBatch(id="old-" + "y" * 20, user_id=_user_id("rev"), action="approve",
                           numbers="[]", state="finished", created_at=long_ago,
                           updated_at=long_ago, finished_at=long_ago))
    rest = _start(reviewer, offered)
    assert rest.status_code == 303
    assert _finished(reviewer, rest.headers["location"]).count("已审核通过") == 2
    with session_scope() as s:
        assert s.get(ConsoleBatch, "old-" + "y" * 20) is None
    old = _batch_row(url.rsplit("/", 1)[1])
    assert old.state == "interrupted" and old.running_user_id is None
    assert "已中断" in _text(reviewer.get(url, headers=HTML).text)
    assert {e.entity_id for e in events("records.approve")} == set(numbers[1:])


def test_a_batch_declared_interrupted_stops_its_old_worker(
        registry: Engine, tmp_path: Path, hold: threading.Event) -> None:
    """A process that was only slow, not dead, finds its batch interrupted and stops after the
    record in hand, so the restarted rest is not done twice."""
    numbers = _pending(tmp_path, 101, 102, 103)
    app = create_app()
    reviewer = staff_client(app, role="reviewer", region="11", name="rev")
    url = _start(reviewer, numbers).headers["location"]
    batch_id = url.rsplit("/", 1)[1]
    for _ in range(200):  # its thread has taken it and holds the first record
        if _progress(reviewer, url)["state"] == "running":
            break
        time.sleep(0.02)
    with session_scope() as s:  # as if three minutes had passed without a write
        row = s.get(ConsoleBatch, batch_id)
        assert row is not None and row.state == "running"
        row.updated_at = utcnow() - timedelta(minutes=3)
    assert _progress(reviewer, url)["state"] == "interrupted"
    rest = _start(reviewer, numbers[1:])  # the interrupted batch is released
    assert rest.status_code == 303
    hold.set()
    assert _finished(reviewer, rest.headers["location"]).count("已审核通过") == 2
    for _ in range(200):  # the old worker finishes the record in hand, then stops
        if len(events("records.approve")) == 3:
            break
        time.sleep(0.05)
    assert {e.entity_id for e in events("records.approve")} == set(numbers)
    time.sleep(0.2)
    old = _batch_row(batch_id)
    assert old.state == "interrupted" and old.done == 0 and json.loads(old.results) == []
    assert "已中断" in _text(reviewer.get(url, headers=HTML).text)
