"""An authority chosen from the vocabulary on readings that do not show it is refused
(hand-built readings, no OCR).

The risk: likelihood is relative, so readings that show little of a name (安雁区教育局 for
西安市雁塔区教育局, the suffix 省教育厅 alone) gave one entry nearly all of it and the entry was
accepted as a correction."""

from __future__ import annotations

from datetime import date

from scanning import _authority_support as support
from scanning._decide import decode
from scanning._ocr import Reading
from scanning._validate import Value
from tests.scanning.test_decode import accepted, codes

TODAY = date(2026, 12, 4)
# A 陕西 (61) booklet: 2015, type 4, male.
SX = {
    "name": "张三", "gender": "男", "birth_date": "1990年01月01日",
    "id_number": "110101199001010015", "qualification_type": "高级中学教师资格",
    "subject": "语文", "certificate_number": "20156110041000123",
    "issue_date": "2015年07月01日",
}


def _sx(*authority: Reading | str) -> Value:
    readings = {k: [Reading(v, 0.98), Reading(v, 0.97)] for k, v in SX.items()}
    readings["issuing_authority"] = [
        a if isinstance(a, Reading) else Reading(a, 0.95) for a in authority]
    return decode(readings, TODAY)["issuing_authority"]


def test_a_reading_that_lost_most_of_the_place_is_not_snapped() -> None:
    # 西安市雁塔区教育局 with 西, 市 and 塔 lost: one look-alike (雁/塞) from 安塞区教育局, but
    # every character it shows is also 西安市雁塔区教育局's, in order
    out = _sx("安雁区教育局")
    assert out.blocking and out.value != "安塞区教育局"
    assert "authority_unknown" in codes(out)
    assert "corrected" not in codes(out)


def test_the_suffix_alone_picks_no_place() -> None:
    # 陕西省教育厅 with its place lost: only the number's province digits would name it
    out = _sx("省教育厅")
    assert out.blocking and out.value != "陕西省教育厅"
    assert "authority_unknown" in codes(out)


def test_an_unlike_character_the_engine_did_not_offer_is_no_misread() -> None:
    # 塔 for 县: unlike, and the engine offered nothing else; 安塔教育局 is no reading of 安县教育局
    out = _sx("安塔教育局")
    assert out.blocking and out.value != "安县教育局"
    assert "authority_unknown" in codes(out)


def test_a_strong_reading_with_one_misread_character_is_corrected() -> None:
    # 育 read 肓, the engine offering 育 as its runner-up
    alts = tuple(((c, 0.99),) for c in "白水县教") + ((("肓", 0.6), ("育", 0.38)),) + (
        (("局", 0.99),),)
    out = _sx(Reading("白水县教肓局", 0.95, alts))
    assert accepted(out, "白水县教育局")
    assert "corrected" in codes(out)


def test_a_reading_that_lost_one_place_character_is_still_restored() -> None:
    out = _sx("陕西教育厅", "陕西教育厅")
    assert accepted(out, "陕西省教育厅")
    assert "corrected" in codes(out)


def test_support_rules() -> None:
    def shows(entry: str, text: str) -> bool:
        return support.supports(entry, Reading(text, 0.9))

    assert shows("白水县教育局", "白水县教肓局")  # 肓 looks like 育
    assert not shows("三原县教育局", "县教育局")  # only a level word of the place
    assert not shows("眉县教育局", "1")
    assert not shows("眉县教育局", "教育局")
    assert support.place_part("北京市海淀区教育委员会") == "北京市海淀区"
    names = ["西安市雁塔区教育局", "安塞区教育局", "陕西省安塞区教育局"]
    assert support.rivals("安塞区教育局", "安雁区教育局", names) == ["西安市雁塔区教育局"]
    # a longer chain of the entry's own place is no rival
    assert support.rivals("安塞区教育局", "安塞区育局", names) == []
