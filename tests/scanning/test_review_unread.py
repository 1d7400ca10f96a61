"""A booklet whose fields the OCR could not read: imported for review, typed in by hand on the
review page, approved only once every rule passes."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from core.db import session_scope
from core.registry import certificate_by_number
from ecert.cli import main
from tests.factories import record

from ._review_support import make_scan_folder, review_app, staff_login

HTML = {"Accept": "text/html"}
FULL = record(1)
UNREAD = {**FULL, "gender": None, "id_number": None, "qualification_type": None,
          "needs_review": True, "pages": ["pages/info.png"],
          "findings": [{"code": "missing", "field": k, "message": "未识别到该字段",
                        "severity": "error"} for k in ("gender", "id_number",
                                                       "qualification_type")]}
NUMBER = FULL["certificate_number"]


def _client(tmp_path: Path) -> TestClient:
    path = make_scan_folder(tmp_path / "scan", [UNREAD])
    assert main(["records", "import", str(path), "--for-review"]) == 0
    client = TestClient(review_app())
    staff_login(client, "王芳", "clerk", "11")
    staff_login(client, "李审核", "reviewer", "11")
    _sign_in(client, "王芳")
    return client


def _sign_in(client: TestClient, name: str) -> None:
    from tests.staffing import sign_in_client

    client.cookies.clear()
    sign_in_client(client, name)
    client.headers["X-CSRF-Token"] = client.csrf


def _version(page: str) -> str:
    found = re.search(r'name="row_version" value="(\d+)"', page)
    assert found
    return found.group(1)


def test_unread_fields_are_typed_in_then_approved(sqlite_registry: Engine, tmp_path: Path
                                                  ) -> None:
    client = _client(tmp_path)
    page = client.get(f"/review/{NUMBER}", headers=HTML).text
    for key in ("gender", "id_number", "qualification_type"):
        assert re.search(rf'class="field low" id="field-{key}"', page), key
    assert page.count("未识别 <span") == 3  # each unread field says so; no stand-in is shown
    assert "1900-01-01" not in page and '<option value="" selected>' in page
    clerk, reviewer = "王芳", "李审核"
    _sign_in(client, reviewer)
    refused = client.post(f"/review/{NUMBER}/approve", headers=HTML,
                          data={"row_version": _version(page)})
    assert refused.status_code == 409 and "required" in refused.text
    _sign_in(client, clerk)
    typed = {"gender": FULL["gender"], "id_number": FULL["id_number"],
             "qualification_type": FULL["qualification_type"], "row_version": _version(page)}
    saved = client.post(f"/review/{NUMBER}", headers=HTML, data=typed)
    assert saved.status_code == 200 and "已保存" in saved.text
    assert "未识别 <span" not in saved.text
    _sign_in(client, reviewer)  # the clerk typed it in; a reviewer approves
    approved = client.post(f"/review/{NUMBER}/approve", headers=HTML,
                           data={"row_version": _version(saved.text)})
    assert approved.status_code == 200
    with session_scope() as s:
        assert certificate_by_number(s, NUMBER).review_state == "approved"
