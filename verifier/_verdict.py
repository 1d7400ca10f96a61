"""The one result of every verification path: a frozen Verdict with its checks and bottom line.

A well-formed credential that fails is a *result* (``invalid_signature``, ``key_revoked`` …),
never an exception; only the inputs around it (lists, uploads, settings) raise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from core.rules import (
    Presentation,
    QualificationType,
    Tone,
    present,
    registration_label,
)
from core.states import VerifierResult
from verifier._schema import (
    Lang,
    Outcome,
    RegistrationName,
    VerdictModel,
)

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

#: The bottom line of a verification: core's VerifierResult, under the name the package uses.
Result = VerifierResult
RESULTS: tuple[VerifierResult, ...] = tuple(VerifierResult)


def result_text(result: str, lang: Lang = "zh") -> str:
    """Headline of a result code (for pages that show a result without a Verdict)."""
    try:
        return VerifierResult(result).headline(lang)
    except ValueError:
        return result


def registration_text(state: str, lang: Lang = "zh") -> str:
    """Human label of a registration state (``unknown``: no status source)."""
    return registration_label(state, lang)


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

    state: RegistrationName
    valid_until: date | None = None

    def text(self, lang: Lang = "zh") -> str:
        """Human label, e.g. 定期注册合格."""
        return registration_text(self.state, lang)


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
    #: the GB/T 36904 licence identifier of this version (from the registry or an OFD file)
    licence_id: str | None = None

    @property
    def qualification_label(self) -> str:
        """Full legal name of the qualification type, e.g. 高级中学教师资格."""
        return QualificationType(self.qualification_type).label


@dataclass(frozen=True, slots=True)
class Verdict:
    """The bottom line of a verification with every check that led to it."""

    result: VerifierResult
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
    def presentation(self) -> Presentation:
        """Tone, headline, labels and the registration line: the one way every path shows it."""
        reg, cert = self.registration, self.certificate
        # the number matters only to a replaced headline; leaving it out elsewhere keeps the
        # memo of present() to a few hundred distinct inputs
        number = cert.number if cert is not None and self.result == "replaced" else None
        return present(
            self.result, registration=None if reg is None else reg.state,
            valid_until=None if reg is None else reg.valid_until, stale=self.stale,
            replaced_by=self.replaced_by, number=number,
            failed_check=any(c.outcome == "fail" for c in self.checks))

    @property
    def tone(self) -> Tone:
        """green: valid and registered; amber: genuine but not in force today; red: refuse."""
        return self.presentation.tone

    def headline(self, lang: Lang = "zh") -> str:
        """One line for people: the result in Chinese (default) or English."""
        return self.presentation.headline(lang)

    def summary(self, lang: Lang = "zh") -> str:
        """Headline plus the registration state, for the JSON ``message`` and the CLI."""
        return self.presentation.summary(lang)

    def to_dict(self, lang: Lang = "zh") -> dict[str, Any]:
        """The JSON form (API, CLI, bulk report) of :func:`model`; never carries the photo."""
        return self.model(lang).model_dump(mode="json")

    def model(self, lang: Lang = "zh") -> VerdictModel:
        """The verdict as the API's model, the one definition of its JSON shape.

        ``registration`` is null wherever the presentation hides it (a revoked, forfeited or
        replaced certificate has no registration in force). One validation of plain values
        (pydantic's core does it faster than building each nested model in Python).
        """
        cert = self.certificate
        reg = self.registration
        shown = self.presentation
        return VerdictModel.model_validate({
            "authentic": self.authentic,
            "result": self.result,
            "tone": shown.tone,
            "headline": shown.headline(lang),
            "result_label": shown.label(lang),
            "registration_text": shown.registration(lang),
            "replaced_by": self.replaced_by,
            "registration": None if reg is None or shown.registrations is None else
            {"state": reg.state, "valid_until": reg.valid_until},
            "certificate": None if cert is None else {
                **cert._asdict(), "qualification_label": cert.qualification_label},
            "kid": self.kid,
            "freshness": self.freshness,
            "stale": self.stale,
            "checks": [{"name": c.name, "outcome": c.outcome, "detail": c.detail}
                       for c in self.checks],
            "message": shown.summary(lang),
            "lang": lang,
        })
