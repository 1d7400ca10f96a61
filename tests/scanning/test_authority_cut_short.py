"""An authority read clearly but cut short (北区教育局: a seal or the box's edge took 河) while
another reading read the whole name the certificate number's province agrees with (河北区教育局,
Tianjin 12): the value is that name, with a note, not a conflict across the whole group."""

from __future__ import annotations

from datetime import date

from scanning import _decide_fixed as fixed
from scanning._decide import decode
from scanning._decide_field import Field
from scanning._ocr import Reading

TODAY = date(2026, 1, 1)


def _readings(authority: list[str]) -> dict[str, list[Reading]]:
    def two(text: str) -> list[Reading]:
        return [Reading(text, 0.99), Reading(text, 0.98)]

    return {
        "gender": two("男"), "birth_date": two("1996年01月28日"),
        "id_number": two("120105199601282898"), "qualification_type": two("初级中学教师资格"),
        "subject": two("小学全科"), "certificate_number": two("20171213431355201"),
        "issue_date": two("2017年11月25日"),
        "issuing_authority": [Reading(t, 0.99 - i / 100) for i, t in enumerate(authority)],
    }  # fmt: skip


def test_a_reading_cut_short_is_no_conflict_when_another_read_the_whole_name() -> None:
    out = decode(_readings(["公河北区教育局", "北区教育局", "北区教育局"]), today=TODAY)
    assert out["issuing_authority"].value == "河北区教育局"
    group = ("certificate_number", "issue_date", "qualification_type", "issuing_authority")
    assert not any(out[k].blocking for k in group)
    assert [f.code for f in out["issuing_authority"].findings] == ["corrected"]


def test_without_a_whole_reading_the_short_name_stays_a_conflict() -> None:
    out = decode(_readings(["北区教育局", "北区教育局", "北区教育局"]), today=TODAY)
    assert out["issuing_authority"].blocking


def test_a_longer_name_around_the_value_is_no_whole_reading_of_it() -> None:
    f = Field("issuing_authority", [Reading("河西区教育局", 0.6), Reading("区教育局", 0.99)])
    assert not fixed.cut_short(f, f.readings[1], "区教育局", "西区教育局")
    g = Field("issuing_authority", [Reading("公河北区教育局", 0.9), Reading("北区教育局", 0.99)])
    assert fixed.cut_short(g, g.readings[1], "北区教育局", "河北区教育局")
