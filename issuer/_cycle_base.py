"""What the 定期注册 step services share: the details a teacher confirms, the one writer of a
step (``core.rules.advance`` → compare-and-set → audit → the teacher's notice after commit),
and batches that refuse each application for itself."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlmodel import Session

from core.audit import record_event
from core.clock import today
from core.errors import Conflict, EcertError, InvalidInput
from core.models import Certificate, RegistrationApplication
from core.rules import Decision, advance, clean_text
from core.states import ApplicationStep
from issuer._cycle import application_by_id, cycle_by_id, facts_of, save_application, windows_of
from issuer._cycle_notify import StepNotice, queue_notice

__all__ = [
    "SCHOOL_TYPES",
    "SOURCES",
    "ApplicationDetails",
    "BatchResult",
    "Refused",
    "certificate_of",
    "details_of",
    "run_many",
    "run_step",
    "snapshot",
]

SCHOOL_TYPES = {"public": "公办", "private": "民办"}
SOURCES = ("portal", "school", "staff")
_MAX_ASSESSMENTS = 10


@dataclass(frozen=True)
class ApplicationDetails:
    """What the teacher confirms or corrects (or the school submits): school, public or
    private, post, training hours, and the annual assessment results."""

    school: str
    school_type: str = "public"
    post: str = ""
    training_hours: int | None = None
    #: [{"year": 2024, "result": "合格"}, …]
    assessments: Sequence[Mapping[str, Any]] = field(default_factory=tuple)

    def values(self) -> dict[str, Any]:
        """The row's columns, checked: InvalidInput naming the field otherwise."""
        if self.school_type not in SCHOOL_TYPES:
            raise InvalidInput("学校类型应为 public（公办）或 private（民办）",
                               field="school_type", rule="school_type")
        hours = self.training_hours
        if hours is not None and (isinstance(hours, bool) or not 0 <= int(hours) <= 10_000):
            raise InvalidInput("培训学时应为 0–10000 的整数", field="training_hours",
                               rule="training_hours")
        post = self.post.strip()
        if post:
            post = clean_text(post, "post", max_length=64)
        return {"school": clean_text(self.school, "school", max_length=100),
                "school_type": self.school_type, "post": post,
                "training_hours": None if hours is None else int(hours),
                "assessments": json.dumps(_assessments(self.assessments), ensure_ascii=False)}


def _assessments(items: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    if len(items) > _MAX_ASSESSMENTS:
        raise InvalidInput(f"年度考核最多 {_MAX_ASSESSMENTS} 条", field="assessments",
                           rule="too_many")
    out = []
    for item in items:
        year = item.get("year")
        if not isinstance(year, int) or isinstance(year, bool) or not 1990 <= year <= 2100:
            raise InvalidInput(f"年度考核的年份无效：{year!r}", field="assessments",
                               rule="assessment_year")
        out.append({"year": year, "result": clean_text(str(item.get("result", "")),
                                                       "assessments.result", max_length=16)})
    return out


def details_of(app: RegistrationApplication) -> ApplicationDetails:
    """What the application holds now, as details to correct."""
    return ApplicationDetails(school=app.school, school_type=app.school_type, post=app.post,
                              training_hours=app.training_hours,
                              assessments=tuple(json.loads(app.assessments)))


@dataclass(frozen=True)
class Refused:
    """One application a batch step left alone, and why."""

    application_id: int
    code: str
    message: str


@dataclass
class BatchResult:
    """A step over many applications: the ids done, the ones refused (each for itself)."""

    done: list[int] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """As the JSON API answers it."""
        return {"done": self.done, "refused": [asdict(r) for r in self.refused]}


# ---- the one writer of a step ---------------------------------------------------------------

def snapshot(app: RegistrationApplication) -> dict[str, Any]:
    """The application as the audit log keeps it."""
    return app.model_dump(mode="json", exclude={"created_at", "updated_at"})


def certificate_of(session: Session, app: RegistrationApplication) -> Certificate:
    """The application's certificate."""
    cert = session.get(Certificate, app.certificate_id)
    assert cert is not None
    return cert


def run_step(session: Session, app: RegistrationApplication, step: ApplicationStep, *,
             actor: str, what: Callable[[RegistrationApplication], str],
             expected: int | None = None, decision: Decision | None = None,
             values: dict[str, Any] | None = None) -> RegistrationApplication:
    """advance → compare-and-set → audit → the teacher's notice (after commit)."""
    cycle = cycle_by_id(session, app.cycle_id)
    cert = certificate_of(session, app)
    if expected is not None and expected != app.row_version:
        raise Conflict(f"申请 #{app.id} 已被他人修改，请刷新后重试 (the application changed; "
                       "reload and retry)", code="stale_update", application_id=app.id)
    new = advance(facts_of(session, app, cert), step, today=today(), windows=windows_of(cycle),
                  decision=decision)
    before = snapshot(app)
    save_application(session, app, {"state": new.state, "conclusion": new.conclusion,
                                     "reason": new.reason, "notice_from": new.notice_from,
                                     **(values or {})}, expected=expected)
    record_event(session, actor=actor, action=f"application.{step.value}",
                 entity_type="registration_application", entity_id=f"{cert.number}/{app.id}",
                 before=before, after=snapshot(app))
    queue_notice(session, StepNotice(cert.holder_id, cert.number, what(app)))
    return app


def run_many(session: Session, ids: Iterable[int],
             run: Callable[[RegistrationApplication], object]) -> BatchResult:
    """Run a step on each application; a refusal is noted and the next one goes on (nothing of
    a refused one is written: every check comes before its write)."""
    result = BatchResult()
    for app_id in dict.fromkeys(ids):
        try:
            run(application_by_id(session, app_id))
        except EcertError as refused:
            result.refused.append(Refused(app_id, refused.code, refused.message))
        else:
            result.done.append(app_id)
    return result
