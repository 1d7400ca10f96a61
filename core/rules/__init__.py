"""Pure domain rules: qualification types, ID and certificate numbers, registration, status.

The states themselves (and their labels) are ``core.states``'s, re-exported here; the rules own
their transitions: :func:`transition` for qualification status, :func:`register` for
registration, :func:`advance` for a 定期注册 application in its cycle.

No database, no settings, no clock unless a ``today`` is left out. Bad input raises
``core.errors.InvalidInput`` with ``field`` and ``rule``; the ``*_findings`` / ``check_*``
variants never raise for bad numbers and return a list of :class:`Finding` instead.
"""

from core.states import (
    QualificationStatus,
    RegistrationConclusion,
    RegistrationState,
    StatusEventKind,
    VerifierResult,
)

from ._authority import (
    AUTHORITY_SUFFIXES,
    LOCAL_SUFFIXES,
    PROVINCE_SUFFIX,
    local_office,
)
from ._certnumber import (
    EARLIEST_YEAR,
    GENDER_DIGIT_SINCE,
    CertificateNumber,
    check_certificate_number,
    parse_certificate_number,
)
from ._cycle import (
    MOVES,
    ApplicationFacts,
    CycleWindows,
    Decision,
    Window,
    advance,
    allowed_steps,
    is_due,
    notice_ends,
)
from ._dates import check_not_future, parse_cn_date
from ._division import division_name, division_table, province_of_division
from ._ethnicity import ETHNIC_GROUPS
from ._findings import Finding
from ._gender import Gender, parse_gender
from ._idnumber import IdNumber, id_number_findings, normalize_id_number, validate_id_number
from ._masking import mask_id_number, redact_date
from ._qualification import QualificationType, parse_qualification_type
from ._registration import (
    DECISION_LEAD_DAYS,
    REGISTRATION_YEARS,
    Registered,
    RegistrationDecision,
    RegistrationFact,
    RegistrationStatus,
    decided_ahead,
    parse_registration_conclusion,
    register,
    registration_period,
    registration_state,
)
from ._status import (
    REAPPLICATION_BAR_YEARS,
    TRANSITIONS,
    StatusChange,
    StatusFact,
    StatusResult,
    qualification_status,
    require_in_force,
    transition,
)
from ._text import (
    HAN,
    HAN_RANGE,
    HAN_RUN,
    MAX_FREE_TEXT,
    NOT_HAN,
    clean_text,
    is_han,
    normalize_digits,
    squeeze,
)
from ._verdict import (
    CANNOT_VERIFY,
    Presentation,
    Tone,
    present,
    registration_label,
)

__all__ = [
    "AUTHORITY_SUFFIXES",
    "LOCAL_SUFFIXES",
    "PROVINCE_SUFFIX",
    "local_office",
    "MOVES",
    "ApplicationFacts",
    "CycleWindows",
    "Decision",
    "Window",
    "advance",
    "allowed_steps",
    "is_due",
    "notice_ends",
    "EARLIEST_YEAR",
    "GENDER_DIGIT_SINCE",
    "MAX_FREE_TEXT",
    "clean_text",
    "HAN",
    "HAN_RANGE",
    "HAN_RUN",
    "NOT_HAN",
    "is_han",
    "CANNOT_VERIFY",
    "REAPPLICATION_BAR_YEARS",
    "DECISION_LEAD_DAYS",
    "REGISTRATION_YEARS",
    "TRANSITIONS",
    "CertificateNumber",
    "Finding",
    "Gender",
    "IdNumber",
    "Presentation",
    "QualificationStatus",
    "QualificationType",
    "Registered",
    "RegistrationConclusion",
    "RegistrationDecision",
    "RegistrationFact",
    "RegistrationState",
    "RegistrationStatus",
    "StatusChange",
    "StatusEventKind",
    "StatusFact",
    "StatusResult",
    "Tone",
    "VerifierResult",
    "check_certificate_number",
    "check_not_future",
    "decided_ahead",
    "division_name",
    "division_table",
    "ETHNIC_GROUPS",
    "id_number_findings",
    "mask_id_number",
    "normalize_digits",
    "squeeze",
    "normalize_id_number",
    "parse_certificate_number",
    "parse_cn_date",
    "parse_gender",
    "parse_qualification_type",
    "parse_registration_conclusion",
    "present",
    "province_of_division",
    "qualification_status",
    "redact_date",
    "registration_label",
    "registration_period",
    "register",
    "registration_state",
    "require_in_force",
    "transition",
    "validate_id_number",
]
