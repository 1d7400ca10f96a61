"""Build the issuer's context from the settings the composition passes in."""

from __future__ import annotations

from core.settings import PUBLIC_TRUST_LIST, Settings
from issuer._produce import IssuerContext
from keys import TokenConfig

__all__ = ["issuer_context"]


def issuer_context(settings: Settings, *, render_pdf: bool = True) -> IssuerContext:
    """Keys, passphrase, token and artifact locations for issuance."""
    s = settings
    token = TokenConfig(module=s.pkcs11_module, label=s.pkcs11_token_label, pin=s.pkcs11_pin) \
        if s.pkcs11_pin else None
    return IssuerContext(
        keys_dir=s.keys_dir, passphrase=s.passphrase(), public_url=s.public_url,
        artifacts=s.artifacts_dir, token=token, strict_permissions=s.is_production,
        render_pdf=render_pdf, trust_list=s.public_dir / PUBLIC_TRUST_LIST,
        licence_type_code=s.licence_type_code, ofd=s.ofd != "off",
    )
