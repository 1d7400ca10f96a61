"""Migration 0004: stored masked IDs take the v2 form, format-v1 credentials are superseded."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.migrate import upgrade
from core.rules import mask_id_number

OLD = {  # (id_type, full number) -> what the v1 rule stored
    ("resident_id", "11010519491231002X"): "110***********002X",
    ("passport", "E12345678"): "E******78",
    ("resident_id", "110105491231002"): "1************02",
    ("passport", "12345"): "*****",
}


def _insert(conn: sa.Connection) -> None:
    for i, ((id_type, _), masked) in enumerate(OLD.items(), start=1):
        conn.execute(sa.text(
            "INSERT INTO holder (id, name, gender, birth_date, id_type, id_hash, id_cipher, "
            "id_masked, created_at, created_by) VALUES (:id, '李明', '女', '1990-03-07', :t, "
            ":h, x'00', :m, '2026-01-01 00:00:00', 'test')"), {"id": i, "t": id_type,
                                                                 "h": f"h{i}", "m": masked})
    for version, superseded in ((1, False), (2, True)):
        conn.execute(sa.text(
            "INSERT INTO credential (certificate_id, version, kid, cose, qr_text, issued_at, "
            "issued_by, superseded) VALUES (1, :v, 'k', x'00', 'q', '2026-01-01 00:00:00', 't', "
            ":s)"), {"v": version, "s": superseded})


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_upgrade_remasks_holders_and_supersedes_v1_credentials(db_url: str) -> None:
    upgrade(db_url, "0003")
    engine = sa.create_engine(db_url)  # no foreign-key pragma: the rows stand alone
    with engine.begin() as conn:
        _insert(conn)
    upgrade(db_url)
    with engine.connect() as conn:
        masked = dict(conn.execute(sa.text("SELECT id, id_masked FROM holder")).all())
        superseded = conn.execute(sa.text("SELECT superseded FROM credential")).scalars().all()
    engine.dispose()
    for i, (id_type, number) in enumerate(OLD, start=1):
        assert masked[i] == mask_id_number(number, id_type), number
    assert masked[1] == "1****************X"
    assert all(superseded) and len(superseded) == 2
