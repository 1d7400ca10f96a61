"""What the holder tests share: a notifier that keeps the codes it is given (the ``outbox``
fixture in tests/issuer/conftest.py installs it)."""

from __future__ import annotations

from issuer._notify import CodeMessage

__all__ = ["Recorder"]


class Recorder:
    """A notifier keeping every code it is asked to deliver, in order."""

    def __init__(self) -> None:
        self.sent: list[CodeMessage] = []

    def send_code(self, message: CodeMessage) -> None:
        self.sent.append(message)
