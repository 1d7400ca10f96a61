"""/admin/reports: the registry's 名册 and 统计表 as downloads — the forms on the page, the
files, filters, region scoping, masked vs full ID numbers by role, refusals on the page."""

from __future__ import annotations

import csv
import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy.engine import Engine

from ecert.app import create_app
from issuer import _registry_reports as reports
from tests.factories import record
from tests.issuer._status_support import events, seed
from tests.issuer.test_registry_reports import place
from tests.staffing import staff_client

HTML = {"Accept": "text/html"}


@pytest.fixture
def app(registry: Engine):  # type: ignore[no-untyped-def]
    return create_app()


@pytest.fixture
def numbers(registry: Engine) -> dict[str, list[str]]:
    """Beijing: 一中 (batch A) ×2, 二中 ×1; Guangdong: 一中 ×1."""
    one, two, far = seed(1, 2, school="一中"), seed(3, school="二中"), seed(4, school="一中")
    place(one, scan_batch="A")
    place(far, division="440000")
    return {"one": one, "two": two, "far": far}


def _csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_page_offers_roster_and_statistics(app, numbers) -> None:  # type: ignore[no-untyped-def]
    auditor = staff_client(app, role="auditor", region="11")
    page = auditor.get("/admin/reports", headers=HTML)
    assert page.status_code == 200
    shown = _text(page.text)
    assert "名册" in shown and "统计表" in shown and "下载名册" in shown
    assert 'action="/admin/reports/roster"' in page.text
    assert 'action="/admin/reports/statistics"' in page.text
    assert '<option value="A">' in page.text  # the region's batches offered
    assert "完整证件号码" not in shown  # an auditor may not export full ID numbers


def test_roster_and_statistics_downloads_in_the_users_region(
        app, numbers) -> None:  # type: ignore[no-untyped-def]
    auditor = staff_client(app, role="auditor", region="11")
    got = auditor.get("/admin/reports/roster?format=csv&school=&batch=&issued_from="
                      "&issued_to=&status=")
    assert got.status_code == 200 and "attachment" in got.headers["content-disposition"]
    assert 'filename="roster-11.csv"' in got.headers["content-disposition"]
    table = _csv(got.content)
    listed = {r[8] for r in table[1:]}
    assert listed == set(numbers["one"] + numbers["two"])
    assert numbers["far"][0] not in got.text  # another region's record is never in the file
    assert record(1)["id_number"] not in got.text  # masked
    filtered = _csv(auditor.get("/admin/reports/roster?format=csv&batch=A").content)
    assert {r[8] for r in filtered[1:]} == set(numbers["one"])
    stats = auditor.get("/admin/reports/statistics?format=xlsx&status=valid")
    assert stats.status_code == 200 and stats.content[:2] == b"PK"
    rows = list(load_workbook(io.BytesIO(stats.content))["统计表"].iter_rows(values_only=True))
    assert {r[0]: r[-2] for r in rows[1:]} == {"一中": 2, "二中": 1, "合计": 3}
    assert auditor.get("/admin/reports/roster?region=44").status_code == 403
    assert auditor.get("/admin/reports/statistics?region=44").status_code == 403
    nationwide = staff_client(app, role="auditor")
    everything = _csv(nationwide.get("/admin/reports/statistics?format=csv").content)
    assert everything[-1][-2] == "4"


def test_a_clerk_and_a_reviewer_are_refused(app, numbers) -> None:  # type: ignore[no-untyped-def]
    for role in ("clerk", "reviewer"):
        client = staff_client(app, role=role, region="11")
        assert client.get("/admin/reports/roster").status_code == 403
        assert client.get("/admin/reports/statistics").status_code == 403


def test_full_ids_for_admins_only_and_audited(app, numbers) -> None:  # type: ignore[no-untyped-def]
    auditor = staff_client(app, role="auditor", region="11")
    assert auditor.get("/admin/reports/roster?full_id=true").status_code == 403
    admin = staff_client(app, role="admin", region="11", name="管理员甲")
    assert "完整证件号码" in admin.get("/admin/reports", headers=HTML).text
    got = admin.get("/admin/reports/roster?format=csv&batch=A&full_id=true")
    assert got.status_code == 200 and record(1)["id_number"] in got.text
    assert [e.actor for e in events("reports.roster.full_id")] == ["管理员甲"]


def test_refusals_show_on_the_page_with_the_input_kept(
        app, numbers, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    auditor = staff_client(app, role="auditor", region="11")
    monkeypatch.setattr(reports, "ROSTER_LIMITS", {"xlsx": 1, "csv": 10})
    page = auditor.get("/admin/reports/roster?format=xlsx&school=一中", headers=HTML)
    assert page.status_code == 422
    shown = _text(page.text)
    assert "共 2 条" in shown and "缩小范围" in shown and "或下载 CSV" in shown
    assert 'value="一中"' in page.text
    bad = auditor.get("/admin/reports/statistics?issued_from=2020-01-01&issued_to=2019-01-01",
                      headers=HTML)
    assert bad.status_code == 422 and "起始日期晚于截止日期" in bad.text
    assert auditor.get("/admin/reports/roster?issued_from=昨天", headers=HTML).status_code == 422
