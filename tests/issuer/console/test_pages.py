"""The console's read side: the record search (filters, counts, paging, sorting, region) and a
record's page (every section, masked ID only, CST times), its photo, scans and PDFs."""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import select

from core.clock import today
from core.db import session_scope
from core.identity import vault_for
from core.models import AuditEvent, Certificate
from core.records import validate_record
from core.registry import import_records
from core.settings import load_settings
from core.states import RegistrationState, ReviewState
from ecert.app import create_app
from issuer import add_registration, annotate, revoke
from issuer.console._query import RecordFilter, record_view, search_records
from issuer.console._read_audit import scrub_ids
from tests.factories import certificate_number, id_number, record
from tests.issuer._status_support import fake_credential
from tests.staffing import staff_client

BJ1, BJ2 = (certificate_number(serial=s) for s in (1, 2))
BJ3 = certificate_number(year=2018, serial=3)
HN4 = certificate_number(province="41", serial=4)


def _import(rows: list[dict[str, Any]], *, approve: bool, batch: str | None = None) -> None:
    with session_scope() as s:
        valid = [(i + 1, validate_record(r, today=today(), line=i + 1))
                 for i, r in enumerate(rows)]
        import_records(s, valid, actor="seed", approve=approve, batch=batch,
                       vault=vault_for(load_settings().secret))


@pytest.fixture
def seeded(registry: Engine) -> Engine:
    """Beijing: two pending records of batch b1 (one registration deferred), one approved with
    no registration; Henan: one approved record."""
    _import([record(1), record(2, name="王大明", school="第二中学",
                               registrations=[{"conclusion": "暂缓注册", "date": "2024-05-01",
                                               "authority": "北京市东城区教育委员会"}])],
            approve=False, batch="b1")
    _import([record(3, name="张三丰", school="第三中学", issue_date="2018-07-01",
                    certificate_number=BJ3,
                    registrations=[], criminal_check_done=True)], approve=True)
    _import([record(4, name="赵四", certificate_number=HN4, issuing_authority="郑州市教育局",
                    id_number=id_number(division="410102"))], approve=True)
    return registry


def _search(region: str = "", **kw: Any) -> list[str]:
    with session_scope() as s:
        page = search_records(s, region=region, filters=RecordFilter(**kw), at=today())
        return [r.number for r in page.rows]


# ---- the query ---------------------------------------------------------------------------------

def test_search_filters_and_region(seeded: Engine) -> None:
    assert set(_search()) == {BJ1, BJ2, BJ3, HN4}
    assert set(_search("11")) == {BJ1, BJ2, BJ3}
    assert _search("41") == [HN4]
    assert _search("4101") == []  # the authority sits at province level (410000)
    assert _search(name="王大") == [BJ2]
    assert _search(name="%") == []  # wildcards are taken literally
    assert _search(school="第三") == [BJ3]
    assert set(_search(batch="b1")) == {BJ1, BJ2}
    assert set(_search(number="2015")) == {BJ1, BJ2, HN4}
    assert set(_search(number="2015110")) == {BJ1, BJ2}
    assert _search(number=BJ2) == [BJ2]
    assert set(_search(review=ReviewState.APPROVED)) == {BJ3, HN4}
    assert _search(issued_from=date(2018, 1, 1)) == [BJ3]
    assert set(_search(issued_to=date(2017, 1, 1))) == {BJ1, BJ2, HN4}
    assert _search(registration=RegistrationState.DEFERRED) == [BJ2]
    assert _search(registration=RegistrationState.NONE) == [BJ3]
    assert set(_search(registration=RegistrationState.REGISTERED)) == {BJ1, HN4}


def test_search_counts_pages_and_sorts(seeded: Engine) -> None:
    with session_scope() as s:
        page = search_records(s, region="11", at=today(),
                              filters=RecordFilter(review=ReviewState.PENDING, per_page=1))
    assert page.counts == {ReviewState.PENDING: 2, ReviewState.APPROVED: 1}
    assert page.total == 2 and page.pages == 2 and len(page.rows) == 1
    assert _search("11", sort="number", desc=False) == [BJ1, BJ2, BJ3]
    assert _search("11", sort="number", desc=True) == [BJ3, BJ2, BJ1]
    assert _search("11", sort="issue_date", desc=True)[0] == BJ3
    assert _search("11", sort="number", desc=False, per_page=2, page=2) == [BJ3]


def test_search_reads_a_page_in_a_fixed_number_of_queries(seeded: Engine) -> None:
    from sqlalchemy import event

    statements: list[str] = []
    with session_scope() as s:
        engine = s.get_bind()
        listener = lambda *a: statements.append(a[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            search_records(s, region="", filters=RecordFilter(), at=today())
        finally:
            event.remove(engine, "before_cursor_execute", listener)
    assert len([q for q in statements if q.lstrip().upper().startswith("SELECT")]) == 3


def test_scrub_ids_masks_id_numbers_not_certificate_numbers() -> None:
    full = id_number()
    text = scrub_ids(f"id {full} cert {BJ1} old 110105900307123")
    assert full not in text and BJ1 in text and "110105900307123" not in text


# ---- the pages ---------------------------------------------------------------------------------

def _client(app: Any, *, role: str, region: str = "", name: str | None = None) -> TestClient:
    return staff_client(app, role=role, region=region, name=name)


@pytest.fixture
def app(seeded: Engine) -> Any:
    return create_app()


HTML = {"accept": "text/html"}


def test_list_needs_a_session(app: Any) -> None:
    client = TestClient(app)
    r = client.get("/admin", headers=HTML, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    assert client.get("/admin/records/" + BJ1 + "/pdf/1").status_code == 401


def test_list_shows_the_regions_records_with_counts_and_badges(app: Any) -> None:
    client = _client(app, role="clerk", region="11")
    r = client.get("/admin", headers=HTML)
    assert r.status_code == 200
    body = r.text
    assert BJ1 in body and BJ2 in body and BJ3 in body and HN4 not in body
    assert "赵四" not in body
    assert re.search(r"待确认 <span class=\"en\">pending</span> <b>2</b>", body)
    assert re.search(r"已审核 <span class=\"en\">approved</span> <b>1</b>", body)
    assert "暂缓注册" in body and "未注册" in body and "定期注册合格" in body  # registration
    assert "高级中学教师资格 · 数学" in body and "北京市东城区教育委员会" in body
    assert "共 <b>3</b> 条" in body
    assert "+00:00" not in body
    assert '<option value="b1">' in body  # the batch filter offers the region's batches


def test_list_filters_from_the_query_string(app: Any) -> None:
    client = _client(app, role="reviewer", region="11")
    body = client.get("/admin?name=王大明", headers=HTML).text
    assert BJ2 in body and BJ1 not in body
    body = client.get("/admin?review=approved", headers=HTML).text
    assert BJ3 in body and BJ1 not in body and 'aria-current="true"' in body
    body = client.get("/admin?registration=none&sort=number&order=asc", headers=HTML).text
    assert BJ3 in body and BJ2 not in body
    body = client.get("/admin?issued_from=2018-01-01&issued_to=2018-12-31", headers=HTML).text
    assert BJ3 in body and BJ1 not in body
    r = client.get("/admin?issued_from=tomorrow&review=bogus", headers=HTML)
    assert r.status_code == 200 and "不是日期" in r.text and "未知的审核状态" in r.text
    body = client.get("/admin?sort=number&order=asc&batch=b1&page=7", headers=HTML).text
    assert "共 <b>2</b> 条" in body and BJ1 in body and BJ2 in body  # past the end: the last


def test_list_pages_keep_the_filters(app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.modules["issuer.console._pages"], "PER_PAGE", 2)
    client = _client(app, role="auditor")
    body = client.get("/admin?sort=number&order=asc", headers=HTML).text
    assert "第 1 / 2 页" in body
    assert 'href="/admin?sort=number&amp;order=asc&amp;page=2"' in body
    body = client.get("/admin?sort=number&order=asc&page=2", headers=HTML).text
    assert HN4 in body and BJ3 in body and BJ1 not in body


@pytest.fixture
def full_record(seeded: Engine, ecert_env: Path) -> str:
    """BJ3 with a photo, two scanned pages, a registration, a remark, a revocation and two
    credential versions (the first superseded by hand, as a 补发 would)."""
    artifacts = load_settings().artifacts_dir
    (artifacts / "scans" / "b").mkdir(parents=True, exist_ok=True)
    for name, data in (("photo.png", b"\x89PNG photo"), ("p0.png", b"\x89PNG page0"),
                       ("p1.png", b"\x89PNG page1")):
        (artifacts / "scans" / "b" / name).write_bytes(data)
    with session_scope() as s:
        cert = s.exec(select(Certificate).where(Certificate.number == BJ3)).one()
        cert.photo_path = "scans/b/photo.png"
        cert.scan_data = json.dumps({"pages": ["scans/b/p0.png", "scans/b/p1.png"],
                                     "findings": [{"message": f"疑点 {id_number()}"}]})
        s.add(cert)
    with session_scope() as s:
        add_registration(s, BJ3, conclusion="注册合格", decision_date=date(2023, 8, 15),
                         valid_from=date(2023, 9, 1), actor="reviewer-bj")
        annotate(s, BJ3, kind="更正", text="学科更正为数学", actor="reviewer-bj")
    fake_credential(BJ3, artifacts, version=1)
    with session_scope() as s:
        from core.models import Credential
        first = s.exec(select(Credential)).one()
        first.superseded = True
        s.add(first)
    fake_credential(BJ3, artifacts, version=2)
    with session_scope() as s:
        revoke(s, BJ3, reason="弄虚作假取得教师资格", document="京教师〔2026〕3号",
               actor="reviewer-bj")
    return BJ3


def test_record_view_gathers_every_section(full_record: str) -> None:
    with session_scope() as s:
        view = record_view(s, region="11", number=full_record, at=today())
    assert view.page_count == 2 and view.has_photo
    assert [c.version for c in view.credentials] == [1, 2]
    current = view.current_credential
    assert current is not None and current.version == 2
    assert len(view.registrations) == 1 and view.registration.state is RegistrationState.REGISTERED
    assert len(view.annotations) == 1 and len(view.events) == 1
    actions = [line.action for line in view.audit]
    assert "records.import.approved" in actions and "registration.add" in actions
    assert "status.revocation" in actions and "annotation.correction" in actions
    assert view.audit[0].at >= view.audit[-1].at  # newest first
    assert id_number() not in view.findings[0]


def test_record_page_shows_each_section_masked_id_and_cst(app: Any, full_record: str) -> None:
    client = _client(app, role="auditor", region="11")
    r = client.get(f"/admin/records/{full_record}", headers=HTML)
    assert r.status_code == 200
    body = r.text
    for heading in ("证书信息", "状态", "扫描页", "电子证照与 PDF", "定期注册", "备注",
                    "资格状态变更", "审计记录"):
        assert heading in body, heading
    assert "张三丰" in body and "第三中学" in body and "高级中学教师资格" in body
    full_id = str(record(3)["id_number"])
    assert full_id not in body and full_id[0] + "*" * 16 + full_id[-1] in body
    assert id_number() not in body  # scrubbed from findings
    assert f"/admin/records/{full_record}/photo" in body
    assert f"/admin/records/{full_record}/page/1" in body
    assert f"/admin/records/{full_record}/pdf/1" in body and "已作废" in body
    assert "京教师〔2026〕3号" in body and "弄虚作假取得教师资格" in body
    assert "学科更正为数学" in body and "注册合格" in body
    assert "已撤销" in body and "已完成" in body  # status and criminal-record check
    assert "资格状态变更：撤销" in body and "reviewer-bj" in body
    assert "资格状态：有效 → 已撤销" in body  # the audit trail names values by their labels
    assert "T02:00:00" not in body and "row_version" not in body
    assert f'href="/review/{full_record}"' not in body  # an auditor corrects nothing
    body = _client(app, role="clerk", region="11").get(f"/admin/records/{full_record}",
                                                       headers=HTML).text
    assert f'href="/review/{full_record}"' in body
    # times in China Standard Time: frozen 2026-11-01 02:00 UTC is 10:00 CST
    assert "2026-11-01 10:00" in body and "+00:00" not in body


def test_record_page_outside_region_or_absent_is_404_html(app: Any, seeded: Engine) -> None:
    client = _client(app, role="reviewer", region="41")
    for number in (BJ1, "20991101042000099"):
        r = client.get(f"/admin/records/{number}", headers=HTML)
        assert r.status_code == 404 and "未找到该记录" in r.text
        assert "李小梅" not in r.text
    assert client.get(f"/admin/records/{HN4}", headers=HTML).status_code == 200


def test_files_stream_within_the_region_only(app: Any, full_record: str) -> None:
    inside = _client(app, role="clerk", region="11", name="clerk-bj")
    r = inside.get(f"/admin/records/{full_record}/pdf/1")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    assert r.headers["content-type"] == "application/pdf"
    assert f"{full_record}-v1.pdf" in r.headers["content-disposition"]
    assert inside.get(f"/admin/records/{full_record}/photo").content == b"\x89PNG photo"
    assert inside.get(f"/admin/records/{full_record}/page/1").content == b"\x89PNG page1"
    assert inside.get(f"/admin/records/{full_record}/page/2").status_code == 404
    assert inside.get(f"/admin/records/{full_record}/pdf/9").status_code == 404
    with session_scope() as s:
        logged = s.exec(select(AuditEvent).where(AuditEvent.action == "console.pdf_download")
                        ).all()
    assert [(e.actor, e.entity_id) for e in logged] == [("clerk-bj", full_record)]
    outside = _client(app, role="admin", region="41", name="admin-hn")
    for path in ("pdf/1", "photo", "page/0"):
        assert outside.get(f"/admin/records/{full_record}/{path}").status_code == 404
