"""Batch actions on a selection from the record list: approve or issue, up to MAX_BATCH records.

``POST /admin/batch`` (the list's checkboxes ``numbers`` and a button ``action``) answers with a
confirmation: how many, which, and those that will be refused already (outside the user's
region, a role the policy does not allow). ``POST /admin/batch/run`` starts the batch in a
background thread and redirects to ``/admin/batch/{id}``: a progress bar that the small script
``/admin/static/batch.js`` keeps current from ``/admin/batch/{id}/progress`` (without scripts the
page refreshes itself), then the per-record result table. Every record is looked up within the
user's region and authorised on its own, and the services audit each change on its own.

Jobs live in this process's memory (the console runs as one process per node; a job outlives
nothing but the page that watches it).
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse
from sqlalchemy.engine import Engine
from sqlmodel import col, select
from starlette.concurrency import run_in_threadpool

from core.clock import utcnow
from core.db import engine_for, session_scope
from core.errors import Conflict, EcertError, InvalidInput, NotFound
from core.identity import vault_for
from core.models import Credential
from core.policy import Action
from core.registry import approve_certificate, certificate_by_number
from core.settings import Settings
from core.states import ReviewState
from core.web import AppSettings, DbSession, StaffUser
from issuer._context import issuer_context
from issuer._inputs import check_issuable
from issuer._issuance import Selection, issue_batch
from issuer.console._action_kit import refusal, render, scoped

__all__ = ["BATCH_ACTIONS", "MAX_BATCH", "router"]

router = APIRouter()

#: the most records one batch takes (a larger selection is refused, not cut short)
MAX_BATCH = 500
#: finished jobs kept for their pages; the oldest finished are forgotten beyond this
_KEEP_JOBS = 64
_STATIC = Path(__file__).parent / "static"

#: action → (policy action, 中文, English)
BATCH_ACTIONS: dict[str, tuple[Action, str, str]] = {
    "approve": (Action.RECORD_APPROVE, "批量审核通过", "approve"),
    "issue": (Action.ISSUE, "批量签发电子证照", "issue credentials"),
}


@dataclass(frozen=True)
class Actor:
    """The signed-in user as the batch thread needs it (core.policy.Principal and a name)."""

    name: str
    role: str
    region: str


@dataclass
class Row:
    number: str
    ok: bool | None = None  # None: not done yet
    message: str = ""


@dataclass
class Job:
    id: str
    action: str
    owner: str
    rows: list[Row]
    started: Any = field(default_factory=utcnow)
    done: int = 0
    finished: bool = False
    error: str = ""

    @property
    def total(self) -> int:
        return len(self.rows)

    def progress(self) -> dict[str, Any]:
        return {"total": self.total, "done": self.done, "finished": self.finished,
                "ok": sum(1 for r in self.rows if r.ok), "error": self.error,
                "refused": sum(1 for r in self.rows if r.ok is False)}


_JOBS: dict[str, Job] = {}
_LOCK = threading.Lock()


def _remember(job: Job) -> None:
    with _LOCK:
        finished = [j for j in _JOBS.values() if j.finished]
        for old in finished[:max(0, len(_JOBS) + 1 - _KEEP_JOBS)]:
            _JOBS.pop(old.id, None)
        _JOBS[job.id] = job


def _job(job_id: str, user: Any) -> Job:
    job = _JOBS.get(job_id)
    if job is None or job.owner != user.name:
        raise NotFound("没有这个批量任务 (no such batch)", code="batch_not_found")
    return job


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


@router.post("/batch", response_class=HTMLResponse)
async def batch_confirm(request: Request, session: DbSession, user: StaffUser) -> HTMLResponse:
    """How many and which, before anything is done."""
    form = await request.form()
    numbers = [str(n) for n in form.getlist("numbers")]
    try:
        action, policy, unique = _selection(numbers, str(form.get("action", "")))
    except InvalidInput as exc:
        return render(request, "console/batch_confirm.html", {
            "error": exc, "action": "", "title": "批量办理", "rows": [], "numbers": []},
            status_code=422)
    rows = await run_in_threadpool(
        lambda: [(n, _refusal(session, n, user, policy)) for n in unique])
    return render(request, "console/batch_confirm.html", {
        "error": None, "action": action, "title": BATCH_ACTIONS[action][1], "rows": rows,
        "numbers": [n for n, why in rows if not why], "max_batch": MAX_BATCH})


@router.post("/batch/run", response_model=None)
async def batch_run(request: Request, user: StaffUser,
                    settings: AppSettings) -> RedirectResponse | HTMLResponse:
    """Start the batch; its page shows the progress."""
    form = await request.form()
    try:
        action, _policy, unique = _selection([str(n) for n in form.getlist("numbers")],
                                             str(form.get("action", "")))
    except InvalidInput as exc:
        return render(request, "console/batch_confirm.html", {
            "error": exc, "action": "", "title": "批量办理", "rows": [], "numbers": []},
            status_code=422)
    job = Job(secrets.token_urlsafe(12), action, user.name, [Row(n) for n in unique])
    _remember(job)
    actor = Actor(user.name, user.role, user.region)
    threading.Thread(target=_run, args=(job, actor, settings), name=f"batch-{job.id}",
                     daemon=True).start()
    return RedirectResponse(f"/admin/batch/{job.id}", status_code=303)


@router.get("/batch/{job_id}", response_class=HTMLResponse)
def batch_page(job_id: str, request: Request, user: StaffUser) -> HTMLResponse:
    """Progress while it runs, the per-record results when done."""
    job = _job(job_id, user)
    return render(request, "console/batch.html", {
        "job": job, "title": BATCH_ACTIONS[job.action][1], "progress": job.progress()})


@router.get("/batch/{job_id}/progress")
def batch_progress(job_id: str, user: StaffUser) -> JSONResponse:
    """How far the batch is: total, done, ok, refused, finished."""
    return JSONResponse(_job(job_id, user).progress(), headers={"Cache-Control": "no-store"})


@router.get("/static/batch.js", include_in_schema=False)
def batch_script(_user: StaffUser) -> FileResponse:
    """The progress poller (vanilla JS, served by the app: no CDN), for signed-in staff."""
    return FileResponse(_STATIC / "batch.js", media_type="text/javascript",
                        headers={"Cache-Control": "no-cache"})


# ---- the work -------------------------------------------------------------------------------

def _run(job: Job, actor: Actor, settings: Settings) -> None:
    engine = engine_for(settings)
    try:
        if job.action == "approve":
            _approve_all(job, actor, settings, engine)
        else:
            _issue_all(job, actor, settings, engine)
    except EcertError as exc:  # the whole batch refused (another issuance batch running, …)
        job.error = refusal(exc)
        for row in job.rows:
            if row.ok is None:
                row.ok, row.message = False, refusal(exc)
    except Exception as exc:  # noqa: BLE001 - the page must say it stopped, not spin for ever
        job.error = f"批量任务中断：{type(exc).__name__}"
        for row in job.rows:
            if row.ok is None:
                row.ok, row.message = False, job.error
    finally:
        job.done = job.total
        job.finished = True


def _approve_all(job: Job, actor: Actor, settings: Settings, engine: Engine) -> None:
    vault = vault_for(settings.secret)
    for row in job.rows:
        try:
            with session_scope(engine) as session:
                public, _ = scoped(session, row.number, actor, Action.RECORD_APPROVE)  # type: ignore[arg-type]
                if public.review_state == ReviewState.APPROVED:
                    raise Conflict("已审核通过，无需再次审核", code="already_approved")
                approve_certificate(session, row.number, actor=actor.name, vault=vault)
            row.ok, row.message = True, "已审核通过"
        except EcertError as exc:
            row.ok, row.message = False, refusal(exc)
        job.done += 1


def _issue_all(job: Job, actor: Actor, settings: Settings, engine: Engine) -> None:
    todo: list[str] = []
    ids: dict[int | None, str] = {}
    with session_scope(engine) as session:
        for row in job.rows:
            try:
                scoped(session, row.number, actor, Action.ISSUE)  # type: ignore[arg-type]
                cert = certificate_by_number(session, row.number)
                check_issuable(cert)
                current = session.exec(select(Credential.version).where(
                    Credential.certificate_id == cert.id,
                    col(Credential.superseded).is_(False))).first()
                if current is not None:
                    raise Conflict(f"已有有效的电子证照（第 {current} 版）", code="already_issued")
                todo.append(row.number)
                ids[cert.id] = row.number
            except EcertError as exc:
                row.ok, row.message = False, refusal(exc)
                job.done += 1
    if not todo:
        return
    by_number = {row.number: row for row in job.rows}

    def tick(count: int) -> None:
        job.done = min(job.total, job.done + count)

    summary = issue_batch(Selection(numbers=tuple(todo)), ctx=issuer_context(settings),
                          actor=actor.name, workers=1, on_done=tick, engine=engine)
    for art in summary.issued:
        by_number[art.number].ok = True
        by_number[art.number].message = f"已签发第 {art.version} 版"
    for number, failure in summary.failed:
        if number in by_number:
            by_number[number].ok, by_number[number].message = False, refusal(failure)
    for existing in summary.existing:  # issued by someone else meanwhile
        if (taken := ids.get(existing.certificate_id)) is not None:
            by_number[taken].ok = False
            by_number[taken].message = f"已有有效的电子证照（第 {existing.version} 版）"
    for row in job.rows:
        if row.ok is None:
            row.ok, row.message = False, "未签发"
