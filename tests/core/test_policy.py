"""The role-and-region table, pinned by hand: a change to who may do what must change this grid
too (the routes are checked against the table in tests/ecert/test_policy_matrix.py)."""

from __future__ import annotations

import pytest

from core.auth import create_user
from core.errors import InvalidInput, PermissionDenied
from core.models import User
from core.policy import POLICY, Action, Role, authorize, may, region_allows

#: x = allowed; the last column says whether the user's region must cover the record's division
GRID = """
action                     clerk reviewer admin auditor school regional
records.read               x     x        x     x       .      yes
records.import             x     x        x     .       .      yes
records.correct            x     x        x     .       .      yes
records.approve            .     x        x     .       .      yes
records.criminal_check     .     x        x     .       .      yes
certificates.issue         .     x        x     .       .      yes
certificates.registration  .     x        x     .       .      yes
certificates.annotate      .     x        x     .       .      yes
certificates.reissue       .     x        x     .       .      yes
certificates.revoke        .     x        x     .       .      yes
certificates.forfeit       .     x        x     .       .      yes
certificates.reinstate     .     x        x     .       .      yes
reports.read               .     .        x     x       .      yes
reports.full_id            .     .        x     .       .      yes
audit.read                 .     .        x     x       .      no
users.manage               .     .        x     .       .      no
keys.manage                .     .        x     .       .      no
registration.read          x     x        x     x       x      yes
registration.plan          .     .        x     .       .      yes
registration.apply         x     .        .     .       x      yes
registration.school_review .     .        .     .       x      yes
registration.decide        .     x        .     .       .      yes
registration.objection     x     x        .     .       .      yes
registration.city_review   .     x        .     .       .      yes
registration.file          .     x        .     .       .      yes
"""


def _grid() -> dict[str, tuple[set[str], bool]]:
    lines = GRID.strip().splitlines()
    roles = lines[0].split()[1:-1]
    out = {}
    for line in lines[1:]:
        action, *marks, regional = line.split()
        out[action] = ({r for r, m in zip(roles, marks, strict=True) if m == "x"},
                       regional == "yes")
    return out


def test_the_table_is_the_grid() -> None:
    grid = _grid()
    assert set(grid) == {a.value for a in Action} == {a.value for a in POLICY}
    for action, rule in POLICY.items():
        assert ({r.value for r in rule.roles}, rule.regional) == grid[action.value], action


def test_the_tiers_are_pinned() -> None:
    # county 6-digit region, city 4, province 2: the 定期注册 stages each belong to one tier
    assert {a.value: POLICY[a].tier for a in POLICY if POLICY[a].tier} == {
        "registration.decide": 6, "registration.objection": 6,
        "registration.city_review": 4, "registration.file": 2}


def test_roles_are_the_stored_values_with_labels() -> None:
    # existing users and tokens keep working: the values are what the user.role column holds
    assert [r.value for r in Role] == ["clerk", "reviewer", "admin", "auditor", "school"]
    assert Role.REVIEWER.label == "审核人员" and Role.CLERK.label_en == "service-window clerk"
    assert all(r.label and r.label_en for r in Role)
    assert all(a.label and a.label_en for a in Action)
    assert len({a.label for a in Action}) == len(Action)


def _user(role: str, region: str = "") -> User:
    return User(name="u", role=role, region=region, token_hash="h")


@pytest.mark.parametrize(
    ("role", "region", "action", "division", "allowed"),
    [
        ("reviewer", "4101", Action.REVOKE, "410102", True),
        ("reviewer", "4101", Action.REVOKE, "410202", False),  # another city of the province
        ("reviewer", "410102", Action.RECORD_APPROVE, "410103", False),  # another county
        ("clerk", "41", Action.REVOKE, "410102", False),
        ("clerk", "41", Action.RECORD_CORRECT, "410102", True),
        ("clerk", "41", Action.RECORD_APPROVE, "410102", False),  # four eyes
        ("auditor", "", Action.REPORT_READ, None, True),
        ("auditor", "", Action.RECORD_APPROVE, "110101", False),
        ("auditor", "", Action.REPORT_FULL_ID, None, False),
        ("admin", "", Action.REINSTATE, "650000", True),
        ("admin", "41", Action.REINSTATE, "650000", False),  # an admin is held to their region
        ("admin", "41", Action.AUDIT_READ, None, True),
        ("boss", "", Action.RECORD_READ, None, False),  # a role this version does not know
    ],
)
def test_authorize_by_role_and_region(
    role: str, region: str, action: Action, division: str | None, allowed: bool
) -> None:
    user = _user(role, region)
    assert may(user, action, division_code=division) is allowed
    if allowed:
        authorize(user, action, division_code=division)
    else:
        with pytest.raises(PermissionDenied):
            authorize(user, action, division_code=division)


def test_refusals_say_why_in_chinese_first() -> None:
    with pytest.raises(PermissionDenied) as role:
        authorize(_user("clerk", "11"), Action.REVOKE, division_code="110101")
    assert role.value.code == "role_not_allowed" and role.value.http_status == 403
    assert role.value.message.startswith("窗口工作人员（clerk）无权撤销教师资格")
    with pytest.raises(PermissionDenied) as place:
        authorize(_user("reviewer", "1101"), Action.REVOKE, division_code="110201")
    assert place.value.code == "outside_region"
    assert place.value.message.startswith("不在您的管辖区域内")


def test_region_is_a_division_prefix() -> None:
    assert region_allows("", "650102") and region_allows("41", "410102")
    assert region_allows("410102", "410102") and not region_allows("4101", "4102")


def test_users_take_only_known_roles(registry: object) -> None:
    from core.db import session_scope

    with session_scope() as s:
        for role in Role:
            school = {"school": "第一中学"} if role is Role.SCHOOL else {}
            create_user(s, name=f"u-{role}", role=role.value, actor="t",
                        region="110101" if school else "", **school)
        with pytest.raises(InvalidInput, match="clerk, reviewer, admin, auditor, school"):
            create_user(s, name="x", role="superuser", region="", actor="t")
