"""The console's one Jinja2 environment: its own templates (``console/…``) in front of the
shared staff layouts, with core.pages' filters (``|cst``, ``|label`` …) and globals (``may``,
``Action``). Every console module renders through :data:`templates`."""

from __future__ import annotations

from pathlib import Path

from core.pages import page_templates
from core.rules import QualificationType

__all__ = ["TEMPLATE_DIR", "qualification_label", "templates"]

TEMPLATE_DIR = Path(__file__).parent / "templates"


def qualification_label(value: int | str | None) -> str:
    """高级中学教师资格 for a stored qualification type (1–7); other values as they are."""
    try:
        return str(QualificationType(int(value or 0)).label)
    except ValueError:
        return "" if value is None else str(value)


templates = page_templates(TEMPLATE_DIR)
templates.env.filters["qualification"] = qualification_label
