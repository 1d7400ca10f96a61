"""One verdict, presented the same way on every path (issue 11, item 4).

The same certificate in the same state goes through the QR page, the verify form, the number
lookup (page and API), the JSON API, the bulk CSV and XLSX reports and the CLI (online and
offline); every path must give the same tone, the same Chinese labels, and never show a
registration as in force for a revoked or forfeited certificate.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.verifier._support import add_registration, set_status
from tests.verifier.conftest import World, publish_lists

TODAY = date(2026, 11, 1)
IN_FORCE_UNTIL = "2031-08-31"


@dataclass(frozen=True)
class Expected:
    tone: str
    result: str  # the machine code
    label: str  # 资格状态 / 结果, short
    headline: str  # the big line, Chinese
    registration: str | None  # a Chinese fragment the registration text holds; None: hidden


CASES: dict[str, Expected] = {
    "valid": Expected("green", "valid", "有效", "证书真实有效", "定期注册合格"),
    "revoked": Expected("red", "revoked", "已撤销", "证书已被撤销", None),
    "forfeited": Expected("red", "forfeited", "已丧失", "教师资格已丧失", None),
    "lapsed": Expected("amber", "valid", "有效", "证书真实有效", "注册已过期"),
    "deferred": Expected("amber", "valid", "有效", "证书真实有效", "暂缓注册"),
}


def _prepare(world: World, case: str) -> None:
    number = world.issued[0].number
    if case == "lapsed":
        add_registration(number, "注册合格", decided=TODAY, valid_from=date(2019, 9, 1),
                         valid_until=date(2024, 8, 31))
    elif case == "deferred":
        add_registration(number, "暂缓注册", decided=TODAY)
    else:  # registered until 2031-08-31, then (maybe) revoked or forfeited
        add_registration(number, "注册合格", decided=TODAY, valid_from=date(2026, 9, 1))
    if case in ("revoked", "forfeited"):
        set_status(number, status=case)
    publish_lists(world.home)


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    from ecert.app import create_verifier_app

    with TestClient(create_verifier_app()) as test_client:
        yield test_client


@dataclass(frozen=True)
class Seen:
    """What one path showed: tone, headline, and the whole text (to look for registration)."""

    path: str
    tone: str
    headline: str
    text: str


def _page(path: str, body: str) -> Seen:
    state = re.search(r'<section class="state (\w+)" id="state"', body)
    headline = re.search(r'<h1 id="headline">(.*?)</h1>', body, re.S)
    assert state and headline, (path, body[:2000])
    # only what a person reads: the verdict and certificate, not the technical check list
    visible = body.split('class="card checks"')[0]
    return Seen(path, state.group(1), html.unescape(headline.group(1)).strip(),
                html.unescape(re.sub(r"<[^>]+>", " ", visible)))


def _json(path: str, body: dict[str, Any]) -> Seen:
    shown = {k: v for k, v in body.items() if k not in ("checks", "freshness")}
    return Seen(path, body["tone"], body["headline"], json.dumps(shown, ensure_ascii=False))


def _table(path: str, rows: list[list[str]]) -> Seen:
    header, (row, *_) = rows[0], rows[1:]
    cells = dict(zip(header, row, strict=True))
    return Seen(path, cells["核验结论 verdict"], cells["说明 message"],
                json.dumps(cells, ensure_ascii=False))


def _name(client: TestClient, qr_text: str) -> str:
    return str(client.post("/api/verify", json={"text": qr_text}).json()["certificate"]["name"])


def _bulk(client: TestClient, files: list[tuple[str, tuple[str, bytes, str]]],
          fmt: str) -> list[list[str]]:
    response = client.post("/api/verify/bulk", files=files, data={"format": fmt})
    assert response.status_code == 200, response.text
    if fmt == "csv":
        return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    return [["" if c.value is None else str(c.value) for c in row] for row in sheet.iter_rows()]


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    from ecert.cli import main

    main(["verify", *args, "--json"])
    out = capsys.readouterr().out
    return dict(json.loads(out))


def _every_path(client: TestClient, world: World, capsys: pytest.CaptureFixture[str],
                tmp_path: Path) -> list[Seen]:
    item = world.issued[0]
    digits = item.qr_text.rsplit("/C/", 1)[1]
    name = _name(client, item.qr_text)
    roster = f"证书编号,姓名\n{item.number},{name}\n".encode()
    pdf = item.pdf.read_bytes()
    seen = [
        _page("/C/", client.get(f"/C/{digits}").text),
        _page("/verify text", client.post("/verify", data={"text": item.qr_text}).text),
        _page("/verify pdf", client.post(
            "/verify", files={"file": ("c.pdf", pdf, "application/pdf")}).text),
        _page("/lookup", client.post("/lookup", data={"number": item.number, "name": name}).text),
        _json("/api/verify", client.post("/api/verify", json={"text": item.qr_text}).json()),
        _json("/api/lookup", client.post(
            "/api/lookup", json={"number": item.number, "name": name}).json()),
    ]
    for fmt in ("csv", "xlsx"):
        seen.append(_table(f"bulk roster {fmt}", _bulk(
            client, [("files", ("roster.csv", roster, "text/csv"))], fmt)))
        seen.append(_table(f"bulk pdf {fmt}", _bulk(
            client, [("files", ("c.pdf", pdf, "application/pdf"))], fmt)))
    seen.append(_json("cli", _cli(capsys, item.qr_text)))
    root = tmp_path / "root.pub"
    from keys import root_public_key

    root.write_bytes(root_public_key(world.home / "keys"))
    seen.append(_json("cli offline", _cli(
        capsys, item.qr_text, "--offline", "--trust-list", str(world.public / "trust-list.cbor"),
        "--status-list", str(world.public / "status-list.cbor"), "--root-key", str(root))))
    return seen


@pytest.mark.parametrize("case", list(CASES))
def test_every_path_presents_the_same_verdict(
    case: str, client: TestClient, world: World, capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    expected = CASES[case]
    _prepare(world, case)
    for seen in _every_path(client, world, capsys, tmp_path):
        where = f"{case} via {seen.path}"
        assert seen.tone in (expected.tone, {"green": "通过", "amber": "需注意",
                                             "red": "不通过"}[expected.tone]), where
        assert seen.headline.startswith(expected.headline), (where, seen.headline)
        assert expected.label in seen.text, where
        assert "查询结果如下" not in seen.text, where
        if expected.registration is None:  # a registration is never shown as in force
            assert "定期注册合格" not in seen.text and IN_FORCE_UNTIL not in seen.text, where
            assert "registered" not in seen.text.replace("registry", ""), where
        else:
            assert expected.registration in seen.text, where


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_bulk_cells_are_chinese_labels(client: TestClient, world: World, fmt: str) -> None:
    revoked, lapsed = world.issued[0], world.issued[1]
    names = {i.number: _name(client, i.qr_text) for i in (revoked, lapsed)}
    set_status(revoked.number, status="revoked")
    add_registration(lapsed.number, "注册合格", decided=TODAY, valid_from=date(2019, 9, 1),
                     valid_until=date(2024, 8, 31))
    roster = "\n".join(["证书编号,姓名", *(f"{n},{names[n]}" for n in names),
                        f"{'3' * 17},某人"]).encode()
    rows = _bulk(client, [("files", ("roster.csv", roster, "text/csv"))], fmt)
    header, body = rows[0], rows[1:]
    col = {name.split(" ")[0]: header.index(name) for name in header}
    assert [r[col["结果"]] for r in body] == ["已撤销", "有效", "查无此证书"]
    assert [r[col["注册状态"]] for r in body] == ["", "注册已过期", ""]
    assert [r[col["结果代码"]] for r in body] == ["revoked", "valid", "not_found"]
    assert body[0][col["说明"]].startswith("证书已被撤销")
    for row in body:
        for cell in (row[col["结果"]], row[col["注册状态"]], row[col["核验结论"]]):
            assert not re.fullmatch(r"[a-z_]+", cell), (row, cell)


def test_truncated_signed_pdf_is_not_green(client: TestClient, world: World) -> None:
    pdf = world.issued[0].pdf.read_bytes()
    cut = pdf[: len(pdf) - 200]  # the file ends early: the signed byte range is incomplete
    body = client.post("/api/verify", files={"file": ("c.pdf", cut, "application/pdf")}).json()
    assert ("pdf_signature", "fail") in [(c["name"], c["outcome"]) for c in body["checks"]]
    assert body["tone"] != "green" and body["result"] != "valid"
    assert "PDF" in body["headline"]
    page = client.post("/verify", files={"file": ("c.pdf", cut, "application/pdf")}).text
    assert _page("/verify", page).tone != "green"
    appended = pdf + b"\n% appended after signing\n"
    body = client.post("/api/verify", files={"file": ("c.pdf", appended,
                                                      "application/pdf")}).json()
    assert body["tone"] != "green" and body["result"] == "pdf_signature_invalid"
    assert body["authentic"] is True and body["certificate"]["number"] == world.issued[0].number
