"""Pluggable delivery of one-time download codes to holders.

Development uses :class:`ConsoleNotifier` (the code goes to the log, with only the last four
digits of the certificate number). Production plugs a :class:`GatewayNotifier`: a
:class:`ContactDirectory` that knows how to reach a holder (the registry keeps no phone numbers
or e-mail addresses; the Henan 2020 notice forbids showing them) and a :class:`MessageGateway`
that sends SMS or e-mail. No notifier ever receives the ID number.

Delivery runs on a background thread (:func:`submit_delivery`): the request that asks for a code
only queues an item, the same item whether or not anything matched (None then), so neither the
sending nor its failures can be timed from outside.
"""

from __future__ import annotations

import atexit
import logging
import queue
import threading
import time
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
    "drain_deliveries",
    "submit_delivery",
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


class DeliveryQueue:
    """One background thread that sends queued codes, in order, a moment after they are queued.

    ``submit`` costs the same whether it carries a message or None (a request that matched
    nothing), and never blocks: a full queue drops the item with a log line that says nothing
    about it. The thread waits ``settle`` seconds after an item was queued before sending, so a
    send never competes with the answer to the request that queued it.
    """

    def __init__(self, *, maxsize: int = 10_000, settle: float = 0.02) -> None:
        self._queue: queue.Queue[tuple[float, Notifier, CodeMessage | None]] = queue.Queue(
            maxsize)
        self._settle = settle
        self._thread: threading.Thread | None = None
        self._start = threading.Lock()

    def submit(self, notifier: Notifier, message: CodeMessage | None) -> None:
        """Queue one delivery (None: nothing to send, queued all the same)."""
        if self._thread is None or not self._thread.is_alive():  # none yet, or forked
            self._start_thread()
        try:
            self._queue.put_nowait((time.monotonic() + self._settle, notifier, message))
        except queue.Full:
            log.error("holder code delivery queue full; an item was dropped")

    def _start_thread(self) -> None:
        with self._start:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="ecert-code-delivery",
                                                daemon=True)
                self._thread.start()
                atexit.register(self.drain, 5.0)  # a clean shutdown sends what is queued

    def _run(self) -> None:
        while True:
            due, notifier, message = self._queue.get()
            try:
                if (wait := due - time.monotonic()) > 0:
                    time.sleep(wait)
                if message is not None:
                    notifier.send_code(message)
            except Exception as exc:  # a failed delivery must not stop the next ones
                hint = message.certificate_hint if message is not None else "?"
                log.error("notifier failed for certificate %s: %s", hint, type(exc).__name__)
            finally:
                self._queue.task_done()

    def drain(self, timeout: float = 10.0) -> bool:
        """Wait until every queued item is handled (tests, shutdown); False on timeout."""
        deadline = time.monotonic() + timeout
        with self._queue.all_tasks_done:
            while self._queue.unfinished_tasks:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._queue.all_tasks_done.wait(remaining)
        return True


_deliveries = DeliveryQueue()


def submit_delivery(notifier: Notifier, message: CodeMessage | None) -> None:
    """Queue a code for delivery after the answer (None when nothing matched)."""
    _deliveries.submit(notifier, message)


def drain_deliveries(timeout: float = 10.0) -> bool:
    """Wait for queued deliveries to be sent (tests, orderly shutdown)."""
    return _deliveries.drain(timeout)
