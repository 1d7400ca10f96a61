"""How many ID numbers fit what the public sees? At least 10,000 (issue 11 item 9, MASKING.md).

The attacker model, deliberately pessimistic (docs/MASKING.md "The attacker model"):

- **Everything public is known**: every claim of the signed credential (the QR code is public;
  a verifier shows all of them), every page of the public verifier and the signed PDF -- so the
  masked ID number, the gender, the authority, and every date shown (issue date, registration
  dates, issued_at; a birth date too, if any public surface showed one).
- **The county is known**, whatever the authority: the holder's own 6-digit division for a demo
  record (for a county authority the division table gives it away; for a province authority we
  assume the attacker learnt it elsewhere). For a test vector, whose holder is invented, the count
  is the *minimum* over every division of the public table (stdnum's GB/T 2260, as
  ``core.rules`` reads it) in the authority's province that agrees with the shown characters.
- **The birth year is known** (age is easy to guess or learn): every day of that year is a
  candidate birth date unless a public surface shows the date itself. For a vector, the minimum
  over every birth year from 1940 to 2008.
- **The gender is known** (it is a claim): it fixes the parity of the order code (500 of 1,000).
- A candidate must pass ``core.rules.validate_id_number`` (GB 11643 check character, a real date,
  a known division); the order code 000 is excluded (never assigned).

The counter splits the ISO 7064 MOD 11-2 weighted sum into the division, date and order parts and
counts residues, so it is exact and fast; ``enumerate_candidates`` lists the same set by brute
force, and a test holds the two equal (and checks each enumerated number with the core validator).
"""

from __future__ import annotations

import functools
import itertools
import json
import random
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from core.credential import (
    Claims,
    CredentialError,
    decode_claims,
    encode_claims,
    from_qr_text,
    parse_credential,
)
from core.rules import mask_id_number, validate_id_number
from core.rules._division import known_division_codes

MIN_CANDIDATES = 10_000
VECTOR_FOLDER = Path(__file__).resolve().parents[1] / "vectors" / "credential"
TODAY = date(2026, 12, 4)
VECTOR_BIRTH_YEARS = range(1940, 2009)
# GB 11643: weight of position i (0-based) is 2^(17 - i) mod 11; the check character for a
# weighted sum s (mod 11) is (12 - s) mod 11, written X for 10.
_WEIGHTS = [pow(2, 17 - i, 11) for i in range(17)]
_CHECK = ["X" if (12 - s) % 11 == 10 else str((12 - s) % 11) for s in range(11)]


@dataclass(frozen=True)
class PublicView:
    """What the attacker reads from the public credential and pages, plus what the model grants."""

    masked_id: str
    gender: str
    authority_code: str
    shown_birth_date: date | None


def public_view(claims: Claims) -> PublicView:
    """Everything the decoded public credential states that bears on the ID number."""
    names = {f.name for f in fields(claims)}
    shown_birth = getattr(claims, "birth_date", None) if "birth_date" in names else None
    return PublicView(claims.masked_id, claims.gender, claims.authority_code, shown_birth)


def _residue(digits: str, start: int) -> int:
    return sum(int(c) * _WEIGHTS[start + i] for i, c in enumerate(digits)) % 11


def _fits(part: str, shown: str) -> bool:
    return all(s == "*" or s == p for p, s in zip(part, shown, strict=True))


def _days(year: int, shown: date | None) -> list[date]:
    if shown is not None:
        return [shown] if shown.year == year else []
    start = date(year, 1, 1)
    return [start + timedelta(days=n) for n in range((date(year + 1, 1, 1) - start).days)]


@functools.lru_cache(maxsize=512)
def _day_residues(year: int, shown: date | None, pattern: str) -> Counter[int]:
    return Counter(
        _residue(f"{d:%Y%m%d}", 6) for d in _days(year, shown) if _fits(f"{d:%Y%m%d}", pattern)
    )


def _orders(gender: str, shown: str) -> list[str]:
    parity = 1 if gender == "男" else 0
    return [f"{o:03d}" for o in range(1, 1000) if o % 2 == parity and _fits(f"{o:03d}", shown)]


@functools.lru_cache(maxsize=64)
def _order_residues(gender: str, pattern: str) -> Counter[int]:
    return Counter(_residue(o, 14) for o in _orders(gender, pattern))


def count_candidates(view: PublicView, divisions: Iterable[str], birth_year: int) -> int:
    """Exact number of valid 18-character ID numbers consistent with ``view``."""
    masked = view.masked_id
    assert len(masked) == 18, "only 18-character numbers have this structure"
    div = Counter(_residue(d, 0) for d in divisions if _fits(d, masked[:6]))
    days = _day_residues(birth_year, view.shown_birth_date, masked[6:14])
    orders = _order_residues(view.gender, masked[14:17])
    check = masked[17]
    total = 0
    for (a, na), (b, nb), (c, nc) in itertools.product(div.items(), days.items(), orders.items()):
        if check == "*" or _CHECK[(a + b + c) % 11] == check:
            total += na * nb * nc
    return total


def enumerate_candidates(view: PublicView, divisions: Iterable[str], birth_year: int
                         ) -> Iterator[str]:
    """The same set as :func:`count_candidates`, number by number (slow: for cross-checks)."""
    masked = view.masked_id
    orders = _orders(view.gender, masked[14:17])
    for d in divisions:
        for day in _days(birth_year, view.shown_birth_date):
            for order in orders:
                body = f"{d}{day:%Y%m%d}{order}"
                number = body + _CHECK[_residue(body, 0)]
                if _fits(number, masked):
                    yield number


def demo_records(count: int = 400, seed: int = 2024) -> list[dict]:
    """Records from the generator ``ecert init --demo`` uses (scanning's sample records)."""
    from scanning.sample import random_record

    rng = random.Random(seed)
    return [random_record(rng).as_json(source=f"demo-{i}", school=None) for i in range(count)]


def public_claims(record: dict) -> Claims:
    """The credential the issuer would sign for ``record``, as a verifier decodes it."""
    names = {f.name for f in fields(Claims)}
    values = {
        "certificate_number": record["certificate_number"],
        "name": record["name"],
        "gender": record["gender"],
        "birth_date": date.fromisoformat(record["birth_date"]),
        "masked_id": mask_id_number(record["id_number"], "resident_id"),
        "qualification_type": 4,
        "subject": record["subject"] or "数学",
        "authority_code": record["certificate_number"][4:9],
        "issue_date": date.fromisoformat(record["issue_date"]),
        "version": 1,
        "issued_at": datetime(2026, 11, 22, 10, 0, tzinfo=UTC),
        "status_index": 1,
    }
    claims = Claims(**{k: v for k, v in values.items() if k in names})
    return decode_claims(encode_claims(claims))


def _vector_claims() -> list[tuple[str, Claims]]:
    """Every credential in every published vector file that a decoder accepts."""
    out = []
    for path in sorted(VECTOR_FOLDER.glob("credential_v*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        for vector in doc["positive"] + doc["negative"]:
            try:
                claims = parse_credential(from_qr_text(vector["qr_text"])).claims
            except CredentialError:
                continue  # refused: nothing is shown
            out.append((f"{path.stem}:{vector['id']}", claims))
    return out


DEMO = demo_records()
VECTORS = _vector_claims()


@pytest.mark.parametrize("record", DEMO[:3], ids=["a", "b", "c"])
def test_counter_agrees_with_brute_force_and_the_core_validator(record):
    rng = random.Random(7)
    number, birth = record["id_number"], date.fromisoformat(record["birth_date"])
    divisions = [number[:6], *rng.sample(known_division_codes(), 2)]
    cases = [  # (shown mask, shown birth date): small enough to list every number
        (number[:3] + "*" * 11 + number[-4:], None),
        ("*" * 17 + number[-1], birth),
        (number[0] + "*" * 16 + number[-1], birth),
        ("*" * 18, birth),
        ("*" * 14 + number[14] + "**" + number[-1], None),
    ]
    for masked, shown in cases:
        view = PublicView(masked, record["gender"], "", shown)
        listed = list(enumerate_candidates(view, divisions, birth.year))
        assert len(listed) == count_candidates(view, divisions, birth.year) > 0
        assert len(set(listed)) == len(listed)
        for candidate in rng.sample(listed, min(100, len(listed))):
            valid = validate_id_number(candidate, today=TODAY)
            assert valid.gender == record["gender"] and valid.birth_date.year == birth.year


def test_the_true_number_is_a_candidate():
    for record in DEMO[:50]:
        number, birth = record["id_number"], date.fromisoformat(record["birth_date"])
        view = public_view(public_claims(record))
        exact = PublicView(view.masked_id, view.gender, view.authority_code, birth)
        assert number in set(enumerate_candidates(exact, [number[:6]], birth.year))


def test_the_old_payload_gave_the_number_away():
    """Format v1 (birth date + 3 + 4 mask): one candidate or a handful, as the issue found."""
    number, birth, gender = "410102199503140028", date(1995, 3, 14), "女"
    view = PublicView("410***********0028", gender, "41010", birth)
    assert count_candidates(view, [number[:6]], birth.year) == 1


def _worst_case_count(record: dict) -> int:
    """The holder's own county and birth year known; everything the public credential shows."""
    number, birth = record["id_number"], date.fromisoformat(record["birth_date"])
    return count_candidates(public_view(public_claims(record)), [number[:6]], birth.year)


@pytest.mark.parametrize("index", range(len(DEMO)))
def test_every_generated_record_keeps_ten_thousand_candidates(index):
    record = DEMO[index]
    count = _worst_case_count(record)
    assert count >= MIN_CANDIDATES, f"{record['id_number'][:6]} ({record['gender']}): {count}"


def test_every_ecert_init_demo_record_keeps_ten_thousand_candidates(tmp_path):
    """Exactly the records ``make run`` imports (``ecert init --demo 20``, its default seed)."""
    from ecert._init import demo_records as init_demo_records

    records = init_demo_records(20, seed=2024, photo_dir=tmp_path)
    counts = {r["certificate_number"]: _worst_case_count(r) for r in records}
    assert len(counts) == 20 and min(counts.values()) >= MIN_CANDIDATES, counts


def _province_divisions(view: PublicView) -> list[str]:
    """One division of the authority's province per weighted-sum residue (the count depends on
    the division only through it), among those agreeing with the shown characters."""
    by_residue = {}
    for d in known_division_codes():
        if d.startswith(view.authority_code[:2]) and _fits(d, view.masked_id[:6]):
            by_residue.setdefault(_residue(d, 0), d)
    return list(by_residue.values())


@pytest.mark.parametrize(("name", "claims"), VECTORS, ids=[n for n, _ in VECTORS])
def test_every_vector_keeps_ten_thousand_candidates(name, claims):
    view = public_view(claims)
    assert len(view.masked_id) == 18
    divisions = _province_divisions(view)
    assert divisions, name
    shown = view.shown_birth_date
    years = [shown.year] if shown else VECTOR_BIRTH_YEARS
    worst = min(count_candidates(view, [d], year) for d in divisions for year in years)
    assert worst >= MIN_CANDIDATES, f"{name}: {view.masked_id}: {worst} candidates"


def test_vectors_were_found():
    assert len(VECTORS) >= 3
