"""The scanning benchmark's scoring of records against the generator's truth."""

from __future__ import annotations

import copy

from bench._scanscore import Score, finding_code

TRUTH = {
    "source": "0001_张三.pdf",
    "name": "张三",
    "gender": "男",
    "birth_date": "1990-01-02",
    "id_number": "110101199001020011",
    "qualification_type": "小学教师资格",
    "subject": "语文",
    "certificate_number": "20152110012100001",
    "issuing_authority": "东城区教育局",
    "issue_date": "2015-07-01",
    "annotations": [{"date": "2019-03-05", "text": "证书遗失，予以补发"}],
    "registrations": [
        {"conclusion": "注册合格", "valid_from": "2016-09-01", "valid_until": "2021-08-31",
         "authority": "东城区教育局", "date": "2016-08-01"},
    ],
}  # fmt: skip
SCANNER = {"kind": "scanner_pdf", "photo_page": True}
PHONE = {"kind": "phone_jpg", "photo_page": False}


def _read(**changes: object) -> dict[str, object]:
    rec = copy.deepcopy(TRUTH) | {"needs_review": False, "findings": []}
    rec.update(changes)
    return rec


def test_a_perfect_read_scores_everything_right():
    s = Score()
    s.booklet(TRUTH, _read(), SCANNER)
    f = s.figures()
    assert f["fields_right_scanner"] == 1.0 and f["wrong_unflagged"] == 0
    assert f["accepted_of_photo_booklets"] == "1/1"
    assert f["remarks_of"] == "1/1" and f["registrations_of"] == "1/1"
    assert s.diffs == []


def test_a_wrong_field_on_an_accepted_record_is_listed_as_unflagged():
    s = Score()
    s.booklet(TRUTH, _read(name="张王"), SCANNER)
    assert s.unflagged == [
        {"field": "name", "read": "张王", "truth": "张三", "source": TRUTH["source"],
         "kind": "scanner_pdf", "flagged": False}
    ]  # fmt: skip
    assert s.figures()["field_errors"] == {"name": 1}


def test_a_flagged_record_counts_its_reasons_but_no_unflagged_error():
    s = Score()
    findings = ["low_confidence [name] 置信度低", {"code": "missing", "field": "gender"},
                {"code": "note_photo_background", "severity": "note"}]  # fmt: skip
    s.booklet(TRUTH, _read(name=None, needs_review=True, findings=findings), PHONE)
    f = s.figures()
    assert f["wrong_unflagged"] == 0 and f["fields_right_phone"] < 1
    assert f["review_reasons"] == {"low_confidence": 1, "missing": 1}
    assert f["accepted_of_photo_booklets"] == "0/0"  # the photo page was not in the file


def test_entries_match_on_canonical_conclusion_and_extra_entries_are_wrong():
    s = Score()
    regs = [dict(TRUTH["registrations"][0], conclusion="合格")]  # printed form, same meaning
    notes = [*TRUTH["annotations"], {"date": None, "text": "备注"}]
    s.booklet(TRUTH, _read(registrations=regs, annotations=notes, needs_review=True), SCANNER)
    f = s.figures()
    assert f["registrations_of"] == "1/1"
    assert f["remarks_of"] == "1/1" and f["remarks_extra"] == 1


def test_a_failed_file_is_a_diff_with_every_field_wrong():
    s = Score()
    s.booklet(TRUTH, None, SCANNER)
    assert s.diffs[0]["read"] is False and s.figures()["fields_right_scanner"] == 0.0
    assert s.unflagged == []


def test_finding_codes_from_strings_and_dicts():
    assert finding_code("ocr_disagreement [name] 两次识别不一致") == ("ocr_disagreement", "error")
    assert finding_code({"code": "x", "severity": "warning"}) == ("x", "warning")


def test_a_misread_entry_is_one_wrong_entry_beside_its_read():
    s = Score()
    notes = [{"date": "2019-03-05", "text": "证书遗失予以补发"}]  # the comma was dropped
    s.booklet(TRUTH, _read(annotations=notes), SCANNER)
    assert s.unflagged == [
        {"field": "annotations", "read": ["2019-03-05", "证书遗失予以补发"],
         "truth": TRUTH["annotations"][0], "source": TRUTH["source"], "kind": "scanner_pdf",
         "flagged": False}
    ]  # fmt: skip
    assert s.figures()["remarks_extra"] == 0


def test_a_booklet_read_right_but_flagged_counts_as_a_needless_review():
    s = Score()
    flag = {"code": "unconfirmed", "field": "name", "severity": "warning"}
    s.booklet(TRUTH, _read(needs_review=True, findings=[flag]), SCANNER)
    s.booklet(TRUTH, _read(name="张王", needs_review=True, findings=[flag]), SCANNER)
    f = s.figures()
    assert f["right_but_flagged"] == 1 and f["right_but_flagged_reasons"] == {"unconfirmed": 1}
    assert f["review_reasons"] == {"unconfirmed": 2}


def test_a_wrong_field_no_finding_names_is_silent_though_the_booklet_is_reviewed():
    s = Score()
    findings = [{"code": "missing", "field": "gender"},
                {"code": "view_checked", "field": "issue_date", "severity": "note"},
                {"code": "date_format", "field": "annotations[0].date"}]  # fmt: skip
    wrong = {"issue_date": "2015-07-02", "subject": "数学",
             "annotations": [{"date": None, "text": "证书遗失，予以补发"}]}
    s.booklet(TRUTH, _read(needs_review=True, findings=findings, **wrong), SCANNER)
    f = s.figures()
    assert f["wrong_unflagged"] == 0 and f["wrong_silent"] == 2
    assert sorted(w["field"] for w in s.silent) == ["issue_date", "subject"]  # a note is no flag


def _reg(**changes: object) -> list[dict[str, object]]:
    return [dict(TRUTH["registrations"][0], **changes)]  # type: ignore[arg-type]


def test_a_wrong_registration_date_on_an_accepted_record_is_unflagged_but_the_entry_right():
    s = Score()
    s.booklet(TRUTH, _read(registrations=_reg(date="2016-08-07")), SCANNER)
    assert s.unflagged == [
        {"field": "registrations[0].date", "read": "2016-08-07", "truth": "2016-08-01",
         "source": TRUTH["source"], "kind": "scanner_pdf", "flagged": False}
    ]  # fmt: skip
    f = s.figures()
    assert f["registrations_of"] == "1/1" and f["wrong_unflagged"] == 1
    assert f["field_errors"] == {"registrations.date": 1}


def test_a_wrong_registration_authority_is_wrong_and_an_unknown_one_is_not_checked():
    s = Score()
    s.booklet(TRUTH, _read(registrations=_reg(authority="东城区教育委员会")), SCANNER)
    assert [w["field"] for w in s.unflagged] == ["registrations[0].authority"]
    truth = copy.deepcopy(TRUTH)
    truth["registrations"][0]["authority"] = None
    s = Score()
    s.booklet(truth, _read(registrations=_reg(authority="东城区教育委员会")), SCANNER)
    assert s.unflagged == [] and s.diffs == []


def test_a_wrong_registration_date_is_silent_unless_a_finding_names_it_or_its_entry():
    def silent(*fields: str) -> list[str]:
        s = Score()
        findings = [{"code": "low_confidence", "field": f} for f in fields]
        regs = [{"conclusion": "暂缓注册", "date": "2020-01-01"}, *_reg(date="2016-08-07")]
        truth = copy.deepcopy(TRUTH)
        truth["registrations"].insert(0, {"conclusion": "暂缓注册", "valid_from": None,
                                          "valid_until": None, "date": "2020-01-01"})  # fmt: skip
        s.booklet(truth, _read(registrations=regs, needs_review=True, findings=findings), SCANNER)
        assert s.unflagged == []
        return [w["field"] for w in s.silent]

    assert silent("registrations[1].valid_from", "registrations[0].date", "name") == [
        "registrations[1].date"
    ]
    assert silent("registrations[1].date") == []
    assert silent("registrations[1]") == []
    assert silent("registrations") == []


def test_registrations_of_one_key_pair_by_their_dates_before_their_order():
    deferred = [{"conclusion": "暂缓注册", "valid_from": None, "valid_until": None,
                 "authority": None, "date": d} for d in ("2018-03-01", "2021-03-01")]  # fmt: skip
    truth = dict(TRUTH, registrations=deferred)
    s = Score()
    s.booklet(truth, _read(registrations=deferred[::-1]), SCANNER)
    assert s.unflagged == [] and s.diffs == []


def test_a_registration_value_left_unread_is_not_counted_wrong():
    # a registration stamp may print no decision date (nor a deferral's authority): the truth
    # knows one the page never shows, so an unread value says nothing
    s = Score()
    s.booklet(TRUTH, _read(registrations=_reg(date=None, authority=None)), SCANNER)
    assert s.unflagged == [] and s.diffs == []
    assert s.figures()["registrations_of"] == "1/1"
