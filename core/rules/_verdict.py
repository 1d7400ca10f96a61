"""How a verification result is shown to people: one tone, one headline, one set of labels.

Every path of the public verifier (QR page, upload, number lookup, bulk report, JSON API, CLI,
online and offline) renders its answer through :func:`present`, so that the same certificate
reads the same everywhere: a revoked or forfeited certificate is red and never shows a
registration as in force; a lapsed or deferred registration is amber, never green.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache
from typing import Final

from ._registration import RegistrationState
from ._status import QualificationStatus
from ._text import bilingual

__all__ = [
    "CANNOT_VERIFY", "Presentation", "Tone", "VerifierResult", "present", "registration_label",
]

#: The headline of a request that could not be verified at all (an error, not a result).
CANNOT_VERIFY: Final = ("无法核验", "Cannot verify")


class VerifierResult(StrEnum):
    """The bottom line of one verification (docs/FORMAT.md §4, §5.2)."""

    VALID = "valid"
    REVOKED = "revoked"
    FORFEITED = "forfeited"
    REPLACED = "replaced"
    #: the credential is genuine, but the uploaded PDF is not the file that was signed
    PDF_SIGNATURE_INVALID = "pdf_signature_invalid"
    INVALID_SIGNATURE = "invalid_signature"
    UNKNOWN_KEY = "unknown_key"
    KEY_REVOKED = "key_revoked"
    MALFORMED = "malformed"
    #: a QR text under another site's address than this verifier's (a copy on a phishing page)
    FOREIGN_HOST = "foreign_host"
    NOT_FOUND = "not_found"

    def label(self, lang: str = "zh") -> str:
        """Short name for a table cell: 有效, 已撤销, 签名无效 …"""
        return bilingual(_RESULT_LABELS[self], lang)

    def headline(self, lang: str = "zh") -> str:
        """The one line a person reads first."""
        return bilingual(_HEADLINES[self], lang)

    @property
    def input_refused(self) -> bool:
        """The input is no credential of this service (HTTP 422, CLI exit 2): not a verdict on
        a certificate, but on what was submitted."""
        return self in (VerifierResult.MALFORMED, VerifierResult.FOREIGN_HOST)


_STATUSES = {s.value: s for s in QualificationStatus}
_BY_STATUS = {r: _STATUSES[r.value] for r in VerifierResult if r.value in _STATUSES}
_RESULT_LABELS: dict[VerifierResult, tuple[str, str]] = {
    **{r: (s.label("zh"), s.label("en")) for r, s in _BY_STATUS.items()},
    VerifierResult.PDF_SIGNATURE_INVALID: ("PDF 签名无效", "PDF signature invalid"),
    VerifierResult.INVALID_SIGNATURE: ("签名无效", "invalid signature"),
    VerifierResult.UNKNOWN_KEY: ("密钥不受信任", "untrusted key"),
    VerifierResult.KEY_REVOKED: ("密钥已吊销", "key revoked"),
    VerifierResult.MALFORMED: ("无法识别", "unreadable"),
    VerifierResult.FOREIGN_HOST: ("非本服务网址", "foreign address"),
    VerifierResult.NOT_FOUND: ("查无此证书", "not found"),
}
_HEADLINES: dict[VerifierResult, tuple[str, str]] = {
    VerifierResult.VALID: ("证书真实有效", "Genuine and valid"),
    VerifierResult.REVOKED: ("证书已被撤销", "Revoked"),
    VerifierResult.FORFEITED: ("教师资格已丧失", "Qualification forfeited"),
    VerifierResult.REPLACED: ("证书已换发，本证书不再使用", "Replaced by a newer certificate"),
    VerifierResult.PDF_SIGNATURE_INVALID: (
        "证书真实有效，但此 PDF 文件签名无效：文件在签名后被改动或不完整，请以本页信息为准",
        "The certificate is genuine, but this PDF's signature does not verify: the file was "
        "altered or cut short after signing; rely on the details shown here"),
    VerifierResult.INVALID_SIGNATURE: ("签名无效：证书可能被篡改",
                                       "Invalid signature: possibly tampered"),
    VerifierResult.UNKNOWN_KEY: ("签发密钥不在信任列表中", "Signed by a key that is not trusted"),
    VerifierResult.KEY_REVOKED: ("签发密钥已被吊销", "The signing key has been revoked"),
    VerifierResult.MALFORMED: ("无法识别的证书二维码", "Not a readable certificate code"),
    VerifierResult.FOREIGN_HOST: (
        "二维码中的网址不是本核验服务的地址，可能是仿冒网站，请勿相信该网址显示的内容",
        "This QR code points to another website, not this verifier: it may be a fake; "
        "do not trust what that address shows"),
    VerifierResult.NOT_FOUND: ("登记系统中查无此证书", "No matching certificate in the registry"),
}


class Tone(StrEnum):
    """green: valid and registered today; amber: genuine but look closer; red: refuse."""

    GREEN = "green"
    AMBER = "amber"
    RED = "red"

    def label(self, lang: str = "zh") -> str:
        """The tone in words, for reports and terminals: 通过, 需注意, 不通过."""
        return bilingual(_TONE_LABELS[self], lang)


_TONE_LABELS: dict[Tone, tuple[str, str]] = {
    Tone.GREEN: ("通过", "pass"),
    Tone.AMBER: ("需注意", "attention"),
    Tone.RED: ("不通过", "fail"),
}
#: Registration is shown only where the qualification itself is in force.
_SHOWS_REGISTRATION = frozenset({VerifierResult.VALID, VerifierResult.PDF_SIGNATURE_INVALID})
_AMBER = frozenset({VerifierResult.REPLACED, VerifierResult.PDF_SIGNATURE_INVALID})
_UNKNOWN_REGISTRATION = ("注册状态未知", "registration state unknown")
_STALE = ("状态信息已过期，结论可能不是最新", "status data is stale")


@dataclass(frozen=True, slots=True)
class Presentation:
    """What every path shows for one result, in Chinese (default) and English."""

    result: VerifierResult
    tone: Tone
    headlines: tuple[str, str]
    #: None: no registration may be shown (the qualification is not in force, or unknown here)
    registrations: tuple[str, str] | None
    notes: tuple[tuple[str, str], ...] = ()

    def headline(self, lang: str = "zh") -> str:
        """The big line."""
        return bilingual(self.headlines, lang)

    def label(self, lang: str = "zh") -> str:
        """The result's short label (table cell)."""
        return self.result.label(lang)

    def tone_label(self, lang: str = "zh") -> str:
        """The tone in words."""
        return self.tone.label(lang)

    def registration(self, lang: str = "zh") -> str | None:
        """The registration line, e.g. 定期注册合格，有效期至 2031-08-31; None when hidden."""
        return None if self.registrations is None else bilingual(self.registrations, lang)

    def note_lines(self, lang: str = "zh") -> tuple[str, ...]:
        """Extra lines (stale status data)."""
        return tuple(bilingual(note, lang) for note in self.notes)

    def summary(self, lang: str = "zh") -> str:
        """Headline, registration and notes on one line (JSON ``message``, CLI, reports)."""
        reg = self.registration(lang)
        parts = (self.headline(lang), *([reg] if reg else []), *self.note_lines(lang))
        return ("；" if lang != "en" else "; ").join(parts)


def _registration_text(state: str, until: date | None) -> tuple[str, str]:
    try:
        known = RegistrationState(state)
    except ValueError:
        return _UNKNOWN_REGISTRATION
    zh, en = known.label("zh"), known.label("en")
    if until is None or known not in (RegistrationState.REGISTERED, RegistrationState.LAPSED):
        return zh, en
    day = until.isoformat()
    if known is RegistrationState.REGISTERED:
        return f"{zh}，有效期至 {day}", f"{en} until {day}"
    return f"{zh}（{day} 到期）", f"{en} on {day}"


def registration_label(state: str, lang: str = "zh") -> str:
    """Short name of a registration state; ``unknown`` (no status source) included."""
    return bilingual(_registration_text(state, None), lang)


def _replaced_headline(replaced_by: str | None, number: str | None) -> tuple[str, str]:
    if replaced_by is not None and replaced_by == number:
        return ("此份证书已补发或换发，不再使用，请以新证为准",
                "This copy was re-issued under the same number; only the new one counts")
    zh, en = _HEADLINES[VerifierResult.REPLACED]
    if replaced_by:
        return f"{zh}（新证书号 {replaced_by}）", f"{en} (new number {replaced_by})"
    return zh, en


@lru_cache(maxsize=4096)  # keyed by the whole (hashable, immutable) input: correct by construction
def present(
    result: VerifierResult | str,
    *,
    registration: str | None = None,
    valid_until: date | None = None,
    stale: bool = False,
    replaced_by: str | None = None,
    number: str | None = None,
    failed_check: bool = False,
) -> Presentation:
    """The presentation of a result: tone, headline, labels, and the registration line if any.

    Green only for a valid qualification with a current registration, fresh status data and no
    failed check; a revoked, forfeited or replaced certificate never shows its registration.
    """
    outcome = VerifierResult(result)
    if outcome is VerifierResult.VALID:
        good = registration == RegistrationState.REGISTERED and not stale and not failed_check
        tone = Tone.GREEN if good else Tone.AMBER
    else:
        tone = Tone.AMBER if outcome in _AMBER else Tone.RED
    headlines = _replaced_headline(replaced_by, number) if outcome is VerifierResult.REPLACED \
        else _HEADLINES[outcome]
    shown = None
    if registration is not None and outcome in _SHOWS_REGISTRATION:
        shown = _registration_text(registration, valid_until)
    return Presentation(outcome, tone, headlines, shown, (_STALE,) if stale else ())
