"""An authority that lost its first characters is restored from the same names whether the
rule is given the whole vocabulary or only the names that can have the reading as their tail
(``_decide._tail_names``: the names holding the reading's first two characters after their
first one or two), and the rule is never given the whole vocabulary."""

from __future__ import annotations

from datetime import date

import pytest

from scanning import _decide, _vocab
from scanning import _decide_restore as restore
from scanning import _rulesets as rs
from scanning import _vocab_registry as reg
from scanning._decide_field import prepare
from scanning._ocr import Reading

_DAY = date(2024, 1, 1)


def _restored(reads: list[str], province: str, names: object) -> dict[str, str]:
    field = prepare("issuing_authority", [Reading(t, 0.95) for t in reads], _DAY)
    names = _decide._tail_names(field, reg.NONE) if names is None else names
    restore.restore_authority_tail(field, names, province,  # type: ignore[arg-type]
                                   lambda a: rs.authority_provinces(a, reg.NONE))
    return dict(field.restored)


@pytest.mark.parametrize(("reads", "province"), [
    (["西省教育屋", "西省教育厅"], "36"),  # 江西省教育厅, 厅 misread once
    (["汉市教育局", "汉市教育局"], "42"),  # 武汉市 lost its 武
    (["塔区教育局", "塔区教育"], "61"),  # 雁塔区 lost its 雁, one reading its 局
    (["阳市教育局", "阳市教育局"], "41"),  # several 阳市 of one province: ambiguous
    (["西省教育厅", "西省教育厅"], "14"),
    (["市教育局", "市教育局"], "44"),
])
def test_the_tail_names_restore_as_the_whole_vocabulary(reads: list[str], province: str) -> None:
    whole = _restored(reads, province, list(_vocab.authority_names()))
    assert _restored(reads, province, None) == whole


def test_the_rule_is_never_given_the_whole_vocabulary() -> None:
    field = prepare("issuing_authority", [Reading("汉市教育局", 0.95)] * 2, _DAY)
    names = list(_decide._tail_names(field, reg.NONE))
    assert "武汉市教育局" in names
    assert len(names) < len(_vocab.authority_names()) // 100
