"""A middle dot joining the parts of a transcribed name quoted in a remark is the name's, not an
odd character; a dot elsewhere in the words stays one."""

from __future__ import annotations

from scanning._remark_doubt import odd_text
from scanning._remark_name_dots import unjoined
from scanning._remarks import entries
from tests.scanning._remark_lines import ISSUED, TITLE, ln


def _odd(text: str) -> str | None:
    [entry] = entries([TITLE, ln("2013年11月8日" + text, 60, 70)], ISSUED)
    return odd_text(entry)


def test_the_dot_of_a_uyghur_name_in_a_remark_is_no_odd_character():
    assert _odd("持证人姓名更正为“艾尔肯·阿不都”，原姓名有误") is None
    assert _odd("姓名更正为阿依古丽．买买提") is None  # the full-width dot, unquoted


def test_a_dot_between_words_that_are_no_transcribed_name_stays_odd():
    assert _odd("证书遗失·予以补发") is not None  # a misread comma
    assert _odd("姓名更正为张三·李四") is not None  # no transcribed name words
    assert unjoined("阿不都·") == "阿不都·"  # a dot with nothing after it
