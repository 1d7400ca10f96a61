"""A transcribed ethnic-minority name as an ID card prints it (热依拉·艾力: words of Han
characters joined by "·") is a valid name: read right by every reading, it was flagged
`name_format` ("2–4 个汉字") and kept its booklet in review."""

from __future__ import annotations

from datetime import date

import pytest

from scanning._rulesets import spec

TODAY = date(2026, 12, 6)


@pytest.mark.parametrize(
    "name", ["热依拉·艾力", "古丽娜尔·吐尔逊", "阿依古丽·买买提", "王芳", "欧阳明月"]
)
def test_a_han_or_joined_name_is_a_name(name):
    assert spec("name", TODAY).value(name) == name


@pytest.mark.parametrize(
    "text",
    [
        "王",
        "欧阳明月华",
        "热依拉·",
        "·艾力",
        "热·艾力",
        "热依拉··艾力",
        "热依拉·Ali",
        "热依拉艾力买买提",
    ],
)
def test_other_text_is_no_name(text):
    assert spec("name", TODAY).value(text) is None
    assert spec("name", TODAY).explain(text)[0].code == "name_format"
