"""Properties of the decoder: a valid record read exactly is accepted unflagged, and a single
corrupted character never yields a wrong value without a blocking finding."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, assume, given, note, settings
from hypothesis import strategies as st
from stdnum.cn import ric

from core.rules import QualificationType, division_name
from core.rules._division import known_division_codes
from scanning._candidates import CONFUSIONS
from scanning._decide import decode
from scanning._ocr import Reading
from scanning._vocab import SUBJECTS

TODAY = date(2026, 12, 4)
_PROVINCES = sorted({c[:2] for c in known_division_codes() if c[:2] not in ("71", "81", "82")})
_COUNTIES = [c for c in known_division_codes() if c[4:] != "00" and c[:2] in _PROVINCES]
_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰"
_SUBJECTS = sorted(SUBJECTS)
_ISO_FIELDS = ("birth_date", "issue_date")
_FUZZ = "0123456789OlSBZX日月年囗口土王田"
KEYS = ("name", "gender", "birth_date", "id_number", "qualification_type", "subject",
        "certificate_number", "issuing_authority", "issue_date")  # fmt: skip
# Fields whose every character some rule checks: a misread there is caught even when every
# reading makes the same mistake (a name or a serial digit read twice the same cannot be).
_RULED = {"gender": None, "birth_date": None, "id_number": None, "qualification_type": None,
          "certificate_number": (0, 1, 2, 3, 4, 5, 9, 10), "issue_date": (0, 1, 2, 3)}  # fmt: skip


def _cn(d: date) -> str:
    return f"{d.year}年{d.month:02d}月{d.day:02d}日"


@st.composite
def records(draw: st.DrawFn) -> dict[str, str]:
    """A valid record: ID, birth date, gender, certificate number and authority agree."""
    county = draw(st.sampled_from(_COUNTIES))
    born = draw(st.dates(date(1955, 1, 1), date(2000, 12, 31)))
    issued = draw(st.dates(max(born + timedelta(days=366 * 21), date(1994, 1, 1)),
                           date(2025, 12, 31)))
    order = draw(st.integers(0, 999))
    male = order % 2 == 1
    ident = f"{county}{born:%Y%m%d}{order:03d}"
    qtype = draw(st.sampled_from(list(QualificationType)))
    sex_digit = "1" if male else "2"
    serial = draw(st.integers(0, 999_999))
    authority_code = draw(st.integers(0, 999))
    cert = f"{issued.year}{county[:2]}{authority_code:03d}{int(qtype)}{sex_digit}{serial:06d}"
    province = division_name(county[:2] + "0000") or ""
    name = draw(st.sampled_from(_SURNAMES)) + "".join(
        draw(st.lists(st.sampled_from(_GIVEN), min_size=1, max_size=2))
    )
    return {
        "name": name,
        "gender": "男" if male else "女",
        "birth_date": _cn(born),
        "id_number": ident + ric.calc_check_digit(ident + "0"),
        "qualification_type": qtype.label,
        "subject": draw(st.sampled_from(_SUBJECTS)),
        "certificate_number": cert,
        "issuing_authority": province + ("教育委员会" if province.endswith("市") else "教育厅"),
        "issue_date": _cn(issued),
    }


def _truth(rec: dict[str, str], key: str) -> str:
    if key in _ISO_FIELDS:
        return date(int(rec[key][:4]), int(rec[key][5:7]), int(rec[key][8:10])).isoformat()
    return rec[key]


def _readings(rec: dict[str, str]) -> dict[str, list[Reading]]:
    return {k: [Reading(v, 0.98), Reading(v, 0.96)] for k, v in rec.items()}


def _corrupt(text: str, i: int, ch: str) -> str:
    i %= len(text)
    if ch == text[i]:
        ch = CONFUSIONS.get(text[i], "囗")[0]
    return text[:i] + ch + text[i + 1 :]


def _unflagged_wrong(rec: dict[str, str], readings: dict[str, list[Reading]]) -> list[str]:
    out = decode(readings, TODAY)
    return [k for k in KEYS if out[k].value != _truth(rec, k) and not out[k].blocking]


FAST = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(records())
def test_valid_record_read_exactly_is_accepted_unflagged(rec):
    out = decode(_readings(rec), TODAY)
    for key in KEYS:
        assert out[key].value == _truth(rec, key), key
        assert not out[key].blocking, (key, out[key].findings)


@FAST
@given(records(), st.sampled_from(KEYS), st.integers(0, 40), st.sampled_from(_FUZZ),
       st.integers(0, 1))
def test_one_corrupted_character_in_one_reading_never_passes_silently(rec, key, i, ch, which):
    readings = _readings(rec)
    bad = _corrupt(rec[key], i, ch)
    readings[key][which] = Reading(bad, readings[key][which].score)
    note(f"{rec} {key}: {rec[key]} read once as {bad}")
    assert _unflagged_wrong(rec, readings) == []


@FAST
@given(records(), st.sampled_from(sorted(_RULED)), st.integers(0, 40), st.sampled_from(_FUZZ))
def test_one_character_misread_by_every_reading_is_caught_where_rules_check_it(rec, key, i, ch):
    positions = _RULED[key]
    i = positions[i % len(positions)] if positions else i % len(rec[key])
    # Before 2012 a gender digit of 0 or 1 may be either sex: nothing checks it then.
    assume(not (key == "certificate_number" and i == 10 and rec[key] < "2012"))
    bad = _corrupt(rec[key], i, ch)
    readings = _readings(rec)
    readings[key] = [Reading(bad, 0.98), Reading(bad, 0.96)]
    note(f"{rec} {key}: {rec[key]} read as {bad}")
    assert _unflagged_wrong(rec, readings) == []
