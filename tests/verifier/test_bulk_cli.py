"""Bulk reports (CSV and XLSX) and the ``ecert verify`` command."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from keys import root_public_key
from tests.verifier._support import photo_of_print, set_status, tampered
from tests.verifier.conftest import World, publish_lists


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    from ecert.app import create_verifier_app

    with TestClient(create_verifier_app()) as test_client:
        yield test_client


def _names(client: TestClient, world: World) -> dict[str, str]:
    out = {}
    for item in world.issued:
        body = client.post("/api/verify", json={"text": item.qr_text}).json()
        out[item.number] = body["certificate"]["name"]
    return out


def _roster(world: World, names: dict[str, str]) -> bytes:
    first, second = world.issued[0], world.issued[1]
    lines = ["证书编号,姓名", f"{first.number},{names[first.number]}",
             f"{second.number},{names[second.number]}", f"{'3' * 17},=HYPERLINK(\"x\")"]
    return ("\ufeff" + "\n".join(lines)).encode()


def test_bulk_csv_report(client: TestClient, world: World) -> None:
    names = _names(client, world)
    set_status(world.issued[1].number, status="revoked")
    photo = photo_of_print(world.issued[2].pdf)
    response = client.post("/api/verify/bulk", files=[
        ("files", ("roster.csv", _roster(world, names), "text/csv")),
        ("files", ("photo.jpg", photo, "image/jpeg")),
    ], data={"format": "csv"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[1].startswith("证书编号") and len(body) == 4
    assert [r[3] for r in body] == ["有效", "已撤销", "查无此证书", "有效"]  # Chinese labels
    assert [r[-1] for r in body] == ["valid", "revoked", "not_found", "valid"]  # machine codes
    assert body[3][0] == "photo.jpg" and body[3][1] == world.issued[2].number
    assert body[2][2].startswith("'=")  # CSV injection neutralised
    for item in world.issued:
        assert item.id_number not in response.text


def test_bulk_xlsx_report(client: TestClient, world: World) -> None:
    from openpyxl import load_workbook

    names = _names(client, world)
    response = client.post("/api/verify/bulk", files=[
        ("files", ("roster.csv", _roster(world, names), "text/csv"))], data={"format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][3] == "结果 result"
    assert [v[3] for v in values[1:]] == ["有效", "有效", "查无此证书"]
    assert values[0][-1] == "结果代码 code"
    assert [v[-1] for v in values[1:]] == ["valid", "valid", "not_found"]
    assert values[1][1] == world.issued[0].number


def test_bulk_xlsx_survives_control_characters_in_a_roster(
    client: TestClient, world: World
) -> None:
    from openpyxl import load_workbook

    roster = f"证书编号,姓名\n{'3' * 17},张\x07三\n".encode()
    response = client.post("/api/verify/bulk", files=[
        ("files", ("roster.csv", roster, "text/csv"))], data={"format": "xlsx"})
    assert response.status_code == 200, response.text
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert sheet["C2"].value == "张\ufffd三"


def test_bulk_page(client: TestClient) -> None:
    page = client.get("/bulk")
    assert page.status_code == 200 and 'action="/api/verify/bulk"' in page.text


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    from ecert.cli import main

    code = main(["verify", *args])
    out = capsys.readouterr().out
    return code, json.loads(out) if out.startswith("{") else {"raw": out}


def test_cli_online(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    item = world.issued[0]
    code, verdict = _run(capsys, item.qr_text, "--json")
    assert code == 0 and verdict["result"] == "valid"
    assert verdict["certificate"]["number"] == item.number
    code, verdict = _run(capsys, tampered(item.qr_text), "--json")
    assert code == 1 and verdict["result"] == "invalid_signature"
    code, verdict = _run(capsys, str(item.pdf), "--json")
    assert code == 0 and verdict["certificate"]["number"] == item.number


def test_cli_offline(world: World, capsys: pytest.CaptureFixture[str], tmp_path,
                     monkeypatch: pytest.MonkeyPatch) -> None:

    item = world.issued[0]
    set_status(item.number, status="forfeited")
    publish_lists(world.home)
    root = tmp_path / "root.pub"
    root.write_bytes(root_public_key(world.home / "keys"))
    text_file = tmp_path / "qr.txt"
    text_file.write_text(item.qr_text + "\n")
    monkeypatch.setenv("ECERT_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/nothing")
    code, verdict = _run(capsys, str(text_file), "--json", "--offline", "--trust-list",
                         str(world.public / "trust-list.cbor"), "--status-list",
                         str(world.public / "status-list.cbor"), "--root-key", str(root))
    assert code == 1 and verdict["result"] == "forfeited" and verdict["authentic"] is True
    assert verdict["freshness"] != "unknown"


def test_cli_offline_refuses_tampered_list(world: World, capsys: pytest.CaptureFixture[str],
                                           tmp_path) -> None:
    bad = tmp_path / "trust.cbor"
    data = (world.public / "trust-list.cbor").read_bytes()
    bad.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    from ecert.cli import main

    code = main(["verify", world.issued[0].qr_text, "--json", "--offline", "--trust-list",
                 str(bad)])
    assert code == 2
    assert "trust list refused" in capsys.readouterr().err.replace("\n", " ")
