"""Status-change services on SQLite and PostgreSQL: rules, audit with actor, compare-and-set."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import select

from core.db import session_scope
from core.errors import Conflict, InvalidInput
from core.models import Annotation, Certificate, Credential, Registration, StatusEvent
from core.rules import parse_certificate_number, registration_period
from issuer._changes import add_registration, annotate, forfeit, reinstate, revoke
from issuer._reissue import reissue
from tests.factories import certificate_number
from tests.issuer._status_support import cert, events, fake_credential, seed

TODAY = date(2026, 11, 1)  # tests/conftest.py freezes 2026-11-01 10:00 in China


@pytest.fixture
def numbers(registry: Engine) -> list[str]:
    return seed(1, 2)


def test_revocation_sets_the_five_year_bar_and_is_audited(numbers: list[str]) -> None:
    with session_scope() as s:
        event = revoke(
            s,
            numbers[0],
            reason="弄虚作假取得资格",
            document="京教〔2026〕7号",
            effective_date=date(2026, 3, 2),
            actor="alice",
        )
    assert event.reapply_after == date(2031, 3, 2)
    with session_scope() as s:
        assert cert(s, numbers[0]).status == "revoked"
        stored = s.exec(select(StatusEvent)).one()
        assert (stored.kind, stored.decision_document) == ("revocation", "京教〔2026〕7号")
    audit = events("status.revocation")
    assert {e.actor for e in audit} == {"alice"} and len(audit) == 2  # event row + certificate
    assert json.loads(audit[-1].after or "{}")["status"] == "revoked"
    assert json.loads(audit[-1].before or "{}")["status"] == "valid"


def test_forfeited_cannot_be_registered_revoked_or_forfeited_again(numbers: list[str]) -> None:
    with session_scope() as s:
        forfeit(s, numbers[0], reason="受到剥夺政治权利的刑罚", document="判决书", actor="bob")
    for change in (
        lambda s: add_registration(
            s, numbers[0], conclusion="注册合格", decision_date=TODAY, actor="bob"
        ),
        lambda s: revoke(s, numbers[0], reason="r", document="d", actor="bob"),
        lambda s: forfeit(s, numbers[0], reason="r", document="d", actor="bob"),
    ):
        with pytest.raises(Conflict) as err, session_scope() as s:
            change(s)
        assert err.value.code in ("holder_restricted", "forfeiture_is_final")
    with session_scope() as s:
        assert s.exec(select(StatusEvent)).all()[-1].reapply_after is None  # permanent


def test_reinstatement_restores_validity_and_registration(numbers: list[str]) -> None:
    with session_scope() as s:
        revoke(s, numbers[0], reason="r", document="d1", actor="bob")
    with pytest.raises(Conflict, match="不能定期注册"), session_scope() as s:
        add_registration(s, numbers[0], conclusion="暂缓注册", decision_date=TODAY, actor="bob")
    with session_scope() as s:
        reinstate(s, numbers[0], reason="行政复议撤销原决定", document="复议决定书", actor="carol")
        assert cert(s, numbers[0]).status == "valid"
    with pytest.raises(Conflict) as err, session_scope() as s:
        reinstate(s, numbers[0], reason="r", document="d", actor="carol")
    assert err.value.code == "certificate_valid"


def test_registration_defaults_and_rules(numbers: list[str]) -> None:
    # factories.record already holds 注册合格 2022-09-01 – 2027-08-31
    with pytest.raises(Conflict) as err, session_scope() as s:
        add_registration(s, numbers[0], conclusion="注册合格", decision_date=TODAY, actor="a")
    assert err.value.code == "registration_overlap"
    with session_scope() as s:
        reg = add_registration(
            s,
            numbers[0],
            conclusion="合格",
            decision_date=TODAY,
            valid_from=date(2027, 9, 1),
            actor="a",
        )
    assert (reg.valid_from, reg.valid_until) == registration_period(date(2027, 9, 1))
    bad = [
        dict(conclusion="暂缓注册", decision_date=TODAY, valid_from=TODAY),
        dict(conclusion="注册合格", decision_date=date(2026, 11, 2)),
        dict(
            conclusion="注册合格",
            decision_date=TODAY,
            valid_from=date(2032, 9, 1),
            valid_until=date(2037, 9, 1),
        ),
        dict(conclusion="注册通过", decision_date=TODAY),
    ]
    rules = []
    for kwargs in bad:
        with pytest.raises(InvalidInput) as refused, session_scope() as s:
            add_registration(s, numbers[0], actor="a", **kwargs)  # type: ignore[arg-type]
        rules.append(refused.value.rule)
    assert rules == [
        "registration_period_not_allowed",
        "date_in_future",
        "registration_period_too_long",
        "unknown_registration_conclusion",
    ]
    with session_scope() as s:
        deferred = add_registration(
            s, numbers[1], conclusion="暂缓注册", decision_date=TODAY, actor="a"
        )
    assert deferred.valid_from is None and events("registration.add")[-1].actor == "a"


def test_decision_document_and_reason_are_required(numbers: list[str]) -> None:
    for reason, document in (("", "d"), ("r", "  ")):
        with pytest.raises(InvalidInput) as bad, session_scope() as s:
            revoke(s, numbers[0], reason=reason, document=document, actor="a")
        assert bad.value.rule == "required"
    with session_scope() as s:
        assert cert(s, numbers[0]).status == "valid"


def test_reissue_annotation_keeps_number_and_supersedes_credentials(
    numbers: list[str], ecert_env: Path
) -> None:
    fake_credential(numbers[0], ecert_env / "artifacts")
    with session_scope() as s:
        ann = annotate(s, numbers[0], kind="补发", text="证书遗失，2026年11月补发", actor="dora")
        assert ann.kind == "reissue"
    with session_scope() as s:
        c = cert(s, numbers[0])
        assert c.number == numbers[0] and c.status == "valid"
        assert all(cr.superseded for cr in s.exec(select(Credential)).all())
    with session_scope() as s:
        annotate(s, numbers[1], kind="更正", text="出生日期更正", actor="dora")
    assert [e.actor for e in events("annotation.")] == ["dora"] * 4
    with pytest.raises(InvalidInput) as err, session_scope() as s:
        annotate(s, numbers[0], kind="盖章", text="x", actor="dora")
    assert err.value.rule == "unknown_annotation_kind"


@pytest.mark.parametrize("field", ["subject", "name", "birth_date", "issue_date"])
def test_reissue_refuses_other_fields(numbers: list[str], field: str) -> None:
    with pytest.raises(InvalidInput) as err, session_scope() as s:
        reissue(s, numbers[0], field=field, new_value="x", reason="录入错误", actor="a")
    assert (
        err.value.rule == "reissue_not_allowed" and "性别、资格种类或证书号码" in err.value.message
    )


def test_reissue_qualification_type_replaces_and_points_to_new(
    numbers: list[str], ecert_env: Path
) -> None:
    fake_credential(numbers[0], ecert_env / "artifacts")
    with session_scope() as s:
        result = reissue(
            s,
            numbers[0],
            field="qualification_type",
            new_value="初级中学教师资格",
            reason="资格种类录入错误",
            actor="erin",
        )
    assert result.new_number == numbers[0][:9] + "3" + numbers[0][10:]
    with session_scope() as s:
        old, new = cert(s, numbers[0]), cert(s, result.new_number)
        assert (old.status, old.replaced_by_id, new.status) == ("replaced", new.id, "valid")
        assert new.qualification_type == 3 and new.review_state == "approved"
        assert s.exec(select(Registration).where(Registration.certificate_id == new.id)).all()
        for c in (old, new):
            notes = s.exec(select(Annotation).where(Annotation.certificate_id == c.id)).all()
            assert [n.kind for n in notes] == ["correction"]
        event = s.exec(select(StatusEvent)).one()
        assert (event.kind, event.replaced_by) == ("replacement", result.new_number)
        assert s.exec(select(Credential)).one().superseded
    assert {e.actor for e in events("reissue.")} == {"erin"}


def test_reissue_gender_changes_digit_or_corrects_in_place(registry: Engine) -> None:
    modern = seed(1)[0]  # 2015, digit 11 = 2, 女
    old_style = seed(
        2,
        certificate_number=certificate_number(year=2005, serial=2, gender_digit=0),
        issue_date="2005-07-01",
    )[0]
    with session_scope() as s:
        moved = reissue(s, modern, field="gender", new_value="男", reason="性别录入错误", actor="a")
    assert parse_certificate_number(moved.new_number).gender_digit == 1
    with session_scope() as s:
        kept = reissue(
            s, old_style, field="gender", new_value="男", reason="性别录入错误", actor="a"
        )
    assert kept.in_place and kept.new_number == old_style
    with pytest.raises(InvalidInput) as err, session_scope() as s:
        reissue(s, old_style, field="gender", new_value="男", reason="r", actor="a")
    assert err.value.rule == "reissue_no_change"


def test_reissue_certificate_number_is_validated(numbers: list[str]) -> None:
    wrong_type = numbers[0][:9] + "2" + numbers[0][10:]  # record is 高级中学 (4)
    for value, rule in (
        (wrong_type, "cert_type_mismatch"),
        ("123", "certificate_number_format"),
        (numbers[1], None),
    ):
        with pytest.raises((InvalidInput, Conflict)) as err, session_scope() as s:
            reissue(
                s, numbers[0], field="certificate_number", new_value=value, reason="r", actor="a"
            )
        assert err.value.code == (rule or "duplicate_certificate_number")
    good = certificate_number(serial=77)
    with session_scope() as s:
        assert (
            reissue(
                s, numbers[0], field="certificate_number", new_value=good, reason="r", actor="a"
            ).new_number
            == good
        )


def test_compare_and_set_refuses_a_stale_certificate(numbers: list[str]) -> None:
    with pytest.raises(Conflict) as err, session_scope() as s:
        stale = cert(s, numbers[0])  # loaded: row_version 1
        s.execute(
            text("UPDATE certificate SET row_version = row_version + 1 WHERE id = :i"),
            {"i": stale.id},
        )  # another admin's change, as the database sees it
        revoke(s, numbers[0], reason="r", document="d", actor="a")
    assert err.value.code == "stale_update"
    with session_scope() as s:
        assert cert(s, numbers[0]).status == "valid" and not s.exec(select(StatusEvent)).all()


def test_reissue_from_cli_issues_the_new_credential(
    ecert_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ecert.cli import main

    assert main(["init", "--demo", "1"]) == 0
    with session_scope() as s:
        number = s.exec(select(Certificate.number)).one()
    assert main(["issue", number, "--workers", "1"]) == 0
    qtype = int(number[9])
    new_type = 1 if qtype != 1 else 2
    capsys.readouterr()
    assert (
        main(
            [
                "reissue",
                number,
                "--field",
                "qualification_type",
                "--value",
                str(new_type),
                "--reason",
                "资格种类录入错误",
                "--actor",
                "frank",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    new_number = number[:9] + str(new_type) + number[10:]
    assert f"replaced by {new_number}" in out and "credential v1 issued" in out
    with session_scope() as s:
        old, new = cert(s, number), cert(s, new_number)
        assert old.replaced_by_id == new.id
        creds = s.exec(select(Credential)).all()
        assert {(c.certificate_id, c.superseded) for c in creds} == {
            (old.id, True),
            (new.id, False),
        }
        assert (ecert_env / "artifacts" / str(creds[-1].pdf_path)).read_bytes()[:4] == b"%PDF"
    assert main(["reissue", number, "--field", "subject", "--value", "x", "--reason", "r"]) == 2
    assert "reissue_not_allowed" in capsys.readouterr().err


def test_contradictory_registration_on_the_same_date_is_refused(numbers: list[str]) -> None:
    # 注册合格 then 暂缓注册 decided on one day: both were stored, and the verifier kept
    # showing "registered"; the second is refused now, and nothing changes.
    with session_scope() as s:
        add_registration(s, numbers[1], conclusion="暂缓注册", decision_date=TODAY, actor="a")
    with pytest.raises(Conflict) as err, session_scope() as s:
        add_registration(s, numbers[1], conclusion="注册不合格", decision_date=TODAY, actor="a")
    assert err.value.code == "registration_contradiction" and numbers[1] in err.value.message
    with session_scope() as s:
        kinds = [r.conclusion for r in s.exec(select(Registration)).all()
                 if r.decision_date == TODAY]
    assert kinds == ["暂缓注册"]


def test_status_column_follows_the_event_log(numbers: list[str]) -> None:
    with session_scope() as s:
        revoke(s, numbers[0], reason="r", document="d1", actor="a")
        forfeit(s, numbers[0], reason="r", document="d2", actor="a")
    with pytest.raises(Conflict) as err, session_scope() as s:
        reinstate(s, numbers[1], reason="r", document="d", actor="a")
    assert err.value.code == "certificate_valid"
    with session_scope() as s:
        kinds = [e.kind for e in s.exec(select(StatusEvent)).all()]
        assert kinds == ["revocation", "forfeiture"]
        assert cert(s, numbers[0]).status == "forfeited"
