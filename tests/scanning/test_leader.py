"""A dotted leader between a label and its value: the value is read from right of it, since
the recogniser drops the value's first characters with the dots (images drawn in the test)."""

from __future__ import annotations

import numpy as np

from scanning._leader import value_box


def _line(dots: int, step: int = 6, value_at: int = 260) -> np.ndarray:
    img = np.full((40, 480, 3), 255, np.uint8)
    img[8:32, 10:100] = 0  # the label (a dark block)
    for k in range(dots):  # the leader's dots, low on the line
        x = 110 + k * step
        img[26:29, x : x + 3] = 0
    img[8:32, value_at : value_at + 150] = 0  # the value
    return img


def test_the_value_is_cut_from_right_of_the_leader() -> None:
    got = value_box(_line(20), (0, 0, 480, 40))
    assert got is not None
    last_dot = 110 + 19 * 6 + 3
    assert last_dot < got[0] <= 260 and got[2:] == (480, 40)


def test_a_line_without_a_leader_is_left_whole() -> None:
    assert value_box(_line(0), (0, 0, 480, 40)) is None
    assert value_box(_line(3), (0, 0, 480, 40)) is None  # a date's few dots are no leader


def test_uneven_specks_are_no_leader() -> None:
    img = _line(0)
    for x in (110, 113, 140, 141, 170, 200, 203, 230):
        img[26:29, x : x + 2] = 0
    assert value_box(img, (0, 0, 480, 40)) is None


def test_a_field_through_a_leader_is_read_from_its_value(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from scanning import _info, _ocr
    from scanning._fields import RawField
    from scanning._ocr import Reading
    from scanning._pages import Role
    from scanning._scan import Page

    img = np.full((200, 480, 3), 255, np.uint8)
    img[100:140] = _line(20)
    page = Page(img, img, [], Role.INFORMATION)
    raw = {"name": RawField("勇祥", 0.6, (0, 100, 480, 140), 0),
           "gender": RawField("男", 0.9, (0, 20, 100, 60), 0)}  # fmt: skip
    seen: list[tuple[int, int, int, int]] = []

    def read(pieces, red=True):  # type: ignore[no-untyped-def]
        seen.extend(box for _, box in pieces)
        return [[Reading("邓勇祥", 0.95)] for _ in pieces]

    monkeypatch.setattr(_ocr, "readings", read)
    got = _info.after_leaders(page, 0, raw)
    assert list(got) == ["name"] and got["name"].text == "邓勇祥"
    assert got["name"].box[0] > 110 + 19 * 6 and seen == [got["name"].box]


def test_a_band_whose_label_line_holds_the_leader_is_read_from_its_value(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # 性别…………女 read as 性别 alone: the label's box runs over the leader and the value, and
    # the band for the missing value starts right of that box, past the value.
    from scanning import _info, _ocr
    from scanning._fields import RawField
    from scanning._ocr import Reading
    from scanning._pages import Role
    from scanning._scan import Page

    img = np.full((200, 480, 3), 255, np.uint8)
    img[100:140] = _line(20, value_at=260)
    img[100:140, 300:] = 255  # a one-character value: 260–300
    page = Page(img, img, [], Role.INFORMATION)
    raw = {"gender": RawField("", 0.0, (310, 95, 480, 145), 0, label=(0, 100, 305, 140))}
    monkeypatch.setattr(_ocr, "readings", lambda pieces, red=True: [[Reading("女", 0.96)]])
    got = _info.after_leaders(page, 0, raw)
    assert got["gender"].text == "女" and 110 + 19 * 6 < got["gender"].box[0] <= 260


def test_a_ruling_broken_into_flat_pieces_is_no_leader() -> None:
    img = _line(0)
    for x in range(110, 250, 10):  # the row's ruling, cut every 10 px, one or two px high
        img[34:36, x : x + 8] = 0
    assert value_box(img, (0, 0, 480, 40)) is None


def test_a_date_read_whole_keeps_its_line_when_the_cut_loses_its_year(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # The seal's lettering under a date's line leaves the tops of its characters along the
    # line's foot like a leader's dots: the cut right of them would read 年10月09日.
    from scanning import _info, _ocr
    from scanning._fields import RawField
    from scanning._ocr import Reading
    from scanning._pages import Role
    from scanning._scan import Page

    img = np.full((200, 480, 3), 255, np.uint8)
    img[100:140] = _line(20)
    page = Page(img, img, [], Role.INFORMATION)
    raw = {"issue_date": RawField("2007年10月09日", 0.99, (0, 100, 480, 140), 0)}
    monkeypatch.setattr(_ocr, "readings", lambda pieces, red=True: [[Reading("年10月09日", 0.97)]])
    assert _info.after_leaders(page, 0, raw) == {}
    raw = {"issue_date": RawField("7年10月09日", 0.9, (0, 100, 480, 140), 0)}  # dots took 200
    monkeypatch.setattr(_ocr, "readings",
                        lambda pieces, red=True: [[Reading("2007年10月09日", 0.97)]])
    assert _info.after_leaders(page, 0, raw)["issue_date"].text == "2007年10月09日"
