"""Every 4xx has the one error shape with a code, Starlette's own refusals included (found by
Schemathesis: an unparseable multipart body was a 400 ``{"detail": …}``)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.testclient import TestClient

from ecert.app import install_error_handlers


def _client() -> TestClient:
    app = FastAPI()
    install_error_handlers(app)

    @app.post("/form")
    async def form(request: Request) -> dict[str, int]:
        return {"fields": len(await request.form())}

    return TestClient(app)


def test_starlette_refusals_have_the_error_shape() -> None:
    client = _client()
    broken = client.post("/form", content=b"--x\r\nContent-Disposition: form-data\r\n",
                         headers={"content-type": "multipart/form-data"})
    assert broken.status_code == 400 and broken.json()["error"]["code"] == "bad_request"
    missing = client.get("/no/such/page")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    wrong = client.get("/form")
    assert wrong.status_code == 405 and wrong.json()["error"]["code"] == "method_not_allowed"
