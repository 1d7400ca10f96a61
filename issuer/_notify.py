"""Pluggable delivery of one-time download codes, and of notices (a 定期注册 step), to holders.

Development uses :class:`ConsoleNotifier` (the code goes to the log, with only the last four
digits of the certificate number). Production sets ``ECERT_NOTIFIER=smtp`` or ``sms``
(:func:`notifier_for`): a :class:`GatewayNotifier` joins a :class:`ContactDirectory` that knows
how to reach a holder (``issuer._contacts``: the addresses imported into ``holder_contact``,
encrypted, never shown; the Henan 2020 notice forbids showing them) and a
:class:`MessageGateway` (:class:`SmtpGateway`, :class:`SmsGateway`; docs/NOTIFY.md). No notifier
ever receives the ID number, and no log line carries a contact or a code.

Delivery runs on a background thread (:func:`submit_delivery`): the request that asks for a code
only queues an item, the same item whether or not anything matched (None then), so neither the
sending nor its failures can be timed from outside.
"""

from __future__ import annotations

import atexit
import hashlib
import hmac
import json
import logging
import queue
import secrets
import smtplib
import ssl
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Protocol

import httpx

from core.errors import ConfigurationError
from core.settings import Settings

__all__ = [
    "SUBJECT",
    "CodeMessage",
    "ConsoleNotifier",
    "ContactDirectory",
    "DeliveryFailed",
    "GatewayNotifier",
    "certificate_hint",
    "HolderNotice",
    "MessageGateway",
    "Notifier",
    "SmsGateway",
    "SmtpGateway",
    "configure_notifier",
    "current_notifier",
    "drain_deliveries",
    "notifier_for",
    "sms_signature",
    "start_notifier",
    "submit_delivery",
]

log = logging.getLogger("ecert.holder")


def certificate_hint(number: str) -> str:
    """A certificate number as messages and logs name it: its last four digits (…1234)."""
    return "…" + number[-4:]


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
        return certificate_hint(self.certificate_number)

    def text(self) -> str:
        """The message body (Chinese first)."""
        return (f"【教师资格电子证照】您正在下载证书（尾号{self.certificate_number[-4:]}）的电子"
                f"证照，验证码 {self.code}，10 分钟内有效，请勿告诉他人。")


class HolderNotice(Protocol):
    """A message to a holder that is not a code (e.g. a 定期注册 step): its subject and text
    name the certificate by its last four digits only."""

    @property
    def holder_id(self) -> int: ...
    @property
    def certificate_number(self) -> str: ...
    @property
    def certificate_hint(self) -> str: ...
    @property
    def subject(self) -> str: ...
    def text(self) -> str: ...


class Notifier(Protocol):
    """Delivers a one-time code or a notice to the holder; must not raise for an unknown
    contact."""

    def send_code(self, message: CodeMessage) -> None: ...

    def send_notice(self, notice: HolderNotice) -> None: ...


class ConsoleNotifier:
    """Development: writes the code or the notice to the log (never the ID number)."""

    def send_code(self, message: CodeMessage) -> None:
        """Log the code for the developer at the console."""
        log.warning("one-time code for certificate %s: %s (development notifier)",
                    message.certificate_hint, message.code)

    def send_notice(self, notice: HolderNotice) -> None:
        """Log the notice for the developer at the console."""
        log.warning("notice for certificate %s: %s (development notifier)",
                    notice.certificate_hint, notice.text())


class ContactDirectory(Protocol):
    """Finds where to send a holder's code (e.g. the provincial 一网通办 account)."""

    def contact_for(self, holder_id: int, certificate_number: str) -> str | None: ...


class MessageGateway(Protocol):
    """Sends a text to a phone number or e-mail address (SMS provider, SMTP relay)."""

    def deliver(self, to: str, text: str, *, subject: str = ...) -> None: ...


@dataclass(frozen=True)
class GatewayNotifier:
    """Production adapter: look the contact up, then send through the gateway."""

    directory: ContactDirectory
    gateway: MessageGateway

    def send_code(self, message: CodeMessage) -> None:
        """Deliver, or log (without the contact) that there is nowhere to deliver."""
        self._send(message, SUBJECT, "code")

    def send_notice(self, notice: HolderNotice) -> None:
        """Deliver a notice with its own subject, or log that there is nowhere to."""
        self._send(notice, notice.subject, "notice")

    def _send(self, message: CodeMessage | HolderNotice, subject: str, what: str) -> None:
        to = self.directory.contact_for(message.holder_id, message.certificate_number)
        if to is None:
            log.info("no contact on file for certificate %s; %s not sent",
                     message.certificate_hint, what)
            return
        self.gateway.deliver(to, message.text(), subject=subject)


#: The subject of the e-mail that carries a code (UTF-8 encoded on the wire).
SUBJECT = "教师资格电子证照下载验证码"


class DeliveryFailed(Exception):
    """A gateway did not take a message; its text names neither the contact nor the code."""


@dataclass(frozen=True)
class SmtpGateway:
    """E-mail through an SMTP relay: STARTTLS (checked against the system's CAs or
    ``ca_file``) before LOGIN, a UTF-8 message with a Chinese subject."""

    host: str
    port: int
    sender: str
    username: str = ""
    password: str = ""
    starttls: bool = True
    ca_file: Path | None = None
    timeout: float = 10.0

    def message(self, to: str, text: str, *, subject: str = SUBJECT) -> EmailMessage:
        """The e-mail for ``to`` (UTF-8 body, RFC 2047 subject); a code's carries a line
        for whoever did not ask for it."""
        msg = EmailMessage()
        msg["Subject"] = subject
        msg["From"] = self.sender
        msg["To"] = Address(addr_spec=to)
        msg["Date"] = formatdate(localtime=False)
        msg["Message-ID"] = make_msgid(domain=self.sender.rpartition("@")[2].strip("> ")
                                       or None)
        msg["Auto-Submitted"] = "auto-generated"
        footer = ("\n\n如非本人操作，请忽略本邮件。(If you did not ask for this code, ignore "
                  "this message.)\n") if subject == SUBJECT else "\n"
        msg.set_content(text + footer, charset="utf-8")
        return msg

    def deliver(self, to: str, text: str, *, subject: str = SUBJECT) -> None:
        """Send one message; any refusal or timeout is :class:`DeliveryFailed`."""
        msg = self.message(to, text, subject=subject)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                smtp.ehlo()
                if self.starttls:
                    context = ssl.create_default_context(
                        cafile=str(self.ca_file) if self.ca_file else None)
                    smtp.starttls(context=context)
                    smtp.ehlo()
                if self.username:
                    smtp.login(self.username, self.password)
                smtp.send_message(msg)
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryFailed(f"SMTP {self.host}:{self.port}: {type(exc).__name__}"
                                 f"{_smtp_code(exc)}") from None


def _smtp_code(exc: Exception) -> str:
    """The reply code, or for a broken connection its reason; never a reply text (a refused
    recipient's reply names the address)."""
    code = getattr(exc, "smtp_code", None)
    if isinstance(code, int):
        return f" {code}"
    if not isinstance(exc, smtplib.SMTPResponseException | smtplib.SMTPRecipientsRefused):
        return f" ({exc})"  # a timeout, a refused connection, a certificate that fails
    return ""


def sms_signature(secret: str, timestamp: str, body: bytes) -> str:
    """``X-Ecert-Signature``: hex HMAC-SHA256 under ``secret`` of ``timestamp + "." + body``."""
    return hmac.new(secret.encode(), timestamp.encode() + b"." + body,
                    hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class SmsGateway:
    """An SMS provider behind a JSON POST ``{to, text, timestamp, nonce}`` signed with
    HMAC-SHA256 (docs/NOTIFY.md); any answer but 2xx is a failure."""

    url: str
    secret: str
    timeout: float = 10.0

    def request(self, to: str, text: str) -> tuple[bytes, dict[str, str]]:
        """The body and headers of one POST."""
        timestamp = str(int(time.time()))
        body = json.dumps({"to": to, "text": text, "timestamp": timestamp,
                           "nonce": secrets.token_hex(16)}, ensure_ascii=False,
                          separators=(",", ":")).encode()
        return body, {"Content-Type": "application/json; charset=utf-8",
                      "X-Ecert-Signature": sms_signature(self.secret, timestamp, body)}

    def deliver(self, to: str, text: str, *, subject: str = SUBJECT) -> None:
        """Post one message (a text message has no subject); a non-2xx answer, a timeout or
        a refused connection is :class:`DeliveryFailed` (naming the status, never the number
        or the text)."""
        body, headers = self.request(to, text)
        try:
            answer = httpx.post(self.url, content=body, headers=headers, timeout=self.timeout,
                                follow_redirects=False)
        except httpx.HTTPError as exc:
            raise DeliveryFailed(f"SMS gateway: {type(exc).__name__}") from None
        if not 200 <= answer.status_code < 300:
            raise DeliveryFailed(f"SMS gateway answered {answer.status_code}")


_configured: Notifier | None = None
_built: dict[tuple[object, ...], Notifier] = {}
_built_lock = threading.Lock()


def configure_notifier(notifier: Notifier | None) -> None:
    """Install a process-wide notifier over the settings' one (tests); None resets it."""
    global _configured
    _configured = notifier


def notifier_for(settings: Settings) -> Notifier:
    """The notifier ``ECERT_NOTIFIER`` names, built once per configuration: the console in
    development when unset; refused in production when unset (core.settings refuses
    ``console`` there)."""
    kind = settings.notifier or ("" if settings.is_production else "console")
    if kind == "":
        raise ConfigurationError("no notifier configured for holder download codes: set "
                                 "ECERT_NOTIFIER=smtp or sms (docs/NOTIFY.md)",
                                 code="notifier_not_configured")
    key = (kind, settings.database_url, settings.secret, settings.smtp_host, settings.smtp_port,
           settings.smtp_username, settings.smtp_password, settings.smtp_from,
           settings.smtp_starttls, settings.smtp_ca_file, settings.sms_url, settings.sms_secret,
           settings.notify_timeout)
    with _built_lock:
        if key not in _built:
            _built[key] = _build(kind, settings)
        return _built[key]


def _build(kind: str, settings: Settings) -> Notifier:
    if kind == "console":
        return ConsoleNotifier()
    from core.db import engine_for
    from issuer._contacts import ContactsDirectory

    gateway: MessageGateway
    if kind == "smtp":
        gateway = SmtpGateway(host=settings.smtp_host, port=settings.smtp_port,
                              sender=settings.smtp_from, username=settings.smtp_username,
                              password=settings.smtp_password,
                              starttls=settings.smtp_starttls, ca_file=settings.smtp_ca_file,
                              timeout=settings.notify_timeout)
        channel = "email"
    else:
        gateway = SmsGateway(url=settings.sms_url, secret=settings.sms_secret,
                             timeout=settings.notify_timeout)
        channel = "sms"
    directory = ContactsDirectory(engine=engine_for(settings), secret=settings.secret,
                                  channel=channel)
    return GatewayNotifier(directory=directory, gateway=gateway)


def start_notifier(settings: Settings) -> None:
    """App start-up: build the notifier ``ECERT_NOTIFIER`` names now, so that a broken set-up
    fails at start rather than at a teacher's first request; in production without one, warn
    that holders cannot ask for codes."""
    if not settings.notifier and settings.is_production:
        log.warning("ECERT_NOTIFIER is not set: holders cannot ask for download codes "
                    "(docs/NOTIFY.md)")
        return
    notifier_for(settings)


def current_notifier(settings: Settings) -> Notifier:
    """The installed notifier (tests), else the one the settings name (:func:`notifier_for`)."""
    if _configured is not None:
        return _configured
    return notifier_for(settings)


class DeliveryQueue:
    """One background thread that sends queued codes, in order, a moment after they are queued.

    ``submit`` costs the same whether it carries a message or None (a request that matched
    nothing), and never blocks: a full queue drops the item with a log line that says nothing
    about it. The thread waits ``settle`` seconds after an item was queued before sending, so a
    send never competes with the answer to the request that queued it.
    """

    def __init__(self, *, maxsize: int = 10_000, settle: float = 0.02) -> None:
        self._queue: queue.Queue[tuple[float, Notifier, CodeMessage | HolderNotice | None]] = \
            queue.Queue(maxsize)
        self._settle = settle
        self._thread: threading.Thread | None = None
        self._start = threading.Lock()

    def submit(self, notifier: Notifier, message: CodeMessage | HolderNotice | None) -> None:
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
                if isinstance(message, CodeMessage):
                    notifier.send_code(message)
                elif message is not None:
                    notifier.send_notice(message)
            except DeliveryFailed as exc:  # its text names no contact and no code
                hint = message.certificate_hint if message is not None else "?"
                log.error("code for certificate %s not delivered: %s", hint, exc)
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


def submit_delivery(notifier: Notifier, message: CodeMessage | HolderNotice | None) -> None:
    """Queue a code or a notice for delivery after the answer (None when nothing matched)."""
    _deliveries.submit(notifier, message)


def drain_deliveries(timeout: float = 10.0) -> bool:
    """Wait for queued deliveries to be sent (tests, orderly shutdown)."""
    return _deliveries.drain(timeout)
