"""The script of a remark's text: booklets are printed in simplified Chinese.

A traditional form left in an entry's text (原证書…遺失, 更正為) is a misread, never the print.
The text is given with each form that stands for one simplified character folded onto it, and a
warning names the forms for a person to confirm.
"""

from __future__ import annotations

from core.rules import Finding
from scanning._variants import simplified

__all__ = ["simplified_text", "traditional_forms"]


def traditional_forms(name: str, text: str | None) -> list[Finding]:
    """Booklets are printed in simplified Chinese: a traditional form left in an entry's text
    (原证書…遺失 where no reading held 书 or 遗 to fold it onto) is a misread a person
    corrects, never the print — the standard wordings settle on it as on its simplified twin,
    so nothing else would flag it. The text is given with the form folded onto its twin
    (``simplified_text``), and a person still confirms it."""
    forms = sorted({ch for ch in text or "" if simplified(ch) != ch})
    if not forms:
        return []
    twins = "、".join(simplified(ch) for ch in forms)
    msg = f"备注文字中有繁体字形“{'、'.join(forms)}”，证书以简体字印制，已读作“{twins}”，请核对"
    return [Finding("annotation_text", f"{name}.text", msg, "warning",
                    {"read": text, "forms": forms})]  # fmt: skip


def simplified_text(text: str | None) -> str | None:
    """``text`` with each traditional form that stands for one simplified character folded
    onto it (更正為 → 更正为): the booklet prints the simplified one, and the character read is
    the same word in either form. A form of several simplified characters stays as read."""
    return "".join(map(simplified, text)) if text else text
