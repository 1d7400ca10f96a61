"""A subject read run into the authority seal's legend (hand-built readings, no OCR): the
raw read is wrong (科泉县教, 美术系大城县, 幼儿园育和) and the entry under the legend is
offered, always flagged; a read whose extras could be the value's own word, or readings that
point at two entries, keep the read (flagged as before)."""

from __future__ import annotations

from scanning import _subject_seal as seal_legend
from scanning._ocr import Reading
from tests.scanning.test_decode import flagged, run


def _reads(*texts: str) -> list[Reading]:
    return [Reading(t, 0.99 - i * 0.01) for i, t in enumerate(texts)]


def test_a_legend_run_with_one_character_the_authority_lost_is_cut_and_flagged() -> None:
    # fifth s23 0017: 科学 + the ring's 拜泉县教; two reads of a cut box agree on 科泉县教.
    out = run(subject=_reads("科学拜泉县教", "科泉县教", "科泉县教"),
              issuing_authority=_reads("合尔市泉县教育体育局", "合尔市泉县教育体育局"))
    v = out["subject"]
    assert v.value == "科学" and flagged(v)
    assert [f.code for f in v.findings] == ["suggested"]
    assert v.findings[0].evidence["rule"] == seal_legend.RULE


def test_a_legend_run_after_an_entry_is_cut_when_one_read_has_a_stray_before_it() -> None:
    # fifth s23 0040: 美术大城县 / 美术系大城县 beside an authority read 市大城县教育局.
    out = run(subject=_reads("美术大城县", "美术系大城县", "美术系大城县"),
              issuing_authority=_reads("市大城县教育局", "市大城县教育局"))
    assert out["subject"].value == "美术" and flagged(out["subject"])


def test_an_office_run_after_an_entry_is_cut() -> None:
    # fifth s23 0020: 幼儿园 + 育和 of 兴平市教育和科技局.
    out = run(subject=_reads("幼儿园育和"), issuing_authority=_reads("平市教育和科技"))
    assert out["subject"].value == "幼儿园" and flagged(out["subject"])


def test_extras_that_go_on_like_a_subjects_word_are_kept() -> None:
    # 美术教育 may be the real value though 教育 is in the seal (武汉市教育局).
    assert seal_legend.entry_in("美术教育", "武汉市教育局") is None
    out = run(subject=_reads("美术教育", "美术教育", "美术教育"))
    assert out["subject"].value == "美术教育" and flagged(out["subject"])


def test_a_place_name_alone_is_no_legend() -> None:
    # 大城 names no level or office: nothing proves it is the seal's lettering.
    assert seal_legend.entry_in("美术大城", "廊坊市大城县教育局") is None


def test_readings_that_point_at_two_entries_keep_the_read() -> None:
    reads = _reads("科学拜泉县教", "化学泉县教")
    assert seal_legend.offered(reads, "拜泉县教育局") is None


def test_a_read_of_legend_alone_offers_nothing() -> None:
    # fifth s23 0030: 市肃州 is all seal; the subject under it (历史) was not read at all.
    assert seal_legend.offered(_reads("市肃州", "市肃州"), "酒泉市肃州区教育局") is None


def test_the_finding_quotes_only_readings_that_read_something() -> None:
    out = run(subject=_reads("幼儿园育和", "", ""), issuing_authority=_reads("平市教育和科技"))
    (finding,) = out["subject"].findings
    assert "“”" not in finding.message and finding.evidence["readings"] == ["幼儿园育和"]


def test_a_mark_at_a_reads_end_does_not_hide_the_legend() -> None:
    # fifth s24 0035: 音乐学 + the ring's 自治区 of 广西壮族自治区, one read ending in a comma.
    out = run(subject=_reads("音乐学治区", "音乐学自治区", "音乐学自治区,"),
              issuing_authority=_reads("广族自治区教育", "广族自治区教育"))
    assert out["subject"].value == "音乐学" and flagged(out["subject"])
