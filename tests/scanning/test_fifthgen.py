"""The bench's fifth booklet generator: its truth obeys the domain's rules (GB 11643, the 17-digit
certificate number, real authorities, 5-year registration periods), every date form it prints
reads back as the truth, what it draws is what the truth says, and a seed gives the same files in
the scorer's format."""

from __future__ import annotations

import json
import random
from datetime import date

import numpy as np
from PIL import Image
from stdnum.cn import ric

from bench._fifthgen import KINDS, _units, _write
from bench._fifthgen_back import wrap
from bench._fifthgen_capture import Scan, scan
from bench._fifthgen_facts import QUALIFICATIONS, TODAY, gb11643_check, make_facts
from bench._fifthgen_pages import DATE_FORMS, Run, date_text, info_page
from bench._scanscore import Score
from core.records import INFORMATION_FIELDS
from core.rules import (
    check_certificate_number,
    division_table,
    id_number_findings,
    parse_cn_date,
    parse_registration_conclusion,
    registration_period,
)
from core.states import RegistrationConclusion

_CHECK_DAY = date(2026, 7, 1)


def _facts(n: int = 250) -> list:
    rng = random.Random(5)
    return [make_facts(rng) for _ in range(n)]


def test_check_character_matches_the_standard_and_stdnum():
    assert gb11643_check("11010519491231002") == "X"  # GB 11643's worked example
    for f in _facts(60):
        assert ric.is_valid(f.id_number), f.id_number


def test_id_number_agrees_with_birth_date_and_gender():
    for f in _facts():
        assert id_number_findings(f.id_number, birth_date=f.birth, gender=f.gender,
                                  today=_CHECK_DAY) == [], f
        assert f.birth < f.issued <= TODAY


def test_certificate_number_structure_and_agreement():
    for f in _facts():
        n = f.number
        assert len(n) == 17 and n.isdigit() and n[:4] == str(f.issued.year)
        assert int(n[9]) == f.qtype and f.qualification == QUALIFICATIONS[f.qtype]
        old = f.issued.year < 2009
        assert n[10] == ("1" if f.male else ("0" if old else "2"))
        assert check_certificate_number(n, qualification_type=f.qtype, issue_date=f.issued,
                                        gender=f.gender, province_code=n[4:6],
                                        today=_CHECK_DAY) == []


def test_authority_is_a_real_division_of_the_numbers_province():
    names: dict[str, set[str]] = {}
    for code, (province, entry) in division_table().items():
        names.setdefault(code[:2], {province}).add(entry.split("]")[-1])
    for f in _facts():
        assert any(x and f.authority.startswith(x) or x in f.authority
                   for x in names[f.number[4:6]] if len(x) > 1), f.authority
        assert f.authority.endswith(("教育局", "教育和体育局", "教育体育局", "教育和科技局",
                                     "教育委员会", "教育厅"))
        if f.qtype == 7:
            assert f.authority.endswith(("教育厅", "教育委员会"))


def test_registrations_are_five_year_periods_without_overlap():
    seen = set()
    for f in _facts():
        ends: list[date] = []
        for e in f.registrations:
            seen.add(e.conclusion)
            kind = parse_registration_conclusion(e.conclusion)
            assert f.issued < e.decided <= TODAY
            if kind is RegistrationConclusion.QUALIFIED:
                assert e.start and e.end and e.start >= e.decided
                assert registration_period(e.start) == (e.start, e.end)
                assert not ends or e.start > ends[-1]
                ends.append(e.end)
            else:
                assert e.start is None and e.end is None
        for n in f.notes:
            assert f.issued < n.day <= TODAY and n.text
    assert seen == {"注册合格", "暂缓注册", "注册不合格"}


def test_every_date_form_reads_back_and_chinese_numerals_are_right():
    d = date(2020, 11, 30)
    for form in (*DATE_FORMS, "slash"):
        assert parse_cn_date(date_text(d, form)) == d, form
    assert date_text(d, "cnnum") == "二〇二〇年十一月三十日"
    assert date_text(date(2007, 2, 10), "cnnum") == "二〇〇七年二月十日"


def test_wrapped_lines_keep_the_text_and_never_open_with_closing_punctuation():
    text = "任教学科由“化学”更正为“计算机网络技术”，原记载有误。"
    for width in range(4, 12):
        lines = wrap(text, width)
        assert "".join(lines) == text
        assert all(line[0] not in "，。”）" for line in lines[1:])


def test_info_page_prints_the_truth_and_a_seal_over_it():
    rng = random.Random(8)
    f = make_facts(rng)
    run = Run.draw(rng)
    run.layout, run.guilloche = "twocol", False
    page, has_photo = info_page(run, f, rng)
    a = np.asarray(page.img, np.int16)
    red = (a[..., 0] - a[..., 1] > 60).sum()
    dark = (a.max(axis=2) < 90).sum()
    assert red > 500 and dark > 2000 and not has_photo


def test_single_file_truth_shows_only_its_pages():
    rng = random.Random(2)
    pages = {n: Image.new("RGB", (20, 30)) for n in ("cover", "photo", "info", "remarks",
                                                        "registration")}
    for kind in ("scanner_png", "scanner_jpg", "phone_jpg"):
        for _ in range(5):
            units = _units(pages, kind, rng)
            assert len(units) == 1 and "info" in units[0][0]
    for kind in ("spread_pdf", "scanner_pdf"):
        roles = [r for role, _ in _units(pages, kind, rng) for r in role.split("+")]
        assert len(roles) == len(set(roles)) and "info" in roles


def test_scan_and_file_round_trip_and_score(tmp_path):
    from bench._fifthgen_draw import Page

    rng = random.Random(4)
    f = make_facts(rng)
    page = Page(50, 30, (250, 246, 232))
    page.text(3, 10, f.id_number, "sans", 10)
    for kind in ("bitonal_tiff", "greyscale_pdf"):
        cap = Scan.draw(random.Random(1), kind)
        cap.dpi = 100
        img = scan(page.img, cap, rng)
        assert img.mode == ("1" if kind == "bitonal_tiff" else "L")
        path = tmp_path / ("x.tif" if kind == "bitonal_tiff" else "x.pdf")
        _write(path, [img, img], kind, cap.dpi, cap.quality)
        assert path.stat().st_size > 300
    truth = f.truth("x.pdf")
    assert set(INFORMATION_FIELDS) <= set(truth)
    score = Score()
    score.booklet(truth, json.loads(json.dumps(truth)) | {"needs_review": False},
                  {"kind": KINDS[0], "photo_page": True})
    assert score.figures()["wrong_unflagged"] == 0 and not score.unflagged


def test_every_value_of_a_tall_caption_page_stays_on_the_page(monkeypatch):
    from bench._fifthgen_draw import Page

    baselines: list[float] = []
    draw = Page.text

    def text(self, x, y, s, *args, **kwargs):  # type: ignore[no-untyped-def]
        baselines.append(y)
        return draw(self, x, y, s, *args, **kwargs)

    monkeypatch.setattr(Page, "text", text)
    rng = random.Random(3)
    f = make_facts(rng)
    run = Run.draw(rng)
    run.layout, run.pt, run.h, run.ethnicity, run.guilloche = "caption", 13.0, 138.0, True, False
    run.order = ["cert", "name", "id", "gender", "birth", "ethnicity", "qtype", "subject",
                 "authority", "issue"]
    info_page(run, f, rng)
    assert max(baselines) <= run.h - 5


def test_photos_follow_the_standard_in_force_at_issue():
    from bench._fifthgen_pages import photo_page

    rng = random.Random(6)
    run = Run.draw(rng)
    backgrounds: dict[bool, set[str]] = {True: set(), False: set()}
    for _ in range(16):
        f = make_facts(rng)
        backgrounds[f.issued >= date(2020, 1, 1)].add(photo_page(run, f, rng)[1])
    assert backgrounds[True] == {"white"}
    assert len(backgrounds[False]) > 1  # older booklets keep blue, red or grey photos
