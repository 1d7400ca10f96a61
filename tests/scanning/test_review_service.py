"""Review services on every database: holders shared by several certificates, holder moves,
and the compare-and-set guard, without HTTP."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from core.clock import today
from core.db import session_scope
from core.errors import Conflict, NotFound, PermissionDenied
from core.identity import vault_for
from core.models import Certificate, Holder, User
from core.records import InvalidRecord
from core.settings import load_settings
from ecert.cli import main
from scanning.review import approve_record, correct_record, list_for_review
from tests.factories import certificate_number, id_number, record, write_jsonl

SHARED_ID = id_number(order=12)
ROWS = [
    record(1, id_number=SHARED_ID),
    record(
        2,
        id_number=SHARED_ID,
        qualification_type="初级中学教师资格",
        certificate_number=certificate_number(qtype=3, serial=2),
    ),
    record(3, name="周敏", id_number=id_number(order=20)),
]
CLERK = User(name="王芳", role="clerk", region="11", token_hash="x")


@pytest.fixture
def imported(registry: Engine, tmp_path: Path) -> None:
    assert main(["records", "import", str(write_jsonl(tmp_path / "r.jsonl", list(ROWS)))]) == 0


def _correct(number: str, version: int = 1, **form: str) -> Certificate:
    with session_scope() as s:
        return correct_record(
            s,
            CLERK,
            number,
            form=form,
            row_version=version,
            vault=vault_for(load_settings().secret),
            today=today(),
        )


def _holder_of(number: str) -> Holder:
    with session_scope() as s:
        cert = s.exec(select(Certificate).where(Certificate.number == number)).one()
        holder = s.get(Holder, cert.holder_id)
        assert holder is not None
        return holder


def test_new_id_on_a_shared_holder_gets_its_own_holder(imported: None) -> None:
    first, second = ROWS[0]["certificate_number"], ROWS[1]["certificate_number"]
    assert _holder_of(first).id == _holder_of(second).id
    new_id = id_number(order=14)
    _correct(first, id_number=new_id, name="李晓梅")
    vault = vault_for(load_settings().secret)
    assert _holder_of(first).id != _holder_of(second).id
    assert _holder_of(first).id_hash == vault.lookup_hash(new_id)
    assert _holder_of(first).name == "李晓梅"
    assert _holder_of(second).name == ROWS[1]["name"]  # the other certificate is untouched
    assert _holder_of(second).id_hash == vault.lookup_hash(SHARED_ID)


def test_id_of_another_holder_moves_or_conflicts(imported: None) -> None:
    third = ROWS[2]["certificate_number"]
    with pytest.raises(Conflict, match="另一位持证人"):
        _correct(third, id_number=SHARED_ID)  # same ID, but the name 周敏 differs
    _correct(third, id_number=SHARED_ID, name=ROWS[0]["name"])
    assert _holder_of(third).id == _holder_of(ROWS[0]["certificate_number"]).id


def test_stale_version_and_invalid_values(imported: None) -> None:
    number = ROWS[2]["certificate_number"]
    with pytest.raises(Conflict) as info:
        _correct(number, version=7, subject="物理")
    assert info.value.code == "stale_update"
    with pytest.raises(InvalidRecord) as bad:
        _correct(number, gender="男")
    assert {(p.field, p.rule) for p in bad.value.problems} >= {("gender", "id_gender_mismatch")}
    with pytest.raises(InvalidRecord) as bad:
        _correct(number, issue_date="2015年13月1日")
    assert (bad.value.field, bad.value.rule) == ("issue_date", "date_format")
    assert _correct(number, subject="数学").row_version == 1  # nothing changed: no write
    assert _correct(number, issue_date="2015年7月2日").issue_date.isoformat() == "2015-07-02"


def test_services_scope_lookups_to_the_region(imported: None) -> None:
    """Whether a role may approve is the routes' question to core.policy (tests/ecert/
    test_policy_matrix.py); the services keep every lookup inside the user's region."""
    number = ROWS[2]["certificate_number"]
    outsider = User(name="x", role="reviewer", region="41", token_hash="y")
    auditor = User(name="a", role="auditor", region="", token_hash="z")
    with session_scope() as s:
        with pytest.raises(NotFound):
            approve_record(s, outsider, number, vault=vault_for(load_settings().secret))
        with pytest.raises(NotFound):
            _correct_as(s, outsider, number)
        assert list_for_review(s, outsider) == []
        assert len(list_for_review(s, auditor)) == 3


def test_a_correction_may_not_move_a_record_out_of_the_region(imported: None) -> None:
    """Only the service knows the authority a corrected certificate number names: it asks the
    policy for that division too."""
    number = ROWS[2]["certificate_number"]
    county = User(name="c", role="clerk", region="11", token_hash="w")
    henan = certificate_number(province="41", serial=3)
    with session_scope() as s, pytest.raises(PermissionDenied) as refused:
        _correct_as(s, county, number, certificate_number=henan)
    assert refused.value.code == "outside_region"


def _correct_as(s: Session, user: User, number: str, **form: str) -> Certificate:
    return correct_record(s, user, number, form=form, row_version=1,
                          vault=vault_for(load_settings().secret), today=today())
