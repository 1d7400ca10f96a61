"""Pluggable delivery of one-time download codes to holders.

Development uses :class:`ConsoleNotifier` (the code goes to the log, with only the last four
digits of the certificate number). Production plugs a :class:`GatewayNotifier`: a
:class:`ContactDirectory` that knows how to reach a holder (the registry keeps no phone numbers
or e-mail addresses; seed 001 forbids showing contact details) and a :class:`MessageGateway`
that sends SMS or e-mail. No notifier ever receives the ID number.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from core.errors import ConfigurationError
from core.settings import Settings

__all__ = [
    "CodeMessage",
    "ConsoleNotifier",
    "ContactDirectory",
    "GatewayNotifier",
    "MessageGateway",
    "Notifier",
    "configure_notifier",
    "current_notifier",
]

log = logging.getLogger("ecert.holder")


@dataclass(frozen=True)
class CodeMessage:
    """One code to deliver: for whom (holder row id), which certificate, until when."""

    holder_id: int
    certificate_number: str
    code: str
    expires_at: datetime

    @property
    def certificate_hint(self) -> str:
        """The certificate number as shown in messages and logs: …1234."""
        return "…" + self.certificate_number[-4:]

    def text(self) -> str:
        """The message body (Chinese first)."""
        return (f"【教师资格电子证照】您正在下载证书（尾号{self.certificate_number[-4:]}）的电子"
                f"证照，验证码 {self.code}，10 分钟内有效，请勿告诉他人。")


class Notifier(Protocol):
    """Delivers a one-time code to the holder; must not raise for an unknown contact."""

    def send_code(self, message: CodeMessage) -> None: ...


class ConsoleNotifier:
    """Development: writes the code to the log (never the ID number)."""

    def send_code(self, message: CodeMessage) -> None:
        """Log the code for the developer at the console."""
        log.warning("one-time code for certificate %s: %s (development notifier)",
                    message.certificate_hint, message.code)


class ContactDirectory(Protocol):
    """Finds where to send a holder's code (e.g. the provincial 一网通办 account)."""

    def contact_for(self, holder_id: int, certificate_number: str) -> str | None: ...


class MessageGateway(Protocol):
    """Sends a text to a phone number or e-mail address (SMS provider, SMTP relay)."""

    def deliver(self, to: str, text: str) -> None: ...


@dataclass(frozen=True)
class GatewayNotifier:
    """Production adapter: look the contact up, then send through the gateway."""

    directory: ContactDirectory
    gateway: MessageGateway

    def send_code(self, message: CodeMessage) -> None:
        """Deliver, or log (without the contact) that there is nowhere to deliver."""
        to = self.directory.contact_for(message.holder_id, message.certificate_number)
        if to is None:
            log.info("no contact on file for certificate %s; code not sent",
                     message.certificate_hint)
            return
        self.gateway.deliver(to, message.text())


_configured: Notifier | None = None


def configure_notifier(notifier: Notifier | None) -> None:
    """Install the process-wide notifier (production start-up, or tests); None resets it."""
    global _configured
    _configured = notifier


def current_notifier(settings: Settings) -> Notifier:
    """The configured notifier; the console one in development; refused in production."""
    if _configured is not None:
        return _configured
    if settings.is_production:
        raise ConfigurationError("no notifier configured for holder download codes "
                                 "(configure_notifier with an SMS/e-mail GatewayNotifier)",
                                 code="notifier_not_configured")
    return ConsoleNotifier()
