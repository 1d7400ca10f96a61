"""What the console shows of an audit event's values: labels, states in words, dates as printed,
never key ids, digests or raw keys."""

from __future__ import annotations

import json

from issuer.console._read_audit import change_lines


def test_an_issuance_shows_the_version_not_the_kid_or_digest() -> None:
    after = json.dumps({"version": 2, "kid": "3a040684fb1ca3e6", "pdf_sha256": "bd87" * 16})
    assert change_lines(None, after) == [("版本", "", "2")]


def test_values_are_named_and_shown_in_words() -> None:
    after = json.dumps({"criminal_check_done": True, "qualification_type": 7,
                        "review_state": "approved", "issue_date": "2008-10-24",
                        "status": "valid", "role": "reviewer", "row_version": 3,
                        "some_new_key": "x"})
    shown = dict((k, new) for k, _, new in change_lines(None, after))
    assert shown == {"犯罪记录核查": "是", "资格种类": "高等学校教师资格", "审核状态": "已审核",
                     "发证日期": "2008年10月24日", "资格状态": "有效", "角色": "审核人员"}


def test_a_change_shows_before_and_after() -> None:
    lines = change_lines(json.dumps({"status": "valid"}), json.dumps({"status": "revoked"}))
    assert lines == [("资格状态", "有效", "已撤销")]
