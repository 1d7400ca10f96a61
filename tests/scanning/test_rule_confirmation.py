"""How much the rules alone confirm a value read once: values corrupted on purpose, and the
share of them that still satisfies every rule (a single read that does so by chance would be
accepted wrong if rules stood in for a second read).

- ID number (check character, division, birth segment = 出生日期, order-digit parity = 性别):
  every single changed character is caught, and about 1 % of two changed ones pass —
  the decoder accepts a single read of an ID the rules confirm.
- Certificate number: year, province, type and gender digits are tied to other fields, but the
  authority's code (digits 7–9) and the serial (12–17) are tied to nothing: every change there
  passes. A single read is never accepted on the rules.
- Issue date: the year is tied to the number, month and day to nothing: most changes there
  give another real date. A single read is never accepted on the rules.
"""

from __future__ import annotations

import random
from datetime import date

from core.rules import Gender
from scanning import _rulesets as rs
from scanning._decide import decode
from scanning._ocr import Reading
from tests.scanning.test_decode import accepted, codes

TODAY = date(2026, 12, 4)
IDS = ["513232196304126406", "361123200107163424", "110101199001010015", "44030419851231002X",
       "320102197805061236"]
BOOK = {
    "name": "孔煜骞", "gender": "女", "birth_date": "2001年07月16日",
    "id_number": "361123200107163424", "qualification_type": "中等职业学校实习指导教师资格",
    "subject": "化学", "certificate_number": "20233669962341227",
    "issuing_authority": "江西省教育厅", "issue_date": "2023年08月29日",
}
CERT, ISSUED = "20233669962341227", "2023-08-29"
TYPE, AUTHORITY = "中等职业学校实习指导教师资格", "江西省教育厅"


def _id_passes(ident: str, birth: str, gender: str) -> bool:
    """Every rule an ID read once must satisfy, with the birth date and gender as read."""
    value = rs.spec("id_number", TODAY).value(ident)
    return bool(value) and ident[6:14] == birth.replace("-", "") and rs.id_gender(ident) == gender


def _changed(text: str, positions: tuple[int, ...], rng: random.Random) -> str:
    chars = list(text)
    for i in positions:
        alphabet = "0123456789X" if i == 17 else "0123456789"
        chars[i] = rng.choice([c for c in alphabet if c != chars[i]])
    return "".join(chars)


def _birth(ident: str) -> str:
    return f"{ident[6:10]}-{ident[10:12]}-{ident[12:14]}"


def test_every_single_changed_character_of_an_id_is_caught() -> None:
    for ident in IDS:
        birth, gender = _birth(ident), rs.id_gender(ident)
        assert _id_passes(ident, birth, gender)
        for i in range(18):
            for c in "0123456789X" if i == 17 else "0123456789":
                if c != ident[i]:
                    assert not _id_passes(ident[:i] + c + ident[i + 1:], birth, gender)


def test_few_ids_with_two_changed_characters_pass() -> None:
    rng = random.Random(1212)
    passed = total = 0
    for ident in IDS:
        birth, gender = _birth(ident), rs.id_gender(ident)
        for _ in range(500):
            positions = tuple(rng.sample(range(18), 2))
            total += 1
            passed += _id_passes(_changed(ident, positions, rng), birth, gender)
    assert passed / total < 0.05  # measured 0.9 % (MOD 11-2 alone lets 1 in 11 through)


def _cert_passes(cert: str) -> bool:
    """Every rule a certificate number read once must satisfy, the other fields as read."""
    return (bool(rs.spec("certificate_number", TODAY).value(cert)) and cert[:4] == ISSUED[:4]
            and cert[9] == rs.type_digit(TYPE) and rs.province_agrees(cert, AUTHORITY)
            and rs.cert_gender_agrees(cert, Gender.FEMALE))


def test_a_certificate_number_s_code_and_serial_are_checked_by_nothing() -> None:
    assert _cert_passes(CERT)
    caught = {i: all(not _cert_passes(CERT[:i] + c + CERT[i + 1:])
                     for c in "0123456789" if c != CERT[i]) for i in range(17)}
    free = [*range(6, 9), *range(11, 17)]
    assert all(not caught[i] for i in free)
    assert all(caught[i] for i in range(17) if i not in free)
    # every change in the free digits passes: 9 of 17 digits, so no rule stands in for a read
    assert all(_cert_passes(CERT[:i] + c + CERT[i + 1:]) for i in free for c in "0123456789")


def test_most_changed_days_and_months_are_real_dates() -> None:
    value = rs.spec("issue_date", TODAY).value
    text = "2023年08月29日"
    digits = [i for i, ch in enumerate(text) if ch.isdigit() and i >= 5]
    changed = [text[:i] + c + text[i + 1:] for i in digits for c in "0123456789" if c != text[i]]
    passes = sum(bool(value(t)) for t in changed) / len(changed)
    assert passes > 0.4  # measured 0.50: month and day have no check


def _once(**fields: str) -> dict:
    readings = {k: [Reading(v, 0.98), Reading(v, 0.97)] for k, v in BOOK.items()}
    readings.update({k: [Reading(v, 0.98)] for k, v in fields.items()})
    return decode(readings, TODAY)


def test_a_single_read_is_accepted_only_where_rules_check_every_character() -> None:
    out = _once(id_number=BOOK["id_number"], certificate_number=CERT,
                issue_date=BOOK["issue_date"])
    assert accepted(out["id_number"], BOOK["id_number"])
    assert "unconfirmed" in codes(out["certificate_number"])
    assert "unconfirmed" in codes(out["issue_date"])
