"""Authority places: a character read with a component lost or added (掇为区 for 掇刀区), a
place abolished before the first certificates (商县, 1988), and a district name several
cities of one province share (市中区). Hand-built readings, no OCR."""

from __future__ import annotations

from datetime import date

import pytest

from scanning import _authority_support as support
from scanning import _places, _vocab, _vocab_parts
from scanning._decide import decode
from scanning._ocr import Reading
from scanning._validate import Value

TODAY = date(2026, 12, 6)
# A 湖北 (42) record of 2010: the number's province digits are 42.
HB = {
    "name": "秦雅慧", "gender": "女", "birth_date": "1967年06月21日",
    "id_number": "422823196706215763", "qualification_type": "小学教师资格",
    "subject": "道德与法治", "certificate_number": "20104230022009181",
    "issuing_authority": "荆门市掇刀区教育局", "issue_date": "2010年05月10日",
}
# A 陕西 (61) record of 2014.
SN = {
    "name": "张子华", "gender": "女", "birth_date": "1972年05月19日",
    "id_number": "610328197205194805", "qualification_type": "小学教师资格",
    "subject": "数学", "certificate_number": "20146117222026601",
    "issuing_authority": "商南县教育体育局", "issue_date": "2014年09月18日",
}
# A 山东 (37) record of 1998.
SD = {
    "name": "汪娟娥", "gender": "女", "birth_date": "1974年10月23日",
    "id_number": "532624197410233343", "qualification_type": "小学教师资格",
    "subject": "历史", "certificate_number": "19983715020050191",
    "issuing_authority": "枣庄市市中区教育局", "issue_date": "1998年05月04日",
}


def _decode(record: dict[str, str], *authority: str, number: tuple[str, ...] = ()) -> Value:
    readings = {k: [Reading(v, 0.98), Reading(v, 0.97)] for k, v in record.items()}
    readings["issuing_authority"] = [Reading(t, 0.9) for t in authority]
    if number:
        readings["certificate_number"] = [Reading(t, 0.9) for t in number]
    return decode(readings, TODAY)["issuing_authority"]


# -- components lost or added ----------------------------------------------------------------
@pytest.mark.parametrize("a, b", ["为刀", "王土", "柏白", "怕白", "河可", "岗冈"])
def test_a_character_with_a_component_lost_or_added_is_kin(a: str, b: str) -> None:
    assert _vocab_parts.kin(a, b) and _vocab_parts.kin(b, a)


@pytest.mark.parametrize("a, b", ["柏怕", "常富", "刀刀", "局易"])
def test_characters_that_only_share_a_part_are_not_kin(a: str, b: str) -> None:
    assert not _vocab_parts.kin(a, b)


def test_a_component_misread_supports_the_entry() -> None:
    # 为 is 刀 with two dots added: the reading shows 荆门市掇刀区教育局.
    assert support.supports("荆门市掇刀区教育局", Reading("荆门市掇为区教育局", 0.9))
    assert support.supports("长阳土家族自治县教育局", Reading("长阳王家族自治县教育局", 0.9))


def test_authority_read_with_a_component_added_is_corrected() -> None:
    v = _decode(HB, "荆门市掇为区教育局", "荆门掇分区教育局", "荆门掇分区教育局")
    assert v.value == "荆门市掇刀区教育局" and not v.blocking
    assert any(f.code == "corrected" for f in v.findings)


def test_unlike_character_still_does_not_support() -> None:
    # 江 for 刀 is neither alike nor kin: 掇江区 does not show 掇刀区.
    assert not _vocab_parts.kin("江", "刀")
    assert not support.supports("荆门市掇刀区教育局", Reading("荆门市掇江区教育局", 0.99))


# -- places abolished before the first certificates ------------------------------------------
def test_place_abolished_before_certificates_names_no_authority() -> None:
    assert "商县" not in _places.place_chains()  # [-1988]商县
    assert "商南县" in _places.place_chains()
    assert "富县" in _places.place_chains()  # [-1996] and [1996-]: both after 1993
    assert "商县" in _places.division_places("612521")  # an ID number keeps old names


def test_lost_character_is_not_snapped_to_an_abolished_place() -> None:
    # 商南县 read 商基 and 商, the number read short: once snapped to 商县教育体育局 (词表唯一确定)
    # and accepted at that field.
    v = _decode(SN, "商基教育体育局", "商教育体育局", "商教育体育局",
                number=("20140112202660", "2014112202660"))
    assert v.value != "商县教育体育局"
    assert v.value == "商南县教育体育局" or v.blocking


# -- a district name several cities share ---------------------------------------------------
def test_shared_district_name_alone_is_flagged() -> None:
    assert set(_places.sharing_prefectures("市中区", "37")) == {"济南市", "枣庄市", "济宁市"}
    v = _decode(SD, "市中区教育局", "市中区教育局")
    assert v.value == "市中区教育局" and v.blocking
    assert any(f.code == "ambiguous" and f.evidence.get("rule") == "机关名称须唯一确定行政区划"
               for f in v.findings)


def test_shared_district_with_its_city_is_accepted() -> None:
    v = _decode(SD, "枣庄市市中区教育局", "枣庄市市中区教育局")
    assert v.value == "枣庄市市中区教育局" and not v.blocking


def test_district_name_of_one_city_alone_is_accepted() -> None:
    assert _places.sharing_prefectures("富县", "61") == ()
    assert _places.sharing_prefectures("雁塔区", "61") == ()
    assert _vocab.is_authority("富县教育局")
