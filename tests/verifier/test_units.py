"""Pure parts: rate limiter, upload sniffing and caps, verdict text, round trip by property."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.credential import Claims, sign_credential, to_qr_text
from core.ratelimit import RateLimiter, SharedStore, TokenBucket, TooManyRequests
from keys import TrustedKey, TrustList
from tests.verifier._support import ForeignSigner
from verifier import (
    Check,
    RegistrationInfo,
    StatusInfo,
    UploadRefused,
    Verdict,
    verify_credential,
)
from verifier._limits import check_pdf_pages, check_size, sniff
from verifier._verdict import pick_lang

NOW = datetime(2026, 11, 1, 2, 0, tzinfo=UTC)


@pytest.mark.parametrize("shared", [False, True], ids=["memory", "shared-file"])
def test_rate_limiter_refills_over_time(shared: bool, tmp_path: Path) -> None:
    now = [0.0]
    limiter = RateLimiter(TokenBucket(60), clock=lambda: now[0],
                          store=SharedStore(tmp_path / "run" / "limits.sqlite") if shared else None)
    for _ in range(60):
        limiter.hit("a")
    with pytest.raises(TooManyRequests) as info:
        limiter.hit("a")
    assert info.value.retry_after == 1 and info.value.http_status == 429
    limiter.hit("b")  # other clients are unaffected
    now[0] += 2.0
    limiter.hit("a")
    limiter.hit("a")
    with pytest.raises(TooManyRequests):
        limiter.hit("a")


@pytest.mark.parametrize(("data", "kind"), [
    (b"\xff\xd8\xff\xe0rest", "jpeg"), (b"\x89PNG\r\n\x1a\nrest", "png"),
    (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "webp"), (b"%PDF-1.7\n", "pdf"),
])
def test_sniff_by_magic_bytes(data: bytes, kind: str) -> None:
    assert sniff(data) == kind


@pytest.mark.parametrize("data", [b"GIF89a...", b"<svg xmlns=", b"PK\x03\x04", b"MZ", b""])
def test_other_types_refused(data: bytes) -> None:
    with pytest.raises(UploadRefused) as info:
        sniff(data)
    assert info.value.code == "unsupported_type" and info.value.http_status == 415


def test_size_and_pdf_caps() -> None:
    check_size(10, 10)
    with pytest.raises(UploadRefused) as big:
        check_size(11, 10)
    assert big.value.http_status == 413
    with pytest.raises(UploadRefused):
        check_size(0, 10)
    with pytest.raises(UploadRefused) as pages:
        check_pdf_pages(21, [])
    assert pages.value.code == "pdf_too_many_pages"
    with pytest.raises(UploadRefused):
        check_pdf_pages(1, [(595.0, 50_000.0)])


def test_pick_lang() -> None:
    assert pick_lang(None, None) == "zh"
    assert pick_lang(None, "en-US,en;q=0.9") == "en"
    assert pick_lang(None, "zh-CN,zh;q=0.9,en;q=0.8") == "zh"
    assert pick_lang("zh", "en") == "zh" and pick_lang("en", None) == "en"
    assert pick_lang("xx", None) == "zh"


def test_verdict_tone_and_text() -> None:
    green = Verdict("valid", True, (Check("signature", "pass"),),
                    registration=RegistrationInfo("registered", date(2029, 8, 31)))
    assert green.tone == "green" and "2029-08-31" in green.summary("zh")
    assert green.summary("en").startswith("Genuine and valid; registered until 2029-08-31")
    assert dataclasses.replace(green, registration=RegistrationInfo("lapsed")).tone == "amber"
    assert dataclasses.replace(green, stale=True).tone == "amber"
    assert Verdict("key_revoked", False, ()).tone == "red"
    assert "photo" not in green.to_dict()


def _trust(signer: ForeignSigner, authority: str) -> TrustList:
    raw = signer._key.public_key().public_bytes_raw()
    key = TrustedKey(signer.kid, authority, "EdDSA", raw, NOW - timedelta(days=3650), None,
                     "active", None)
    return TrustList(1, NOW, NOW + timedelta(days=1), NOW + timedelta(days=7), b"root",
                     {signer.kid: key})


_claims = st.builds(
    Claims,
    certificate_number=st.from_regex(r"[0-9]{17}", fullmatch=True),
    name=st.text(st.sampled_from("李王张刘陈杨赵黄周吴明华芳"), min_size=1, max_size=4),
    gender=st.sampled_from(["男", "女"]),
    masked_id=st.just("4****************X"),
    qualification_type=st.integers(1, 7),
    subject=st.sampled_from(["", "数学", "语文", "英语"]),
    authority_code=st.from_regex(r"41[0-9]{3}", fullmatch=True),
    issue_date=st.dates(date(2000, 1, 1), date(2026, 10, 1)),
    version=st.integers(1, 5),
    issued_at=st.datetimes(datetime(2020, 1, 1), datetime(2026, 10, 1), timezones=st.just(UTC)),
    status_index=st.integers(0, 2**32 - 1),
)


@settings(max_examples=60, deadline=None)
@given(claims=_claims, status=st.sampled_from(["valid", "revoked", "forfeited", "replaced"]),
       lower=st.booleans())
def test_round_trip_claims_to_verdict(claims: Claims, status: str, lower: bool) -> None:
    from core.rules import QualificationStatus

    signer = ForeignSigner()
    text = to_qr_text(sign_credential(claims, signer), "https://ecert.example.gov.cn")
    info = StatusInfo(QualificationStatus(status), "registered", date(2030, 1, 1))
    verdict = verify_credential(text.lower() if lower else text, trust=_trust(signer, "41"),
                                status=lambda c: info if c == claims else None, freshness="x")
    assert (verdict.result, verdict.authentic) == (status, True)
    assert verdict.certificate is not None
    assert verdict.certificate.number == claims.certificate_number
    assert verdict.certificate.name == claims.name
    other = verify_credential(text, trust=_trust(signer, "42"), status=None, freshness="x")
    assert other.result == "unknown_key"


@pytest.mark.parametrize("raw", [b" " * 31 + b"\n", b"\n" + bytes(range(1, 32)), bytes(32)])
def test_root_key_file_forms(raw: bytes) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    from verifier._online import parse_root_key

    try:
        key = Ed25519PublicKey.from_public_bytes(raw)
    except ValueError:
        pytest.skip("not a valid Ed25519 point")
    pem = key.public_bytes(serialization.Encoding.PEM,
                           serialization.PublicFormat.SubjectPublicKeyInfo)
    for form in (raw, raw.hex().encode() + b"\n", pem):
        assert parse_root_key(form) == raw


def test_workers_sharing_a_file_share_each_clients_budget(tmp_path: Path) -> None:
    """Two limiters on one file stand for two worker processes: one budget per client."""
    now = [1000.0]
    path = tmp_path / "ratelimit.sqlite"
    workers = [RateLimiter(TokenBucket(4), clock=lambda: now[0], store=SharedStore(path))
               for _ in range(2)]
    for n in range(4):
        workers[n % 2].hit("a")
    for worker in workers:
        with pytest.raises(TooManyRequests):
            worker.hit("a")
    workers[1].hit("b")  # other clients are unaffected
    now[0] += 15.0  # 4 per minute: one token back
    workers[0].hit("a")
    with pytest.raises(TooManyRequests):
        workers[1].hit("a")


def test_shared_buckets_forget_idle_clients(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    monkeypatch.setattr(SharedStore, "SWEEP_EVERY", 4)
    now = [0.0]
    path = tmp_path / "ratelimit.sqlite"
    limiter = RateLimiter(TokenBucket(60), clock=lambda: now[0], store=SharedStore(path))
    limiter.hit("idle")
    now[0] += 61.0  # a full minute idle: its bucket is full again, nothing to remember
    for _ in range(3):
        limiter.hit("busy")
    with sqlite3.connect(path) as conn:
        assert [row[0] for row in conn.execute("SELECT client FROM bucket")] == ["busy"]


def test_an_unusable_rate_limit_file_lets_requests_through(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the folder should be")
    limiter = RateLimiter(TokenBucket(1), store=SharedStore(blocker / "ratelimit.sqlite"))
    with caplog.at_level("WARNING", logger="ecert.ratelimit"):
        for _ in range(3):
            limiter.hit("203.0.113.9")  # no exception: the service stays up
    assert [r.message.startswith("rate-limit file") for r in caplog.records] == [True]
    assert "203.0.113.9" not in caplog.text
