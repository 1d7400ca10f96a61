"""Stray strokes read at the edge of a remark's line (a dash after the date read as 一, a hand
comma's tail read as a closing quote): left out when the rest is a standard wording."""

from __future__ import annotations

from scanning import _remark_stray
from scanning._remark_read import _standard_findings


def test_a_dash_between_the_date_and_the_words_is_left_out():
    lines = [("2024年06月14日一任教学科已更正",
              ["2024年06月14日任教学科已更正", "2024年06月14日一任教学科已更正"])]  # fmt: skip
    got = _remark_stray.settle("一任教学科已更正", lines)
    assert got is not None and (got.text, got.stray) == ("任教学科已更正", "一")
    (finding,) = _standard_findings("annotations[0]", got, [])
    assert finding.severity == "note" and "删去" in finding.message
    # every view read it: nothing shows it is no word
    lines = [(lines[0][0], [lines[0][0]] * 2)]
    assert _remark_stray.settle("一任教学科已更正", lines) is None


def test_an_unpaired_closing_quote_at_a_wrap_is_left_out():
    lines = [
        ("证书污损”", ["证书污损", "证书污损”", "证书污损”"]),
        ("经本人申请予以换发", ["经本人申请予以换发"] * 3),
    ]
    got = _remark_stray.settle("证书污损”，经本人申请予以换发", lines, doubted=[0])
    assert got is not None and got.text == "证书污损，经本人申请予以换发" and got.decides
    # a quote that closes an opening one, or a text that is no standard wording, stays
    assert _remark_stray.settle("“证书污损”，经本人申请予以换发", lines) is None
    lines[1] = ("经本人申请予以更换", ["经本人申请予以更换"] * 3)
    assert _remark_stray.settle("证书污损”，经本人申请予以更换", lines) is None
