"""What every HTML page shares: one Jinja2 environment per package with the shared layouts in
``core/templates`` behind the package's own, and the filters pages use to show the domain's
values (times in China Standard Time, state labels) the same way everywhere.

A package builds its templates with :func:`page_templates`; the app factory serves
``core/static`` at :data:`STATIC_URL`. Staff pages extend ``staff/base.html``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, FileSystemLoader

from core.clock import CST
from core.policy import Action, Principal, Role, may

__all__ = ["CST", "STATIC_DIR", "STATIC_URL", "TEMPLATE_DIR", "cst", "cst_date", "label",
           "page_templates", "region_label", "role_label", "staff_home", "STAFF_NAV"]

_HERE = Path(__file__).parent
TEMPLATE_DIR = _HERE / "templates"
STATIC_DIR = _HERE / "static"
#: where the app serves ``core/static`` (the staff stylesheet and scripts)
STATIC_URL = "/static/core"


def cst(value: datetime | None, *, seconds: bool = False) -> str:
    """``2026-12-04 18:05`` in China Standard Time (a naive value is taken as UTC); '' for None."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(CST).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def cst_date(value: date | datetime | None) -> str:
    """``2026年12月04日``: a date as the certificate prints it (a datetime in CST)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        value = value.astimezone(CST).date()
    return f"{value.year}年{value.month:02d}月{value.day:02d}日"


def label(value: Any, lang: str = "zh") -> str:
    """The label of a state (any core.states enum, or a Role/Action), in ``lang``; other values
    as they are."""
    if isinstance(value, StrEnum):
        if hasattr(value, "label") and callable(value.label):
            return str(value.label(lang))
        en = getattr(value, "label_en", None)
        zh = getattr(value, "label", None)
        if isinstance(zh, str):
            return en if lang == "en" and isinstance(en, str) else zh
    return "" if value is None else str(value)


#: the staff pages' navigation: (path, 中文, English, the action that makes it worth showing)
STAFF_NAV: tuple[tuple[str, str, str, Action], ...] = (
    ("/admin", "证书记录", "Records", Action.RECORD_READ),
    ("/review", "扫描审核", "Scan review", Action.RECORD_CORRECT),
    ("/admin/cycles", "定期注册", "Registration", Action.CYCLE_READ),
    ("/admin/reports", "报表", "Reports", Action.REPORT_READ),
    ("/admin/audit", "审计日志", "Audit log", Action.AUDIT_READ),
)


def staff_home(user: Principal | None) -> str:
    """Where a signed-in user starts: the first page of the navigation their role may open
    (a school reviewer, who reads no certificate records, starts at 定期注册)."""
    if user is not None:
        for path, _zh, _en, action in STAFF_NAV:
            if may(user, action):
                return path
    return "/account"


def role_label(value: str) -> str:
    """The Chinese name of a stored role (审核人员); an unknown one as stored."""
    try:
        return Role(value).label
    except ValueError:
        return value


def region_label(region: str) -> str:
    """A user's region as people say it: '' → 全国, ``41`` → 河南省, ``4101`` → 河南省郑州市
    (the code itself when the division table does not know it)."""
    if not region:
        return "全国"
    from core.rules import division_name

    try:
        return division_name(region.ljust(6, "0")) or region
    except ValueError:
        return region


def page_templates(directory: Path | str) -> Jinja2Templates:
    """Templates from ``directory``, then the shared ones; with the shared filters installed."""
    templates = Jinja2Templates(directory=str(directory))
    templates.env.loader = ChoiceLoader([FileSystemLoader(str(directory)),
                                         FileSystemLoader(str(TEMPLATE_DIR))])
    templates.env.filters["cst"] = cst
    templates.env.filters["cst_seconds"] = lambda value: cst(value, seconds=True)
    templates.env.filters["cst_date"] = cst_date
    templates.env.filters["label"] = label
    templates.env.filters["role_label"] = role_label
    templates.env.filters["region_label"] = region_label
    templates.env.globals.update(STATIC_URL=STATIC_URL, may=may, staff_home=staff_home,
                                 Action=Action, Role=Role, STAFF_NAV=STAFF_NAV)
    return templates
