"""What ``ecert keys`` needs beyond ``keys``: the authorities it may create keys for, and
publishing (or saying loudly that nothing was published) after a key changes.

A key never signs before a trust list that names it is published (``keys.signing_key``): so a
command that creates, rotates, retires or revokes a key publishes at once when the trust-list
root key is at hand, and otherwise says what waits for the next ``ecert publish``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import keys
from core.errors import EcertError, InvalidInput
from core.settings import PUBLIC_TRUST_LIST, Settings

__all__ = ["KEY_CHANGES", "check_authority_known", "known_authorities", "publish_or_warn",
           "published_list", "signing_notes"]

#: Lifecycle actions that change what the trust list says about credential-signing keys.
KEY_CHANGES = frozenset({"keys.create", "keys.rotate", "keys.retire", "keys.revoke"})


def published_list(settings: Settings) -> bytes | None:
    """The trust list the verifier serves, or None before the first ``ecert publish``."""
    path = settings.public_dir / PUBLIC_TRUST_LIST
    return path.read_bytes() if path.is_file() else None


def known_authorities(settings: Settings) -> dict[str, str]:
    """Authority code → name: the keystore's authorities and the registry's (with provinces)."""
    from core.rules import division_name

    found: dict[str, str] = {}
    if keys.Keystore(settings.keys_dir).exists():
        found.update(keys.Keystore(settings.keys_dir).load().authorities)
    for code, name in _registry_authorities(settings):
        found.setdefault(code, name)
        found.setdefault(code[:2], division_name(code[:2] + "0000") or code[:2])
    return dict(sorted(found.items()))


def _registry_authorities(settings: Settings) -> list[tuple[str, str]]:
    from sqlalchemy.exc import SQLAlchemyError
    from sqlmodel import select

    from core.db import engine_for, session_scope
    from core.models import Authority

    try:
        with session_scope(engine_for(settings)) as session:
            return [(c, n) for c, n in session.exec(select(Authority.code, Authority.name))]
    except SQLAlchemyError:  # no registry yet: the division table still applies
        return []


def _is_division_code(code: str) -> bool:
    """A province (2 digits), an authority under one (2 + 3 digits), or a GB/T 2260 division."""
    from core.rules import division_name

    if not code.isascii() or not code.isdigit() or len(code) not in (2, 5, 6):
        return False
    return division_name(code if len(code) == 6 else code[:2] + "0000") is not None


def check_authority_known(settings: Settings, code: str) -> None:
    """Refuse a key for an authority nobody knows: it would sign nothing, and a typo would
    leave the real authority without a key."""
    known = known_authorities(settings)
    if code in known or _is_division_code(code):
        return
    listed = ", ".join(f"{c} {n}" if n != c else c for c, n in known.items()) or "无 none yet"
    raise InvalidInput(
        f"未知认定机构 unknown authority {code!r}. 已知 known: {listed}; or use a province "
        "code (2 digits), an authority code (province + 3 digits) or a GB/T 2260 division "
        "code (6 digits)",
        field="authority",
        rule="known_authority",
    )


def signing_notes(settings: Settings) -> list[str]:
    """One line per pending key: which key signs instead, until ``ecert publish``."""
    try:
        states = keys.key_states(settings.keys_dir, published=published_list(settings))
    except keys.KeyNotUsable as exc:
        return [exc.message]
    signing = {s.record.authority: s.record.kid_hex for s in states if s.signing}
    return [
        f"待发布 pending: key {s.record.kid_hex} of authority {s.record.authority} signs nothing "
        f"until `ecert publish` publishes a trust list naming it; issuance signs with "
        f"{signing.get(s.record.authority, 'no key (refused)')} meanwhile"
        for s in states if s.record.status == "pending"
    ]


def publish_or_warn(
    settings: Settings, events: Sequence[keys.LifecycleEvent], custodian: str
) -> tuple[list[str], list[str]]:
    """Publish the lists after a key change when the root key is at hand.

    Returns (done lines, warning lines); raises an :class:`EcertError` naming what was already
    done when publishing fails.
    """
    changed = [e for e in events if e.action in KEY_CHANGES]
    if not changed:
        return [], []
    if keys.root_at_hand(settings.keys_dir):
        return [_publish(settings, changed, custodian)], []
    root = Path(settings.keys_dir) / "root.key.pem"
    why = f"根密钥不在 the trust-list root key is not at hand ({root}), so nothing was published"
    warnings = [why]
    for event in changed:
        if event.action == "keys.revoke":
            warnings.append(f"验证方尚不知此吊销 verifiers will not see the revocation of key "
                            f"{event.entity_id} until the next `ecert publish`")
        elif event.action == "keys.retire":
            warnings.append(f"验证方尚不知此停用 verifiers will not see the retirement of key "
                            f"{event.entity_id} until the next `ecert publish`")
    return [], warnings + signing_notes(settings)


def _publish(settings: Settings, changed: Sequence[keys.LifecycleEvent], custodian: str) -> str:
    from core.db import engine_for
    from issuer import issuer_context, publish_lists

    try:
        event = publish_lists(issuer_context(settings, render_pdf=False), settings.public_dir,
                              custodian=custodian, engine=engine_for(settings))
    except EcertError as exc:
        done = ", ".join(f"{e.action} {e.entity_id}" for e in changed)
        raise EcertError(
            f"已完成 done: {done}; 但发布失败 but publishing failed: {exc.message}. New keys stay "
            "pending and verifiers do not see the change until `ecert publish` succeeds",
            code=exc.code,
        ) from None
    activated = [kid for kid, status in (event.after or {}).get("changed", {}).items()
                 if status == "active"]
    now_active = f"; now signing: {', '.join(activated)}" if activated else ""
    return (f"已发布 published trust list v{event.entity_id} to {settings.public_dir}: "
            f"verifiers see the change now{now_active}")
