"""Delivery of holders' codes through real gateways: an SMTP server (aiosmtpd, STARTTLS with a
self-signed certificate, LOGIN) and an SMS gateway over HTTP (a local stub that checks the
documented HMAC signature); failures are logged without the contact or the code."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import hashlib
import hmac
import ipaddress
import json
import logging
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

import issuer._holder as holder
from core.db import session_scope
from core.errors import ConfigurationError
from core.models import Certificate
from core.ratelimit import RateLimiter, SlidingWindow
from core.settings import Settings, load_settings
from issuer._contacts import set_contact
from issuer._notify import (
    SUBJECT,
    CodeMessage,
    DeliveryFailed,
    GatewayNotifier,
    SmsGateway,
    SmtpGateway,
    configure_notifier,
    drain_deliveries,
    notifier_for,
    sms_signature,
    start_notifier,
    submit_delivery,
)
from tests.issuer._status_support import id_of, seed

USER, PASSWORD = "ecert-relay", "relay-password-1"
TEXT = "【教师资格电子证照】验证码 123456，10 分钟内有效。"


# ---- a local SMTP server --------------------------------------------------------------------

@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage
    raw: bytes
    tls: bool
    authenticated: bool


@dataclass
class Mailbox:
    """What the local SMTP server received."""

    port: int = 0
    ca_file: Path | None = None
    messages: list[Received] = field(default_factory=list)
    arrived: threading.Event = field(default_factory=threading.Event)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw = envelope.original_content or envelope.content
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos), msg, raw,
                                      session.ssl is not None, bool(session.authenticated)))
        self.arrived.set()
        return "250 OK"

    def codes(self) -> list[str]:
        """The 6-digit codes in the received messages, oldest first."""
        import re

        return [re.search(r"验证码 ([0-9]{6})", m.message.get_content())[1]  # type: ignore[index]
                for m in self.messages]


def _authenticate(server: Any, session: Any, envelope: Any, mechanism: str,
                  data: Any) -> AuthResult:
    ok = (isinstance(data, LoginPassword) and data.login == USER.encode()
          and data.password == PASSWORD.encode())
    return AuthResult(success=ok, handled=False)


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 / localhost and its key, as PEM files."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ecert test SMTP")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([
                x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = folder / "smtp-cert.pem", folder / "smtp-key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def smtp_server(folder: Path, *, tls: bool = True) -> Iterator[Mailbox]:
    """A local SMTP server on 127.0.0.1: with ``tls``, STARTTLS (self-signed certificate) is
    required and LOGIN accepted after it; without, plain and unauthenticated."""
    import ssl

    box = Mailbox(port=_free_port())
    kwargs: dict[str, Any] = {}
    if tls:
        cert_file, key_file = self_signed(folder)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert_file, key_file)
        kwargs = {"tls_context": context, "require_starttls": True,
                  "authenticator": _authenticate, "auth_require_tls": True}
        box.ca_file = cert_file
    controller = Controller(box, hostname="127.0.0.1", port=box.port, **kwargs)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


def _gateway(box: Mailbox, **overrides: Any) -> SmtpGateway:
    values: dict[str, Any] = {"host": "127.0.0.1", "port": box.port,
                              "sender": "证书服务 <noreply@jyt.example.test>", "username": USER,
                              "password": PASSWORD, "starttls": True, "ca_file": box.ca_file,
                              "timeout": 5.0}
    return SmtpGateway(**{**values, **overrides})


def test_smtp_starttls_login_and_a_chinese_subject(tmp_path: Path) -> None:
    with smtp_server(tmp_path) as box:
        _gateway(box).deliver("holder-1@example.test", TEXT)
    (got,) = box.messages
    assert got.tls and got.authenticated
    assert got.rcpt_tos == ["holder-1@example.test"]
    assert got.mail_from == "noreply@jyt.example.test"
    assert got.message["Subject"] == SUBJECT == "教师资格电子证照下载验证码"
    assert b"=?utf-8?" in got.raw.split(b"\r\n\r\n")[0]  # encoded on the wire, not raw 8-bit
    assert got.message.get_content_charset() == "utf-8"
    assert "验证码 123456" in got.message.get_content()
    assert str(got.message["From"]) == "证书服务 <noreply@jyt.example.test>"


def test_a_registration_notice_goes_with_its_own_subject(tmp_path: Path) -> None:
    from issuer._cycle_notify import StepNotice
    from issuer._notify import GatewayNotifier

    class Directory:
        def contact_for(self, holder_id: int, certificate_number: str) -> str | None:
            return "holder-3@example.test" if holder_id == 3 else None

    notice = StepNotice(3, "20151101042000123", "已提交，等待学校审查。")
    with smtp_server(tmp_path) as box:
        notifier = GatewayNotifier(Directory(), _gateway(box))
        notifier.send_notice(notice)
        notifier.send_notice(StepNotice(4, "20151101042000124", "学校审查通过。"))  # no contact
    (got,) = box.messages
    assert got.rcpt_tos == ["holder-3@example.test"]
    assert got.message["Subject"] == "教师资格定期注册通知" != SUBJECT
    body = got.message.get_content()
    assert "尾号0123" in body and "等待学校审查" in body and "验证码" not in body


def test_smtp_refuses_a_server_it_cannot_verify(tmp_path: Path) -> None:
    with smtp_server(tmp_path) as box:
        with pytest.raises(DeliveryFailed) as failed:
            _gateway(box, ca_file=None).deliver("holder-1@example.test", TEXT)  # system CAs
    assert box.messages == [] and "SSL" in str(failed.value)
    assert "holder-1" not in str(failed.value)


def test_smtp_wrong_password_is_a_failure(tmp_path: Path) -> None:
    with smtp_server(tmp_path) as box:
        with pytest.raises(DeliveryFailed) as failed:
            _gateway(box, password="wrong").deliver("holder-1@example.test", TEXT)
    assert box.messages == [] and "535" in str(failed.value)


def test_smtp_without_starttls_on_a_plain_server(tmp_path: Path) -> None:
    with smtp_server(tmp_path, tls=False) as box:
        _gateway(box, starttls=False, username="").deliver("holder-2@example.test", TEXT)
    (got,) = box.messages
    assert not got.tls and got.message["Subject"] == SUBJECT


@contextmanager
def _silent_server() -> Iterator[int]:
    """A port that accepts connections and never says a word."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(8)
        yield int(s.getsockname()[1])


def test_smtp_and_sms_time_out() -> None:
    with _silent_server() as port:
        with pytest.raises(DeliveryFailed, match="Timeout|timed out"):
            SmtpGateway(host="127.0.0.1", port=port, sender="a@b.test",
                        timeout=0.5).deliver("x@y.test", TEXT)
        with pytest.raises(DeliveryFailed, match="Timeout"):
            SmsGateway(url=f"http://127.0.0.1:{port}/send", secret="s",
                       timeout=0.5).deliver("13800000000", TEXT)


# ---- a local SMS gateway --------------------------------------------------------------------

SMS_SECRET = "sms-shared-secret-for-tests"


@dataclass
class SmsStub:
    url: str
    answer: list[int]
    received: list[dict[str, Any]] = field(default_factory=list)
    bad_signatures: int = 0


@contextmanager
def sms_gateway(answer: int = 200) -> Iterator[SmsStub]:
    """An HTTP server that checks X-Ecert-Signature the way docs/NOTIFY.md tells a provider to,
    records good requests and answers ``answer`` (401 for a bad signature)."""
    stub = SmsStub(url="", answer=[answer])

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"]))
            data = json.loads(body)
            expected = hmac.new(SMS_SECRET.encode(), data["timestamp"].encode() + b"." + body,
                                hashlib.sha256).hexdigest()
            good = hmac.compare_digest(expected, self.headers.get("X-Ecert-Signature", ""))
            if good:
                stub.received.append({"data": data, "type": self.headers["Content-Type"]})
            else:
                stub.bad_signatures += 1
            self.send_response(stub.answer[0] if good else 401)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    stub.url = f"http://127.0.0.1:{server.server_address[1]}/sms/send"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield stub
    finally:
        server.shutdown()
        server.server_close()


def test_sms_post_is_signed_as_documented() -> None:
    with sms_gateway() as stub:
        SmsGateway(url=stub.url, secret=SMS_SECRET, timeout=5).deliver("13800000001", TEXT)
    (got,) = stub.received
    assert set(got["data"]) == {"to", "text", "timestamp", "nonce"}
    assert got["data"]["to"] == "13800000001" and got["data"]["text"] == TEXT
    assert got["data"]["timestamp"].isdigit() and len(got["data"]["nonce"]) == 32
    assert got["type"].startswith("application/json") and stub.bad_signatures == 0


def test_sms_signature_recipe() -> None:
    body = b'{"to":"13800000001","text":"x","timestamp":"1700000000","nonce":"ab"}'
    assert sms_signature("k", "1700000000", body) == hmac.new(
        b"k", b"1700000000." + body, hashlib.sha256).hexdigest()


def test_sms_with_a_wrong_secret_is_refused_by_the_gateway() -> None:
    with sms_gateway() as stub:
        with pytest.raises(DeliveryFailed, match="401"):
            SmsGateway(url=stub.url, secret="not-the-secret").deliver("13800000001", TEXT)
    assert stub.received == [] and stub.bad_signatures == 1


class _Directory:
    def contact_for(self, holder_id: int, certificate_number: str) -> str | None:
        return "13800000009"


def test_sms_failure_is_logged_without_contact_or_code(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="ecert.holder")
    message = CodeMessage(holder_id=1, certificate_number="20151101042000001", code="654321",
                          expires_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC))
    with sms_gateway(answer=503) as stub:
        notifier = GatewayNotifier(_Directory(), SmsGateway(url=stub.url, secret=SMS_SECRET))
        submit_delivery(notifier, message)
        assert drain_deliveries()
    assert len(stub.received) == 1  # it was sent, and the gateway said 503
    assert "not delivered" in caplog.text and "503" in caplog.text and "…0001" in caplog.text
    assert "654321" not in caplog.text and "13800000009" not in caplog.text


# ---- settings → notifier → a code by e-mail ---------------------------------------------------

def test_settings_refuse_incomplete_or_unsafe_notifiers(tmp_path: Path) -> None:
    strong = "Qm7vX2pL9sTn4RkW8zYc1HdJ6bFg3AeN5uVx0MqZrKtPwSyE"
    prod = {"env": "production", "secret": strong, "allow_dev_keys": False, "home": tmp_path,
            "issuer_name": "某某省教育厅"}
    cases = [({**prod, "notifier": "console"}, "console_notifier_in_production"),
             ({"notifier": "smtp", "smtp_host": "mail.example"}, "notifier_incomplete"),
             ({"notifier": "sms", "sms_url": "https://sms.example/send"}, "notifier_incomplete"),
             ({**prod, "notifier": "sms", "sms_url": "http://sms.example/", "sms_secret": "x"},
              "insecure_notifier"),
             ({**prod, "notifier": "smtp", "smtp_host": "m", "smtp_from": "a@b.test",
               "smtp_starttls": False}, "insecure_notifier")]
    for values, code in cases:
        with pytest.raises(ConfigurationError) as refused:
            Settings(**values)
        assert refused.value.code == code, values
    with pytest.raises(ConfigurationError) as unset:
        notifier_for(Settings(**prod))
    assert unset.value.code == "notifier_not_configured"
    ok = Settings(**prod, notifier="smtp", smtp_host="mail.example", smtp_from="a@b.test")
    assert isinstance(notifier_for(ok), GatewayNotifier)
    start_notifier(ok)  # builds it at app start


def test_start_warns_when_production_has_no_notifier(tmp_path: Path,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    strong = "Qm7vX2pL9sTn4RkW8zYc1HdJ6bFg3AeN5uVx0MqZrKtPwSyE"
    start_notifier(Settings(env="production", secret=strong, allow_dev_keys=False,
                            home=tmp_path, issuer_name="某某省教育厅"))
    assert "ECERT_NOTIFIER is not set" in caplog.text


def test_a_code_requested_through_the_api_arrives_by_email(
    sqlite_registry: Engine, ecert_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import issuer.api as api
    from ecert.app import create_app

    lenient = RateLimiter(SlidingWindow(((1000, 60.0),)))
    monkeypatch.setattr(api, "request_limiter", lenient)
    monkeypatch.setattr(holder, "request_limiter", lenient)
    configure_notifier(None)
    (number, other) = seed(1, 2)
    settings = load_settings()
    with session_scope() as session:
        cert = session.query(Certificate).filter_by(number=number).one()
        set_contact(session, holder_id=cert.holder_id, channel="email",
                    address="Teacher.One@Example.TEST", secret=settings.secret, actor="test")
    with smtp_server(tmp_path) as box:
        for name, value in {"NOTIFIER": "smtp", "SMTP_HOST": "127.0.0.1",
                            "SMTP_PORT": str(box.port), "SMTP_FROM": "noreply@example.test",
                            "SMTP_USERNAME": USER, "SMTP_PASSWORD": PASSWORD,
                            "SMTP_CA_FILE": str(box.ca_file)}.items():
            monkeypatch.setenv(f"ECERT_{name}", value)
        client = TestClient(create_app())
        for id_number, cert_number in ((id_of(1), number), (id_of(2), other)):  # 2: no contact
            r = client.post("/api/holder/request-code",
                            json={"id_number": id_number, "certificate_number": cert_number})
            assert r.status_code == 202
        assert drain_deliveries()
    (got,) = box.messages
    assert got.rcpt_tos == ["Teacher.One@example.test"] and got.tls and got.authenticated
    assert len(box.codes()[0]) == 6 and number[-4:] in got.message.get_content()
