"""Who may do what, and where: the roles, the actions, and the one role-and-region table.

Every web route that acts for a signed-in user asks :func:`authorize` (or :func:`may`, to decide
what to show) before it calls a service; the services themselves take an actor name and only
scope their lookups to the user's region. A region is a GB/T 2260 division-code prefix: ``41``
is 河南省 and everything in it, ``4101`` 郑州市 and its counties, ``''`` the whole country. An
admin is held to their region like everyone else; the admin ``ecert init`` creates has ``''``.

Approval is a reviewer's act, not a clerk's: the clerk at the service window types the
corrections, a reviewer (县级审核 / 市级复核) approves them, so no record becomes issuable on the
word of the person who typed it (four eyes).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Protocol

from core.errors import PermissionDenied

__all__ = [
    "POLICY",
    "Action",
    "Principal",
    "Role",
    "Rule",
    "TIERS",
    "authorize",
    "may",
    "region_allows",
]


class Role(StrEnum):
    """A user's role; the value is what the ``user.role`` column stores."""

    CLERK = "clerk"
    REVIEWER = "reviewer"
    ADMIN = "admin"
    AUDITOR = "auditor"
    #: 学校审查: reviews the 定期注册 applications of one school (``User.school``) in its region
    SCHOOL = "school"

    @property
    def label(self) -> str:
        """The Chinese name shown to users, e.g. 审核人员."""
        return _ROLE_LABELS[self][0]

    @property
    def label_en(self) -> str:
        """The English name, e.g. reviewer."""
        return _ROLE_LABELS[self][1]


_ROLE_LABELS: dict[Role, tuple[str, str]] = {
    Role.CLERK: ("窗口工作人员", "service-window clerk"),
    Role.REVIEWER: ("审核人员", "reviewer"),
    Role.ADMIN: ("系统管理员", "administrator"),
    Role.AUDITOR: ("审计人员", "auditor"),
    Role.SCHOOL: ("学校审查人员", "school reviewer"),
}


class Action(StrEnum):
    """Everything a staff user may be allowed to do; the value names it in logs and tests."""

    RECORD_READ = "records.read"
    RECORD_IMPORT = "records.import"
    RECORD_CORRECT = "records.correct"
    RECORD_APPROVE = "records.approve"
    CRIMINAL_CHECK = "records.criminal_check"
    ISSUE = "certificates.issue"
    REGISTRATION = "certificates.registration"
    ANNOTATE = "certificates.annotate"
    REISSUE = "certificates.reissue"
    REVOKE = "certificates.revoke"
    FORFEIT = "certificates.forfeit"
    REINSTATE = "certificates.reinstate"
    REPORT_READ = "reports.read"
    REPORT_FULL_ID = "reports.full_id"
    AUDIT_READ = "audit.read"
    USER_ADMIN = "users.manage"
    KEY_ADMIN = "keys.manage"
    # 定期注册 (periodic registration), stage by stage (issuer's cycle services)
    CYCLE_READ = "registration.read"
    CYCLE_PLAN = "registration.plan"
    CYCLE_APPLY = "registration.apply"
    CYCLE_SCHOOL = "registration.school_review"
    CYCLE_DECIDE = "registration.decide"
    CYCLE_OBJECTION = "registration.objection"
    CYCLE_CITY = "registration.city_review"
    CYCLE_FILE = "registration.file"

    @property
    def label(self) -> str:
        """The Chinese name, e.g. 审核通过记录."""
        return POLICY[self].label

    @property
    def label_en(self) -> str:
        """The English name, e.g. approve a record."""
        return POLICY[self].label_en


@dataclass(frozen=True)
class Rule:
    """Who may do an action, and whether it is tied to a place.

    ``regional``: the action concerns records of one division, so the user's region must cover
    it; otherwise (the audit chain, users, keys) there is no division to check.
    ``tier``: a reviewer must work at that level, told by the length of their region: 6 digits
    a county (县级), 4 a city (市级), 2 a province (省级) — the 定期注册 stages.
    """

    roles: frozenset[Role]
    regional: bool
    label: str
    label_en: str
    tier: int | None = None


def _rule(label: str, label_en: str, *roles: Role, regional: bool = True,
          tier: int | None = None) -> Rule:
    return Rule(frozenset(roles), regional, label, label_en, tier)


_C, _R, _A, _U, _S = Role.CLERK, Role.REVIEWER, Role.ADMIN, Role.AUDITOR, Role.SCHOOL
#: region length → the level a reviewer works at (the 定期注册 stages' tier rule)
TIERS: Mapping[int, tuple[str, str]] = MappingProxyType({
    6: ("县级", "county"), 4: ("市级", "city"), 2: ("省级", "province")})

#: the one table: each action → the roles that may do it and whether the region applies
POLICY: Mapping[Action, Rule] = MappingProxyType({
    Action.RECORD_READ: _rule("查看证书记录", "read records", _C, _R, _A, _U),
    Action.RECORD_IMPORT: _rule("导入扫描记录", "import scanned records", _C, _R, _A),
    Action.RECORD_CORRECT: _rule("更正识别结果", "correct a scanned record", _C, _R, _A),
    Action.RECORD_APPROVE: _rule("审核通过记录", "approve a record", _R, _A),
    Action.CRIMINAL_CHECK: _rule("登记犯罪记录核查", "record the criminal-record check", _R, _A),
    Action.ISSUE: _rule("签发电子证照", "issue credentials", _R, _A),
    Action.REGISTRATION: _rule("登记定期注册结论", "record a registration conclusion", _R, _A),
    Action.ANNOTATE: _rule("填写备注", "annotate the remarks page", _R, _A),
    Action.REISSUE: _rule("更正后重新制证", "reissue after a correction", _R, _A),
    Action.REVOKE: _rule("撤销教师资格", "revoke a qualification", _R, _A),
    Action.FORFEIT: _rule("认定丧失教师资格", "record a forfeiture", _R, _A),
    Action.REINSTATE: _rule("恢复教师资格", "reinstate a qualification", _R, _A),
    Action.REPORT_READ: _rule("查看统计报表", "read reports", _U, _A),
    Action.REPORT_FULL_ID: _rule("导出完整证件号码", "export full ID numbers", _A),
    Action.AUDIT_READ: _rule("核验审计日志", "verify the audit log", _U, _A, regional=False),
    Action.USER_ADMIN: _rule("管理用户", "manage users", _A, regional=False),
    Action.KEY_ADMIN: _rule("管理签名密钥", "manage signing keys", _A, regional=False),
    Action.CYCLE_READ: _rule("查看定期注册", "read periodic registration", _C, _R, _A, _U, _S),
    Action.CYCLE_PLAN: _rule("设置定期注册周期", "plan a registration cycle", _A),
    Action.CYCLE_APPLY: _rule("代为提交定期注册申请", "submit applications for teachers", _S, _C),
    Action.CYCLE_SCHOOL: _rule("学校审查", "review applications for a school", _S),
    Action.CYCLE_DECIDE: _rule("县级审核定期注册", "decide registration conclusions", _R, tier=6),
    Action.CYCLE_OBJECTION: _rule("登记公示异议", "record an objection", _C, _R, tier=6),
    Action.CYCLE_CITY: _rule("市级复核定期注册", "re-check conclusions for the city", _R,
                             tier=4),
    Action.CYCLE_FILE: _rule("省级备案定期注册", "file a cycle with the province", _R, tier=2),
})


class Principal(Protocol):
    """What the policy needs of a user: the stored role and region."""

    @property
    def role(self) -> str: ...

    @property
    def region(self) -> str: ...


def region_allows(region: str, division_code: str) -> bool:
    """True when a user scoped to ``region`` (a division prefix; '' = all) may act there."""
    return division_code.startswith(region)


def _role(user: Principal) -> Role | None:
    try:
        return Role(user.role)
    except ValueError:  # a role this version does not know is allowed nothing
        return None


def _refusal(user: Principal, action: Action, division_code: str | None,
             school: str | None = None) -> PermissionDenied | None:
    rule = POLICY[action]
    role = _role(user)
    if role is None or role not in rule.roles:
        who = f"{role.label}（{role}）" if role else f"角色 {user.role}"
        return PermissionDenied(
            f"{who}无权{rule.label} (role {user.role} may not {rule.label_en})",
            code="role_not_allowed",
        )
    if rule.regional and division_code is not None and not region_allows(user.region,
                                                                         division_code):
        return PermissionDenied(
            f"不在您的管辖区域内：{division_code}，您的区域 {user.region or '全国'} "
            f"(outside your region {user.region or 'all'})",
            code="outside_region",
        )
    return _tier_refusal(user, role, rule) or _school_refusal(user, role, school)


def _tier_refusal(user: Principal, role: Role, rule: Rule) -> PermissionDenied | None:
    """A reviewer acts at the level of their region's length (the 定期注册 stages)."""
    if rule.tier is None or role is not Role.REVIEWER or len(user.region) == rule.tier:
        return None
    zh, en = TIERS[rule.tier]
    return PermissionDenied(
        f"{rule.label}须由{zh}审核人员办理（区划代码 {rule.tier} 位），您的区域 "
        f"{user.region or '全国'} (only a {en} reviewer may {rule.label_en})", code="wrong_tier")


def _school_refusal(user: Principal, role: Role, school: str | None) -> PermissionDenied | None:
    """A school reviewer acts for the one school of their account, and needs one."""
    if role is not Role.SCHOOL:
        return None
    own = getattr(user, "school", None)
    if not own:
        return PermissionDenied("学校审查人员账户未指定学校 (no school set for this account)",
                                code="school_not_set")
    if school is not None and school != own:
        return PermissionDenied(f"不是您学校（{own}）的申请 (not your school's application)",
                                code="outside_school")
    return None


def may(user: Principal, action: Action, *, division_code: str | None = None,
        school: str | None = None) -> bool:
    """Whether ``user`` may do ``action`` (in ``division_code``, for ``school``, when given):
    for pages and consoles that decide what to offer."""
    return _refusal(user, action, division_code, school) is None


def authorize(user: Principal, action: Action, *, division_code: str | None = None,
              school: str | None = None) -> None:
    """Refuse with PermissionDenied (403) unless the table lets ``user`` do ``action`` (in
    ``division_code``, when the action is regional and one is given; a reviewer at the action's
    tier; a school reviewer only for their own ``school``, when one is given)."""
    refusal = _refusal(user, action, division_code, school)
    if refusal is not None:
        raise refusal
