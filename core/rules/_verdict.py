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

from core.states import RegistrationState, VerifierResult, bilingual

__all__ = [
    "CANNOT_VERIFY", "Presentation", "Tone", "VerifierResult", "present", "registration_label",
]

#: The headline of a request that could not be verified at all (an error, not a result).
CANNOT_VERIFY: Final = ("无法核验", "Cannot verify")


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
#: A genuine credential in a file that fails its signature or seal is amber, not red: the
#: registry's answer stands, only the file is not to be relied on.
_FILE_FAILED = frozenset({VerifierResult.PDF_SIGNATURE_INVALID,
                          VerifierResult.OFD_SEAL_INVALID})
_SHOWS_REGISTRATION = frozenset({VerifierResult.VALID, *_FILE_FAILED})
_AMBER = frozenset({VerifierResult.REPLACED, *_FILE_FAILED})
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
    zh, en = VerifierResult.REPLACED.headline("zh"), VerifierResult.REPLACED.headline("en")
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
        else (outcome.headline("zh"), outcome.headline("en"))
    shown = None
    if registration is not None and outcome in _SHOWS_REGISTRATION:
        shown = _registration_text(registration, valid_until)
    return Presentation(outcome, tone, headlines, shown, (_STALE,) if stale else ())
