"""Field extraction, date parsing, the legacy finding strings, authority names.

The information page's decoding against the rules is tested in test_decode*.py."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from core.rules import Finding
from scanning import _validate as val
from scanning._fields import INFO_LABELS, extract, match_label
from scanning._ocr import Line
from scanning._places import known_authority
from scanning._sections import annotation_pairs, registrations


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


ID = "11010119850312123X"


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


def test_value_blocking_follows_its_findings():
    v = val.Value("男", 0.95, [Finding("corrected", "gender", "由 x 更正为 男", "note")])
    assert not v.blocking
    v.fail(Finding("ocr_disagreement", "name", "不一致"), 0.5)
    assert v.blocking and v.confidence == 0.5
