"""The one result of every verification path: a frozen Verdict with its checks and bottom line.

A well-formed credential that fails is a *result* (``invalid_signature``, ``key_revoked`` …),
never an exception; only the inputs around it (lists, uploads, settings) raise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, NamedTuple

from core.rules import QualificationType

__all__ = [
    "RESULTS",
    "Check",
    "CertificateInfo",
    "Lang",
    "Outcome",
    "RegistrationInfo",
    "Result",
    "Verdict",
    "pick_lang",
    "registration_text",
    "result_text",
]

Result = Literal[
    "valid", "revoked", "forfeited", "replaced", "invalid_signature", "unknown_key",
    "key_revoked", "malformed", "not_found",
]
RESULTS: tuple[Result, ...] = (
    "valid", "revoked", "forfeited", "replaced", "invalid_signature", "unknown_key",
    "key_revoked", "malformed", "not_found",
)
Outcome = Literal["pass", "fail", "warn", "skip"]
Lang = Literal["zh", "en"]
Tone = Literal["green", "amber", "red"]

_HEADLINES: dict[Result, tuple[str, str]] = {
    "valid": ("证书真实有效", "Genuine and valid"),
    "revoked": ("证书已被撤销", "Revoked"),
    "forfeited": ("教师资格已丧失", "Qualification forfeited"),
    "replaced": ("证书已换发，本证书不再使用", "Replaced by a newer certificate"),
    "invalid_signature": ("签名无效：证书可能被篡改", "Invalid signature: possibly tampered"),
    "unknown_key": ("签发密钥不在信任列表中", "Signed by a key that is not trusted"),
    "key_revoked": ("签发密钥已被吊销", "The signing key has been revoked"),
    "malformed": ("无法识别的证书二维码", "Not a readable certificate code"),
    "not_found": ("查无此证书", "No such certificate in the registry"),
}
_REGISTRATION_TEXT: dict[str, tuple[str, str]] = {
    "registered": ("定期注册合格", "registered"),
    "deferred": ("暂缓注册", "registration deferred"),
    "failed": ("注册不合格", "registration failed"),
    "lapsed": ("注册已过期", "registration lapsed"),
    "none": ("未注册", "never registered"),
    "unknown": ("注册状态未知", "registration state unknown"),
}


def result_text(result: str, lang: Lang = "zh") -> str:
    """Human label of a result code (for pages that show a result without a Verdict)."""
    zh, en = next((v for k, v in _HEADLINES.items() if k == result), (result, result))
    return zh if lang == "zh" else en


def registration_text(state: str, lang: Lang = "zh") -> str:
    """Human label of a registration state."""
    zh, en = _REGISTRATION_TEXT.get(state, (state, state))
    return zh if lang == "zh" else en


def pick_lang(query: str | None, accept_language: str | None) -> Lang:
    """``?lang=`` wins; otherwise English only when the browser prefers it over Chinese."""
    if query in ("zh", "en"):
        return query  # type: ignore[return-value]
    header = (accept_language or "").lower().strip()
    return "en" if header.startswith("en") else "zh"


@dataclass(frozen=True, slots=True)
class Check:
    """One check performed and its outcome."""

    name: str
    outcome: Outcome
    detail: str = ""


@dataclass(frozen=True, slots=True)
class RegistrationInfo:
    """定期注册 state; ``unknown`` only when no status source was available."""

    state: str
    valid_until: date | None = None

    def text(self, lang: Lang = "zh") -> str:
        """Human label, e.g. 定期注册合格."""
        zh, en = _REGISTRATION_TEXT.get(self.state, (self.state, self.state))
        return zh if lang == "zh" else en


class CertificateInfo(NamedTuple):
    """The signed fields a verifier may show (the ID number only masked).

    A named tuple, not a frozen dataclass: one is built per verification, and a tuple is built
    several times faster (immutable either way).
    """

    number: str
    name: str
    gender: str
    qualification_type: int
    subject: str
    authority: str
    issue_date: date
    masked_id: str
    authority_name: str | None = None

    @property
    def qualification_label(self) -> str:
        """Full legal name of the qualification type, e.g. 高级中学教师资格."""
        return QualificationType(self.qualification_type).label


@dataclass(frozen=True, slots=True)
class Verdict:
    """The bottom line of a verification with every check that led to it."""

    result: Result
    authentic: bool
    checks: tuple[Check, ...]
    certificate: CertificateInfo | None = None
    registration: RegistrationInfo | None = None
    kid: str | None = None
    freshness: str = "unknown"
    replaced_by: str | None = None
    stale: bool = False
    photo: bytes | None = field(default=None, repr=False, compare=False)

    @property
    def tone(self) -> Tone:
        """green: valid and registered; amber: genuine but not in force today; red: refuse."""
        if self.result == "valid":
            ok = self.registration is not None and self.registration.state == "registered"
            return "green" if ok and not self.stale else "amber"
        return "amber" if self.result == "replaced" else "red"

    def headline(self, lang: Lang = "zh") -> str:
        """One line for people: the result in Chinese (default) or English."""
        zh, en = _HEADLINES[self.result]
        text = zh if lang == "zh" else en
        if self.result == "replaced" and self.certificate is not None \
                and self.replaced_by == self.certificate.number:
            return ("此份证书已补发或换发，不再使用，请以新证为准" if lang == "zh"
                    else "This copy was re-issued under the same number; only the new one counts")
        if self.result == "replaced" and self.replaced_by:
            text += f"（新证书号 {self.replaced_by}）" if lang == "zh" else \
                f" (new number {self.replaced_by})"
        return text

    def summary(self, lang: Lang = "zh") -> str:
        """Headline plus the registration state, for the JSON ``message`` and the CLI."""
        parts = [self.headline(lang)]
        if self.registration is not None and self.result in ("valid", "replaced"):
            reg = self.registration.text(lang)
            if self.registration.valid_until is not None:
                until = self.registration.valid_until.isoformat()
                reg += f"，有效期至 {until}" if lang == "zh" else f" until {until}"
            parts.append(reg)
        if self.stale:
            parts.append("状态列表已过期，结论可能不是最新" if lang == "zh"
                         else "status data is stale")
        return ("；" if lang == "zh" else "; ").join(parts)

    def to_dict(self, lang: Lang = "zh") -> dict[str, Any]:
        """The JSON form (API, CLI, bulk report); never carries the photo."""
        cert = self.certificate
        reg = self.registration
        return {
            "authentic": self.authentic,
            "result": self.result,
            "replaced_by": self.replaced_by,
            "registration": None if reg is None else {
                "state": reg.state,
                "valid_until": reg.valid_until.isoformat() if reg.valid_until else None,
            },
            "certificate": None if cert is None else _certificate_dict(cert),
            "kid": self.kid,
            "freshness": self.freshness,
            "stale": self.stale,
            "checks": [{"name": c.name, "outcome": c.outcome, "detail": c.detail}
                       for c in self.checks],
            "message": self.summary(lang),
            "lang": lang,
        }


def _certificate_dict(cert: CertificateInfo) -> dict[str, Any]:
    return {
        "number": cert.number,
        "name": cert.name,
        "gender": cert.gender,
        "qualification_type": cert.qualification_type,
        "qualification_label": cert.qualification_label,
        "subject": cert.subject,
        "authority": cert.authority,
        "authority_name": cert.authority_name,
        "issue_date": cert.issue_date.isoformat(),
        "masked_id": cert.masked_id,
    }
