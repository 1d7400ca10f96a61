"""``ecert registration cycle …`` end to end on the demo registry (``init --demo`` opens the
demo county's cycle and its accounts): apply → file, the credential issued again, the status
list signed with the new registration state; refusals print their code; and ``registration
add`` keeps refusing contradictory same-day conclusions."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from core.clock import today
from core.db import session_scope
from core.models import Credential, User
from core.settings import PUBLIC_STATUS_LIST, load_settings
from core.states import RegistrationState
from core.statuslist import parse_status_list
from ecert._init import dev_sign_ins
from ecert.cli import main
from issuer._cycle import cycles_for
from issuer._cycle_query import due_certificates
from tests.issuer._cycle_support import on
from tests.issuer._status_support import cert


@pytest.fixture
def demo(ecert_env: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert main(["init", "--demo", "6"]) == 0
    capsys.readouterr()
    return ecert_env


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["registration", "cycle", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_demo_has_its_tiers_and_an_open_cycle(demo: Path) -> None:
    accounts = {name: (role, region) for name, role, region, _ in dev_sign_ins(demo)}
    county = accounts["county"][1]
    assert accounts["city"] == ("reviewer", county[:4]) and len(county) == 6
    assert accounts["school1"] == ("school", county)
    with session_scope() as s:
        [cycle] = cycles_for(s, "")
        schools = {u.name: u.school for u in s.exec(select(User)).all() if u.role == "school"}
    assert cycle.region == county and cycle.apply_from <= today() <= cycle.apply_until
    assert schools["school1"] == "第一中学" and len(schools) == 5


def test_a_cycle_on_the_command_line(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with session_scope() as s:
        [cycle] = cycles_for(s, "")
        cycle_id = cycle.id
        assert cycle_id is not None
        first = due_certificates(s, cycle_id)[0]
    number, school = first.certificate_number, first.school or "第一中学"
    assert main(["issue", number, "--workers", "1"]) == 0
    assert _run(capsys, "apply", str(cycle_id), number, "--school", school, "--hours", "360",
                "--assessment", "2025=合格")[0] == 0
    code, _, err = _run(capsys, "apply", str(cycle_id), number, "--school", school)
    assert code != 0 and "already_applied" in err
    app_id = "1"
    assert _run(capsys, "review", app_id)[0] == 0
    code, _, err = _run(capsys, "decide", app_id, "--conclusion", "暂缓注册")
    assert code == 1 and "reason_required" in err
    assert _run(capsys, "decide", app_id, "--conclusion", "暂缓注册", "--reason",
                "培训学时不足")[0] == 0
    assert _run(capsys, "publish", str(cycle_id))[0] == 0
    code, _, err = _run(capsys, "confirm", app_id)
    assert code == 1 and "notice_running" in err
    with on(today() + timedelta(days=7)):
        assert _run(capsys, "confirm", app_id)[0] == 0
        code, out, err = _run(capsys, "file", str(cycle_id))
    assert code == 0, err
    assert "1 registration(s)" in out and "注册贴" in out and "暂缓注册 1" in out
    assert "1 credential(s) issued again" in out
    settings = load_settings()
    status = parse_status_list((settings.public_dir / PUBLIC_STATUS_LIST).read_bytes())
    with session_scope() as s:
        row = cert(s, number)
        assert row.id is not None
        versions = [(c.version, c.superseded) for c in s.exec(select(Credential).where(
            Credential.certificate_id == row.id)).all()]
    assert sorted(versions) == [(1, True), (2, False)]
    entry = status.status.entry(row.id)
    assert entry is not None and entry.registration is RegistrationState.DEFERRED


def test_registration_add_still_refuses_contradictions(demo: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    with session_scope() as s:
        [cycle] = cycles_for(s, "")
        assert cycle.id is not None
        number = due_certificates(s, cycle.id)[0].certificate_number
    day = str(today())
    assert main(["registration", "add", number, "--conclusion", "暂缓注册", "--date", day]) == 0
    assert main(["registration", "add", number, "--conclusion", "注册合格", "--date", day]) != 0
    assert "registration_contradiction" in capsys.readouterr().err
