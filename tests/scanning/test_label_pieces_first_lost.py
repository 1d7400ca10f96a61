"""A letter-spaced label whose first character the detector lost (颁 under a seal or a stain)
comes back as pieces that spell the rest of it (发 | 日 | 期2019年2月13日): still that label."""

from scanning._fields import INFO_LABELS, info_fields
from scanning._label_pieces import merge_split_labels
from scanning._ocr import Line


def _rows() -> list[Line]:
    # The boxes one grey scan's detector returned for 认 定 机 构 / 颁 发 日 期 (颁 lost).
    return [
        Line("认", 0.99, (75, 645, 124, 677)),
        Line("定", 0.99, (132, 645, 170, 678)),
        Line("机", 0.99, (191, 643, 241, 679)),
        Line("构麻城市教育局", 0.99, (230, 642, 456, 679)),
        Line("发", 0.99, (130, 698, 169, 732)),
        Line("日", 0.99, (193, 700, 231, 733)),
        Line("期2019年2月13日", 0.99, (253, 697, 475, 732)),
    ]


def test_pieces_spelling_a_label_without_its_first_character_join() -> None:
    texts = [ln.text for ln in merge_split_labels(_rows(), INFO_LABELS)]
    assert "颁发日期2019年2月13日" in texts  # the lost character given back


def test_the_issue_date_is_found_after_such_a_label() -> None:
    raw = info_fields(_rows(), 1)
    assert raw["issue_date"].text == "2019年2月13日"
    assert raw["issuing_authority"].text == "麻城市教育局"


def test_pieces_of_a_label_that_lost_two_characters_stay_apart() -> None:
    # 日 | 期…: two characters of four lost; 日期 could end any date label.
    lines = [
        Line("日", 0.99, (193, 700, 231, 733)),
        Line("期2019年2月13日", 0.99, (253, 697, 475, 732)),
    ]
    texts = [ln.text for ln in merge_split_labels(lines, INFO_LABELS)]
    assert "日期2019年2月13日" not in texts
