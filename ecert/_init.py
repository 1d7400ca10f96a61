"""``ecert init``: registry, development key hierarchy, development admin (and with ``--demo``
demo staff accounts with the development password), demo records."""

from __future__ import annotations

import io
import random
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, select

from core.audit import record_event
from core.auth import create_user
from core.clock import today, utcnow
from core.console import console
from core.db import engine_for, session_scope
from core.files import private_dir, tighten_tree, write_private
from core.identity import vault_for
from core.migrate import upgrade
from core.models import Certificate, User
from core.records import validate_record
from core.registry import import_records
from core.rules import division_name
from core.settings import Settings
from core.staff import verify_password

if TYPE_CHECKING:
    import keys

__all__ = ["initialise", "demo_records"]

DEV_ADMIN = "admin"
#: the staff-page password of the development accounts (development only; printed by init)
DEV_STAFF_PASSWORD = "ecert-dev-2026"
#: the demo staff accounts ``init --demo`` adds besides the admin: (name, role, in the demo
#: region?)
DEMO_STAFF = (("reviewer", "reviewer", True), ("clerk", "clerk", True),
              ("auditor", "auditor", False))
DEV_STAFF_FILE = ".dev-staff-accounts"
#: the demo schools; ``init --demo`` adds a 学校审查 account for each (school1 …) in the demo
#: county, with a county and a city reviewer and an open 定期注册 cycle there
DEMO_SCHOOLS = ("第一中学", "实验小学", "第二中学", "中心幼儿园", "职业技术学校")


def initialise(settings: Settings, *, demo: int = 0, seed: int = 2024) -> None:
    """Create or complete the registry; safe to run again."""
    existed = settings.home.exists()
    for folder in (settings.home, settings.artifacts_dir, settings.exports_dir):
        private_dir(folder)
    upgrade(settings.database_url)
    records = demo_records(demo, seed=seed, photo_dir=settings.artifacts_dir / "photos")
    provinces = sorted({r["certificate_number"][4:6] for r in records})
    _ensure_keys(settings, provinces)
    token = _ensure_admin(settings)
    initial = _ensure_admin_password(settings)
    if records:
        _import_demo(settings, records)
    staff = _ensure_demo_staff(settings, records) if not settings.is_production else []
    if not settings.is_production:
        _publish(settings)
    _tighten(settings, report=existed)
    console.print(f"registry ready at {settings.database_url}")
    if token:
        console.print(f"development admin token ({DEV_ADMIN}): [bold]{token}[/]")
    if initial:
        console.print(f"initial password of {DEV_ADMIN} (shown once; it must be changed at the "
                      f"first sign-in at /login): [bold]{initial}[/]", highlight=False)
    if staff:
        _print_staff(settings, staff)


def _ensure_keys(settings: Settings, provinces: list[str]) -> None:
    """Development key hierarchy: root, CA, one signing key per province in the demo data."""
    from keys import init_hierarchy

    if settings.is_production:
        console.print("production: provision keys with `ecert keys init` / `keys create`")
        return
    authorities = [(p, division_name(p + "0000") or p) for p in provinces]
    events = init_hierarchy(settings.keys_dir, passphrase=settings.passphrase(),
                            authorities=authorities, custodian=DEV_ADMIN, now=utcnow(),
                            organisation=settings.issuer_name)
    events += _ensure_seals(settings, [code for code, _name in authorities])
    # Production refuses a home holding this marker (core.settings.DEV_KEY_MARKERS).
    (settings.keys_dir / ".development").touch()
    with session_scope(engine_for(settings)) as session:
        for event in events:
            record_event(session, **event.audit_kwargs())


def _ensure_seals(settings: Settings, codes: list[str]) -> list[keys.LifecycleEvent]:
    """Development: an SM2 electronic seal per demo authority (the OFD licences' GB/T 38540
    seal); authorities that have an active seal keep it."""
    from keys import create_seal, list_seals

    have = {r.authority for r in list_seals(settings.keys_dir) if r.status == "active"}
    return [event for code in codes if code not in have
            for event in create_seal(settings.keys_dir, code, custodian=DEV_ADMIN,
                                     passphrase=settings.passphrase(), now=utcnow(),
                                     organisation=settings.issuer_name or None)]


def _publish(settings: Settings) -> None:
    """Development: sign and publish the lists at once so the verifier works out of the box."""
    from issuer import issuer_context, publish_lists

    publish_lists(issuer_context(settings, render_pdf=False), settings.public_dir,
                  custodian=DEV_ADMIN, engine=engine_for(settings))


def _ensure_admin(settings: Settings) -> str | None:
    """Create the development admin once; in development its token is kept 0600 to reprint."""
    token_file = settings.home / ".dev-admin-token"
    with session_scope(engine_for(settings)) as session:
        if _user_exists(session, DEV_ADMIN):
            return token_file.read_text().strip() if token_file.exists() else None
        _, token = create_user(session, name=DEV_ADMIN, role="admin", region="",
                               actor="ecert-init")
    if not settings.is_production:
        write_private(token_file, (token + "\n").encode())
    return token


def _ensure_admin_password(settings: Settings) -> str | None:
    """Give the admin a staff-page password if it has none: in development the known
    development password; in production a generated one, returned to be printed once and to be
    changed at the first sign-in."""
    from core.staff import generate_password, set_password

    with session_scope(engine_for(settings)) as session:
        admin = session.exec(select(User).where(User.name == DEV_ADMIN)).first()
        if admin is None or admin.password_hash:
            return None
        if settings.is_production:
            password = generate_password()
            set_password(session, DEV_ADMIN, password, actor="ecert-init", must_change=True)
            return password
        set_password(session, DEV_ADMIN, DEV_STAFF_PASSWORD, actor="ecert-init",
                     must_change=False)
    return None


def _demo_region(records: list[dict[str, Any]]) -> str:
    """The province most demo records belong to (their certificate numbers say which)."""
    provinces = Counter(str(r["certificate_number"])[4:6] for r in records)
    return provinces.most_common(1)[0][0] if provinces else ""


def _ensure_demo_staff(settings: Settings, records: list[dict[str, Any]]
                       ) -> list[tuple[str, str, str]]:
    """Development: the admin, and with demo records a reviewer and a clerk of the demo region
    and an auditor, all with the development password: (name, role, region) of each."""
    from core.staff import set_password

    with session_scope(engine_for(settings)) as session:
        existing = {u.name: u for u in session.exec(select(User)).all()}
        if records:
            region = _demo_region(records)
            for name, role, regional in DEMO_STAFF:
                if name in existing:
                    continue
                user, _token = create_user(session, name=name, role=role,
                                           region=region if regional else "", actor="ecert-init")
                set_password(session, name, DEV_STAFF_PASSWORD, actor="ecert-init",
                             must_change=False)
                existing[name] = user
            cycle_staff = _ensure_cycle_staff(session, region, existing)
        names = [DEV_ADMIN, *(name for name, _, _ in DEMO_STAFF),
                 *(cycle_staff if records else [])]
        return [(n, existing[n].role, existing[n].region) for n in names
                if n in existing and existing[n].password_hash
                and verify_password(existing[n].password_hash, DEV_STAFF_PASSWORD)]


def _ensure_cycle_staff(session: Session, province: str, existing: dict[str, User]
                        ) -> list[str]:
    """Development: the 定期注册 tiers of the demo province (the ``reviewer`` above is its
    province tier): a county and a city reviewer and a school reviewer per demo school, all in
    the demo county, and the county's open cycle of this year. Their names, in order."""
    from core.staff import set_password
    from issuer.cli_cycle import seed_demo_cycle

    county, _ = seed_demo_cycle(session, province, actor="ecert-init")
    wanted = [("county", "reviewer", county, None), ("city", "reviewer", county[:4], None),
              *((f"school{i}", "school", county, school)
                for i, school in enumerate(DEMO_SCHOOLS, 1))]
    for name, role, region, school in wanted:
        if name in existing:
            continue
        user, _token = create_user(session, name=name, role=role, region=region,
                                   actor="ecert-init", school=school)
        set_password(session, name, DEV_STAFF_PASSWORD, actor="ecert-init", must_change=False)
        existing[name] = user
    return [name for name, *_ in wanted]


def dev_sign_ins(home: Path) -> list[tuple[str, str, str, str]]:
    """The development sign-ins :func:`_print_staff` wrote to ``home``: (name, role, region,
    password) each, region '' for the whole country; none when the file is absent."""
    path = home / DEV_STAFF_FILE
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines() if path.is_file() else []:
        parts = line.split("\t")
        if len(parts) == 4 and not line.startswith("#"):
            name, role, region, password = parts
            rows.append((name, role, "" if region == "all" else region, password))
    return rows


def _print_staff(settings: Settings, staff: list[tuple[str, str, str]]) -> None:
    """The development sign-ins, on the console and in ``ECERT_HOME/.dev-staff-accounts``."""
    lines = [f"{name}\t{role}\t{region or 'all'}\t{DEV_STAFF_PASSWORD}"
             for name, role, region in staff]
    write_private(settings.home / DEV_STAFF_FILE,
                  ("# development staff sign-ins (/login): name, role, region, password\n"
                   + "\n".join(lines) + "\n").encode())
    console.print(f"development staff sign-ins at /login (password [bold]{DEV_STAFF_PASSWORD}"
                  f"[/], also in {settings.home / DEV_STAFF_FILE}):", highlight=False)
    for name, role, region in staff:
        console.print(f"  {name:<9} {role:<9} region {region or 'all'}", highlight=False)


#: What ``ecert`` keeps in its home besides ``public/``: all of it personal data or secrets.
HOME_ENTRIES = ("artifacts", "exports", "keys", "run", ".dev-admin-token",
                ".dev-key-passphrase", DEV_STAFF_FILE)


def _tighten(settings: Settings, *, report: bool) -> None:
    """Owner-only for the home and what ecert keeps in it (not ``public/``), also for a home
    made before modes were enforced. Only ecert's own entries are walked: a home set to a
    folder that holds other things keeps their modes, the 0700 home already hides them."""
    home = settings.home
    targets = [home / name for name in HOME_ENTRIES]
    if settings.database_url.startswith("sqlite:///"):
        db = Path(settings.database_url.removeprefix("sqlite:///"))
        targets += [db, *(db.with_name(db.name + s) for s in ("-wal", "-shm", "-journal"))]
    changed = tighten_tree(home, recursive=False) + sum(tighten_tree(t) for t in targets)
    if changed and report:  # news only for a home an earlier version made
        console.print(f"{changed} file(s) and folder(s) in {home} made owner-only")


def _user_exists(session: Session, name: str) -> bool:
    return session.exec(select(User.id).where(User.name == name)).first() is not None


def demo_records(count: int, *, seed: int, photo_dir: Path) -> list[dict[str, Any]]:
    """``count`` synthetic records (from the scanning sample generator) with photos."""
    if count <= 0:
        return []
    from scanning.sample import portrait, random_record

    rng = random.Random(seed)
    private_dir(photo_dir)
    out = []
    for i in range(count):
        rec = random_record(rng).as_json(source=f"demo-{i + 1:04d}", school=_school(rng))
        photo = photo_dir / f"{rec['certificate_number']}.jpg"
        jpeg = io.BytesIO()
        portrait(295, 413, rng, (255, 255, 255)).save(jpeg, "JPEG", quality=85)
        write_private(photo, jpeg.getvalue(), durable=False)
        rec.update(photo=f"{photo_dir.name}/{photo.name}", criminal_check_done=True)
        out.append(rec)
    return out


def _school(rng: random.Random) -> str:
    return rng.choice(list(DEMO_SCHOOLS))


def _import_demo(settings: Settings, records: list[dict[str, Any]]) -> None:
    vault = vault_for(settings.secret)
    day = today()
    with session_scope(engine_for(settings)) as session:
        existing = set(session.exec(select(Certificate.number)).all())
        fresh = [r for r in records if r["certificate_number"] not in existing]
        valid = [(i + 1, validate_record(r, today=day, line=i + 1)) for i, r in enumerate(fresh)]
        import_records(session, valid, actor="ecert-init", approve=True, batch="demo",
                       vault=vault)
        if not settings.is_production:  # teachers' codes go to holder-<n>@example.test
            from issuer.api import seed_demo_contacts, seed_demo_usccs

            seed_demo_contacts(session, "ecert-init", secret=settings.secret)
            seed_demo_usccs(session, "ecert-init")  # made-up codes: identifiers in the demo
    console.print(f"demo: {len(fresh)} approved record(s) with photos, ready to issue")
