"""Console actions (/admin/records/{n}/act/…): each action's form, a preview that shows exactly
what will change and writes nothing, a confirmation that does it (audited, with the user as
actor) and returns to the record with a notice; refusals with the rules' reasons; region 404
and role 403; batches; report downloads; the audit page; the criminal-check CLI."""

from __future__ import annotations

import re
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import select

from core.db import session_scope
from core.models import AuditEvent, Credential
from core.states import QualificationStatus, ReviewState
from ecert.app import create_app
from ecert.cli import main
from tests.factories import record, write_jsonl
from tests.issuer._status_support import cert, events, seed
from tests.staffing import staff_client

STATUS = {"document": "京教师〔2026〕3号 关于撤销李小梅教师资格的决定",
          "effective_date": "2026-10-30", "reason": "弄虚作假取得教师资格"}
HTML = {"Accept": "text/html"}


@pytest.fixture
def app(registry: Engine):  # type: ignore[no-untyped-def]
    """The app on each database (a preview's rollback, a refusal mid-transaction)."""
    return create_app()


@pytest.fixture
def number(registry: Engine) -> str:
    return seed(1)[0]


@pytest.fixture
def reviewer(app) -> TestClient:  # type: ignore[no-untyped-def]
    return staff_client(app, role="reviewer", region="11", name="rev")


def _post(client: TestClient, url: str, data: dict[str, str] | None = None,
          **extra: str) -> httpx.Response:
    body: dict[str, str] = {"csrf_token": client.csrf, **(data or {}), **extra}  # type: ignore[attr-defined]
    return client.post(url, data=body, headers=HTML, follow_redirects=False)


def _act(client: TestClient, number: str, action: str, data: dict[str, str] | None = None
         ) -> httpx.Response:
    """Preview, then confirm with what the confirmation page carries; the confirm response."""
    preview = _post(client, f"/admin/records/{number}/act/{action}/preview", data)
    assert preview.status_code == 200, preview.text
    version = re.search(r'name="row_version" value="(\d+)"', preview.text)
    assert version, preview.text
    return _post(client, f"/admin/records/{number}/act/{action}/confirm", data,
                 row_version=version.group(1))


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_revoke_form_preview_confirm_and_the_notice(reviewer: TestClient, number: str) -> None:
    form = reviewer.get(f"/admin/records/{number}/act/revoke", headers=HTML)
    assert form.status_code == 200 and "撤销教师资格" in form.text and "决定文书" in form.text
    assert 'name="csrf_token"' in form.text
    preview = _post(reviewer, f"/admin/records/{number}/act/revoke/preview", STATUS)
    shown = _text(preview.text)
    assert preview.status_code == 200 and "请确认" in shown
    assert "有效 已撤销" in shown  # status before → after
    assert "2031年10月30日起" in shown  # 5-year reapplication bar
    assert "京教师〔2026〕3号" in shown
    with session_scope() as s:  # a preview writes nothing
        assert cert(s, number).status == QualificationStatus.VALID
    assert events("status.") == []
    version = re.search(r'name="row_version" value="(\d+)"', preview.text)
    assert version
    done = _post(reviewer, f"/admin/records/{number}/act/revoke/confirm", STATUS,
                 row_version=version.group(1))
    assert done.status_code == 303
    assert done.headers["location"] == f"/admin/records/{number}?done=revoke"
    with session_scope() as s:
        assert cert(s, number).status == QualificationStatus.REVOKED
    assert {e.actor for e in events("status.revocation")} == {"rev"}
    audited = len(events("status.revocation"))
    page = reviewer.get(done.headers["location"], headers=HTML)
    assert "已撤销教师资格" in page.text
    # revoking twice: refused with the rules' reason, the typed input kept
    again = _post(reviewer, f"/admin/records/{number}/act/revoke/preview", STATUS)
    assert again.status_code == 409 and "不能办理" in again.text
    assert "京教师〔2026〕3号" in again.text
    assert len(events("status.revocation")) == audited


def test_a_stale_confirmation_is_refused(reviewer: TestClient, number: str) -> None:
    done = _post(reviewer, f"/admin/records/{number}/act/revoke/confirm", STATUS,
                 row_version="0")
    assert done.status_code == 409 and "已被修改" in done.text
    assert events("status.") == []


def test_registration_preview_shows_the_period_and_contradictions_are_refused(
        reviewer: TestClient, number: str) -> None:
    data = {"conclusion": "注册合格", "decision_date": "2026-10-30", "valid_from": "2027-09-01"}
    preview = _post(reviewer, f"/admin/records/{number}/act/registration/preview", data)
    shown = _text(preview.text)
    assert "2027年09月01日至2032年08月31日" in shown
    assert "2022年09月01日至2027年08月31日" in shown  # the latest one, before
    assert _act(reviewer, number, "registration", data).status_code == 303
    contradiction = {"conclusion": "注册不合格", "decision_date": "2026-10-30"}
    refused = _post(reviewer, f"/admin/records/{number}/act/registration/preview", contradiction)
    assert refused.status_code == 409 and "不能办理" in refused.text
    missing = _post(reviewer, f"/admin/records/{number}/act/registration/preview",
                    {"conclusion": "暂缓注册", "decision_date": "2026-13-01"})
    assert missing.status_code == 422 and "决定日期" in missing.text
    assert len([e for e in events("registration.add") if e.entity_type == "registration"]) == 1


def test_annotation_and_reissue(reviewer: TestClient, number: str) -> None:
    data = {"kind": "correction", "text": "出生日期更正为1990年3月7日", "issue": "1"}
    preview = _post(reviewer, f"/admin/records/{number}/act/annotation/preview", data)
    assert "更正" in preview.text and "出生日期更正为1990年3月7日" in preview.text
    assert _act(reviewer, number, "annotation", data).status_code == 303
    assert {e.actor for e in events("annotation.correction")} == {"rev"}
    data = {"field": "qualification_type", "new_value": "3", "reason": "录入错误", "issue": "0"}
    preview = _post(reviewer, f"/admin/records/{number}/act/reissue/preview", data)
    shown = _text(preview.text)
    assert "高级中学教师资格（4） 初级中学教师资格（3）" in shown
    new = number[:9] + "3" + number[10:]
    assert f"新证书 {new}" in shown and "已换发" in shown
    done = _act(reviewer, number, "reissue", data)
    assert done.headers["location"] == f"/admin/records/{new}?done=reissue"
    with session_scope() as s:
        assert cert(s, number).status == QualificationStatus.REPLACED
    refused = _post(reviewer, f"/admin/records/{number}/act/reissue/preview",
                    {"field": "gender", "new_value": "男", "reason": "x", "issue": "0"})
    assert refused.status_code == 409 and "不能办理" in refused.text


def test_forfeit_then_reinstate(reviewer: TestClient, number: str) -> None:
    assert _act(reviewer, number, "forfeit", STATUS).status_code == 303
    preview = _post(reviewer, f"/admin/records/{number}/act/reinstate/preview", STATUS)
    assert "已丧失 有效" in _text(preview.text)
    assert _act(reviewer, number, "reinstate", STATUS).status_code == 303
    with session_scope() as s:
        assert cert(s, number).status == QualificationStatus.VALID


def _pending(tmp_path: Path, *serials: int) -> list[str]:
    """Records imported for review (not approved, no criminal-record check)."""
    rows = [record(s) for s in serials]
    assert main(["records", "import", str(write_jsonl(tmp_path / "p.jsonl", rows))]) == 0
    return [r["certificate_number"] for r in rows]


def test_criminal_check_and_approve_clerk_refused(app, reviewer: TestClient,  # type: ignore[no-untyped-def]
                                                  tmp_path: Path) -> None:
    (number,) = _pending(tmp_path, 7)
    clerk = staff_client(app, role="clerk", region="11")
    assert clerk.get(f"/admin/records/{number}/act/approve", headers=HTML).status_code == 403
    r = _post(clerk, f"/admin/records/{number}/act/approve/confirm", row_version="1")
    assert r.status_code == 403
    preview = _post(reviewer, f"/admin/records/{number}/act/criminal-check/preview")
    assert "未完成 已完成（rev" in _text(preview.text)
    assert _act(reviewer, number, "criminal-check").status_code == 303
    preview = _post(reviewer, f"/admin/records/{number}/act/approve/preview")
    assert "已审核通过" in preview.text or "审核通过" in preview.text
    assert _act(reviewer, number, "approve").status_code == 303
    with session_scope() as s:
        row = cert(s, number)
        assert row.review_state == ReviewState.APPROVED and row.criminal_check_done
        assert row.criminal_check_by == "rev" and row.reviewed_by == "rev"
    again = _post(reviewer, f"/admin/records/{number}/act/approve/preview")
    assert again.status_code == 409 and "已审核通过" in again.text


def test_outside_the_region_is_404_and_no_session_goes_to_login(app, number: str) -> None:  # type: ignore[no-untyped-def]
    henan = staff_client(app, role="reviewer", region="41")
    assert henan.get(f"/admin/records/{number}/act/revoke", headers=HTML).status_code == 404
    r = _post(henan, f"/admin/records/{number}/act/revoke/confirm", STATUS, row_version="1")
    assert r.status_code == 404
    anonymous = TestClient(app)
    r = anonymous.get(f"/admin/records/{number}/act/revoke", headers=HTML,
                      follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    reviewer = staff_client(app, role="reviewer", region="11")
    r = reviewer.post(f"/admin/records/{number}/act/revoke/confirm",
                      data={**STATUS, "csrf_token": "forged", "row_version": "1"}, headers=HTML)
    assert r.status_code == 403
    assert events("status.") == []


def test_the_panel_offers_what_the_policy_allows(app, number: str) -> None:  # type: ignore[no-untyped-def]
    reviewer = staff_client(app, role="reviewer", region="11")
    page = reviewer.get(f"/admin/records/{number}", headers=HTML)
    assert page.status_code == 200
    for slug in ("criminal-check", "approve", "issue", "registration", "annotation",
                 "reissue", "revoke", "forfeit", "reinstate"):
        assert f'data-action="{slug}"' in page.text  # a button, or a step shown done / refused
    clerk = staff_client(app, role="clerk", region="11")
    page = clerk.get(f"/admin/records/{number}", headers=HTML)
    assert "/act/revoke" not in page.text and "没有可办理的操作" in page.text


def _panel(html: str) -> dict[str, tuple[str, str]]:
    """The actions panel: slug → (state, the step's text without tags)."""
    section = html[html.index('class="card actions-panel"'):]
    section = section[:section.index("</section>")]
    steps = re.findall(r'<div class="step[^"]*"( data-action="([a-z-]+)")? data-state="(\w+)">'
                       r'(.*?)</div>', section, re.S)
    out = {}
    for _, slug, state, inner in steps:
        slug = slug or re.search(r'data-action="([a-z-]+)"', inner).group(1)  # type: ignore[union-attr]
        out[slug] = (state, _text(inner).strip())
    return out


def test_the_panel_shows_steps_done_and_what_the_rules_refuse(  # type: ignore[no-untyped-def]
        app, number: str, tmp_path: Path) -> None:
    reviewer = staff_client(app, role="reviewer", region="11")
    # approved and checked, valid, not issued yet (seed)
    panel = _panel(reviewer.get(f"/admin/records/{number}", headers=HTML).text)
    check = panel["criminal-check"]
    assert check[0] == "done" and "犯罪记录核查 已完成" in check[1]
    assert panel["approve"][0] == "done" and "审核通过 已完成" in panel["approve"][1]
    assert "seed" in panel["approve"][1]  # who
    assert panel["issue"] == ("offer", "签发电子证照 issue credential")
    assert panel["revoke"][0] == "offer" and panel["forfeit"][0] == "offer"
    assert panel["reinstate"][0] == "refused" and "不能恢复" in panel["reinstate"][1]
    # with a current credential, 签发 becomes 重新签发 and says which version is out
    with session_scope() as s:
        row = cert(s, number)
        s.add(Credential(certificate_id=row.id, version=1, kid="00", cose=b"x", qr_text="x",
                         issued_by="wang"))
    panel = _panel(reviewer.get(f"/admin/records/{number}", headers=HTML).text)
    assert panel["issue"][0] == "offer" and "重新签发电子证照" in panel["issue"][1]
    assert "已签发第 1 版" in panel["issue"][1] and "wang" in panel["issue"][1]
    # revoked: revoking again is greyed with the rules' reason, reinstating is offered
    _act(reviewer, number, "revoke", STATUS)
    page = reviewer.get(f"/admin/records/{number}", headers=HTML).text
    panel = _panel(page)
    assert panel["revoke"][0] == "refused" and "“已撤销”，不能撤销" in panel["revoke"][1]
    assert f"/admin/records/{number}/act/revoke" not in page
    assert panel["reinstate"][0] == "offer"
    assert panel["issue"][0] == "refused" and "资格状态不是有效" in panel["issue"][1]
    # a record waiting for review: the check and the approval are offered, issuing refused
    (pending,) = _pending(tmp_path, 31)
    panel = _panel(reviewer.get(f"/admin/records/{pending}", headers=HTML).text)
    assert panel["criminal-check"][0] == "offer" and panel["approve"][0] == "offer"
    assert panel["issue"][0] == "refused" and "尚未审核通过" in panel["issue"][1]


def beijing_keys() -> None:
    """A development registry (ecert init) with a signing key for Beijing (11), published."""
    assert main(["init"]) == 0
    assert main(["keys", "init", "--authority", "11:北京市教育委员会"]) == 0
    assert main(["publish"]) == 0


def _wait(client: TestClient, url: str) -> str:
    for _ in range(300):
        progress = client.get(url + "/progress").json()
        if progress["finished"]:
            return client.get(url, headers=HTML).text
        time.sleep(0.05)
    raise AssertionError("the batch did not finish")


def test_batch_approve_confirms_then_runs_per_record(app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    numbers = _pending(tmp_path, 11, 12)
    seeded = seed(13)[0]
    reviewer = staff_client(app, role="reviewer", region="11")
    form = {"action": "approve"}
    confirm = reviewer.post("/admin/batch", headers=HTML, data={
        **form, "csrf_token": reviewer.csrf, "numbers": [*numbers, seeded, "20151101049999999"]})  # type: ignore[attr-defined]
    shown = _text(confirm.text)
    assert confirm.status_code == 200 and "共选择 4 条，将办理 3 条" in shown
    started = reviewer.post("/admin/batch/run", headers=HTML, follow_redirects=False, data={
        **form, "csrf_token": reviewer.csrf, "numbers": [*numbers, seeded]})  # type: ignore[attr-defined]
    assert started.status_code == 303
    result = _text(_wait(reviewer, started.headers["location"]))
    assert result.count("成功") >= 2 and "已审核通过，无需再次审核" in result
    assert len(events("records.approve")) == 2
    other = staff_client(app, role="reviewer", region="11")  # a batch is its owner's
    assert other.get(started.headers["location"] + "/progress").status_code == 404
    too_many = reviewer.post("/admin/batch", headers=HTML, data={
        **form, "csrf_token": reviewer.csrf,  # type: ignore[attr-defined]
        "numbers": [f"2015110104200{n:04d}" for n in range(501)]})
    assert too_many.status_code == 422 and "一次最多 500 条" in too_many.text
    assert reviewer.get("/admin/static/batch.js").status_code == 200


def test_reports_download_for_auditors_only(app, number: str) -> None:  # type: ignore[no-untyped-def]
    reviewer = staff_client(app, role="reviewer", region="11")
    assert _act(reviewer, number, "revoke", STATUS).status_code == 303
    assert reviewer.get("/admin/reports", headers=HTML).status_code == 403
    auditor = staff_client(app, role="auditor", region="11")
    page = auditor.get("/admin/reports", headers=HTML)
    assert page.status_code == 200 and "限制库" in page.text and "季度" in page.text
    csv = auditor.get("/admin/reports/restrictions?format=csv")
    assert csv.status_code == 200 and number in csv.text and "撤销" in csv.text
    assert "attachment" in csv.headers["content-disposition"]
    xlsx = auditor.get("/admin/reports/penalties?year=2026&quarter=4&format=xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert auditor.get("/admin/reports/restrictions?region=41").status_code == 403
    assert auditor.get("/admin/reports/restrictions?full_id=true").status_code == 403


def test_audit_page_lists_and_verifies(app, number: str) -> None:  # type: ignore[no-untyped-def]
    auditor = staff_client(app, role="auditor")
    page = auditor.get("/admin/audit?verify=1", headers=HTML)
    assert page.status_code == 200 and "审计链完整" in page.text
    with session_scope() as s:
        newest = s.exec(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()  # type: ignore[attr-defined]
        assert newest is not None
    assert newest.action in page.text
    one = auditor.get(f"/admin/audit?entity={number}", headers=HTML)
    rows = re.findall(r'<tr><td data-label="序号">\d+</td>', one.text)
    assert number in one.text and 0 < len(rows) < 10 and "users.add" not in one.text
    shown = _text(one.text)  # actions and values in words, the code only as a small gloss
    assert "导入记录（已审核） records.import.approved" in shown and f"证书 {number}" in shown
    assert "犯罪记录核查：是" in shown and "审核状态：已审核" in shown
    assert "criminal_check_done" not in shown and "review_state" not in shown
    clerk = staff_client(app, role="clerk", region="11")
    assert clerk.get("/admin/audit", headers=HTML).status_code == 403


def test_criminal_check_cli(sqlite_registry: Engine, tmp_path: Path) -> None:
    (number,) = _pending(tmp_path, 21)
    assert main(["records", "criminal-check", number, "--actor", "张三"]) == 0
    with session_scope() as s:
        row = cert(s, number)
        assert row.criminal_check_done and row.criminal_check_by == "张三"
    assert main(["records", "criminal-check", "20151101049999999"]) != 0


def test_issue_after_checks(ecert_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue on a registry with keys (ecert init): preview names the new version, confirm
    issues it; a second issue is refused with the current version named."""
    beijing_keys()
    app = create_app()
    (number,) = seed(31)
    reviewer = staff_client(app, role="reviewer", region="11", name="rev")
    preview = _post(reviewer, f"/admin/records/{number}/act/issue/preview")
    assert "签发第 1 版" in _text(preview.text)
    done = _act(reviewer, number, "issue")
    assert done.status_code == 303 and "version=1" in done.headers["location"]
    with session_scope() as s:
        assert s.exec(select(Credential)).first() is not None
    again = _post(reviewer, f"/admin/records/{number}/act/issue/preview")
    assert again.status_code == 409 and "第 1 版" in again.text
    # 补发: the booklet is printed again, v1 is superseded and v2 issued on confirmation
    data = {"kind": "reissue", "text": "原证书遗失，予以补发", "issue": "1"}
    preview = _post(reviewer, f"/admin/records/{number}/act/annotation/preview", data)
    assert "第 1 版作废，签发第 2 版" in _text(preview.text)
    done = _act(reviewer, number, "annotation", data)
    assert done.status_code == 303 and "version=2" in done.headers["location"]
    page = reviewer.get(done.headers["location"], headers=HTML)
    assert "电子证照第 2 版已签发" in page.text


def test_batch_issue_reports_each_record(ecert_env: Path, tmp_path: Path) -> None:
    beijing_keys()
    app = create_app()
    ready = seed(51, 52)
    (pending,) = _pending(tmp_path, 53)
    reviewer = staff_client(app, role="reviewer", region="11")
    started = reviewer.post("/admin/batch/run", headers=HTML, follow_redirects=False, data={
        "action": "issue", "csrf_token": reviewer.csrf,  # type: ignore[attr-defined]
        "numbers": [*ready, pending]})
    assert started.status_code == 303
    result = _text(_wait(reviewer, started.headers["location"]))
    assert result.count("已签发第 1 版") == 2 and "记录尚未审核通过，不能签发" in result
    with session_scope() as s:
        assert len(s.exec(select(Credential)).all()) == 2
    assert {e.entity_id for e in events("credentials.issue")} == set(ready)
    again = reviewer.post("/admin/batch/run", headers=HTML, follow_redirects=False, data={
        "action": "issue", "csrf_token": reviewer.csrf, "numbers": ready})  # type: ignore[attr-defined]
    assert "已有有效的电子证照（第 1 版）" in _text(_wait(reviewer, again.headers["location"]))


def test_the_batch_bar_for_the_list(app) -> None:  # type: ignore[no-untyped-def]
    """console/batch_bar.html (included by the list): the form the row checkboxes join, with
    the buttons the policy allows."""
    from core.models import User
    from issuer.console._templates import templates

    bar = templates.get_template("console/batch_bar.html")
    reviewer = bar.render(staff=User(name="r", role="reviewer", region="11"), csrf_token="t")
    assert 'id="batch-form"' in reviewer and 'action="/admin/batch"' in reviewer
    assert 'value="approve"' in reviewer and 'value="issue"' in reviewer
    assert 'name="csrf_token" value="t"' in reviewer and "/admin/static/batch.js" in reviewer
    clerk = bar.render(staff=User(name="c", role="clerk", region="11"), csrf_token="t")
    assert "batch-form" not in clerk


def test_issue_without_a_signing_key_says_why(app, number: str) -> None:  # type: ignore[no-untyped-def]
    """No key for the authority (a registry without `ecert keys`): the issue page shows the
    signer's refusal; after a 补发 the record page names the failure by its code only."""
    reviewer = staff_client(app, role="reviewer", region="11")
    refused = _act(reviewer, number, "issue")
    assert refused.status_code == 409 and "不能办理" in refused.text
    data = {"kind": "reissue", "text": "原证书遗失，予以补发", "issue": "1"}
    done = _act(reviewer, number, "annotation", data)
    assert done.status_code == 303 and "issue_error=" in done.headers["location"]
    page = reviewer.get(done.headers["location"], headers=HTML)
    assert "已填写备注" in page.text and "电子证照未签发" in page.text
    spoof = reviewer.get(f"/admin/records/{number}?done=annotation&issue_error=请致电",
                         headers=HTML)
    assert "请致电" not in spoof.text
