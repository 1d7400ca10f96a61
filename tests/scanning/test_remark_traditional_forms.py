"""A remark whose chosen text keeps a traditional form is flagged.

Our generator, a 150 dpi scanner TIFF: 原证书因保管不慎遗失 was read 原证書因保管不慎遺失 by every
reading (no simplified 书 or 遗 to fold onto), settled on the standard wording — which matches a
traditional form as its simplified twin — and accepted with only a note: a wrong value that no
finding flagged. Booklets are printed in simplified Chinese, so a traditional form is a misread:
the text is given with the form folded onto its simplified twin, and still flagged."""

from __future__ import annotations

from scanning._ocr import Line
from scanning._remarks import entries
from scanning._sections import decode_remark

ISSUED = "2001-06-01"


def ln(text: str, x: int, y: int, w: int = 400) -> Line:
    return Line(text, 0.99, (x, y, w, 30))


TITLE = ln("备注", 60, 40, 80)


def test_a_traditional_form_in_a_remark_is_flagged():
    lines = [
        TITLE,
        ln("2002年12月12日", 60, 120, 250),
        ln("原证書因保管不慎遺失，经本人申请，予以补发", 60, 170),
    ]
    [r] = entries(lines, ISSUED)
    note, found, _ = decode_remark(r, 0, ISSUED)
    # the forms are folded onto their simplified twins, and a person still confirms them
    assert note["text"] == "原证书因保管不慎遗失，经本人申请，予以补发"
    flagged = [f for f in found if f.code == "annotation_text" and f.severity == "warning"]
    assert flagged and "書" in flagged[0].message and "遺" in flagged[0].message


def test_a_traditional_form_in_a_worded_remark_is_read_as_its_simplified_twin():
    lines = [
        TITLE,
        ln("2014年10月01日", 60, 120, 250),
        ln("任教学科更正為“电气工程及其自动化”，原记载有误", 60, 170, 600),
    ]
    [r] = entries(lines, ISSUED)
    note, found, _ = decode_remark(r, 0, ISSUED)
    assert note["text"] == "任教学科更正为“电气工程及其自动化”，原记载有误"
    assert [f for f in found if f.code == "annotation_text" and "為" in f.message]


def test_a_simplified_remark_is_not_flagged_for_its_script():
    lines = [
        TITLE,
        ln("2002年12月12日", 60, 120, 250),
        ln("原证书因保管不慎遗失，经本人申请，予以补发", 60, 170),
    ]
    [r] = entries(lines, ISSUED)
    _, found, _ = decode_remark(r, 0, ISSUED)
    assert not [f for f in found if "繁体" in f.message]
