"""Field extraction, normalisation, validation and constrained single-character correction."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric

from scanning import _validate as val
from scanning._fields import INFO_LABELS, extract, match_label
from scanning._sections import annotation_pairs, registrations
from scanning._ocr import Line
from scanning._places import known_authority

ID = "110101198503121234"
ID = ID[:17] + ric.calc_check_digit(ID)  # a valid number for 1985-03-12, male (order 123)


def test_valid_id_passes_unchanged():
    v = val.check_id(ID, 0.99, "1985-03-12", "男")
    assert v.value == ID and v.findings == [] and v.confidence == 0.99


def test_confusable_letter_corrected_only_when_unique():
    misread = ID[:10] + "O" + ID[11:]  # the 0 of month 03 read as the letter O
    v = val.check_id(misread, 0.99, "1985-03-12", "男")
    assert v.value == ID
    assert v.findings and v.findings[0].startswith("corrected")
    assert v.confidence < 0.99


def test_wrong_digit_without_unique_fix_is_flagged():
    digit = ID[7]
    wrong = str((int(digit) + 5) % 10)
    corrupted = ID[:7] + wrong + ID[8:]
    v = val.check_id(corrupted, 0.99, "1985-03-12", "男")
    assert v.value != ID or v.confidence < 0.9
    assert any(not f.startswith("corrected") for f in v.findings)


def test_second_read_used_when_first_fails():
    v = val.check_id(
        ID[:-1] + "7" if ID[-1] != "7" else ID[:-1] + "1", 0.99, "1985-03-12", "男", alt=ID
    )
    assert v.value == ID and v.confidence < 0.9


def test_id_disagreeing_with_printed_birth_date_is_flagged():
    v = val.check_id(ID, 0.99, "1985-03-13", "男")
    assert v.confidence < 0.9 and any("birth" in f for f in v.findings)


CERT = "20154400141100123"  # 2015, 广东 44, authority 001, type 4, male, serial 100123


def test_certificate_number_checked_against_record():
    ok = val.check_cert(CERT, 0.99, "高级中学教师资格", "2015-07-01", "男", "广东省教育厅")
    assert ok.value == CERT and ok.findings == []
    bad = val.check_cert(CERT, 0.99, "小学教师资格", "2015-07-01", "男", "广东省教育厅")
    assert bad.confidence < 0.9 and any("cert_type_mismatch" in f for f in bad.findings)


def test_certificate_letter_in_constrained_position_fixed():
    misread = CERT[:9] + "A" + CERT[10:]  # type digit 4 read as A
    v = val.check_cert(misread, 0.99, "高级中学教师资格", "2015-07-01", "男", None)
    assert v.value == CERT and v.findings[0].startswith("corrected")


def test_unconstrained_serial_digit_is_never_guessed():
    misread = CERT[:12] + "S" + CERT[13:]  # S could be 5 or 8: ambiguous
    v = val.check_cert(misread, 0.99, "高级中学教师资格", "2015-07-01", "男", None)
    assert v.confidence < 0.9 and v.value == misread


@given(st.dates().filter(lambda d: d.year >= 1000), st.booleans(), st.booleans())
def test_chinese_dates_become_iso(d, pad, fullwidth):
    text = f"{d.year}年{d.month:02d}月{d.day:02d}日" if pad else f"{d.year}年{d.month}月{d.day}日"
    if fullwidth:
        text = text.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    assert val.parse_date(text, 0.9, "issue_date").value == d.isoformat()


def test_unreadable_date_is_null_not_guessed():
    v = val.parse_date("2019年13月40日", 0.99, "issue_date")
    assert v.value is None and v.findings


def test_every_label_variant_is_recognised():
    for key, variants in INFO_LABELS.items():
        for variant in variants:
            assert match_label(variant + "：x", INFO_LABELS) == (key, "x")
    spaced = match_label("性　　别", INFO_LABELS)
    assert spaced == ("gender", "")


def _line(text: str, x: int, y: int, w: int = 100) -> Line:
    return Line(text, 0.99, (x, y, x + w, y + 30))


def test_extract_inline_and_same_row_values():
    lines = [
        _line("姓名：张三", 10, 10),
        _line("身份证号码", 10, 60),
        _line(ID, 200, 62, 300),
        _line("认定机构", 10, 110),
        _line("广东省", 200, 110),
        _line("教育厅", 310, 112),
        _line("性", 10, 160, 30),
        _line("别", 60, 161, 30),
        _line("女", 200, 160, 30),
    ]
    raw = extract(lines, INFO_LABELS, page=2)
    assert raw["name"].text == "张三"
    assert raw["id_number"].text == ID and raw["id_number"].page == 2
    assert raw["issuing_authority"].text == "广东省教育厅"
    assert raw["gender"].text == "女"


def test_annotation_pairs_and_registrations():
    lines = [
        _line("备注", 100, 0),
        _line("证书遗失，予以补发", 10, 50, 300),
        _line("2019年5月10日", 200, 90, 200),
        _line("经核查信息无误", 10, 150, 300),
        _line("2020年01月02日", 200, 190, 200),
    ]
    pairs = annotation_pairs(lines, 3)
    assert [(d.text if d else None, t.text if t else None) for d, t in pairs] == [
        ("2019年5月10日", "证书遗失，予以补发"),
        ("2020年01月02日", "经核查信息无误"),
    ]
    reg = [
        _line("结论：注册合格", 10, 10, 300),
        _line("有效期限：2021年9月1日至2026年8月31日", 10, 50, 500),
        _line("注册机关：泸定县教育局", 10, 90, 300),
        _line("注册日期：2021年8月1日", 10, 130, 300),
        _line("注册结论：暂缓注册", 10, 200, 300),
    ]
    stickers = registrations(reg, 4)
    assert len(stickers) == 2
    assert stickers[0]["valid"].text.startswith("2021年9月1日至")
    assert stickers[1]["conclusion"].text == "暂缓注册"


def test_authority_names_checked_against_division_names():
    assert known_authority("新疆维吾尔自治区教育厅")
    assert known_authority("泸定县教育局")
    assert not known_authority("新疆维吾尔白治区教育厅")
    assert not known_authority("补云县教育局")


def test_province_only_from_full_province_names():
    from scanning._validate import province_of_authority

    assert province_of_authority("广东省教育厅") == "44"
    assert province_of_authority("天津市教育委员会") == "12"
    assert province_of_authority("河北区教育局") is None  # a district of Tianjin, not 河北省
