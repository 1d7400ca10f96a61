"""`make screenshots`: every page of ecert at a phone (390×844) and a desktop (1366×768) size.

Builds a throwaway registry in a temporary ECERT_HOME (20 demo records from a fixed seed, all
issued, one revoked, lists published; the clock frozen), serves the public verifier app and the
development app (issuer + verifier) on localhost with the teacher portal's codes delivered by real
SMTP to a local server the script starts (aiosmtpd, STARTTLS), signs in as the development admin
(and as the demo reviewer and clerk for their views), and saves
docs/screenshots/<page>-<w>x<h>.png (whole page, at most MAX_HEIGHT px tall, palette PNG) plus
docs/screenshots/INDEX.md: what was captured, what is missing, and what the script noticed on
its own (a page wider than the screen, developer text). No internet; Debian's Chromium.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--only admin,verify]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SIZES = ((390, 844), (1366, 768))
MAX_HEIGHT = 3200
DEMO_RECORDS = 20
SEED = 2024
FROZEN = datetime(2026, 11, 1, 2, 0, 0, tzinfo=UTC)  # 10:00 China Standard Time
STAFF_NAME = "admin"  # the development admin `ecert init` creates
STAFF_PASSWORD = "Screenshots-2026!"
WRONG_CODE = "000000"  # what the teacher mistypes on holder-wrong-code (never the code sent)
#: text no citizen or staff member should read (issue 14: developer text on public pages);
#: "the signer is unknown" is prose (the portal explains a PDF reader's warning)
DEVELOPER_TEXT = re.compile(
    r"\+00:00|(?<!is )\bunknown\b|COSE|EdDSA|\bkid\b|Traceback|\bNone\b|\{\{|\}\}|rawValue|"
    r"format pass|not_found|internal_error|\"error\"")


@dataclass(frozen=True)
class Page:
    """One page to capture: its file name, which app serves it, and its path (``{qr}``,
    ``{revoked}``, ``{number}`` are filled from the demo data)."""

    name: str
    app: str  # "public" (the verifier app) or "staff" (the development app)
    path: str
    staff: bool = False  # needs the staff session
    status: int = 200  # the status the page should answer with
    upload_blank: bool = False  # then upload a photo without any QR code on the page's form
    camera: bool = False  # then press "scan with camera" (a fake camera filming a blank desk)
    #: then fill these fields (CSS selector, value) and press the form's primary button
    fill: tuple[tuple[str, str], ...] = ()
    #: the staff account the page is seen as (admin, or a demo account of `ecert init --demo`)
    user: str = STAFF_NAME
    #: a step of the teacher portal: "sent" (number + ID number given), "wrong" (a wrong code
    #: entered), "certificate" (the code from the e-mail entered, then the page's path)
    holder: str = ""


PAGES = (
    Page("home", "public", "/"),
    Page("verify", "public", "/verify"),
    Page("verify-en", "public", "/verify?lang=en"),
    Page("qr-valid", "public", "/C/{qr}"),
    Page("qr-valid-en", "public", "/C/{qr}?lang=en"),
    Page("qr-revoked", "public", "/C/{revoked}"),
    Page("qr-revoked-en", "public", "/C/{revoked}?lang=en"),
    Page("verify-camera", "public", "/verify", camera=True),
    Page("verify-no-qr", "public", "/verify", upload_blank=True, status=422),
    Page("lookup", "public", "/lookup"),
    Page("bulk", "public", "/bulk"),
    Page("trust", "public", "/trust"),
    Page("error-404", "public", "/no-such-page", status=404),
    Page("holder", "staff", "/holder"),
    Page("holder-en", "staff", "/holder?lang=en"),
    Page("holder-sent", "staff", "/holder/code", holder="sent"),
    Page("holder-wrong-code", "staff", "/holder/code", holder="wrong", status=400),
    Page("holder-certificate", "staff", "/holder/certificate", holder="certificate"),
    Page("holder-certificate-en", "staff", "/holder/certificate?lang=en", holder="certificate"),
    Page("login", "staff", "/login"),
    Page("admin", "staff", "/admin", staff=True),
    Page("admin-record", "staff", "/admin/records/{number}", staff=True),
    Page("admin-revoke", "staff", "/admin/records/{number}/act/revoke", staff=True),
    Page("admin-revoke-confirm", "staff", "/admin/records/{number}/act/revoke", staff=True,
         fill=(("#f-document", "示例教育局〔2026〕2号 关于撤销某某教师资格的决定"),
               ("#f-reason", "以欺骗手段取得教师资格（演示）"))),
    Page("admin-reports", "staff", "/admin/reports", staff=True),
    Page("admin-audit", "staff", "/admin/audit", staff=True),
    Page("account", "staff", "/account", staff=True),
    Page("review", "staff", "/review", staff=True),
    Page("review-record", "staff", "/review/{number}", staff=True),
    Page("admin-404", "staff", "/admin/records/99999999999999999", staff=True, status=404),
    Page("dev-home", "staff", "/"),
    Page("admin-reviewer", "staff", "/admin", staff=True, user="reviewer"),
    Page("admin-record-reviewer", "staff", "/admin/records/{region_number}", staff=True,
         user="reviewer"),
    Page("review-clerk", "staff", "/review", staff=True, user="clerk"),
    # 定期注册: the demo county's cycle (build_cycle), as each tier sees it
    Page("cycles", "staff", "/admin/cycles", staff=True),
    Page("cycle-plan", "staff", "/admin/cycles/new", staff=True),
    Page("cycle-county", "staff", "/admin/cycles/{cycle}", staff=True, user="county"),
    Page("cycle-application", "staff", "/admin/cycles/{cycle}/applications/{application}",
         staff=True, user="county"),
    Page("cycle-school", "staff", "/admin/cycles/{cycle}", staff=True, user="school1"),
    Page("cycle-upload", "staff", "/admin/cycles/{cycle}/upload", staff=True, user="school1"),
    Page("cycle-returned", "staff", "/admin/cycles/{cycle}/applications/{returned}",
         staff=True, user="school1"),
    Page("cycle-city", "staff", "/admin/cycles/{cycle}", staff=True, user="city"),
    Page("cycle-file", "staff", "/admin/cycles/{cycle}/file", staff=True, user="reviewer"),
    Page("notice", "staff", "/notice"),
    Page("notice-county", "staff", "/notice/{cycle}/{county}"),
    Page("notice-county-en", "staff", "/notice/{cycle}/{county}?lang=en"),
    Page("holder-apply", "staff", "/holder/apply", holder="certificate"),
)


@dataclass
class Shot:
    page: Page
    size: tuple[int, int]
    url: str = ""
    status: int | None = None
    file: str = ""
    missing: str = ""  # why nothing was captured
    notes: list[str] = field(default_factory=list)


# --- the throwaway registry ----------------------------------------------------------------------


def build_registry(home: Path) -> dict[str, str]:
    """Demo registry in ``home``; returns the values the page paths need."""
    from bench._server import ecert as _cli  # `ecert ARGS` in this process, as the benches do

    os.environ.update(ECERT_HOME=str(home), ECERT_ENV="development")
    os.environ.pop("ECERT_DATABASE_URL", None)
    _cli("init", "--demo", str(DEMO_RECORDS), "--seed", str(SEED))
    issued = [json.loads(x) for x in _cli("issue", "--all", "--json", "--workers", "1",
                                          "--actor", "demo").splitlines() if x.startswith("{")]
    issued.sort(key=lambda x: x["certificate_number"])
    if len(issued) < 2:
        raise SystemExit(f"expected {DEMO_RECORDS} issued demo records, got {len(issued)}")
    revoked = issued[1]["certificate_number"]
    _cli("status", "revoke", revoked, "--reason", "弄虚作假骗取资格（演示）",
         "--document", "示例教育局〔2026〕1号", "--actor", "demo")
    _cli("publish", "--actor", "demo")
    region = staff_accounts(home).get("reviewer", ("", ""))[0]
    mine = [x["certificate_number"] for x in issued
            if x["certificate_number"] != revoked and x["certificate_number"][4:6] == region]
    return {"qr": issued[0]["qr_text"].rsplit("/C/", 1)[1],
            "revoked": issued[1]["qr_text"].rsplit("/C/", 1)[1],
            "number": issued[0]["certificate_number"],
            "region_number": (mine or [issued[0]["certificate_number"]])[0]}


def build_cycle(problems: list[str]) -> dict[str, str]:
    """The demo county's open 定期注册 cycle (``ecert init --demo`` opens it) with applications
    in each state: three decided (注册合格, 暂缓注册, 注册不合格) and on public notice, one with
    a public objection, one passed by its school, one returned with a reason, the rest applied.
    The values the cycle pages' paths need ('0' when the demo has no cycle: reported), and the
    teacher the portal's pages follow (``portal``): the returned one, so /holder/apply shows
    the form with the school's reason (a teacher outside the county has no cycle to apply in)."""
    from core.db import session_scope
    from core.settings import load_settings
    from issuer._cycle import cycles_for
    from issuer._cycle_notice import submit_objection
    from issuer._cycle_query import due_certificates
    from issuer._cycle_steps import ApplicationDetails, apply, decide, publish, school_review

    values = {"cycle": "0", "county": "000000", "application": "0", "returned": "0"}
    try:
        with session_scope() as s:
            cycle = next(c for c in cycles_for(s, "") if c.state == "open")
            ids, numbers = [], []
            for i, due in enumerate(due_certificates(s, cycle.id or 0, limit=8)):
                details = ApplicationDetails(  # from the 4th on at school1's school
                    school="第一中学" if i >= 3 else due.school or "第一中学", post="专任教师",
                    training_hours=40 if i == 1 else 360,
                    assessments=({"year": 2024, "result": "合格"},
                                 {"year": 2025, "result": "优秀"}))
                ids.append(apply(s, cycle.id or 0, due.certificate_number, details=details,
                                 source="school" if i % 2 else "portal", actor="demo").id or 0)
                numbers.append(due.certificate_number)
            for app_id in ids[:4]:
                school_review(s, app_id, passed=True, actor="school1")
            school_review(s, ids[4], passed=False, note="请补充五年培训学时证明（演示）",
                          actor="school1")
            for app_id, conclusion, reason in zip(ids[:3], ("注册合格", "暂缓注册", "注册不合格"),
                                                  (None, "training_hours", "ethics"), strict=True):
                decide(s, app_id, conclusion=conclusion, reason=reason, actor="county")
                publish(s, app_id, actor="county")
        with session_scope() as s:
            submit_objection(s, ids[2], text="该教师本学年未在教学岗位任教（演示）。",
                             contact="13800000000", client="192.0.2.1",
                             secret=load_settings().secret)
        values.update(cycle=str(cycle.id), county=cycle.region, application=str(ids[2]),
                      returned=str(ids[4]), portal=numbers[4])
    except Exception as exc:  # noqa: BLE001 — the cycle pages are then reported missing
        problems.append(f"no demo 定期注册 cycle: {exc}")
    return values


def staff_accounts(home: Path) -> dict[str, tuple[str, str]]:
    """The development sign-ins `ecert init --demo` wrote: name → (region, password)."""
    from ecert._init import dev_sign_ins

    return {name: (region, password) for name, _role, region, password in dev_sign_ins(home)}


def holder_id_number(number: str) -> str:
    """The ID number the teacher of certificate ``number`` types at /holder: the registry keeps
    it encrypted; decrypted with the registry's own key, as the portal's tests do."""
    from sqlmodel import select

    from core.db import session_scope
    from core.identity import vault_for
    from core.models import Certificate, Holder
    from core.settings import load_settings

    with session_scope() as session:
        person = session.exec(select(Holder).join(Certificate, Certificate.holder_id == Holder.id)
                              .where(Certificate.number == number)).one()
        return vault_for(load_settings().secret).decrypt(person.id_cipher)


@dataclass
class Portal:
    """The teacher whose journey through /holder is captured, and the mailbox their codes
    arrive in (a local SMTP server)."""

    number: str
    id_number: str
    box: Any  # tests.issuer.test_notify_gateways.Mailbox
    seen: int = 0  # messages in the box when the last code was asked for

    def code(self, timeout: float = 20.0) -> str:
        """The code of the e-mail that arrived after the last request."""
        deadline = time.monotonic() + timeout
        while len(self.box.messages) <= self.seen:
            if time.monotonic() > deadline:
                raise RuntimeError("no e-mail with a code arrived at the local SMTP server")
            time.sleep(0.1)
        return str(self.box.codes()[-1])


@contextlib.contextmanager
def smtp_delivery(folder: Path) -> Iterator[Any]:
    """A local SMTP server (STARTTLS with a self-signed certificate, LOGIN) and the settings
    that make the app deliver the portal's codes to it (ECERT_NOTIFIER=smtp)."""
    from issuer._notify import configure_notifier
    from tests.issuer.test_notify_gateways import PASSWORD, USER, smtp_server

    configure_notifier(None)  # the notifier the settings name
    with smtp_server(folder) as box:
        os.environ.update(ECERT_NOTIFIER="smtp", ECERT_SMTP_HOST="127.0.0.1",
                          ECERT_SMTP_PORT=str(box.port), ECERT_SMTP_FROM="noreply@example.test",
                          ECERT_SMTP_USERNAME=USER, ECERT_SMTP_PASSWORD=PASSWORD,
                          ECERT_SMTP_CA_FILE=str(box.ca_file))
        yield box


def staff_password() -> str | None:
    """Give the development admin a known password; None (with the reason printed) where staff
    sign-in is not there yet."""
    try:
        from core.db import session_scope
        from core.staff import set_password
    except ImportError as exc:
        print(f"staff sign-in not available ({exc}): staff pages will be reported missing")
        return None
    with session_scope() as session:
        set_password(session, STAFF_NAME, STAFF_PASSWORD, actor="screenshots",
                     must_change=False, check_rule=False)
    return STAFF_PASSWORD


# --- the browser ---------------------------------------------------------------------------------


def sign_in(page: Any, base: str, password: str | None, name: str = STAFF_NAME
            ) -> tuple[str, str]:
    """Sign in as ``name`` through the /login form; if the form does not let us in, open a
    session on the server side and hand the browser its cookie (so the staff pages are still
    captured). Returns (why nothing works or '', what went wrong with the form or '')."""
    if password is None:
        return f"no sign-in for {name!r} (not available or no such demo account)", ""
    answer = page.goto(f"{base}/login")
    if answer is None or answer.status != 200 or page.locator("#name").count() == 0:
        return f"/login answered {answer.status if answer else '-'} without a sign-in form", ""
    page.fill("#name", name)
    page.fill("#password", password)
    page.locator("form button[type=submit], form input[type=submit]").first.click()
    page.wait_for_load_state("load")
    if "/login" not in page.url and "/account/password" not in page.url:
        return "", ""
    notice = page.locator(".notice, .error, [role=alert]")
    said = notice.first.inner_text().strip() if notice.count() else ""
    form_problem = (f"the /login form did not sign in {name} (stayed at "
                    f"{page.url.removeprefix(base)}" + (f": {said}" if said else "")
                    + "); signed in on the server side instead")
    from core.db import session_scope
    from core.settings import load_settings
    from core.staff import COOKIE
    from core.staff import sign_in as open_session

    with session_scope() as session:
        _user, token, _row = open_session(session, name=name, password=password,
                                          client="screenshots", secret=load_settings().secret)
    page.context.add_cookies([{"name": COOKIE, "value": token, "url": base}])
    return "", form_problem


_LAYOUT = """() => {
  const doc = document.scrollingElement || document.documentElement;
  const wide = [];
  for (const el of document.body ? document.body.querySelectorAll('*') : []) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.right > window.innerWidth + 1 && !el.closest('[data-scrolls]')) {
      let scroller = el.parentElement, inside = false;
      while (scroller && scroller !== document.body) {
        const s = getComputedStyle(scroller);
        if (/(auto|scroll|hidden)/.test(s.overflowX)) { inside = true; break; }
        scroller = scroller.parentElement;
      }
      if (!inside) { wide.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                               (el.className && typeof el.className === 'string'
                                ? '.' + el.className.trim().split(/\\s+/).join('.') : '')); }
    }
  }
  const boxes = [];
  for (const el of document.body ? document.body.querySelectorAll('*') : []) {
    const s = getComputedStyle(el);
    if (/(auto|scroll)/.test(s.overflowX) && el.clientWidth > 0 &&
        el.scrollWidth > el.clientWidth + 1) {
      const inner = el.querySelector('table') || el;
      boxes.push(inner.tagName.toLowerCase() + (inner.className && typeof inner.className ===
                 'string' ? '.' + inner.className.trim().split(/\\s+/).join('.') : '') +
                 ' (' + el.scrollWidth + ' px in ' + el.clientWidth + ')');
    }
  }
  return { scrollWidth: doc.scrollWidth, innerWidth: window.innerWidth,
           height: doc.scrollHeight, wide: wide.slice(0, 5), boxes: boxes.slice(0, 5),
           text: document.body ? document.body.innerText : '' };
}"""


def capture(page: Any, shot: Shot, out: Path) -> None:
    from PIL import Image

    width, height = shot.size
    layout = page.evaluate(_LAYOUT)
    if layout["scrollWidth"] > layout["innerWidth"] + 1:
        shot.notes.append(f"page is {layout['scrollWidth']} px wide on a {width} px screen "
                          f"(sideways scrolling); too wide: {', '.join(layout['wide']) or '?'}")
    elif layout["wide"]:
        shot.notes.append(f"cut off at the right edge: {', '.join(layout['wide'])}")
    if layout["boxes"]:
        shot.notes.append("scrolls sideways inside the page: " + ", ".join(layout["boxes"]))
    found = sorted({m.group(0) for m in DEVELOPER_TEXT.finditer(layout["text"])})
    if found:
        shot.notes.append("developer text: " + ", ".join(repr(f) for f in found))
    if layout["height"] > MAX_HEIGHT:
        shot.notes.append(f"page is {layout['height']} px tall; the picture stops at "
                          f"{MAX_HEIGHT}")
    clip = {"x": 0, "y": 0, "width": width, "height": min(max(layout["height"], height),
                                                          MAX_HEIGHT)}
    raw = page.screenshot(full_page=True, clip=clip, animations="disabled", caret="hide")
    image = Image.open(io.BytesIO(raw)).convert("RGB")
    small = image.quantize(colors=256, dither=Image.Dither.NONE)
    name = f"{shot.page.name}-{width}x{height}.png"
    small.save(out / name, optimize=True)
    shot.file = name


def run_pages(pages: tuple[Page, ...], bases: dict[str, str], values: dict[str, str],
              passwords: dict[str, str], out: Path, problems: list[str],
              camera_video: Path, portal: Portal | None) -> list[Shot]:
    from playwright.sync_api import sync_playwright

    from tests.browser import launch

    shots: list[Shot] = []
    with sync_playwright() as pw:
        fake_camera = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                       f"--use-file-for-fake-video-capture={camera_video}"]
        browser = launch(pw, extra_args=fake_camera)
        for size in SIZES:
            context = browser.new_context(viewport={"width": size[0], "height": size[1]},
                                          locale="zh-CN", timezone_id="Asia/Shanghai",
                                          device_scale_factor=1)
            context.route("**/*", _only_local)
            page = context.new_page()
            signed_in: str | None = None
            user = ""  # whom the browser is signed in as
            for spec in pages:
                shot = Shot(spec, size)
                shots.append(shot)
                if spec.staff and (signed_in is None or spec.user != user):
                    context.clear_cookies()  # another account: drop the previous session
                    user = spec.user
                    try:
                        signed_in, form_problem = sign_in(page, bases["staff"],
                                                          passwords.get(user), user)
                    except Exception as exc:  # noqa: BLE001 — reported on every staff page
                        signed_in = f"sign-in failed: {str(exc).splitlines()[0][:200]}"
                        form_problem = ""
                    if form_problem:
                        problems.append(f"{size[0]}×{size[1]}: {form_problem}")
                if spec.staff and signed_in:
                    shot.missing = signed_in
                    continue
                shot.url = spec.path.format(**values)
                try:
                    _visit(page, spec, shot, bases[spec.app], out, portal)
                except Exception as exc:  # noqa: BLE001 — a page that fails is reported, not fatal
                    shot.missing = f"failed: {str(exc).splitlines()[0][:200]}"
            context.close()
        browser.close()
    return shots


def _visit(page: Any, spec: Page, shot: Shot, base: str, out: Path,
           portal: Portal | None) -> None:
    """Open the page, do its step (scan, fill a form, upload), capture it or say why not."""
    if spec.holder:
        if portal is None:
            shot.missing = "no teacher portal journey (no demo holder or no SMTP server)"
            return
        _holder_step(page, spec, shot, base, portal)
    else:
        answer = page.goto(base + shot.url, wait_until="load")
        shot.status = answer.status if answer else None
    if spec.camera and page.locator("#start-scan").count():
        page.click("#start-scan")
        # a locator, not wait_for_function: the pages' CSP forbids evaluating strings
        page.locator("#scan-status", has_text="扫描").wait_for()
        page.wait_for_timeout(500)  # a few frames in the preview
    if spec.fill and all(page.locator(f).count() for f, _ in spec.fill):
        for field, value in spec.fill:
            page.fill(field, value)
        with page.expect_navigation():
            page.locator("form button[type=submit].primary").first.click()
        shot.status = _navigation_status(page)
    elif spec.upload_blank and page.locator("#file").count():
        with page.expect_navigation():
            page.set_input_files("#file", files=[_blank_photo()])
            page.click("#submit")
        shot.status = _navigation_status(page)
    why = _missing(spec, shot, page, base)
    if why:
        shot.missing = why
        return
    capture(page, shot, out)


def _holder_step(page: Any, spec: Page, shot: Shot, base: str, portal: Portal) -> None:
    """The teacher's journey at /holder, continued from where the previous page left it (one
    code asked for per screen size: the portal allows 5 requests a minute per client)."""
    here = page.url.removeprefix(base).split("?")[0]
    if spec.holder == "sent" or (here != "/holder/code" and not here.startswith(
            "/holder/certificate")):
        page.goto(f"{base}/holder", wait_until="load")
        page.fill("#certificate_number", portal.number)
        page.fill("#id_number", portal.id_number)
        portal.seen = len(portal.box.messages)
        with page.expect_navigation():
            page.get_by_role("button", name="获取验证码").click()
        here = "/holder/code"
    if spec.holder == "wrong":
        page.fill("#code", WRONG_CODE if portal.code() != WRONG_CODE else "999999")
        with page.expect_navigation():
            page.get_by_role("button", name="确认").click()
    elif spec.holder == "certificate":
        if here == "/holder/code":
            page.fill("#code", portal.code())
            with page.expect_navigation():
                page.get_by_role("button", name="确认").click()
        if page.url.removeprefix(base) != shot.url:
            page.goto(base + shot.url, wait_until="load")
    shot.status = _navigation_status(page)
    if page.url.removeprefix(base) != shot.url:
        shot.notes.append(f"ended at {page.url.removeprefix(base)}")


def _navigation_status(page: Any) -> int | None:
    status = page.evaluate("performance.getEntriesByType('navigation')[0].responseStatus")
    return int(status) if status else None


def _blank_photo() -> dict[str, Any]:
    """A photo of a blank sheet: no QR code anywhere on it."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (236, 232, 224)).save(buffer, format="JPEG", quality=85)
    return {"name": "photo.jpg", "mimeType": "image/jpeg", "buffer": buffer.getvalue()}


def _blank_desk_video(path: Path, width: int = 640, height: int = 480) -> None:
    """What the fake camera films: a grey desk with a sheet of paper, no QR code (a .y4m video,
    YUV 4:2:0, as Chromium's --use-file-for-fake-video-capture reads it)."""
    luma = bytearray([118]) * (width * height)
    for y in range(height // 6, height * 5 // 6):
        luma[y * width + width // 4: y * width + width * 3 // 4] = bytes([226]) * (width // 2)
    chroma = bytes([128]) * ((width // 2) * (height // 2))
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode("ascii"))
        for _ in range(2):
            out.write(b"FRAME\n" + bytes(luma) + chroma + chroma)


def _only_local(route: Any, request: Any) -> None:
    if request.url.startswith(("http://127.0.0.1:", "data:", "blob:")):
        route.continue_()
    else:
        route.abort()  # no internet: a page that needs it shows it here


def _missing(spec: Page, shot: Shot, page: Any, base: str) -> str:
    content_type = page.evaluate("document.contentType")
    if shot.status == 404 and spec.status != 404:
        return "404: no such page yet"
    if content_type != "text/html":
        return f"answered {shot.status} {content_type}, not a page"
    here = page.url.removeprefix(base)
    if spec.staff and here.startswith("/login"):
        return "sent to /login although signed in"
    if shot.status != spec.status:
        shot.notes.append(f"answered {shot.status}, expected {spec.status}")
    return ""


# --- the report ----------------------------------------------------------------------------------


def write_index(shots: list[Shot], out: Path, problems: list[str]) -> None:
    lines = ["# Screenshots", "",
             "Made by `make screenshots` (scripts/screenshots.py): a demo registry of "
             f"{DEMO_RECORDS} records (seed {SEED}, one revoked), clock frozen at "
             f"{FROZEN:%Y-%m-%d %H:%M} UTC, Debian Chromium, zh-CN, Asia/Shanghai. Whole pages, "
             f"cut at {MAX_HEIGHT} px. The same records every run; the keys are new each run, so "
             "fingerprints, kid and the QR digits ({qr}) differ. "
             "The teacher portal's code comes by e-mail (ECERT_NOTIFIER=smtp, STARTTLS) from "
             "a local SMTP server the script starts; holder-wrong-code types "
             f"{WRONG_CODE}. Staff pages are seen as the development admin, the ones ending "
             "in -reviewer or -clerk as the demo accounts of `ecert init --demo` (region of "
             "the demo records). "
             "Notes are what the script noticed by itself; look at "
             "the pictures for the rest. The browser's own widgets (\"Choose File\", "
             "mm/dd/yyyy in date fields) are in English because Debian's chromium has only "
             "its en-US resources without the chromium-l10n package; a Chinese browser shows "
             "them in Chinese.", "",
             "| page | path | size | status | file / missing | noticed |",
             "|---|---|---|---|---|---|"]
    for shot in shots:
        where = f"[{shot.file}]({shot.file})" if shot.file else f"**missing**: {shot.missing}"
        path = shot.page.path  # {qr}: the credential's digits change with the fresh keys
        lines.append(f"| {shot.page.name} | `{path[:40]}{'…' if len(path) > 40 else ''}` | "
                     f"{shot.size[0]}×{shot.size[1]} | {shot.status or '—'} | {where} | "
                     f"{'; '.join(shot.notes) or ''} |")
    captured = sum(1 for s in shots if s.file)
    lines += ["", f"{captured} captured, {len(shots) - captured} missing."]
    if problems:
        lines += ["", "Problems on the way:", ""] + [f"- {p}" for p in problems]
    (out / "INDEX.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


@contextlib.contextmanager
def _servers() -> Iterator[dict[str, str]]:
    from ecert.app import create_app, create_verifier_app
    from tests.browser import serve

    with serve(create_verifier_app()) as public, serve(create_app()) as staff:
        yield {"public": public, "staff": staff}


def main(argv: list[str] | None = None, *, echo: Callable[[str], None] = print) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--only", default="", help="comma-separated page names")
    args = parser.parse_args(argv)
    wanted = {n for n in args.only.split(",") if n}
    unknown = wanted - {p.name for p in PAGES}
    if unknown:
        parser.error(f"unknown page(s): {', '.join(sorted(unknown))}")
    pages = tuple(p for p in PAGES if not wanted or p.name in wanted)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    problems: list[str] = []

    from core import clock

    clock.freeze(FROZEN)
    saved = {k: os.environ.get(k) for k in (
        "ECERT_HOME", "ECERT_ENV", "ECERT_DATABASE_URL", "ECERT_NOTIFIER", "ECERT_SMTP_HOST",
        "ECERT_SMTP_PORT", "ECERT_SMTP_FROM", "ECERT_SMTP_USERNAME", "ECERT_SMTP_PASSWORD",
        "ECERT_SMTP_CA_FILE")}
    try:
        with tempfile.TemporaryDirectory(prefix="ecert-screenshots-") as tmp:
            echo(f"building the demo registry in {tmp} …")
            values = build_registry(Path(tmp) / "home")
            values.update(build_cycle(problems))
            password = staff_password()
            passwords = {name: pw for name, (_region, pw)
                         in staff_accounts(Path(tmp) / "home").items()}
            if password is not None:
                passwords[STAFF_NAME] = password
            else:
                passwords.pop(STAFF_NAME, None)
            echo(f"registry ready ({time.monotonic() - started:.0f} s); capturing …")
            if not wanted:
                for old in out.glob("*.png"):
                    old.unlink()
            with smtp_delivery(Path(tmp)) as box, _servers() as bases:
                portal: Portal | None = None
                try:
                    number = values.get("portal", values["number"])
                    portal = Portal(number, holder_id_number(number), box)
                except Exception as exc:  # noqa: BLE001 — the portal pages are reported missing
                    problems.append(f"no demo holder for the teacher portal: {exc}")
                video = Path(tmp) / "camera.y4m"
                _blank_desk_video(video)
                shots = run_pages(pages, bases, values, passwords, out, problems, video,
                                  portal)
    finally:
        clock.freeze(None)
        from issuer._notify import configure_notifier

        configure_notifier(None)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    seconds = time.monotonic() - started
    if not wanted:
        write_index(shots, out, problems)
    for problem in problems:
        echo(f"problem: {problem}")
    for shot in shots:
        size = f"{shot.size[0]}x{shot.size[1]}"
        if shot.file:
            echo(f"  {shot.page.name:14} {size:9} {shot.file}"
                 + (f"  — {'; '.join(shot.notes)}" if shot.notes else ""))
        else:
            echo(f"  {shot.page.name:14} {size:9} MISSING: {shot.missing}")
    captured = sum(1 for s in shots if s.file)
    echo(f"{captured} screenshot(s), {len(shots) - captured} missing, in {out} "
         f"({seconds:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
