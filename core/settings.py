"""One validated settings object, read from ``ECERT_*`` environment variables."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.errors import ConfigurationError
from core.licence_id import PLACEHOLDER_TYPE_CODE

__all__ = [
    "DEV_ISSUER_NAME",
    "DEV_ISSUER_NAME_EN",
    "DEV_SECRET",
    "PUBLIC_CA",
    "PUBLIC_ROOT_KEY",
    "PUBLIC_STATUS_LIST",
    "PUBLIC_TRUST_LIST",
    "Settings",
    "load_settings",
]

#: Files in ``Settings.public_dir``: written by the issuer (`ecert publish`), served and pinned
#: by the verifier. Public material only.
PUBLIC_TRUST_LIST = "trust-list.cbor"
PUBLIC_STATUS_LIST = "status-list.cbor"
PUBLIC_ROOT_KEY = "root-key.pem"
PUBLIC_CA = "ca.pem"

#: The development secret used for ID-number hashing/encryption when none is configured.
#: Production refuses it.
DEV_SECRET = "ecert-development-secret-do-not-use-in-production"

#: The issuer's name in development when ECERT_ISSUER_NAME is not set (production requires it).
DEV_ISSUER_NAME = "教师资格电子证照服务（开发环境）"
DEV_ISSUER_NAME_EN = "Teacher qualification e-certificate service (development)"

#: A production secret must carry at least this many bits by a conservative estimate: its length
#: times the Shannon entropy of its characters, and 0 for a periodic string. 32 random hex digits
#: (`openssl rand -hex 16`) give about 118; ``"a" * 32`` gives 0.
MIN_SECRET_BITS = 96

#: Files that only development leaves in ``$ECERT_HOME``: keys made by ``ecert init`` in
#: development (encrypted under a passphrase kept beside them), which production must not use.
DEV_KEY_MARKERS = (".dev-key-passphrase", "keys/.development")


def secret_bits(secret: str) -> float:
    """A conservative estimate of the entropy of ``secret`` in bits (0 for a repeated pattern)."""
    import math
    from collections import Counter

    n = len(secret)
    for period in range(1, n // 2 + 1):
        if all(secret[i] == secret[i - period] for i in range(period, n)):
            return 0.0
    return -n * sum(c / n * math.log2(c / n) for c in Counter(secret).values())


class Settings(BaseSettings):
    """Runtime configuration; production refuses development secrets and unsafe key files."""

    model_config = SettingsConfigDict(env_prefix="ECERT_", extra="ignore")

    env: Literal["development", "production"] = "development"
    home: Path = Path("./var")
    database_url: str = ""
    public_url: str = "http://127.0.0.1:8000"
    #: Earlier public URLs whose printed QR codes the verifier still accepts, comma-separated
    #: (e.g. after moving to a new domain); a QR text under any other address is foreign_host.
    public_url_aliases: str = ""
    #: Secret for the keyed hash (lookup) and encryption at rest of ID numbers.
    secret: str = DEV_SECRET
    #: Passphrase for encrypted key files, or the path of a file that holds it.
    key_passphrase: str = ""
    key_passphrase_file: Path | None = None
    #: Keys were created by ``ecert init`` in development mode (refused in production).
    allow_dev_keys: bool = Field(default=True)
    #: Serve the verifier with read-only database access.
    verifier_readonly: bool = True
    #: The admin/issuer/review connection pool, per process: ``pool_size`` kept open, up to
    #: ``max_overflow`` more under load. Admin requests beyond it wait at most ``pool_timeout``
    #: seconds (without holding a worker thread), then answer 503 ``busy`` with Retry-After.
    db_pool_size: int = Field(default=5, ge=1, le=200)
    db_max_overflow: int = Field(default=5, ge=0, le=200)
    db_pool_timeout: float = Field(default=2.0, gt=0, le=60)
    #: The public verifier's own read-only pool (``/C/``, ``/verify``, ``/lookup``,
    #: ``/api/verify``): an admin burst can never take its connections.
    verifier_pool_size: int = Field(default=10, ge=1, le=200)
    verifier_max_overflow: int = Field(default=10, ge=0, le=200)
    verifier_pool_timeout: float = Field(default=5.0, gt=0, le=60)
    #: Per-client requests per minute on public endpoints.
    public_rate_limit: int = 120
    #: A SQLite file the worker processes of one host share their rate-limit buckets in (``ecert
    #: serve --workers N`` with N > 1 uses ``$ECERT_HOME/run/ratelimit.sqlite``); unset: in memory.
    rate_limit_file: Path | None = None
    #: Maximum upload size in bytes for the public verifier.
    max_upload_bytes: int = 10 * 1024 * 1024
    #: PKCS#11 module for USBKey tokens (SoftHSM2 in tests).
    pkcs11_module: str = "/usr/lib/softhsm/libsofthsm2.so"
    pkcs11_token_label: str = "ecert"
    pkcs11_pin: str = ""
    #: How holders' one-time download codes are delivered (docs/NOTIFY.md): ``console`` writes
    #: them to the log (development only), ``smtp`` e-mails them, ``sms`` posts them to an SMS
    #: gateway. Unset: console in development; in production holders cannot ask for codes.
    notifier: Literal["", "console", "smtp", "sms"] = ""
    smtp_host: str = ""
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_username: str = ""
    smtp_password: str = ""
    #: The sender address (From:), e.g. ``证书服务 <noreply@jyt.example.gov.cn>``.
    smtp_from: str = ""
    #: Upgrade the connection with STARTTLS before logging in (production requires it).
    smtp_starttls: bool = True
    #: A PEM file of CA certificates to check the SMTP server against (default: the system's).
    smtp_ca_file: Path | None = None
    #: The SMS gateway's URL (JSON POST, signed with ``sms_secret``; https in production).
    sms_url: str = ""
    sms_secret: str = ""
    #: Seconds to wait for the mail server or the SMS gateway.
    notify_timeout: float = Field(default=10.0, gt=0, le=120)
    #: The issuing body's official name, shown in the header and footer of the public verifier,
    #: the teacher portal and the staff console (e.g. ``某某省教育厅``); required in production.
    issuer_name: str = Field(default="", max_length=100)
    #: Its English name for the ``?lang=en`` pages (default: the Chinese name).
    issuer_name_en: str = Field(default="", max_length=200)
    #: The licence-type code (证照类型代码) of 教师资格证 in GB/T 36904 identifiers. No standard
    #: publishes it: the default is a placeholder (core.licence_id.PLACEHOLDER_TYPE_CODE) until
    #: the provincial platform assigns one (docs/INTEROP.md).
    licence_type_code: str = Field(default=PLACEHOLDER_TYPE_CODE, pattern=r"^[0-9A-Z]{1,24}$")
    #: The sealed OFD licence beside each PDF: ``auto`` writes it wherever the issuing authority
    #: (or its province) has an SM2 seal; ``off`` never writes it (PDF only).
    ofd: Literal["auto", "off"] = "auto"

    @field_validator("public_url", "public_url_aliases")
    @classmethod
    def _check_urls(cls, value: str) -> str:
        from core.credential._qrtext import split_public_url  # the one parser of public URLs

        for url in (u.strip() for u in value.split(",")):
            if url:
                try:
                    split_public_url(url)
                except ConfigurationError as exc:
                    raise ValueError(exc.message) from None
        return value

    @model_validator(mode="after")
    def _fill_and_refuse(self) -> Settings:
        self.home = self.home.expanduser()
        if not self.database_url:
            self.database_url = f"sqlite:///{(self.home / 'ecert.db').resolve()}"
        if self.env == "production":
            self._refuse_development_material()
        self._check_notifier()
        self._fill_issuer_name()
        return self

    def _fill_issuer_name(self) -> None:
        """The issuer's name on every page: set in production, a neutral default in development
        (never the CA certificate's technical O=, never "ecert")."""
        self.issuer_name = self.issuer_name.strip()
        self.issuer_name_en = self.issuer_name_en.strip()
        if not self.issuer_name:
            if self.is_production:
                raise ConfigurationError(
                    "ECERT_ISSUER_NAME must be set in production: the issuing body's official "
                    "name shown on every page (e.g. 某某省教育厅), with ECERT_ISSUER_NAME_EN for "
                    "the English pages", code="issuer_name_missing")
            self.issuer_name = DEV_ISSUER_NAME
            self.issuer_name_en = self.issuer_name_en or DEV_ISSUER_NAME_EN
        self.issuer_name_en = self.issuer_name_en or self.issuer_name

    def issuer(self, lang: str = "zh") -> str:
        """The issuer's name for a page in ``lang`` (``en``: the English name)."""
        return self.issuer_name_en if lang == "en" else self.issuer_name

    def _check_notifier(self) -> None:
        """The delivery of holders' codes is complete, and not the console in production."""
        missing = []
        if self.notifier == "smtp":
            missing = [n for n, v in (("ECERT_SMTP_HOST", self.smtp_host),
                                      ("ECERT_SMTP_FROM", self.smtp_from)) if not v]
            if self.is_production and not self.smtp_starttls:
                raise ConfigurationError(
                    "production refuses ECERT_SMTP_STARTTLS=false: codes would cross the network "
                    "in clear text", code="insecure_notifier")
        elif self.notifier == "sms":
            missing = [n for n, v in (("ECERT_SMS_URL", self.sms_url),
                                      ("ECERT_SMS_SECRET", self.sms_secret)) if not v]
            if self.is_production and self.sms_url and not self.sms_url.startswith("https://"):
                raise ConfigurationError("ECERT_SMS_URL must be https:// in production",
                                         code="insecure_notifier")
        elif self.notifier == "console" and self.is_production:
            raise ConfigurationError(
                "production refuses ECERT_NOTIFIER=console (codes would only be logged): "
                "use smtp or sms (docs/NOTIFY.md)", code="console_notifier_in_production")
        if missing:
            raise ConfigurationError(
                f"ECERT_NOTIFIER={self.notifier} needs {', '.join(missing)} (docs/NOTIFY.md)",
                code="notifier_incomplete")

    def _refuse_development_material(self) -> None:
        if self.secret == DEV_SECRET:
            raise ConfigurationError(
                "ECERT_SECRET must be set in production (the development secret is public)",
                code="dev_secret_in_production",
            )
        if len(self.secret) < 32 or secret_bits(self.secret) < MIN_SECRET_BITS:
            raise ConfigurationError(
                "ECERT_SECRET is too weak for production: use at least 32 random characters, "
                "e.g. `python3 -c 'import secrets; print(secrets.token_urlsafe(48))'`",
                code="weak_secret",
            )
        if self.allow_dev_keys:
            raise ConfigurationError(
                "production refuses development keys: set ECERT_ALLOW_DEV_KEYS=false "
                "and provision keys with `ecert keys init`",
                code="dev_keys_in_production",
            )
        left = [m for m in DEV_KEY_MARKERS if (self.home / m).exists()]
        if left:
            raise ConfigurationError(
                f"production refuses the development keys in {self.home} (found {left[0]}, "
                "made by `ecert init` in development): use a new ECERT_HOME and provision "
                "keys with `ecert keys init`",
                code="dev_keys_in_production",
            )

    @property
    def verifier_urls(self) -> tuple[str, ...]:
        """The addresses a QR text may carry here: the public URL, then its aliases (§5.2)."""
        aliases = (u.strip() for u in self.public_url_aliases.split(","))
        return (self.public_url, *(u for u in aliases if u))

    @property
    def keys_dir(self) -> Path:
        return self.home / "keys"

    @property
    def artifacts_dir(self) -> Path:
        return self.home / "artifacts"

    @property
    def public_dir(self) -> Path:
        """Signed lists and public keys the verifier serves (no secrets ever)."""
        return self.home / "public"

    @property
    def exports_dir(self) -> Path:
        return self.home / "exports"

    def passphrase(self) -> bytes:
        """The key-file passphrase: from a file, the environment, or (development only) a
        random one kept in ``$ECERT_HOME/.dev-key-passphrase`` (0600)."""
        if self.key_passphrase_file is not None:
            path = self.key_passphrase_file
            if self.env == "production" and path.stat().st_mode & 0o077:
                raise ConfigurationError(
                    f"passphrase file {path} is readable by others; chmod 600 it",
                    code="world_readable_secret",
                )
            return path.read_bytes().strip()
        if self.key_passphrase:
            return self.key_passphrase.encode()
        if self.is_production:
            raise ConfigurationError(
                "set ECERT_KEY_PASSPHRASE_FILE (or ECERT_KEY_PASSPHRASE) in production",
                code="missing_passphrase",
            )
        return self._dev_passphrase()

    def _dev_passphrase(self) -> bytes:
        path = self.home / ".dev-key-passphrase"
        if not path.exists():
            self.home.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_urlsafe(32))
        return path.read_bytes().strip()

    @property
    def is_production(self) -> bool:
        return self.env == "production"


def load_settings() -> Settings:
    """Settings read from the environment now and validated; a bad value is a ConfigurationError.

    The composition (the app factories, each command) calls it once and passes the result down;
    nothing keeps it process-wide, so a changed environment is never answered from a stale copy.
    """
    try:
        return Settings()
    except ValidationError as exc:
        raise ConfigurationError(_describe(exc), code="invalid_setting") from None


def _describe(exc: ValidationError) -> str:
    """One line per bad setting, named as the environment variable the operator sets."""
    problems = []
    for error in exc.errors():
        name = "ECERT_" + "_".join(str(p) for p in error["loc"]).upper()
        if error["type"] == "literal_error":
            expected = error.get("ctx", {}).get("expected", "")
            problems.append(f"{name}={error.get('input')!r} is not allowed (use {expected})")
        else:
            problems.append(f"{name}: {error['msg']}")
    return "invalid setting: " + "; ".join(problems)

