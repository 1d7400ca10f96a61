"""Page roles from the words read, across label generations, layouts and misreads (no OCR)."""

from __future__ import annotations

from scanning._ocr import Line
from scanning._pages import Role
from scanning._roles import classify


def page(*texts: str) -> list[Line]:
    return [
        Line(t, 0.9, (40, 60 + 60 * i, 40 + 30 * len(t), 90 + 60 * i))
        for i, t in enumerate(texts)
    ]


def test_information_page_in_every_label_generation_and_layout():
    rows = page("姓名", "张三", "性别", "男", "出生日期", "1990年5月1日", "身份证件号码",
                "资格种类", "任教学科", "证书号码", "发证机关", "批准日期")
    colon = page("姓名：张三　性别：男", "出生年月：1990年5月", "公民身份号码：110105199005010014",
                 "教师资格种类：小学教师资格", "学科：数学", "证书编号：20191100110000011",
                 "认定机构：北京市教育委员会", "发证日期：2019年7月1日")
    spaced = page("姓　　名", "性　　别", "民　　族", "身份证号", "资格类别")
    for lines in (rows, colon, spaced):
        assert classify(lines, has_photo=False) is Role.INFORMATION


def test_information_page_with_misread_labels():
    lines = page(
        "娃名：张三",
        "性别：男",
        "出生日朗：1990年5月1日",
        "身份证件号玛：110105199005010014",
        "资格种类：小学教师资格",
    )
    assert classify(lines, has_photo=False) is Role.INFORMATION


def test_remarks_page_mentioning_fields_is_not_information():
    lines = page("备　注", "出生日期已更正", "2019年5月10日", "任教学科已更正", "2020年1月2日")
    assert classify(lines, has_photo=False) is Role.REMARKS


def test_remarks_page_without_a_readable_title():
    lines = page("证书遗失，予以补发", "2019年5月10日", "原证书损坏，予以换发")
    assert classify(lines, has_photo=False) is Role.REMARKS


def test_registration_pages_of_several_designs():
    labelled = page(
        "定期注册", "注册结论：注册合格", "有效期：2016.09.01-2021.08.31", "注册机关：某区教育局"
    )
    bare = page("注　册", "合格", "2016年9月1日至2021年8月31日", "雁塔区教育局")
    deferred = page("暂缓注册", "审核机关：雁塔区教育局", "日期：2021年9月1日")
    for lines in (labelled, bare, deferred):
        assert classify(lines, has_photo=False) is Role.REGISTRATION


def test_sticker_pasted_on_a_remarks_page_is_read_as_registration():
    lines = page(
        "备注",
        "注册结论：注册合格",
        "有效期限：2016年9月1日至2021年8月31日",
        "注册机关：雁塔区教育局",
    )
    assert classify(lines, has_photo=False) is Role.REGISTRATION


def test_a_remark_about_registration_stays_a_remark():
    lines = page("备注", "经核查信息无误", "2019年5月10日", "注册日期已更正", "2020年1月2日")
    assert classify(lines, has_photo=False) is Role.REMARKS


def test_photo_cover_and_other_pages():
    assert classify(page("持证人签名"), has_photo=False) is Role.PHOTO
    assert classify([], has_photo=True) is Role.PHOTO
    assert classify(page("中华人民共和国", "教师资格证书"), has_photo=False) is Role.COVER
    notice = page(
        "注意事项",
        "一、本证书是持证人具备国家认定的教师资格的法定凭证。",
        "三、本证书须加盖发证机关印章方为有效。",
        "四、本证书不得涂改、转借，遗失须及时报告。",
    )
    assert classify(notice, has_photo=False) is Role.NOTICE  # printed instructions: own role


def test_remarks_correcting_four_fields_stay_remarks():
    lines = page(
        "备　注", "出生日期已更正", "2019年5月10日", "任教学科已更正", "2020年1月2日",
        "性别已更正", "2021年3月4日", "姓名已更正", "2022年5月6日",
    )
    assert classify(lines, has_photo=False) is Role.REMARKS


def test_information_table_with_a_remarks_row_is_information():
    lines = page(
        "姓名", "张三", "性别", "男", "出生日期", "身份证件号码", "资格种类", "任教学科",
        "证书号码", "发证机关", "批准日期", "备注",
    )
    assert classify(lines, has_photo=False) is Role.INFORMATION


def test_a_remark_naming_the_certificate_under_a_misread_heading_is_no_cover():
    entry = ("经本人申请，晋江市教育体育局审", "核同意，补发教师资格证书。", "(2021.8.26)")
    assert classify(page("备主注", *entry), has_photo=False) is Role.REMARKS
    assert classify(page(*entry), has_photo=False) is not Role.COVER
