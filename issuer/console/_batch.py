"""Batch actions on a selection from the record list: approve or issue, up to MAX_BATCH records.

``POST /admin/batch`` (the list's checkboxes ``numbers`` and a button ``action``) answers with a
confirmation: how many, which, and those that will be refused already (outside the user's
region, a role the policy does not allow). ``POST /admin/batch/run`` records the batch in the
registry (core.models.ConsoleBatch), starts it in a background thread of this process and
redirects to ``/admin/batch/{id}``: a progress bar that the small script
``/admin/static/batch.js`` keeps current from ``/admin/batch/{id}/progress`` (without scripts the
page refreshes itself), then the per-record result table. Every record is looked up within the
user's region and authorised on its own, and the services audit each change on its own.

The batch's row is the only shared state: the thread writes its progress after every record
(its own short transaction) and touches the row every HEARTBEAT_SECONDS, so any server process
(``ecert serve --workers N``) shows the page, and a restart loses nothing that was done. A
running batch whose row has not been written for STALE_AFTER lost its process: it is shown as
interrupted (已中断) with what was done, and the page offers the remaining records again (a new
batch, through the same confirmation). A user has one running batch at a time (the unique
``running_user_id``); a batch belongs to its owner (others get 404).
"""

from __future__ import annotations

import json
import logging
import secrets
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse
from sqlalchemy import delete, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select
from starlette.concurrency import run_in_threadpool

from core.clock import utcnow
from core.db import engine_for, session_scope
from core.errors import Conflict, EcertError, InvalidInput, NotFound
from core.identity import vault_for
from core.models import ConsoleBatch, Credential
from core.policy import Action
from core.registry import approve_certificate, certificate_by_number
from core.settings import Settings
from core.states import ReviewState
from core.web import AppSettings, DbSession, StaffUser
from issuer._context import issuer_context
from issuer._inputs import check_issuable
from issuer._issuance import Selection, issue_batch
from issuer.console._action_kit import refusal, render, scoped

__all__ = ["BATCH_ACTIONS", "MAX_BATCH", "STALE_AFTER", "router"]

router = APIRouter()
log = logging.getLogger("ecert.console")

#: the most records one batch takes (a larger selection is refused, not cut short)
MAX_BATCH = 500
#: a queued or running batch whose row was not written for this long has lost its process
STALE_AFTER = timedelta(minutes=2)
#: how often a running batch touches its row (well inside STALE_AFTER)
HEARTBEAT_SECONDS = 15.0
#: batches are deleted this long after their last change (when anyone starts a batch)
KEEP_FOR = timedelta(days=30)
_STATIC = Path(__file__).parent / "static"

QUEUED, RUNNING, FINISHED, INTERRUPTED = "queued", "running", "finished", "interrupted"
_ACTIVE = (QUEUED, RUNNING)

#: action → (policy action, 中文, English)
BATCH_ACTIONS: dict[str, tuple[Action, str, str]] = {
    "approve": (Action.RECORD_APPROVE, "批量审核通过", "approve"),
    "issue": (Action.ISSUE, "批量签发电子证照", "issue credentials"),
}


@dataclass(frozen=True)
class Actor:
    """The signed-in user as the batch thread needs it (core.policy.Principal and a name)."""

    id: int
    name: str
    role: str
    region: str


@dataclass
class Row:
    number: str
    ok: bool | None = None  # None: not done
    message: str = ""


@dataclass
class Job:
    """A batch as its page shows it (read from its row; the state says whether it is stale)."""

    id: str
    action: str
    state: str
    rows: list[Row]
    done: int
    error: str
    updated_at: datetime
    running: str = ""  # another running batch of this user (refusing a restart), if any
    remaining: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def finished(self) -> bool:
        """Nothing more will happen: the page shows the result table."""
        return self.state in (FINISHED, INTERRUPTED)

    @property
    def interrupted(self) -> bool:
        return self.state == INTERRUPTED

    def progress(self) -> dict[str, Any]:
        return {"total": self.total, "done": self.done, "finished": self.finished,
                "state": self.state, "ok": sum(1 for r in self.rows if r.ok),
                "refused": sum(1 for r in self.rows  # refused, and not done when it stopped
                               if r.ok is False or (self.interrupted and r.ok is None)),
                "error": self.error,
                "remaining": len(self.remaining)}


class BatchInProgress(Conflict):
    """The user already has a running batch (``details['batch']`` is its id)."""

    code = "batch_in_progress"


def _state(row: ConsoleBatch, now: datetime) -> str:
    if row.state in _ACTIVE and now - row.updated_at > STALE_AFTER:
        return INTERRUPTED
    return row.state


def _job(row: ConsoleBatch, now: datetime) -> Job:
    state = _state(row, now)
    results = {r["number"]: r for r in json.loads(row.results)}
    rows: list[Row] = []
    for number in json.loads(row.numbers):
        if (r := results.get(number)) is not None:
            rows.append(Row(number, bool(r["ok"]), str(r["message"])))
        elif state == INTERRUPTED:
            rows.append(Row(number, None, "未办理：批量任务已中断 (not done: interrupted)"))
        else:
            rows.append(Row(number))
    remaining = [r.number for r in rows if r.ok is None] if state == INTERRUPTED else []
    error = row.error
    if state == INTERRUPTED and not error:
        error = (f"批量任务已中断：办理它的服务进程已停止。已办理 {len(rows) - len(remaining)}"
                 f" / {len(rows)} 条，其余 {len(remaining)} 条未办理。"
                 " (interrupted: the server process stopped)")
    done = len(rows) if state == FINISHED else min(row.done, len(rows))
    return Job(row.id, row.action, state, rows, done, error, row.updated_at,
               remaining=remaining)


def _load(session: Session, batch_id: str, user: Any) -> Job:
    row = session.get(ConsoleBatch, batch_id)
    if row is None or row.user_id != user.id:
        raise NotFound("没有这个批量任务 (no such batch)", code="batch_not_found")
    job = _job(row, utcnow())
    if job.interrupted and job.remaining:
        job.running = _running(session, user.id) or ""
    return job


def _running(session: Session, user_id: int) -> str | None:
    """The id of ``user_id``'s batch that is queued or running and alive, if any."""
    row = session.exec(select(ConsoleBatch).where(
        col(ConsoleBatch.running_user_id) == user_id)).first()
    if row is None or _state(row, utcnow()) not in _ACTIVE:
        return None
    return row.id


def _busy(session: Session, user_id: int) -> BatchInProgress | None:
    running = _running(session, user_id)
    if running is None:
        return None
    return BatchInProgress("您已有一个批量任务正在办理，请等它完成后再开始新的批量任务"
                           " (one batch at a time: yours is still running)", batch=running)


def _selection(numbers: list[str], action: str) -> tuple[str, Action, list[str]]:
    if action not in BATCH_ACTIONS:
        raise InvalidInput(f"未知的批量操作 {action!r}（应为 approve 或 issue）", field="action",
                           rule="unknown_batch_action")
    unique = list(dict.fromkeys(n.strip() for n in numbers if n.strip()))
    if not unique:
        raise InvalidInput("请先在列表中勾选记录 (select records first)", field="numbers",
                           rule="required")
    if len(unique) > MAX_BATCH:
        raise InvalidInput(f"一次最多 {MAX_BATCH} 条，您选择了 {len(unique)} 条；请分批办理",
                           field="numbers", rule="too_many")
    return action, BATCH_ACTIONS[action][0], unique


def _refusal(session: Any, number: str, user: Any, action: Action) -> str:
    """'' when ``user`` may do ``action`` on ``number``; else the reason (region, role)."""
    try:
        scoped(session, number, user, action)
    except EcertError as exc:
        return refusal(exc)
    return ""


def _refused(request: Request, error: InvalidInput, status_code: int) -> HTMLResponse:
    """The confirmation page with only the refusal."""
    return render(request, "console/batch_confirm.html", {
        "error": error, "action": "", "title": "批量办理", "rows": [], "numbers": []},
        status_code=status_code)


def _running_page(request: Request, engine: Engine, user: Any,
                  busy: BatchInProgress) -> HTMLResponse:
    """A new batch refused while ``user``'s batch runs: that batch's page, with the refusal."""
    with session_scope(engine) as session:
        job = _load(session, busy.details["batch"], user)
    return render(request, "console/batch.html", {
        "job": job, "title": BATCH_ACTIONS[job.action][1], "progress": job.progress(),
        "refused": busy.message}, status_code=409)


@router.post("/batch", response_class=HTMLResponse)
async def batch_confirm(request: Request, session: DbSession, user: StaffUser,
                        settings: AppSettings) -> HTMLResponse:
    """How many and which, before anything is done."""
    form = await request.form()
    numbers = [str(n) for n in form.getlist("numbers")]
    try:
        action, policy, unique = _selection(numbers, str(form.get("action", "")))
    except InvalidInput as exc:
        return _refused(request, exc, 422)
    if (busy := await run_in_threadpool(_busy, session, user.id)) is not None:  # type: ignore[arg-type]
        return await run_in_threadpool(_running_page, request, engine_for(settings), user,
                                     busy)
    rows = await run_in_threadpool(
        lambda: [(n, _refusal(session, n, user, policy)) for n in unique])
    return render(request, "console/batch_confirm.html", {
        "error": None, "action": action, "title": BATCH_ACTIONS[action][1], "rows": rows,
        "numbers": [n for n, why in rows if not why], "max_batch": MAX_BATCH})


def _start(engine: Engine, user_id: int, action: str, numbers: list[str]) -> str:
    """Record a new batch for ``user_id`` (refused while another of theirs runs); its id.

    The user's batches that lost their process are marked interrupted first; the unique
    ``running_user_id`` refuses a second batch started at the same instant by another process.
    """
    now = utcnow()
    try:
        with session_scope(engine) as session:
            session.execute(update(ConsoleBatch).where(
                col(ConsoleBatch.running_user_id) == user_id,
                col(ConsoleBatch.updated_at) < now - STALE_AFTER,
            ).values(state=INTERRUPTED, running_user_id=None))
            if (busy := _busy(session, user_id)) is not None:
                raise busy
            session.execute(delete(ConsoleBatch).where(  # anyone's, done or long dead
                col(ConsoleBatch.updated_at) < now - KEEP_FOR))
            batch_id = secrets.token_urlsafe(16)
            session.add(ConsoleBatch(
                id=batch_id, user_id=user_id, running_user_id=user_id, action=action,
                numbers=json.dumps(numbers), total=len(numbers), state=QUEUED,
                created_at=now, updated_at=now))
    except Conflict as exc:
        if exc.code not in ("write_conflict", "concurrent_write"):
            raise
        with session_scope(engine) as session:  # lost the race to another start
            busy = _busy(session, user_id)
        if busy is None:
            raise
        raise busy from exc
    return batch_id


@router.post("/batch/run", response_model=None)
async def batch_run(request: Request, user: StaffUser,
                    settings: AppSettings) -> RedirectResponse | HTMLResponse:
    """Start the batch; its page shows the progress."""
    form = await request.form()
    try:
        action, _policy, unique = _selection([str(n) for n in form.getlist("numbers")],
                                             str(form.get("action", "")))
    except InvalidInput as exc:
        return _refused(request, exc, 422)
    engine = engine_for(settings)
    assert user.id is not None
    try:
        batch_id = await run_in_threadpool(_start, engine, user.id, action, unique)
    except BatchInProgress as exc:
        return await run_in_threadpool(_running_page, request, engine, user, exc)
    actor = Actor(user.id, user.name, user.role, user.region)
    threading.Thread(target=_run, args=(batch_id, actor, settings), name=f"batch-{batch_id}",
                     daemon=True).start()
    return RedirectResponse(f"/admin/batch/{batch_id}", status_code=303)


@router.get("/batch/{batch_id}", response_class=HTMLResponse)
def batch_page(batch_id: str, request: Request, session: DbSession,
               user: StaffUser) -> HTMLResponse:
    """Progress while it runs, the per-record results when done or interrupted."""
    job = _load(session, batch_id, user)
    return render(request, "console/batch.html", {
        "job": job, "title": BATCH_ACTIONS[job.action][1], "progress": job.progress()})


@router.get("/batch/{batch_id}/progress")
def batch_progress(batch_id: str, session: DbSession, user: StaffUser) -> JSONResponse:
    """How far the batch is: total, done, ok, refused, finished, state."""
    return JSONResponse(_load(session, batch_id, user).progress(),
                        headers={"Cache-Control": "no-store"})


@router.get("/static/batch.js", include_in_schema=False)
def batch_script(_user: StaffUser) -> FileResponse:
    """The progress poller (vanilla JS, served by the app: no CDN), for signed-in staff."""
    return FileResponse(_STATIC / "batch.js", media_type="text/javascript",
                        headers={"Cache-Control": "no-cache"})


# ---- the work -------------------------------------------------------------------------------

class _Abandoned(Exception):
    """The batch's row is no longer running (declared interrupted): stop writing to it."""


class _Progress:
    """The batch's row as its thread writes it: every outcome in its own short transaction,
    only while the row is still running."""

    def __init__(self, engine: Engine, batch_id: str, numbers: list[str]) -> None:
        self.engine, self.id, self.numbers = engine, batch_id, numbers
        self.done = 0
        self.results: dict[str, tuple[bool, str]] = {}
        self.lock = threading.Lock()

    def _write(self, **values: Any) -> bool:
        with session_scope(self.engine) as session:
            result = session.execute(update(ConsoleBatch).where(
                col(ConsoleBatch.id) == self.id, col(ConsoleBatch.state) == RUNNING,
            ).values(updated_at=utcnow(), **values))
        return bool(getattr(result, "rowcount", 0))

    def _results(self) -> str:
        return json.dumps([{"number": n, "ok": ok, "message": m}
                           for n, (ok, m) in self.results.items()], ensure_ascii=False)

    def claim(self) -> bool:
        """queued → running; False when the batch is no longer queued."""
        with session_scope(self.engine) as session:
            result = session.execute(update(ConsoleBatch).where(
                col(ConsoleBatch.id) == self.id, col(ConsoleBatch.state) == QUEUED,
            ).values(state=RUNNING, updated_at=utcnow()))
        return bool(getattr(result, "rowcount", 0))

    def beat(self) -> None:
        with self.lock:
            self._write()

    def record(self, number: str, ok: bool, message: str, *, ticks: int = 1) -> None:
        """One more record's outcome (``ticks``: how many records it moves ``done`` on)."""
        self.results[number] = (ok, message)
        self.done = min(len(self.numbers), self.done + ticks)
        self.save()

    def save(self) -> None:
        with self.lock:
            if not self._write(done=self.done, results=self._results()):
                raise _Abandoned(self.id)

    def finish(self, error: str) -> None:
        for number in self.numbers:
            if number not in self.results:
                self.results[number] = (False, error or "未办理")
        with self.lock:
            self._write(done=len(self.numbers), results=self._results(), error=error,
                        state=FINISHED, running_user_id=None, finished_at=utcnow())


def _heartbeat(progress: _Progress, stop: threading.Event) -> None:
    while not stop.wait(HEARTBEAT_SECONDS):
        try:
            progress.beat()
        except Exception:  # noqa: BLE001 - a missed beat is retried; the batch goes on
            log.warning("batch %s: heartbeat not written", progress.id, exc_info=True)


def _run(batch_id: str, actor: Actor, settings: Settings) -> None:
    engine = engine_for(settings)
    with session_scope(engine) as session:
        row = session.get(ConsoleBatch, batch_id)
        numbers: list[str] = json.loads(row.numbers) if row is not None else []
        action = row.action if row is not None else ""
    progress = _Progress(engine, batch_id, numbers)
    if not progress.claim():
        return
    stop = threading.Event()
    threading.Thread(target=_heartbeat, args=(progress, stop), daemon=True,
                     name=f"batch-{batch_id}-heartbeat").start()
    error = ""
    try:
        if action == "approve":
            _approve_all(progress, actor, settings, engine)
        else:
            _issue_all(progress, actor, settings, engine)
    except _Abandoned:
        log.warning("batch %s: declared interrupted while running; stopped", batch_id)
        return
    except EcertError as exc:  # the whole batch refused (another issuance batch running, …)
        error = refusal(exc)
    except Exception as exc:  # noqa: BLE001 - the page must say it stopped, not spin for ever
        log.exception("batch %s failed", batch_id)
        error = f"批量任务中断：{type(exc).__name__}"
    finally:
        stop.set()
    try:
        progress.finish(error)
    except Exception:  # noqa: BLE001 - the row goes stale and is shown as interrupted
        log.exception("batch %s: result not written", batch_id)


def _approve_all(progress: _Progress, actor: Actor, settings: Settings, engine: Engine) -> None:
    vault = vault_for(settings.secret)
    for number in progress.numbers:
        try:
            with session_scope(engine) as session:
                public, _ = scoped(session, number, actor, Action.RECORD_APPROVE)  # type: ignore[arg-type]
                if public.review_state == ReviewState.APPROVED:
                    raise Conflict("已审核通过，无需再次审核", code="already_approved")
                approve_certificate(session, number, actor=actor.name, vault=vault)
            ok, message = True, "已审核通过"
        except EcertError as exc:
            ok, message = False, refusal(exc)
        progress.record(number, ok, message)


def _issue_all(progress: _Progress, actor: Actor, settings: Settings, engine: Engine) -> None:
    todo: list[str] = []
    ids: dict[int, str] = {}
    with session_scope(engine) as session:
        for number in progress.numbers:
            try:
                scoped(session, number, actor, Action.ISSUE)  # type: ignore[arg-type]
                cert = certificate_by_number(session, number)
                check_issuable(cert)
                current = session.exec(select(Credential.version).where(
                    Credential.certificate_id == cert.id,
                    col(Credential.superseded).is_(False))).first()
                if current is not None:
                    raise Conflict(f"已有有效的电子证照（第 {current} 版）", code="already_issued")
                assert cert.id is not None
                todo.append(number)
                ids[cert.id] = number
            except EcertError as exc:
                progress.results[number] = (False, refusal(exc))
                progress.done += 1
        newest = session.exec(select(func.max(Credential.id))).one() or 0
    progress.save()
    if not todo:
        return

    def tick(count: int) -> None:
        """A group was recorded: the credentials it issued (newer than the batch) by number."""
        with session_scope(engine) as session:
            issued = session.exec(select(Credential.certificate_id, Credential.version).where(
                col(Credential.id) > newest, col(Credential.certificate_id).in_(list(ids)),
                col(Credential.superseded).is_(False))).all()
        for cert_id, version in issued:
            if ids[cert_id] not in progress.results:
                progress.results[ids[cert_id]] = (True, f"已签发第 {version} 版")
        progress.done = min(len(progress.numbers), progress.done + count)
        progress.save()

    summary = issue_batch(Selection(numbers=tuple(todo)), ctx=issuer_context(settings),
                          actor=actor.name, workers=1, on_done=tick, engine=engine)
    for art in summary.issued:
        progress.results[art.number] = (True, f"已签发第 {art.version} 版")
    for number, failure in summary.failed:
        if number in ids.values():
            progress.results[number] = (False, refusal(failure))
    for existing in summary.existing:  # issued by someone else meanwhile
        if (taken := ids.get(existing.certificate_id)) is not None:
            progress.results[taken] = (False, f"已有有效的电子证照（第 {existing.version} 版）")
    for number in todo:
        progress.results.setdefault(number, (False, "未签发"))
    progress.save()
