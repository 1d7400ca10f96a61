"""Shared set-up for the review-page tests: an imported record with a page image, evidence
boxes, a low-confidence field, and users in and outside its region (signed in at /login)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

from core.auth import create_user
from core.db import session_scope
from ecert.cli import main
from tests.factories import id_number, record, write_jsonl

PAGE_SIZE = (1000, 700)
NAME_BOX = [100, 80, 300, 130]
MISREAD = "李小悔"  # OCR confused 梅 with 悔
TRUE_NAME = "李小梅"


def scanned_record(serial: int = 1, **overrides: Any) -> dict[str, Any]:
    """A record as the scanner writes it, with the name read at low confidence."""
    fields: dict[str, Any] = dict(
        name=MISREAD,
        needs_review=True,
        pages=["pages/info.png"],
        photo="photos/photo.png",
        confidence={
            "name": 0.62,
            "gender": 0.99,
            "birth_date": 0.98,
            "id_number": 0.97,
            "certificate_number": 0.99,
        },
        findings=[
            f"ocr_disagreement [name] 两次识别结果不一致：“{MISREAD}” / “{TRUE_NAME}”",
            f"note [id_number] 读到 {record(serial)['id_number']}",
        ],
        evidence={
            "name": {"page": 0, "box": NAME_BOX},
            "id_number": {"page": 0, "box": [100, 200, 500, 240]},
            "certificate_number": {"page": 0, "box": [100, 300, 520, 340]},
        },
    )
    return record(serial, **{**fields, **overrides})


def make_scan_folder(folder: Path, rows: list[dict[str, Any]]) -> Path:
    """A scan folder: records.jsonl plus a page image and a photo."""
    (folder / "pages").mkdir(parents=True, exist_ok=True)
    (folder / "photos").mkdir(exist_ok=True)
    page = Image.new("RGB", PAGE_SIZE, "white")
    draw = ImageDraw.Draw(page)
    draw.rectangle(NAME_BOX, outline="black")
    draw.text((NAME_BOX[0] + 10, NAME_BOX[1] + 10), "NAME", fill="black")
    page.save(folder / "pages" / "info.png")
    Image.new("RGB", (295, 413), (200, 210, 230)).save(folder / "photos" / "photo.png")
    return write_jsonl(folder / "records.jsonl", list(rows))


def import_scans(folder: Path, rows: list[dict[str, Any]], batch: str = "school-a") -> None:
    path = make_scan_folder(folder, rows)
    assert main(["records", "import", str(path), "--batch", batch]) == 0


def token_for(name: str, role: str, region: str) -> str:
    with session_scope() as s:
        _, token = create_user(s, name=name, role=role, region=region, actor="test")
    return token


def staff_login(client: Any, name: str, role: str, region: str) -> Any:
    """Make a staff user and sign ``client`` in at /login; its POSTs then carry the session's
    CSRF token in the X-CSRF-Token header (the pages' forms carry it as a field)."""
    from core.db import engine_for
    from core.settings import load_settings
    from tests.staffing import make_staff, sign_in_client

    make_staff(engine_for(load_settings()), name, role, region)
    sign_in_client(client, name)
    client.headers["X-CSRF-Token"] = client.csrf
    return client


def all_ids(rows: list[dict[str, Any]]) -> list[str]:
    return [r["id_number"] for r in rows] + [id_number(order=14)]


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def review_app() -> Any:
    """The review routes with the app's error handlers, independent of the other packages'
    routers (``create_app`` includes the same router)."""
    from fastapi import FastAPI

    from core.settings import load_settings
    from ecert._signin import router as signin_router
    from ecert.app import install_error_handlers
    from scanning.api import router

    app = FastAPI()
    app.state.settings = load_settings()  # as the app factories do
    install_error_handlers(app)
    app.include_router(signin_router)  # /login: the staff sign-in the review pages use
    app.include_router(router)
    return app
