"""A period whose two ends were read as one run, the connector lost (issue 12, session 16).

有效期：2016-09-012021-08.31 (至 lost under a seal) was both ends unreadable and the entry was
flagged with no period. It is split where both halves are whole dates making exactly one 5-year
period, with a note; a run no split of which makes one stays unreadable.
"""

from __future__ import annotations

import pytest

from scanning._ocr import Line
from scanning._sections import decode_sticker
from scanning._stickers import group


def _entry(period: str, decided: str = "2016-08-17") -> tuple[dict, set[tuple[str, str]]]:
    texts = ("注册结论：注册合格", f"有效期：{period}", "审核机关：乌达区教育局",
             f"注册日期：{decided}")  # fmt: skip
    lines = [Line(t, 0.99, (100, 100 + 40 * k, 500, 130 + 40 * k)) for k, t in enumerate(texts)]
    (s,) = group(lines)
    entry, found, _ = decode_sticker(s, 0)
    return entry, {(f.code, f.field.split(".")[-1]) for f in found if f.blocking}


@pytest.mark.parametrize("run", ["2016-09-012021-08.31", "2016.9.12021.8.31"])
def test_a_period_read_as_one_run_is_split_by_the_5_year_rule(run):
    entry, blocking = _entry(run)
    assert (entry["valid_from"], entry["valid_until"]) == ("2016-09-01", "2021-08-31")
    assert blocking == set()


@pytest.mark.parametrize("run", ["2016-09-012021-08.30", "201703.09202.03.08"])
def test_a_run_no_split_of_which_is_a_5_year_period_stays_unread(run):
    entry, blocking = _entry(run)
    assert entry["valid_from"] is None and entry["valid_until"] is None
    assert ("date_format", "valid_from") in blocking
