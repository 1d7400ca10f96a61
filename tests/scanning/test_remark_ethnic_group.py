"""A remark that corrects the holder's 民族 names the group it is corrected to: the group's
name is remark wording (``_remark_phrases.phrased``), a misread of it is not."""

from __future__ import annotations

from scanning._remark_phrases import coverage, phrased


def test_correction_to_an_ethnic_group_is_phrased():
    assert phrased("民族更正为回族")
    assert phrased("民族信息更正为维吾尔族")


def test_a_name_that_is_no_group_is_not():
    assert not phrased("民族更正为四族")
    assert coverage("民族更正为四族") == 5
