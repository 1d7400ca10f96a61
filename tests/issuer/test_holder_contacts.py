"""Holders' contacts: `ecert holders contacts import FILE.csv` checks every row and stores all
or nothing, addresses are encrypted under their own key and never printed, the directory reads
them back for the notifier, and the demo seeding gives every holder a test address."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from core.db import engine_for, session_scope
from core.identity import IdVault
from core.models import AuditEvent, HolderContact
from core.settings import load_settings
from ecert.cli import main
from issuer._contacts import (
    ContactsDirectory,
    contact_cipher,
    read_contact,
    seed_demo_contacts,
)
from tests.issuer._status_support import seed


@pytest.fixture
def numbers(sqlite_registry: Engine, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setenv("ECERT_ACTOR", "clerk-wang")
    return seed(1, 2, 3)


def _contacts() -> list[HolderContact]:
    with session_scope() as session:
        return list(session.exec(select(HolderContact).order_by(HolderContact.id)).all())


def _csv(tmp_path: Path, text: str, encoding: str = "utf-8") -> str:
    path = tmp_path / "contacts.csv"
    path.write_bytes(text.encode(encoding))
    return str(path)


def test_import_stores_encrypted_contacts_and_prints_no_address(
    numbers: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    n1, n2, _ = numbers
    path = _csv(tmp_path, "证书号码,电子邮箱,手机号码\n"
                          f"{n1},li.xiaomei@Example.TEST,+86 138-0000-0001\n"
                          f"{n2},,13900000002\n\n")
    assert main(["holders", "contacts", "import", path]) == 0
    out = capsys.readouterr().out
    assert "第 2 行" in out and "第 3 行" in out and "已导入 2 位持证人" in out
    assert "example" not in out.lower() and "13800000001" not in out
    rows = _contacts()
    assert sorted((r.holder_id, r.channel) for r in rows) == [(1, "email"), (1, "sms"),
                                                              (2, "sms")]
    assert all(b"example" not in r.address_cipher and b"1380" not in r.address_cipher
               for r in rows)
    secret = load_settings().secret
    with session_scope() as session:
        assert read_contact(session, holder_id=1, channel="email",
                            secret=secret) == "li.xiaomei@example.test"
        assert read_contact(session, holder_id=1, channel="sms", secret=secret) == "13800000001"
        events = session.exec(select(AuditEvent).where(
            AuditEvent.action == "holder.contacts.import")).all()
    assert [e.actor for e in events] == ["clerk-wang"]
    directory = ContactsDirectory(engine=engine_for(load_settings()), secret=secret,
                                  channel="sms")
    assert directory.contact_for(2, n2) == "13900000002"
    assert directory.contact_for(3, numbers[2]) is None
    other = ContactsDirectory(engine=engine_for(load_settings()), secret="another secret",
                              channel="sms")
    assert other.contact_for(2, n2) is None  # a different secret reads nothing


def test_one_bad_row_stores_nothing(numbers: list[str], tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    n1, n2, n3 = numbers
    path = _csv(tmp_path, "certificate_number,email,mobile\n"
                          f"{n1},a@example.test,\n"
                          f"{n2},not-an-address,\n"
                          "20151101042999999,b@example.test,\n"
                          f"{n3},,12345\n"
                          f"{n1},c@example.test,\n"
                          f"{n3},,\n", "gb18030")
    assert main(["holders", "contacts", "import", path]) == 1
    captured = capsys.readouterr()
    err = captured.err
    assert "第 3 行" in err and "电子邮箱格式不正确" in err
    assert "第 4 行" in err and "没有这个证书号码" in err
    assert "第 5 行" in err and "手机号码应为 11 位数字" in err
    assert "第 6 行" in err and "与第 2 行重复" in err
    assert "第 7 行" in err and "至少填写" in err
    assert "未导入任何联系方式" in err and "✓" in captured.out  # line 2 was fine
    assert _contacts() == []


def test_dry_run_and_a_missing_header(numbers: list[str], tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    good = _csv(tmp_path, f"certificate_number,email\n{numbers[0]},a@example.test\n")
    assert main(["holders", "contacts", "import", "--dry-run", good]) == 0
    assert "检查通过 1 行" in capsys.readouterr().out and _contacts() == []
    bad = _csv(tmp_path, f"number,address\n{numbers[0]},a@example.test\n")
    assert main(["holders", "contacts", "import", bad]) == 2
    assert "表头须含" in capsys.readouterr().err


def test_a_second_import_replaces_an_address(numbers: list[str], tmp_path: Path) -> None:
    first = _csv(tmp_path, f"certificate_number,email\n{numbers[0]},old@example.test\n")
    assert main(["holders", "contacts", "import", first]) == 0
    second = _csv(tmp_path, f"certificate_number,email\n{numbers[0]},new@example.test\n")
    assert main(["holders", "contacts", "import", second]) == 0
    with session_scope() as session:
        assert read_contact(session, holder_id=1, channel="email",
                            secret=load_settings().secret) == "new@example.test"
    assert len(_contacts()) == 1


def test_contact_key_is_its_own() -> None:
    secret = "s" * 40
    token = contact_cipher(secret).encrypt(b"a@example.test")
    vault = IdVault(secret)
    from cryptography.fernet import InvalidToken

    with pytest.raises(InvalidToken):
        vault._fernet().decrypt(token)  # the ID-number key cannot open a contact


def test_seed_demo_contacts(numbers: list[str]) -> None:
    with session_scope() as session:
        assert seed_demo_contacts(session, "ecert-init", secret=load_settings().secret) == 3
    with session_scope() as session:
        assert seed_demo_contacts(session, "ecert-init", secret=load_settings().secret) == 0  # once
        secret = load_settings().secret
        assert read_contact(session, holder_id=2, channel="email",
                            secret=secret) == "holder-2@example.test"
