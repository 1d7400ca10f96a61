"""The state enums: stored values unchanged, one label per member, in Chinese and English."""

import pytest

from core.states import (
    AnnotationKind,
    LabelledEnum,
    QualificationStatus,
    RegistrationConclusion,
    RegistrationState,
    ReviewState,
    StatusEventKind,
    VerifierResult,
)

ENUMS: list[type[LabelledEnum]] = [AnnotationKind, QualificationStatus, RegistrationConclusion,
                                   RegistrationState, ReviewState, StatusEventKind, VerifierResult]


def test_stored_values_are_the_strings_the_database_holds() -> None:
    # Changing one of these changes stored rows, status lists and credentials: a migration.
    assert [s.value for s in QualificationStatus] == [
        "valid", "revoked", "forfeited", "replaced", "void"]
    assert [s.value for s in RegistrationState] == [
        "registered", "deferred", "failed", "lapsed", "none"]
    assert [s.value for s in RegistrationConclusion] == ["注册合格", "暂缓注册", "注册不合格"]
    assert [s.value for s in ReviewState] == ["needs_review", "pending", "approved"]
    assert [s.value for s in StatusEventKind] == [
        "revocation", "forfeiture", "reinstatement", "replacement", "void"]
    assert [s.value for s in AnnotationKind] == ["reissue", "exchange", "correction", "other"]


@pytest.mark.parametrize("enum", ENUMS)
def test_every_member_has_both_labels(enum: type[LabelledEnum]) -> None:
    for member in enum:
        assert member.label() == member.label("zh") == member.zh and member.zh
        assert member.label("en") == member.en and member.en.isascii()
        assert enum(member.value) is member and member == member.value


def test_pinned_labels() -> None:
    assert [s.zh for s in QualificationStatus] == ["有效", "已撤销", "已丧失", "已换发", "已作废"]
    assert [s.zh for s in RegistrationState] == [
        "定期注册合格", "暂缓注册", "注册不合格", "注册已过期", "未注册"]
    assert [s.zh for s in ReviewState] == ["待审核", "待确认", "已审核"]
    assert [s.zh for s in AnnotationKind] == ["补发", "换发", "更正", "备注"]
    assert VerifierResult.REVOKED.label() == "已撤销"
    assert VerifierResult.NOT_FOUND.label("en") == "not found"
    assert VerifierResult.VALID.headline() == "证书真实有效"


def test_results_that_report_a_status_carry_its_label() -> None:
    shared = [r for r in VerifierResult if r.value in {s.value for s in QualificationStatus}]
    assert [r.value for r in shared] == ["valid", "revoked", "forfeited", "replaced"]
    for result in shared:
        status = QualificationStatus(result.value)
        assert (result.zh, result.en) == (status.zh, status.en)


def test_state_column_stores_the_value_and_reads_back_the_member() -> None:
    from sqlalchemy.dialects import sqlite

    from core.models import StateColumn

    column = StateColumn(ReviewState, 16)
    dialect = sqlite.dialect()
    assert column.process_bind_param(ReviewState.APPROVED, dialect) == "approved"
    assert column.process_bind_param("no such state", dialect) == "no such state"  # a filter
    assert column.process_result_value("approved", dialect) is ReviewState.APPROVED
    with pytest.raises(ValueError):
        column.process_result_value("no such state", dialect)
