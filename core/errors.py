"""The one exception root of ecert, and the errors every package shares.

::

    EcertError                      any deliberate ecert error; has a machine-readable ``code``
     ├── InvalidInput               bad input: names the field and the rule (HTTP 422)
     │    └── MalformedFile         a file that cannot be parsed (JSONL line, image, PDF)
     ├── NotFound                   a record, key or user that does not exist (HTTP 404)
     ├── Conflict                   would break uniqueness or a state rule (HTTP 409)
     ├── NotAuthenticated           no or unknown credentials (HTTP 401)
     ├── PermissionDenied           authenticated, but not allowed here (HTTP 403)
     ├── RateLimited                too many requests from one client (HTTP 429)
     └── ConfigurationError         settings refused at start-up
    Packages add their own subtrees (``keys.KeyError_`` …) under these.

A well-formed certificate that fails verification is a *result*, not an exception.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "ConfigurationError",
    "Conflict",
    "EcertError",
    "InvalidInput",
    "MalformedFile",
    "NotAuthenticated",
    "NotFound",
    "PermissionDenied",
    "RateLimited",
]


class EcertError(Exception):
    """Root of every deliberate ecert error."""

    code: str = "error"
    http_status: int = 400

    def __init__(self, message: str, *, code: str | None = None, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.details: dict[str, Any] = details

    def to_dict(self) -> dict[str, Any]:
        """Machine-readable form for JSON responses and ``--json`` CLI output."""
        return {"code": self.code, "message": self.message, **self.details}


class InvalidInput(EcertError):
    """Input that breaks a rule; ``field`` and ``rule`` say which."""

    code = "invalid_input"
    http_status = 422

    def __init__(
        self, message: str, *, field: str | None = None, rule: str | None = None, **details: Any
    ) -> None:
        super().__init__(message, field=field, rule=rule, **details)
        self.field = field
        self.rule = rule
        if rule:
            self.code = rule


class MalformedFile(InvalidInput):
    """A file (JSONL, image, PDF, key) that cannot be parsed."""

    code = "malformed_file"


class NotFound(EcertError):
    code = "not_found"
    http_status = 404


class Conflict(EcertError):
    code = "conflict"
    http_status = 409


class NotAuthenticated(EcertError):
    code = "not_authenticated"
    http_status = 401


class PermissionDenied(EcertError):
    code = "permission_denied"
    http_status = 403


class RateLimited(EcertError):
    code = "rate_limited"
    http_status = 429


class ConfigurationError(EcertError):
    code = "configuration_error"
    http_status = 500
