"""Console actions: each one a form, a confirmation showing what will change, and the change.

``GET /admin/records/{n}/act/{action}`` is the form; ``POST …/preview`` runs the very service
the API and the CLI call inside the request's transaction, reads what it changed (before →
after) and rolls it back, so the confirmation page shows exactly what ``POST …/confirm`` will do
and every refusal (core.rules, the issuer services) appears before anything is written;
``confirm`` runs it again for real and redirects to the record with a notice. A confirmation
carries the record's ``row_version``: if someone changed the record in between, the user is
asked to look again instead of confirming something they did not see.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ValidationError
from sqlmodel import Session, col, func, select
from starlette.concurrency import run_in_threadpool

from core.errors import Conflict, EcertError, InvalidInput
from core.identity import vault_for
from core.models import Certificate, CertificatePublic, Credential, Registration, User
from core.pages import cst, cst_date, label
from core.policy import Action
from core.records import AnnotationIn, RegistrationIn, ReissueIn, StatusIn
from core.registry import approve_certificate, certificate_by_number, record_criminal_check
from core.rules import QualificationType
from core.settings import Settings
from core.states import (
    AnnotationKind,
    QualificationStatus,
    RegistrationConclusion,
    ReviewState,
)
from core.web import AppSettings, DbSession, StaffUser
from issuer import _changes as changes
from issuer._inputs import check_issuable
from issuer._reissue import REISSUE_FIELDS, REISSUE_RULE, reissue
from issuer.console._action_kit import refusal, render, scoped
from issuer.console._audit_page import router as _audit_router
from issuer.console._batch import router as _batch_router
from issuer.console._reports import router as _reports_router

__all__ = ["ACTIONS", "Outcome", "router"]

router = APIRouter(prefix="/admin")
log = logging.getLogger("ecert.console")
M = TypeVar("M", bound=BaseModel)


# ---- what an action is ----------------------------------------------------------------------

@dataclass(frozen=True)
class Input:
    """One form field: name (as the service's model spells it), label, kind, choices."""

    name: str
    zh: str
    en: str
    kind: str = "text"  # text | textarea | date | select
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()
    hint: str = ""
    default: str = ""


@dataclass
class Outcome:
    """What an action changed: (what, before, after) rows, the number the record has now, and
    the certificate whose next credential is issued once the change is committed."""

    changes: list[tuple[str, str, str]] = field(default_factory=list)
    number: str = ""
    issue: str | None = None


Runner = Callable[[Session, CertificatePublic, dict[str, str], User, Settings], Outcome]


@dataclass(frozen=True)
class ConsoleAction:
    slug: str
    action: Action
    zh: str
    en: str
    run: Runner
    inputs: tuple[Input, ...] = ()
    explain: str = ""
    danger: bool = False
    done: str = "已完成"


# ---- inputs → the services' own models ------------------------------------------------------

def _model(model: type[M], values: dict[str, Any], labels: dict[str, str]) -> M:
    """``values`` through the same request model the API route uses; its refusal as the
    field's label and what is wrong (InvalidInput, shown on the page)."""
    try:
        return model.model_validate({k: v for k, v in values.items() if v != ""})
    except ValidationError as exc:
        first = exc.errors()[0]
        name = str(first["loc"][0]) if first["loc"] else ""
        raise InvalidInput(f"{labels.get(name, name)}：{_pydantic_zh(first)}（{first['msg']}）",
                           field=name, rule=str(first["type"])) from None


def _pydantic_zh(error: Any) -> str:
    kind = str(error.get("type", ""))
    if kind == "missing":
        return "必须填写"
    if kind.startswith("date"):
        return "日期格式应为 2026-12-04"
    return "格式不正确"


def _labels(spec: ConsoleAction) -> dict[str, str]:
    return {i.name: i.zh for i in spec.inputs}


def _current_credential(session: Session, cert_id: int) -> Credential | None:
    return session.exec(select(Credential).where(
        Credential.certificate_id == cert_id, col(Credential.superseded).is_(False))).first()


def _latest_version(session: Session, cert_id: int) -> int:
    latest = session.exec(select(func.max(Credential.version)).where(
        Credential.certificate_id == cert_id)).one()
    return int(latest or 0)


def _credential_change(session: Session, cert: Certificate, issue: bool) -> tuple[str, str, str]:
    """The credential row of a change that supersedes the current credential."""
    assert cert.id is not None
    latest = _latest_version(session, cert.id)
    before = f"第 {latest} 版" if latest else "尚未签发"
    after = (f"第 {latest} 版作废，签发第 {latest + 1} 版（签名 PDF + 二维码）" if issue
             else f"第 {latest} 版作废，新版本待签发" if latest else "待签发")
    return ("电子证照 credential", before, after)


# ---- the actions ----------------------------------------------------------------------------

def _criminal_check(session: Session, cert: CertificatePublic, _v: dict[str, str], user: User,
                    _s: Settings) -> Outcome:
    row = certificate_by_number(session, cert.number)
    before = (f"已完成（{row.criminal_check_by}，{cst(row.criminal_check_at)}）"
              if row.criminal_check_done else "未完成")
    done = record_criminal_check(session, cert.number, actor=user.name)
    return Outcome([("犯罪记录核查 criminal-record check", before,
                     f"已完成（{done.criminal_check_by}，{cst(done.criminal_check_at)}）")])


def _approve(session: Session, cert: CertificatePublic, _v: dict[str, str], user: User,
             settings: Settings) -> Outcome:
    if cert.review_state == ReviewState.APPROVED:
        raise Conflict(f"证书 {cert.number} 已审核通过，无需再次审核", code="already_approved")
    reviewed_by = certificate_by_number(session, cert.number).reviewed_by or ""
    done = approve_certificate(session, cert.number, actor=user.name,
                               vault=vault_for(settings.secret))
    out = Outcome([("审核状态 review", label(cert.review_state), label(done.review_state)),
                   ("审核人 reviewer", reviewed_by, user.name)])
    if not done.criminal_check_done:
        out.changes.append(("犯罪记录核查 criminal-record check", "未完成",
                            "未完成（签发前必须完成）"))
    return out


def _issue(session: Session, cert: CertificatePublic, _v: dict[str, str], _u: User,
           _s: Settings) -> Outcome:
    row = certificate_by_number(session, cert.number)
    assert row.id is not None
    check_issuable(row)
    current = _current_credential(session, row.id)
    if current is not None:
        raise Conflict(f"证书 {cert.number} 已有有效的电子证照（第 {current.version} 版），无需重新"
                       "签发；补发、换发或更正换发后才签发新版本", code="already_issued")
    latest = _latest_version(session, row.id)
    before = f"第 {latest} 版（已作废）" if latest else "尚未签发"
    return Outcome([("电子证照 credential", before,
                     f"签发第 {latest + 1} 版（签名 PDF + 二维码）")], issue=cert.number)


def _registration_text(reg: Registration | None) -> str:
    if reg is None:
        return "无"
    period = f" {cst_date(reg.valid_from)}至{cst_date(reg.valid_until)}" if reg.valid_from \
        else ""
    return f"{reg.conclusion}{period}（{cst_date(reg.decision_date)}决定）"


def _registration(session: Session, cert: CertificatePublic, v: dict[str, str], user: User,
                  _s: Settings) -> Outcome:
    body = _model(RegistrationIn, v, _labels(ACTIONS["registration"]))
    decision = body.required_decision_date()
    last = session.exec(select(Registration).where(Registration.certificate_id == cert.id)
                        .order_by(col(Registration.decision_date).desc(),
                                  col(Registration.id).desc())).first()
    before = _registration_text(last)
    reg = changes.add_registration(
        session, cert.number, conclusion=body.conclusion, decision_date=decision,
        valid_from=body.valid_from, valid_until=body.valid_until, authority=body.authority,
        actor=user.name)
    return Outcome([("定期注册 registration", f"最近一次：{before}", _registration_text(reg)),
                    ("注册机构 authority", "", reg.authority)])


def _annotation(session: Session, cert: CertificatePublic, v: dict[str, str], user: User,
                _s: Settings) -> Outcome:
    body = _model(AnnotationIn, {**v, "issue": v.get("issue") == "1"},
                  _labels(ACTIONS["annotation"]))
    row = certificate_by_number(session, cert.number)
    ann = changes.annotate(session, cert.number, kind=body.kind, text=body.text, date=body.date,
                           authority=body.authority, actor=user.name)
    kind = AnnotationKind(ann.kind)
    out = Outcome([("备注 remarks", "", f"{kind.zh}　{cst_date(ann.date)}　{ann.text}"
                                      f"（{ann.authority}）")])
    if kind.reprints:
        issue = body.issue
        out.changes.append(_credential_change(session, row, issue))
        out.issue = cert.number if issue else None
    return out


_REISSUE_LABELS = {"gender": "性别 gender", "qualification_type": "资格种类 qualification type",
                   "certificate_number": "证书号码 certificate number"}


def _shown(field_name: str, value: str) -> str:
    if field_name == "qualification_type" and value.isdigit():
        try:
            return f"{QualificationType(int(value)).label}（{value}）"
        except ValueError:
            return value
    return value


def _reissue(session: Session, cert: CertificatePublic, v: dict[str, str], user: User,
             _s: Settings) -> Outcome:
    body = _model(ReissueIn, {**v, "issue": v.get("issue") == "1"}, _labels(ACTIONS["reissue"]))
    row = certificate_by_number(session, cert.number)
    assert row.id is not None
    latest = _latest_version(session, row.id)
    result = reissue(session, cert.number, field=body.field, new_value=body.new_value,
                     reason=body.reason, document=body.document, actor=user.name)
    out = Outcome([(_REISSUE_LABELS[result.field], _shown(result.field, result.old_value),
                    _shown(result.field, result.new_value))], number=result.new_number)
    if result.in_place:
        out.changes.append(("证书号码 number", result.old_number, "不变（原记录上更正）"))
        out.changes.append(_credential_change(session, row, body.issue))
    else:
        out.changes.append(("证书号码 number", result.old_number, f"新证书 {result.new_number}"))
        out.changes.append(("原证书状态 old certificate", label(QualificationStatus.VALID),
                            label(QualificationStatus.REPLACED)))
        out.changes.append(("电子证照 credential", f"原证书第 {latest} 版" if latest else "无",
                            "作废；新证书签发第 1 版" if body.issue else "作废；新证书待签发"))
    out.issue = result.new_number if body.issue else None
    return out


def _status(kind: str) -> Runner:
    service = {"revoke": changes.revoke, "forfeit": changes.forfeit,
               "reinstate": changes.reinstate}[kind]

    def run(session: Session, cert: CertificatePublic, v: dict[str, str], user: User,
            _s: Settings) -> Outcome:
        body = _model(StatusIn, v, _labels(ACTIONS[kind]))
        event = service(session, cert.number, reason=body.reason, document=body.document,
                        effective_date=body.effective_date, actor=user.name)
        after = session.get(Certificate, event.certificate_id)
        assert after is not None
        out = Outcome([
            ("资格状态 status", label(QualificationStatus(cert.status)),
             label(QualificationStatus(after.status))),
            ("决定文书 decision", "", event.decision_document),
            ("生效日期 effective", "", cst_date(event.effective_date)),
            ("原因 reason", "", event.reason)])
        if event.reapply_after:
            out.changes.append(("可重新申请 may reapply", "", f"{cst_date(event.reapply_after)}起"))
        return out

    return run


def _today() -> str:
    from core.clock import today

    return today().isoformat()


_STATUS_INPUTS = (
    Input("document", "决定文书", "decision document", required=True,
          hint="文号及标题，如 京教师〔2026〕3号 关于撤销某某教师资格的决定"),
    Input("effective_date", "决定日期", "decision date", kind="date",
          hint="留空为今天 (default: today)"),
    Input("reason", "原因", "reason", kind="textarea", required=True),
)
_ISSUE_CHOICE = (("1", "立即签发新版本电子证照"), ("0", "暂不签发（稍后在记录页签发）"))

ACTIONS: dict[str, ConsoleAction] = {a.slug: a for a in (
    ConsoleAction("criminal-check", Action.CRIMINAL_CHECK, "登记犯罪记录核查",
                  "record the criminal-record check", _criminal_check,
                  explain="确认已按规定完成犯罪记录核查（签发前必须完成）。",
                  done="已登记犯罪记录核查"),
    ConsoleAction("approve", Action.RECORD_APPROVE, "审核通过", "approve", _approve,
                  explain="审核通过后，完成犯罪记录核查即可签发电子证照。记录须先通过全部校验。",
                  done="已审核通过"),
    ConsoleAction("issue", Action.ISSUE, "签发电子证照", "issue the credential", _issue,
                  explain="签发电子证照（二维码）与签名 PDF；补发、换发后签发新版本。",
                  done="已签发电子证照"),
    ConsoleAction("registration", Action.REGISTRATION, "登记定期注册结论",
                  "record a registration conclusion", _registration, inputs=(
                      Input("conclusion", "注册结论", "conclusion", kind="select", required=True,
                            choices=tuple((c.value, c.zh) for c in RegistrationConclusion)),
                      Input("decision_date", "决定日期", "decision date", kind="date",
                            required=True),
                      Input("valid_from", "注册有效期起", "valid from", kind="date",
                            hint="注册合格：留空为决定日期"),
                      Input("valid_until", "注册有效期至", "valid until", kind="date",
                            hint="注册合格：留空为五年"),
                      Input("authority", "注册机构", "authority",
                            hint="留空为发证机构")),
                  done="已登记定期注册结论"),
    ConsoleAction("annotation", Action.ANNOTATE, "填写备注", "annotate (备注)", _annotation,
                  inputs=(
                      Input("kind", "备注类型", "kind", kind="select", required=True,
                            choices=tuple((k.value, k.zh if k is not AnnotationKind.OTHER
                                           else "其他") for k in AnnotationKind),
                            default=AnnotationKind.CORRECTION.value),
                      Input("text", "备注内容", "text", kind="textarea", required=True),
                      Input("date", "日期", "date", kind="date", hint="留空为今天"),
                      Input("authority", "填写机构", "authority", hint="留空为发证机构"),
                      Input("issue", "补发/换发后", "after 补发/换发", kind="select",
                            choices=_ISSUE_CHOICE, default="1")),
                  explain="补发、换发：原电子证照作废，按同一证书号码签发新版本。",
                  done="已填写备注"),
    ConsoleAction("reissue", Action.REISSUE, "更正后换发证书", "reissue after a correction",
                  _reissue, inputs=(
                      Input("field", "有误的项目", "field", kind="select", required=True,
                            choices=tuple((f, _REISSUE_LABELS[f].split()[0])
                                          for f in REISSUE_FIELDS)),
                      Input("new_value", "正确的值", "correct value", required=True,
                            hint="性别：男/女；资格种类：名称或代码；证书号码：17 位"),
                      Input("reason", "原因", "reason", required=True),
                      Input("document", "依据文书", "document", hint="可留空"),
                      Input("issue", "换发后", "afterwards", kind="select",
                            choices=_ISSUE_CHOICE, default="1")),
                  explain=REISSUE_RULE, done="已换发证书"),
    ConsoleAction("revoke", Action.REVOKE, "撤销教师资格", "revoke", _status("revoke"),
                  inputs=_STATUS_INPUTS, danger=True,
                  explain="撤销（第十九条）：自撤销之日起五年内不得重新申请认定。",
                  done="已撤销教师资格"),
    ConsoleAction("forfeit", Action.FORFEIT, "认定丧失教师资格", "forfeiture",
                  _status("forfeit"), inputs=_STATUS_INPUTS, danger=True,
                  explain="丧失（第十八条）：不得重新取得教师资格。", done="已登记丧失教师资格"),
    ConsoleAction("reinstate", Action.REINSTATE, "恢复教师资格", "reinstate",
                  _status("reinstate"), inputs=_STATUS_INPUTS,
                  explain="原撤销或丧失决定被依法撤销后，恢复为有效。", done="已恢复教师资格"),
)}


# ---- the routes -----------------------------------------------------------------------------

def _spec(action: str) -> ConsoleAction:
    spec = ACTIONS.get(action)
    if spec is None:
        from core.errors import NotFound

        raise NotFound(f"没有这个操作：{action}", code="unknown_action")
    return spec


def _values(spec: ConsoleAction, form: Any) -> dict[str, str]:
    return {i.name: str(form.get(i.name, "") or "").strip()[:2000] for i in spec.inputs}


def _form_page(request: Request, spec: ConsoleAction, cert: CertificatePublic,
               values: dict[str, str], error: EcertError | None = None) -> HTMLResponse:
    if not values:
        values = {i.name: (_today() if i.name == "effective_date" else i.default)
                  for i in spec.inputs}
    return render(request, "console/action_form.html", {
        "spec": spec, "cert": cert, "values": values, "error": error,
        "message": refusal(error) if error else ""},
        status_code=200 if error is None else _status_code(error))


def _status_code(error: EcertError) -> int:
    return error.http_status if 400 <= error.http_status < 500 else 409


@router.get("/records/{number}/act/{action}", response_class=HTMLResponse)
def action_form(number: str, action: str, request: Request, session: DbSession,
                user: StaffUser) -> HTMLResponse:
    """The action's form (or, for one without inputs, its explanation and a preview button)."""
    spec = _spec(action)
    cert, _ = scoped(session, number, user, spec.action)
    return _form_page(request, spec, cert, {})


@router.post("/records/{number}/act/{action}/preview", response_class=HTMLResponse)
async def action_preview(number: str, action: str, request: Request, session: DbSession,
                         user: StaffUser, settings: AppSettings) -> HTMLResponse:
    """Run the action in the request's transaction, show what it changed, roll it back."""
    spec = _spec(action)
    values = _values(spec, await request.form())
    # the services block (database, PDF signing runs its own event loop): off the loop
    return await run_in_threadpool(_preview, request, session, user, settings, spec, number,
                                   values)


def _preview(request: Request, session: Session, user: User, settings: Settings,
             spec: ConsoleAction, number: str, values: dict[str, str]) -> HTMLResponse:
    cert, _ = scoped(session, number, user, spec.action)
    row_version = certificate_by_number(session, cert.number).row_version
    try:
        outcome = spec.run(session, cert, values, user, settings)
        session.flush()
    except EcertError as exc:
        return _form_page(request, spec, cert, values, exc)
    finally:
        session.rollback()  # a preview writes nothing (its audit events are dropped too)
    return render(request, "console/confirm.html", {
        "spec": spec, "cert": cert, "values": values, "outcome": outcome,
        "row_version": row_version})


@router.post("/records/{number}/act/{action}/confirm", response_model=None)
async def action_confirm(number: str, action: str, request: Request, session: DbSession,
                         user: StaffUser, settings: AppSettings) -> Response:
    """Do it, then back to the record with a notice (or the form again with the refusal)."""
    spec = _spec(action)
    form = await request.form()
    values = _values(spec, form)
    seen = str(form.get("row_version", ""))
    return await run_in_threadpool(_confirm, request, session, user, settings, spec, number,
                                   values, seen)


def _confirm(request: Request, session: Session, user: User, settings: Settings,
             spec: ConsoleAction, number: str, values: dict[str, str], seen: str) -> Response:
    cert, _ = scoped(session, number, user, spec.action)
    row = certificate_by_number(session, cert.number)
    try:
        if seen != str(row.row_version):
            raise Conflict("记录在您确认前已被修改，请查看后重新确认 (the record changed; "
                           "preview again)", code="stale_preview")
        outcome = spec.run(session, cert, values, user, settings)
        session.flush()
    except EcertError as exc:
        session.rollback()
        return _form_page(request, spec, cert, values, exc)
    target = outcome.number or cert.number
    query = f"done={spec.slug}"
    if outcome.issue:
        session.commit()  # issuance commits its own rows: the change must be durable first
        issued = changes.issue_current(outcome.issue, actor=user.name, settings=settings)
        if issued.error:
            log.warning("console: %s not issued after %s: %s", outcome.issue, spec.slug,
                        issued.error)
            if spec.slug == "issue":  # nothing else was changed: say why on the form
                failed = Conflict(str(issued.error.get("message", "")),
                                  code=str(issued.error.get("code", "not_issued")))
                return _form_page(request, spec, cert, values, failed)
            # the change is made; the record page says the credential is not (by its code
            # only: a link must not carry text the page would show as the system's)
            code = re.sub(r"[^a-z0-9_]", "", str(issued.error.get("code", "")))[:40]
            query += f"&issue_error={code or 'not_issued'}"
        else:
            query += f"&version={issued.version}"
    return RedirectResponse(f"/admin/records/{quote(target)}?{query}", status_code=303)


router.include_router(_batch_router)
router.include_router(_reports_router)
router.include_router(_audit_router)
