"""The verifier's memoised checks are keyed by their whole frozen input: change any one input and
the answer is computed anew, never served from the memo."""

from __future__ import annotations

import dataclasses
import inspect
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from core.rules import QualificationStatus
from verifier import _verify
from verifier._verify import KeyInput, StatusInput, key_checks, status_checks

KEY = KeyInput(trust_version=3, trust_expires=datetime(2026, 12, 1, tzinfo=UTC),
               trust_stale=False, kid=b"\x01" * 8, key_authority="41", key_status="active",
               key_algorithm="EdDSA", key_state="valid", algorithm="EdDSA", size=180,
               authority_code="410100")
STATUS = StatusInput(QualificationStatus.VALID, "registered", date(2029, 8, 31))

#: another value for each field, of the same type, that the checks' text or outcome shows
OTHER: dict[str, Any] = {
    "trust_version": 4, "trust_expires": KEY.trust_expires + timedelta(days=1),
    "trust_stale": True, "kid": b"\x02" * 8, "key_authority": "4101", "key_status": "retired",
    "key_algorithm": "ES256", "key_state": "key_revoked", "algorithm": "ES256", "size": 181,
    "authority_code": "410200", "qualification": QualificationStatus.REVOKED,
    "registration": "deferred", "valid_until": date(2030, 8, 31),
}


def _cases() -> list[tuple[Any, Any, str]]:
    return [(base, build, f.name) for base, build in ((KEY, key_checks), (STATUS, status_checks))
            for f in dataclasses.fields(base)]


def test_every_input_has_another_value() -> None:
    assert {name for _, _, name in _cases()} == set(OTHER)


@pytest.mark.parametrize(("base", "build", "name"), _cases(),
                         ids=[name for _, _, name in _cases()])
def test_changing_one_input_is_not_served_from_the_memo(
    base: Any, build: Any, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    table: dict[Any, Any] = {}
    calls: list[Any] = []

    def counted(key: Any) -> Any:
        calls.append(key)
        return build(key)

    first = _verify._memoised(table, counted, base)
    assert _verify._memoised(table, counted, base) is first and calls == [base]  # memoised
    changed = dataclasses.replace(base, **{name: OTHER[name]})
    answer = _verify._memoised(table, counted, changed)
    assert calls == [base, changed]  # computed anew, not served from the memo
    assert answer == build(changed) and answer != first  # and the input shows in the answer


@pytest.mark.parametrize("build", [key_checks, status_checks])
def test_a_check_sees_nothing_but_its_frozen_input(build: Any) -> None:
    """By construction: the one parameter is the frozen key, so an input added to a check is
    added to the key."""
    (parameter,) = inspect.signature(build).parameters.values()
    kind = {key_checks: KeyInput, status_checks: StatusInput}[build]
    assert parameter.annotation in (kind, kind.__name__)
    assert kind.__dataclass_params__.frozen  # type: ignore[attr-defined]
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(KEY if kind is KeyInput else STATUS, dataclasses.fields(kind)[0].name, None)
