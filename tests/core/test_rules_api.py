"""The public surface other packages import."""

from dataclasses import FrozenInstanceError

import pytest

import core.rules

EXPECTED = {
    "Finding",
    "QualificationType",
    "parse_qualification_type",
    "Gender",
    "parse_gender",
    "IdNumber",
    "normalize_id_number",
    "validate_id_number",
    "id_number_findings",
    "CertificateNumber",
    "parse_certificate_number",
    "check_certificate_number",
    "RegistrationConclusion",
    "parse_registration_conclusion",
    "RegistrationFact",
    "RegistrationState",
    "RegistrationStatus",
    "registration_state",
    "registration_period",
    "REGISTRATION_YEARS",
    "DECISION_LEAD_DAYS",
    "decided_ahead",
    "QualificationStatus",
    "StatusEventKind",
    "StatusFact",
    "StatusResult",
    "qualification_status",
    "REAPPLICATION_BAR_YEARS",
    "TRANSITIONS",
    "StatusChange",
    "transition",
    "require_in_force",
    "RegistrationDecision",
    "Registered",
    "register",
    "mask_id_number",
    "normalize_digits",
    "slips",
    "one_slip",
    "squeeze",
    "parse_cn_date",
    "check_not_future",
    "province_of_division",
    "division_name",
    "division_table",
    "EARLIEST_YEAR",
    "GENDER_DIGIT_SINCE",
    "redact_date",
    "clean_text",
    "MAX_FREE_TEXT",
    # the Han characters every reader of print tells apart from marks and digits
    "HAN",
    "HAN_RANGE",
    "HAN_RUN",
    "NOT_HAN",
    "is_han",
    # the punctuation every reader of text composes its sets from, full-width and half-width
    "PAUSE_MARKS",
    "PAUSE_MARKS_FULL",
    "PAUSE_MARKS_HALF",
    "COMMAS",
    "COLON_MARKS",
    "FULL_STOPS",
    "SENTENCE_MARKS",
    "SENTENCE_MARKS_FULL",
    "SENTENCE_MARKS_HALF",
    "EXCLAMATION_QUESTION_MARKS",
    "QUOTES_FULL",
    "QUOTES_HALF",
    "BRACKETS_FULL",
    "BRACKETS_HALF",
    "TITLE_MARKS",
    "DOTS",
    "TILDES",
    "LEADERS",
    "NAME_JOINS",
    "VerifierResult",
    "Tone",
    "Presentation",
    "present",
    "registration_label",
    "CANNOT_VERIFY",
    # the 定期注册 workflow: the one transition of an application and who is due
    "MOVES",
    "ApplicationFacts",
    "CycleWindows",
    "Decision",
    "Window",
    "advance",
    "allowed_steps",
    "is_due",
    "notice_ends",
    # the 56 ethnic groups (GB/T 3304), one closed vocabulary
    "ETHNIC_GROUPS",
    # education offices' names (教育厅, 教育局 and the 2018–2019 reforms' merged offices)
    "AUTHORITY_SUFFIXES",
    "LOCAL_SUFFIXES",
    "PROVINCE_SUFFIX",
    "BUREAU_SUFFIX",
    "COMMISSION_SUFFIX",
    "local_office",
    # the wording an office's seal carries (its level's last character, its centre line)
    "DIVISION_ENDS",
    "CERTIFYING_SEAL_WORDING",
    "SEAL_CENTRE_WORDINGS",
}


def test_all_lists_exactly_the_agreed_names():
    assert set(core.rules.__all__) == EXPECTED
    assert all(hasattr(core.rules, name) for name in EXPECTED)


def test_finding_is_frozen_with_error_default():
    finding = core.rules.Finding("c", "f", "m")
    assert finding.severity == "error"
    with pytest.raises(FrozenInstanceError):
        finding.code = "x"
