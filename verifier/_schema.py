"""Response and request models of the public JSON API (they drive the OpenAPI document).

:class:`VerdictModel` is the one definition of the verdict's JSON shape: ``Verdict.to_dict``
builds it, so the API, the CLI's ``--json`` and the bulk report cannot drift apart.
"""

from __future__ import annotations

from datetime import date
from typing import Literal, Protocol

from pydantic import BaseModel, Field

from core.rules import Presentation, QualificationType, Tone
from core.states import RegistrationState, VerifierResult

__all__ = [
    "UNKNOWN_REGISTRATION",
    "CertificateModel",
    "CheckModel",
    "Lang",
    "LookupModel",
    "LookupRequest",
    "Outcome",
    "RegistrationModel",
    "RegistrationName",
    "VerdictModel",
    "VerifyTextRequest",
    "lookup_model",
]

Lang = Literal["zh", "en"]
Outcome = Literal["pass", "fail", "warn", "skip"]
#: A registration state, or ``unknown`` where no status source was available.
RegistrationName = RegistrationState | Literal["unknown"]
UNKNOWN_REGISTRATION: Literal["unknown"] = "unknown"


class VerifyTextRequest(BaseModel):
    """The QR text as scanned (URL, lower-cased URL or the bare digits)."""

    text: str = Field(max_length=4000, examples=["HTTPS://ECERT.EXAMPLE.GOV.CN/C/5925521407…"])


class LookupRequest(BaseModel):
    """Certificate number (17 digits) and the holder's name, as on the certificate."""

    number: str = Field(min_length=1, max_length=32, examples=["20234101042000123"])
    name: str = Field(min_length=1, max_length=64, examples=["李明华"])


class RegistrationModel(BaseModel):
    state: RegistrationName
    valid_until: date | None = None


class CertificateModel(BaseModel):
    number: str
    name: str
    gender: str
    qualification_type: int
    qualification_label: str
    subject: str
    authority: str = Field(description="authority code, as signed")
    authority_name: str | None = Field(None, description="authority name from the registry "
                                       "(online verification only)")
    issue_date: date
    masked_id: str = Field(description="ID number, masked: at most the first and the last "
                           "character visible (docs/MASKING.md)")
    licence_id: str | None = Field(None, description="GB/T 36904 licence identifier of this "
                                   "version (docs/INTEROP.md), when known: online from the "
                                   "registry; the QR does not carry it")


class CheckModel(BaseModel):
    name: str
    outcome: Outcome
    detail: str


class VerdictModel(BaseModel):
    """The verdict: ``authentic`` + ``result`` are the bottom line; ``checks`` say why.

    ``tone``, ``headline``, ``result_label`` and ``registration_text`` are what every page of
    the verifier shows for it; ``registration`` is null where no registration may be shown
    (the qualification is revoked, forfeited or replaced).
    """

    authentic: bool = Field(description="signature verifies under a trusted key of the "
                            "issuing authority")
    result: VerifierResult
    tone: Tone = Field(description="green: valid and registered today; amber: genuine but "
                           "look closer; red: refuse")
    headline: str = Field(description="the one line to show, in the requested language")
    result_label: str = Field(description="the result's short label, e.g. 已撤销")
    registration_text: str | None = Field(description="the registration line to show, or null")
    replaced_by: str | None = Field(None, description="the replacing certificate's number")
    registration: RegistrationModel | None
    certificate: CertificateModel | None
    kid: str | None = Field(None, description="signing key id (hex)")
    freshness: str = Field(description="when the status was last confirmed (ISO 8601), "
                           "or 'unknown'")
    stale: bool
    checks: list[CheckModel]
    message: str
    lang: Lang


class LookupModel(BaseModel):
    """Status only; the same shape whether or not the number exists (``match`` false)."""

    match: bool
    result: VerifierResult
    tone: Tone
    headline: str
    result_label: str
    registration_text: str | None
    registration: RegistrationModel | None
    number: str
    qualification_type: int | None
    qualification_label: str | None
    subject: str | None
    issue_date: date | None
    message: str


class _Registration(Protocol):
    @property
    def state(self) -> str: ...
    @property
    def valid_until(self) -> date | None: ...


class _Answer(Protocol):
    """What a number + name lookup answers (verifier._online.LookupAnswer)."""

    @property
    def match(self) -> bool: ...
    @property
    def result(self) -> VerifierResult: ...
    @property
    def registration(self) -> _Registration | None: ...
    @property
    def number(self) -> str: ...
    @property
    def qualification_type(self) -> int | None: ...
    @property
    def subject(self) -> str | None: ...
    @property
    def issue_date(self) -> date | None: ...
    @property
    def presentation(self) -> Presentation: ...


def lookup_model(answer: _Answer, lang: Lang) -> LookupModel:
    """LookupAnswer → the API model, presented as a verdict is (core.rules.present)."""
    reg = answer.registration
    qtype = answer.qualification_type
    shown = answer.presentation
    return LookupModel(
        match=answer.match, result=answer.result, tone=shown.tone.value,
        headline=shown.headline(lang), result_label=shown.label(lang),
        registration_text=shown.registration(lang),
        registration=None if reg is None or shown.registrations is None else
        RegistrationModel.model_validate({"state": reg.state, "valid_until": reg.valid_until}),
        number=answer.number, qualification_type=qtype,
        qualification_label=QualificationType(qtype).label if qtype else None,
        subject=answer.subject, issue_date=answer.issue_date,
        message=shown.summary(lang),
    )
