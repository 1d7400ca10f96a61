"""Names a remark quotes: the corrected name is the holder's, a former name is a name."""

from scanning import _remark_names


def _doubts(text: str, holder: str | None = "严慧") -> list[str]:
    return [f.field for f in _remark_names.doubts([{"date": "2020-06-01", "text": text}], holder)]


def test_a_former_name_read_with_a_character_no_name_holds_is_flagged() -> None:
    # 严燕 printed, 燕 read as 蒸 in every view: agreeing readings, no standard wording
    assert _doubts("持证人姓名由“严蒸”更正为“严慧”") == ["annotations[0].text"]
    assert _doubts("持证人曾用名“严蒸”，现以本证记载为准") == ["annotations[0].text"]


def test_a_former_name_made_of_name_characters_passes() -> None:
    assert _doubts("持证人姓名由“严燕”更正为“严慧”") == []
    assert _doubts("持证人曾用名“严燕”，现以本证记载为准。") == []
    # the holder's own given-name characters count, though the list lacks them
    assert _doubts("持证人曾用名“严彧”", holder="李彧") == []
    assert _doubts("持证人曾用名“阿依古丽·买买提”") == []


def test_a_corrected_name_other_than_the_holders_is_flagged() -> None:
    assert _doubts("持证人姓名更正为“严惠”，原姓名有误") == ["annotations[0].text"]
    assert _doubts("持证人姓名由“严燕”更正为“严惠”") == ["annotations[0].text"]
    assert _doubts("持证人姓名更正为“严慧”，原姓名有误") == []
    assert _doubts("持证人姓名更正为“严惠”，原姓名有误", holder=None) == []  # field unread


def test_a_former_name_without_a_surname_is_flagged() -> None:
    assert _doubts("持证人曾用名“蒸燕”") == ["annotations[0].text"]


def test_other_remarks_are_left_alone() -> None:
    assert _doubts("任教学科由“数学”更正为“化学”") == []
    assert _doubts("原证书遗失，经本人申请予以补发") == []
