"""core.rules.present: the one decision of tone, headline, labels and registration line."""

from __future__ import annotations

from datetime import date

import pytest

from core.rules import (
    QualificationStatus,
    RegistrationState,
    Tone,
    VerifierResult,
    present,
    registration_label,
)

UNTIL = date(2031, 8, 31)


def test_every_state_has_both_labels() -> None:
    for enum in (VerifierResult, RegistrationState, QualificationStatus, Tone):
        for member in enum:
            zh, en = member.label("zh"), member.label("en")
            assert zh and en and zh != en and member.label() == zh
            assert not zh.isascii() and en.isascii()
    for result in VerifierResult:
        assert result.headline("zh") and result.headline("en").isascii()
    assert registration_label("unknown") == "注册状态未知"


@pytest.mark.parametrize(("result", "registration", "tone", "shown"), [
    ("valid", "registered", "green", "定期注册合格，有效期至 2031-08-31"),
    ("valid", "lapsed", "amber", "注册已过期（2031-08-31 到期）"),
    ("valid", "deferred", "amber", "暂缓注册"),
    ("valid", "failed", "amber", "注册不合格"),
    ("valid", "none", "amber", "未注册"),
    ("valid", "unknown", "amber", "注册状态未知"),
    ("revoked", "registered", "red", None),
    ("forfeited", "registered", "red", None),
    ("replaced", "registered", "amber", None),
    ("pdf_signature_invalid", "registered", "amber", "定期注册合格，有效期至 2031-08-31"),
    ("ofd_seal_invalid", "registered", "amber", "定期注册合格，有效期至 2031-08-31"),
    ("foreign_host", None, "red", None),
    ("not_found", None, "red", None),
    ("malformed", None, "red", None),
])
def test_present(result: str, registration: str | None, tone: str, shown: str | None) -> None:
    until = UNTIL if registration in ("registered", "lapsed") else None
    view = present(result, registration=registration, valid_until=until)
    assert (view.tone, view.registration("zh")) == (tone, shown)
    assert view.summary("zh").startswith(view.headline("zh"))
    if shown is None:
        assert "注册" not in view.summary("zh") and "register" not in view.summary("en")


def test_green_needs_fresh_data_and_no_failed_check() -> None:
    assert present("valid", registration="registered").tone == "green"
    assert present("valid", registration="registered", stale=True).tone == "amber"
    assert "过期" in present("valid", registration="registered", stale=True).summary()
    assert present("valid", registration="registered", failed_check=True).tone == "amber"


def test_replaced_headline_names_the_successor() -> None:
    other = present("replaced", replaced_by="2" * 17, number="1" * 17)
    assert "2" * 17 in other.headline("zh") and "2" * 17 in other.headline("en")
    same = present("replaced", replaced_by="1" * 17, number="1" * 17)
    assert "补发" in same.headline("zh") and "re-issued" in same.headline("en")
