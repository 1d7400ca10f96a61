"""The error responses every route can give, declared once for the OpenAPI document.

Every ecert error is ``{"error": {"code": …, "message": …, …}}`` (``install_error_handlers``), so
the schema says so for every 4xx and 5xx instead of FastAPI's default validation-error shape;
clients and Schemathesis can then check any answer against the document.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["ERROR_RESPONSES", "ErrorBody", "ErrorDetail"]


class ErrorDetail(BaseModel):
    """The machine-readable part of an error; some errors add fields (``field``, ``rule`` …)."""

    model_config = ConfigDict(extra="allow")

    code: str = Field(description="stable machine-readable reason, e.g. malformed, not_found")
    message: str = Field(description="what went wrong, Chinese first, then English")


class ErrorBody(BaseModel):
    """Every error response (a 422 verdict of ``/api/verify`` also carries the verdict fields)."""

    model_config = ConfigDict(extra="allow")

    error: ErrorDetail


_ERROR: dict[str, Any] = {"model": ErrorBody}
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    422: {**_ERROR, "description": "the request or its content is not valid"},
    "4XX": {**_ERROR, "description": "client error: not found, not allowed, conflict, too "
                                     "large, rate limited …"},
    "5XX": {**_ERROR, "description": "service unavailable (lists not published, busy) or an "
                                     "internal error"},
}
