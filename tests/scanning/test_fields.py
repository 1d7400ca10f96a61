"""Information-page fields found by label and geometry, on hand-built OCR lines (no OCR run)."""

from __future__ import annotations

from scanning._fields import INFO_LABELS, RawField, extract, info_fields, match_label
from scanning._label_pieces import _lone_halves
from scanning._ocr import Line

ID = "11010519491231002X"
CERT = "20193700120000123"


def ln(text: str, x: int, y: int, w: int | None = None, h: int = 30) -> Line:
    """A line of ``text`` at (x, y); width from the characters when not given."""
    width = w if w is not None else int(sum(30 if ord(c) > 0x2E80 else 16 for c in text))
    return Line(text, 0.95, (x, y, x + width, y + h))


def texts(raw: dict[str, RawField]) -> dict[str, str]:
    return {k: r.text for k, r in raw.items()}


FULL = {
    "name": "张三",
    "gender": "女",
    "birth_date": "1990年05月01日",
    "ethnicity": "汉族",
    "id_number": ID,
    "qualification_type": "小学教师资格",
    "subject": "数学",
    "certificate_number": CERT,
    "issuing_authority": "广州市教育局",
    "issue_date": "2019年07月01日",
}
LABELS = {
    "name": "姓名",
    "gender": "性别",
    "birth_date": "出生日期",
    "ethnicity": "民族",
    "id_number": "身份证件号码",
    "qualification_type": "资格种类",
    "subject": "任教学科",
    "certificate_number": "证书号码",
    "issuing_authority": "发证机关",
    "issue_date": "批准日期",
}


def test_rows_label_left_value_right():
    lines = [ln(LABELS[k], 40, 60 + 70 * n) for n, k in enumerate(FULL)]
    lines += [ln(v, 300, 62 + 70 * n) for n, v in enumerate(FULL.values())]
    assert texts(info_fields(lines, 1)) == FULL


def test_colon_lines_with_other_label_generation():
    other = {
        "name": "姓名",
        "gender": "性别",
        "birth_date": "出生年月",
        "ethnicity": "民族",
        "id_number": "公民身份号码",
        "qualification_type": "教师资格种类",
        "subject": "学科",
        "certificate_number": "证书编号",
        "issuing_authority": "认定机构",
        "issue_date": "发证日期",
    }
    lines = [ln(f"{other[k]}：{v}", 40, 60 + 70 * n) for n, (k, v) in enumerate(FULL.items())]
    raw = info_fields(lines, 3)
    assert texts(raw) == FULL
    assert raw["name"].page == 3 and raw["name"].box == lines[0].box


def test_half_width_colons_and_glued_values():
    lines = [ln("性别男", 40, 60), ln("姓名:李四", 40, 130), ln("民族 : 回族", 40, 200)]
    assert texts(info_fields(lines, 0)) == {"gender": "男", "name": "李四", "ethnicity": "回族"}


def test_two_fields_per_line_read_as_one_line():
    lines = [
        ln("姓名：张三　　性别：女", 40, 60),
        ln("出生日期：1990年05月01日民族：汉族", 40, 130),
        ln("资格种类：小学教师资格 任教学科：数学", 40, 200),
    ]
    raw = info_fields(lines, 0)
    assert texts(raw) == {
        "name": "张三",
        "gender": "女",
        "birth_date": "1990年05月01日",
        "ethnicity": "汉族",
        "qualification_type": "小学教师资格",
        "subject": "数学",
    }
    # Each field's box is its own part of the line, left to right.
    assert raw["name"].box[2] <= raw["gender"].box[0] + 2
    assert raw["gender"].box[2] <= lines[0].box[2]


def test_two_fields_per_row_as_separate_boxes():
    lines = [
        ln("姓名", 40, 60), ln("张三", 200, 61), ln("性别", 500, 60), ln("女", 660, 62),
        ln("出生日期", 40, 130), ln("1990年05月01日", 200, 131),
        ln("民族", 500, 130), ln("汉族", 660, 131),
    ]
    assert texts(info_fields(lines, 0)) == {
        "name": "张三", "gender": "女", "birth_date": "1990年05月01日", "ethnicity": "汉族"
    }


def test_value_below_label():
    lines = [
        ln("姓名", 40, 60), ln("性别", 400, 60),
        ln("张三", 45, 110), ln("男", 410, 111),
        ln("公民身份号码", 40, 180),
        ln(ID, 40, 230),
        ln("证书编号", 40, 300),
        ln(CERT, 60, 350),
    ]
    assert texts(info_fields(lines, 0)) == {
        "name": "张三", "gender": "男", "id_number": ID, "certificate_number": CERT
    }


def test_bordered_table_cells_right_and_below():
    # | 姓名 | 张三 | 性别 | 女 |        a table whose cells the OCR reads as separate boxes,
    # | 资格种类      | 任教学科 |        the lower row holding labels over their values
    # | 小学教师资格  | 数学     |
    lines = [
        ln("姓名", 20, 40), ln("张三", 160, 44), ln("性别", 320, 40), ln("女", 470, 45),
        ln("资格种类", 20, 120), ln("任教学科", 320, 120),
        ln("小学教师资格", 20, 200), ln("数学", 330, 201),
    ]
    assert texts(info_fields(lines, 0)) == {
        "name": "张三", "gender": "女", "qualification_type": "小学教师资格", "subject": "数学"
    }


def test_spaced_and_split_labels():
    lines = [
        ln("姓　　名", 40, 60), ln("王五", 300, 60),
        ln("性", 40, 130), ln("别", 130, 131), ln("女", 300, 130),
        ln("身份证", 40, 200), ln("号码", 140, 200), ln(ID, 300, 201),
        ln("民", 40, 270),  ln("回族", 300, 270),  # the other half (族) was not detected
    ]
    assert texts(info_fields(lines, 0)) == {
        "name": "王五", "gender": "女", "id_number": ID, "ethnicity": "回族"
    }


def test_value_split_over_boxes_is_joined_in_reading_order():
    lines = [
        ln("发证机关", 40, 60), ln("教育局", 420, 62), ln("广东省广州市", 220, 60),
        ln("批准日期：2019年", 40, 130), ln("07月01日", 330, 131),
    ]
    raw = info_fields(lines, 0)
    assert raw["issuing_authority"].text == "广东省广州市教育局"
    assert raw["issuing_authority"].box == (220, 60, 510, 92)
    assert raw["issue_date"].text == "2019年07月01日"


def test_misread_label_is_matched_when_unambiguous():
    lines = [
        ln("身份证件号玛", 40, 60), ln(ID, 300, 60),  # 码 misread
        ln("证书号吗：" + CERT, 40, 130),  # 码 misread, colon follows
        ln("教师资种类", 40, 200), ln("小学教师资格", 300, 200),  # 格 dropped
        ln("性列：男", 40, 270),  # short label: trusted only because a colon follows
        ln("认定机构", 40, 340), ln("湖南省教育厅", 300, 340),
        ln("身优能号码", 40, 410),  # two slips are too many: no label, and no value stolen
    ]
    assert texts(info_fields(lines, 0)) == {
        "id_number": ID, "certificate_number": CERT, "qualification_type": "小学教师资格",
        "gender": "男", "issuing_authority": "湖南省教育厅",
    }
    assert match_label("身优能号码", INFO_LABELS) is None
    # The page title is two characters from 教师资格种类: not a label either.
    assert match_label("教师资格证书", INFO_LABELS) is None


def test_a_value_that_looks_like_a_label_is_a_value():
    # 汉族 is one character from 民族; without a colon it is the value, not a misread label.
    lines = [ln("民族", 40, 60), ln("汉族", 300, 60)]
    assert texts(info_fields(lines, 0)) == {"ethnicity": "汉族"}
    assert match_label("汉族", INFO_LABELS) is None


def test_a_box_starting_with_a_label_is_not_a_value():
    lines = [ln("姓名", 40, 60), ln("性别：女", 300, 60)]
    assert texts(info_fields(lines, 0)) == {"gender": "女"}


def test_missing_value_stays_missing():
    # 性别 has no value on its row; the next row's value belongs to the next label.
    lines = [
        ln("姓名", 40, 60), ln("张三", 300, 60),
        ln("性别", 40, 130),
        ln("出生日期", 40, 200), ln("1990年05月01日", 300, 200),
    ]
    raw = info_fields(lines, 0)
    assert "gender" not in raw
    assert raw["birth_date"].text == "1990年05月01日"


def test_missing_value_in_a_two_field_line_stays_missing():
    lines = [ln("性别：　民族：汉族", 40, 60), ln("出生日期：1990年05月01日", 40, 130)]
    raw = info_fields(lines, 0)
    assert "gender" not in raw and raw["ethnicity"].text == "汉族"


def test_far_box_below_is_not_taken():
    # A footer far below the last label is no value of it.
    lines = [ln("批准日期", 40, 60), ln("中华人民共和国教育部制", 40, 600)]
    assert info_fields(lines, 0) == {}


def test_gender_without_label_only_when_alone():
    assert info_fields([ln("男", 300, 60)], 0)["gender"].text == "男"
    assert "gender" not in info_fields([ln("男", 300, 60), ln("女", 300, 130)], 0)


def test_exact_label_wins_over_a_misread_duplicate():
    lines = [ln("出生日朗：1980年01月01日", 40, 60), ln("出生日期：1990年05月01日", 40, 130)]
    assert info_fields(lines, 0)["birth_date"].text == "1990年05月01日"


def test_registration_labels_still_work():
    table = {"conclusion": ("注册结论", "结论"), "date": ("注册日期", "日期")}
    lines = [ln("注册结论：合格", 40, 60), ln("注册日期", 40, 130), ln("2020年1月2日", 300, 130)]
    assert texts(extract(lines, table, 0)) == {"conclusion": "合格", "date": "2020年1月2日"}


def test_value_below_belongs_to_the_label_it_lines_up_with():
    # Two labels on a row, each value left-aligned under its own label: the first value's box
    # reaches under the gap between the labels but not under the second label.
    lines = [
        ln("姓名", 42, 119, 59), ln("性别", 371, 116, 60),
        ln("贺远勇", 55, 159, 113), ln("女", 389, 159, 46),
        ln("身份证件号码", 45, 332), ln("民族", 371, 332),
        ln(ID, 60, 380, 393),
    ]
    assert texts(info_fields(lines, 0)) == {"name": "贺远勇", "gender": "女", "id_number": ID}


def test_labels_clipped_at_the_left_edge():
    # The page crop (or the detector) lost a label's first character; 名/别 stay glued to the
    # value that follows them.
    lines = [
        ln("名万远蕊", 0, 160), ln("别男", 0, 250),
        ln("份证件号", 0, 431), ln(ID, 146, 431),
        ln("格种类", 0, 515), ln("高级中学教师资格", 152, 517),
    ]
    assert texts(info_fields(lines, 0)) == {
        "name": "万远蕊", "gender": "男", "id_number": ID, "qualification_type": "高级中学教师资格"
    }


def test_a_value_starting_like_a_label_half_keeps_its_label():
    # 科学 starts with 科 (second half of 学科), but its label stands left of it.
    lines = [ln("学科", 40, 60), ln("科学", 300, 60)]
    assert texts(info_fields(lines, 0)) == {"subject": "科学"}


def test_a_listed_subject_alone_at_its_row_start_is_no_label_half_glued_to_a_value():
    # the subject's label was misread beyond matching; 科学 starts with 科, the second half of
    # 学科, but it is a listed subject: never the label 学科 with its value 学 lost
    lines = [ln("姓名", 0, 20), ln("张三", 100, 20), ln("科学", 0, 100), ln("证书编号", 0, 140)]
    got = [x.text for x in _lone_halves(lines, INFO_LABELS)]
    assert got == ["姓名", "张三", "科学", "证书编号"]


def test_label_stacked_in_a_narrow_cell_and_value_wrapped_in_its_cell():
    # | 身份证件 |                  |      | 发证 |  恩施土家族苗族   |
    # |   号码   | 42280119900501... |      | 机关 |  自治州教育局     |
    lines = [
        ln("身份证件", 20, 40), ln("号码", 35, 74), ln(ID, 160, 56),
        ln("发证", 20, 140), ln("机关", 20, 174), ln("恩施土家族苗族", 160, 140),
        ln("自治州教育局", 160, 176),
        ln("批准日期", 20, 260), ln("2019年07月01日", 160, 260),
    ]
    assert texts(info_fields(lines, 0)) == {
        "id_number": ID, "issuing_authority": "恩施土家族苗族自治州教育局",
        "issue_date": "2019年07月01日",
    }


def test_rows_are_never_taken_as_a_wrapped_value():
    # The next printed row is farther than a wrapped line, even when its label was not read.
    lines = [ln("姓名", 40, 60), ln("张三", 300, 60), ln("男", 300, 120)]
    assert texts(info_fields(lines, 0))["name"] == "张三"


def test_table_rulings_and_printed_hints_are_not_values():
    lines = [
        ln("姓名|张三", 40, 60), ln("性别", 40, 130), ln("｜", 150, 130, 6), ln("女", 300, 130),
        ln("发证机关（盖章）", 40, 200), ln("上海市教育委员会", 300, 200),
        ln("批准日期（盖章）：2019年07月01日", 40, 270),
    ]
    assert texts(info_fields(lines, 0)) == {
        "name": "张三", "gender": "女", "issuing_authority": "上海市教育委员会",
        "issue_date": "2019年07月01日",
    }


def test_overlapping_halves_of_a_split_label_are_joined():
    lines = [ln("性", 65, 221, 77), ln("别：男", 134, 217, 116)]
    assert texts(info_fields(lines, 0)) == {"gender": "男"}


def test_label_with_a_character_lost_under_a_seal():
    lines = [ln("发证机", 84, 649), ln("驻马店市教育委员会", 90, 690)]
    assert texts(info_fields(lines, 0)) == {"issuing_authority": "驻马店市教育委员会"}


def test_value_below_stops_at_a_column_wide_gap():
    # 出生日期 (right of 性别) was not read: its value is not the gender's.
    lines = [
        ln("性别", 107, 288, 39), ln("女", 112, 311, 31), ln("1975年02月26日", 357, 323, 157),
    ]
    assert texts(info_fields(lines, 0))["gender"] == "女"


def test_box_detected_twice_is_read_once():
    # Under a seal the detector returned part of the value again, overlapping it.
    lines = [
        ln("姓名", 55, 700), ln("王芳", 60, 745),
        ln("发证机构", 55, 788, 103), ln("西省", 140, 792, 81, 49),
        ln("陕西省教育厅", 55, 822, 222, 55),
    ]
    assert texts(info_fields(lines, 0))["issuing_authority"] == "陕西省教育厅"


def test_text_glued_to_a_label_on_a_values_below_page_is_not_its_value():
    lines = [
        ln("姓名", 60, 100), ln("任建妍", 70, 140),
        ln("学科", 60, 200), ln("数学", 70, 240),
        ln("证书编号", 60, 300), ln(CERT, 70, 340),
        ln("认定机构合利", 60, 400), ln("罗甸县教育和体育局", 70, 440),
    ]
    raw = info_fields(lines, 0)
    assert raw["issuing_authority"].text == "罗甸县教育和体育局"
    assert raw["certificate_number"].text == CERT


def test_values_whose_label_was_lost_are_found_by_their_shape():
    lines = [
        ln("姓名", 40, 60), ln("张三", 300, 60),
        ln("男", 300, 130),
        ln("1990年05月01日", 300, 200),
        ln(ID, 300, 270),
        ln("批准日期", 40, 340), ln("2019年07月01日", 300, 340),
        ln(CERT, 300, 410),
        ln("中等职业学校实习指导教师资格", 300, 480),
    ]
    assert texts(info_fields(lines, 0)) == {
        "name": "张三", "gender": "男", "birth_date": "1990年05月01日", "id_number": ID,
        "issue_date": "2019年07月01日", "certificate_number": CERT,
        "qualification_type": "中等职业学校实习指导教师资格",
    }


def test_two_unlabelled_dates_go_birth_first_only_when_both_are_missing():
    both = [ln("2019年07月01日", 300, 60), ln("1990年05月01日", 300, 130)]
    assert texts(info_fields(both, 0)) == {
        "birth_date": "1990年05月01日", "issue_date": "2019年07月01日"
    }
    # One date missing its label while two dates are left over: which one is unknown.
    one = [*both, ln("批准日期", 40, 200), ln("2019年07月01日", 300, 200)]
    assert "birth_date" not in info_fields(one, 0)


def test_traditional_forms_of_a_label_are_the_label():
    lines = [ln("性別", 40, 60), ln("女", 300, 60), ln("身份證號碼：" + ID, 40, 130)]
    assert texts(info_fields(lines, 0)) == {"gender": "女", "id_number": ID}


def test_value_wrapped_in_a_cell_level_with_its_label_reads_top_to_bottom():
    lines = [
        ln("发证机关", 35, 633, 123, 43), ln("河南省郑州市", 177, 619, 174, 36),
        ln("教育局", 174, 649, 98, 46),
    ]
    assert texts(info_fields(lines, 0)) == {"issuing_authority": "河南省郑州市教育局"}


def test_badly_read_photo_labels():
    lines = [
        ln("姓8:都平炜", 51, 159),  # 名 read as a digit, before a colon
        ln("性脉男", 391, 161),  # 别 misread, no colon, but only a gender follows
        ln("身份证号48:420684198202285273", 57, 362),  # 码： read as 48:
    ]
    assert texts(info_fields(lines, 0)) == {
        "name": "都平炜", "gender": "男", "id_number": "420684198202285273"
    }


def test_short_misread_label_without_colon_needs_a_value_of_its_shape():
    # 民旅 + 汉族 is ethnicity; 性脉 + 张三 is no gender, so no label at all.
    assert match_label("民旅汉族", INFO_LABELS) == ("ethnicity", "汉族")
    assert match_label("性脉张三", INFO_LABELS) is None
    assert match_label("姓8张三", INFO_LABELS) is None


def test_seal_text_is_no_value():
    # Greyscale scans keep the seal: its legend and its large lettering are not values.
    lines = [
        ln("证书编号", 55, 658), ln(CERT, 59, 695),
        ln("发证机构", 57, 770), ln("瑞丽市教育局", 57, 802),
        ln("定专用章", 232, 860, 91, 68), ln("颁发日期", 56, 877), ln("2023年06月24日", 58, 914),
        ln("批准日期", 111, 1016), ln("局", 410, 978, 88, 106),
    ]
    raw = info_fields(lines, 0)
    assert raw["issue_date"].text == "2023年06月24日"
    assert raw["issuing_authority"].text == "瑞丽市教育局"


def test_half_a_short_label_glued_to_a_value_of_its_shape():
    # 民族 printed wide: 族 was lost and 民 glued to the value; the date's run stops there.
    lines = [
        ln("出生年月日", 41, 261), ln("19980319", 203, 263, 180), ln("民壮族", 386, 258),
    ]
    assert texts(info_fields(lines, 0)) == {"birth_date": "19980319", "ethnicity": "壮族"}
    assert match_label("民主", INFO_LABELS) is None


def test_seal_lettering_under_a_value_is_no_wrapped_line():
    table = [ln("证书号码", 44, 650), ln(CERT, 192, 648, 270, 33), ln("建省", 184, 686, 89, 50)]
    assert info_fields(table, 0)["certificate_number"].text == CERT
    colon = [ln("证书号码：" + CERT, 80, 800), ln("教育", 217, 847)]
    assert info_fields(colon, 0)["certificate_number"].text == CERT
    rows = [
        ln("发证机关", 97, 900), ln("新疆维吾尔自治区教育厅", 288, 895, 389, 38),
        ln("新", 386, 933, 26, 27),
    ]
    assert info_fields(rows, 0)["issuing_authority"].text == "新疆维吾尔自治区教育厅"


def _rows(skip: str = "", below: bool = False) -> list[Line]:
    """Labels down the left, values right of them (or under them), ``skip``'s value unread."""
    lines: list[Line] = []
    for i, key in enumerate(k for k in FULL if k != "ethnicity"):
        y = 60 + 80 * i
        lines.append(ln(LABELS[key], 40, y))
        if key != skip:
            lines.append(ln(FULL[key], 40, y + 36) if below else ln(FULL[key], 260, y))
    return lines


def test_a_label_whose_value_the_detector_missed_gets_the_band_right_of_it_to_re_read():
    lines = _rows(skip="certificate_number")
    raw = info_fields(lines, 0)
    band = raw["certificate_number"]
    assert band.text == "" and band.score == 0.0
    label = next(ln for ln in lines if ln.text == LABELS["certificate_number"])
    rightmost = max(ln.box[2] for ln in lines)
    assert band.box[0] >= label.box[2] and band.box[2] == rightmost
    assert band.box[1] < label.box[1] + 5 and band.box[3] > label.box[3] - 5
    assert texts(raw) | {"certificate_number": CERT} == {
        k: v for k, v in FULL.items() if k != "ethnicity"
    }


def test_where_values_stand_under_their_labels_the_band_is_under_the_label():
    # fin-other 0038 (greyscale): the seal's ring hid the number's line under 证书号码.
    lines = _rows(skip="certificate_number", below=True)
    raw = info_fields(lines, 0)
    band = raw["certificate_number"]
    label = next(ln for ln in lines if ln.text == LABELS["certificate_number"])
    labels = [ln for ln in lines if ln.text in LABELS.values()]
    below = min(ln.box[1] for ln in labels if ln.box[1] > label.box[3] + 30)
    assert band.text == "" and band.box[1] == label.box[3] and band.box[3] == below
    assert band.box[0] < label.box[0] and band.box[2] >= label.box[0] + 12 * 30
    assert texts(raw) | {"certificate_number": CERT} == {
        k: v for k, v in FULL.items() if k != "ethnicity"
    }


def test_under_a_label_the_band_ends_at_the_next_label_even_misread():
    # fin-other 0039 (greyscale): the number's line lost under 证书编号, and the next label
    # (颁发机关) read 颁爱机, no label: the band still ends at that line, not at none.
    lines = _rows(skip="certificate_number", below=True)
    at = next(i for i, x in enumerate(lines) if x.text == LABELS["issuing_authority"])
    lines[at] = Line("颁爱机", 0.83, lines[at].box)
    band = info_fields(lines, 0)["certificate_number"]
    label = next(x for x in lines if x.text == LABELS["certificate_number"])
    assert band.text == "" and band.box[1] == label.box[3] and band.box[3] == lines[at].box[1]


def test_under_the_last_label_only_the_issue_date_gets_a_band():
    # The last label has no next one to bound its band; the issue date, usually last and under
    # the seal, gets one two lines deep (``_sign_date.band_under_label``), only to re-read.
    lines = _rows(skip="issue_date", below=True)
    band = info_fields(lines, 0)["issue_date"]
    label = next(ln for ln in lines if ln.text == LABELS["issue_date"])
    assert band.text == "" and band.box[1] > label.box[3]


def test_a_value_box_merged_with_the_seal_is_cut_to_the_label_row_for_the_re_read():
    lines = _rows()
    at = next(i for i, ln in enumerate(lines) if ln.text == FULL["issue_date"])
    x0, y0, x1, y1 = lines[at].box
    lines[at] = Line(FULL["issue_date"], 0.9, (x0, y0 - 40, x1, y1 + 45))  # star and lettering
    box = info_fields(lines, 0)["issue_date"].box
    assert y0 - 12 <= box[1] and box[3] <= y1 + 12


def test_a_seals_arc_lettering_right_of_a_value_is_not_part_of_it():
    lines = _rows()
    at = next(i for i, ln in enumerate(lines) if ln.text == FULL["subject"])
    x0, y0, x1, y1 = lines[at].box
    lines.append(Line("市长沙县新司", 0.8, (x1 - 10, y0 - 5, x1 + 200, y0 + 80)))
    assert info_fields(lines, 0)["subject"].text == FULL["subject"]


def test_a_second_piece_of_a_value_as_tall_as_the_first_still_joins_it():
    lines = _rows(skip="issuing_authority")
    label = next(ln for ln in lines if ln.text == LABELS["issuing_authority"])
    y = label.box[1]
    lines += [ln("广州市", 260, y), ln("教育局", 360, y)]
    assert info_fields(lines, 0)["issuing_authority"].text == "广州市教育局"


def test_an_office_name_a_seal_broke_into_far_pieces_is_joined_when_it_ends_in_an_office():
    # fourth 0003 (bitonal): the seal over 邯郸市馆陶县教育和体育局 left 邯郸, 县教 and 育局 with
    # gaps wider than a word's: the pieces end in 教育局, so they are the authority's.
    lines = _rows(skip="issuing_authority")
    y = next(x for x in lines if x.text == LABELS["issuing_authority"]).box[1]
    lines += [ln("邯郸", 260, y), ln("县教", 390, y), ln("育局", 520, y)]
    assert info_fields(lines, 0)["issuing_authority"].text == "邯郸县教育局"


def test_far_pieces_that_end_in_no_office_are_not_the_authoritys():
    lines = _rows(skip="issuing_authority")
    y = next(x for x in lines if x.text == LABELS["issuing_authority"]).box[1]
    lines += [ln("邯郸", 260, y), ln("县教", 390, y), ln("专用章", 520, y)]
    assert "县教" not in info_fields(lines, 0)["issuing_authority"].text


def test_seal_lettering_on_a_numbers_row_is_not_the_number():
    # fin-other 0018 (greyscale): the detector lost the number's line under the seal and read
    # the seal's 拉城区 (龙城区) on its row, and 有 under it; neither is a certificate number,
    # whose band is re-read instead.
    lines = _rows(skip="certificate_number")
    label = next(ln for ln in lines if ln.text == LABELS["certificate_number"])
    x0, y0, x1, y1 = label.box
    lines += [ln("拉城区", 254, y0 - 26, 103, 44), ln("有", 357, y1 - 5, 36, 27)]
    raw = info_fields(lines, 0)
    assert raw["certificate_number"].text == ""
    assert raw["certificate_number"].box[0] >= x1


def test_a_misread_number_beside_its_label_is_still_its_value():
    lines = _rows(skip="certificate_number")
    label = next(ln for ln in lines if ln.text == LABELS["certificate_number"])
    lines.append(ln("2O19370O12OOOO123", 260, label.box[1]))
    assert info_fields(lines, 0)["certificate_number"].text == "2O19370O12OOOO123"


def test_every_generation_of_the_type_label_leaves_the_value_whole():
    # 教师资格类别 in its own box used to match as 教师资格 (a label some runs print alone),
    # leaving 别 as the whole value: the type was lost on every booklet of that print run.
    for label in ("教师资格类别", "教师资格种类", "资格类别", "资格种类"):
        named = dict(LABELS, qualification_type=label)
        lines = [ln(named[k], 40, 60 + 70 * n) for n, k in enumerate(FULL)]
        lines += [ln(v, 300, 62 + 70 * n) for n, v in enumerate(FULL.values())]
        assert texts(info_fields(lines, 1))["qualification_type"] == "小学教师资格", label


def test_whole_inline_value_is_not_continued_by_print_a_column_away():
    # A security pattern's microtext on the name's row, a word's gap right of "姓名：钟红秋".
    lines = [
        Line("姓名：钟红秋", 1.0, (97, 207, 245, 238)),
        Line("便主颐宝翻资神舞", 0.6, (295, 209, 485, 242)),
        Line("发证机关：广东省广州市", 1.0, (97, 280, 420, 311)),
        Line("教育局", 1.0, (470, 281, 560, 311)),
    ]
    raw = info_fields(lines, 0)
    assert raw["name"].text == "钟红秋"
    assert raw["name"].box == (97, 207, 245, 238)
    # a value not yet whole is still continued across the same gap
    assert raw["issuing_authority"].text == "广东省广州市教育局"


def test_misread_two_character_label_with_its_value_under_it():
    # A page printing values under their labels; 姓名 read as 姓书.
    lines = [
        Line("姓书", 0.78, (98, 200, 155, 229)), Line("张薇", 0.93, (114, 229, 166, 264)),
        Line("性别", 0.95, (97, 288, 139, 319)), Line("男", 1.0, (115, 319, 143, 354)),
        Line("出生年月", 1.0, (97, 380, 167, 409)),
        Line("1982年11月23日", 0.96, (114, 410, 265, 441)),
        Line("身份证号", 0.92, (98, 468, 166, 497)),
        Line("440281198211238172", 1.0, (114, 500, 307, 530)),
    ]
    raw = info_fields(lines, 0)
    assert raw["name"].text == "张薇" and raw["gender"].text == "男"
    # a misread label whose box under it is another label stays no label
    rows = [Line("姓书", 0.78, (98, 200, 155, 229)), Line("性别", 0.95, (97, 232, 139, 262)),
            Line("女", 1.0, (300, 232, 330, 262))]
    assert "name" not in info_fields(rows, 0)


def test_a_whole_name_is_still_continued_by_what_keeps_it_a_name():
    lines = [Line("姓名：欧阳", 1.0, (97, 207, 217, 238)), Line("娜娜", 1.0, (260, 207, 320, 238))]
    assert info_fields(lines, 0)["name"].text == "欧阳娜娜"


def test_a_right_hand_label_past_the_pages_last_print_still_gets_a_band():
    # fin-other 0010, 0031 ('pairs'): 性别 stands right of every line the detector found and
    # its lone 女 was not detected; the band runs on past the page's last print.
    lines = [*_rows(skip="gender"), ln(LABELS["gender"], 600, 60)]
    lines = [line for line in lines if not (line.text == LABELS["gender"] and line.box[0] == 40)]
    raw = info_fields(lines, 0)
    band, label = raw["gender"], lines[-1].box
    assert band.text == "" and band.label == label
    assert band.box[0] >= label[2] and band.box[2] >= label[2] + 5 * 30
    assert max(line.box[2] for line in lines[:-1]) < label[2]


def test_a_tall_box_goes_to_the_row_it_is_centred_on():
    # | 教师资格种类 | 高级中学教师资格 |     the subject's box merged with a seal's lettering
    # | 任教学科     | 地理             |     above it: tall enough to share both rows
    lines = [
        ln("教师资格种类", 80, 445, h=36), ln("高级中学教师资格", 258, 440, h=50),
        ln("地理", 245, 466, h=92), ln("任教学科", 77, 496, h=43),
        ln("认定机构", 76, 550, h=44), ln("佳木斯市教育局", 258, 545, h=50),
    ]
    raw = info_fields(lines, 0)
    assert raw["qualification_type"].text == "高级中学教师资格"
    assert raw["subject"].text == "地理"


def test_a_seal_legend_glued_to_a_label_is_no_value():
    # A page printing values under their labels; the label's line ran into the seal's
    # 资格认定专用章 under it (read 教师资格奥别格专用章): the value is the line below.
    lines = [
        ln("姓名", 57, 112), ln("魏娜", 58, 144), ln("出生年月日", 59, 216),
        ln("1980年12月12日", 67, 250), ln("居民身份证号码", 60, 317), ln(ID, 66, 348),
        ln("教师资格奥别格专用章", 49, 390, 234, 80),
        ln("中等职业学校实习指导教师资格", 66, 452, 341, 34),
        ln("任教学科", 57, 522), ln("学前教育", 76, 554),
    ]
    raw = info_fields(lines, 0)
    assert raw["qualification_type"].text == "中等职业学校实习指导教师资格"
    assert raw["subject"].text == "学前教育"


def test_letter_spaced_labels_read_as_several_pieces():
    # 发　证　日　期 drawn with gaps: the detector returns 发证 | 日 | 期2017.09.05, and
    # 出生年月 | 日 before the date; each label is found whole and its value after it.
    lines = [
        Line("出生年月", 1.0, (52, 406, 292, 452)), Line("日", 1.0, (269, 411, 347, 449)),
        Line("1969-12-12", 1.0, (355, 411, 538, 449)),
        Line("认定", 1.0, (45, 610, 153, 653)), Line("机", 1.0, (174, 615, 213, 649)),
        Line("构拉萨市堆龙德庆区教育局", 0.96, (234, 611, 578, 653)),
        Line("期2017.09.05", 0.99, (234, 666, 428, 709)), Line("日", 1.0, (176, 672, 211, 705)),
        Line("发证", 1.0, (48, 669, 154, 709)),
    ]
    assert texts(info_fields(lines, 0)) == {
        "birth_date": "1969-12-12",
        "issuing_authority": "拉萨市堆龙德庆区教育局",
        "issue_date": "2017.09.05",
    }


def test_a_whole_label_is_not_continued_into_the_label_under_it():
    # 出生年月 with 教师资格种类 under it is no misread 出生年月日.
    lines = [
        Line("出生年月", 1.0, (49, 452, 171, 497)), Line("1968.4.22", 1.0, (184, 454, 335, 493)),
        Line("民族", 1.0, (499, 449, 578, 503)), Line("汉族", 1.0, (574, 446, 662, 503)),
        Line("教师资格种类", 1.0, (49, 514, 228, 556)),
        Line("中等职业学校教师资格", 1.0, (242, 513, 559, 554)),
    ]
    assert texts(info_fields(lines, 0)) == {
        "birth_date": "1968.4.22", "ethnicity": "汉族", "qualification_type": "中等职业学校教师资格"
    }


def test_a_labels_first_character_read_as_a_digit():
    # Small blurred captions above their values: 身份证号 read 9份证号, 学科 read 7科.
    lines = [
        Line("出生年月日", 0.99, (48, 224, 166, 260)), Line("1996.09.28", 1.0, (61, 261, 264, 295)),
        Line("9份证号", 0.99, (49, 328, 146, 368)), Line(ID, 0.92, (60, 362, 453, 403)),
        Line("教师资格种类", 0.98, (49, 438, 190, 474)),
        Line("中等职业学校教师资格", 1.0, (48, 469, 382, 511)),
        Line("7科", 0.79, (48, 540, 101, 580)), Line("科学", 1.0, (53, 572, 135, 619)),
        Line("证书号码", 1.0, (49, 649, 146, 686)), Line(CERT, 1.0, (57, 685, 426, 719)),
    ]
    raw = texts(info_fields(lines, 0))
    assert raw["id_number"] == ID and raw["subject"] == "科学"
