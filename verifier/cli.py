"""``ecert verify TEXT|FILE [--json] [--offline --trust-list F --status-list F --root-key F]``.

What the argument is, is decided by its form alone: digits only, or a URL (``scheme://…``), is
a QR text; anything else is a file path (an image, a PDF, an OFD licence file, or a text file
holding a QR text). An OFD file's electronic seal is checked against the trust list's SM2 seal
CA (and ``--seal-ca``), and joins the verdict as the ``ofd_seal`` check.
Exit 0: valid; 1: another verdict; 2: the input is not a credential of this service, or could
not be read (a one-line message, never a traceback).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from core.errors import InvalidInput
from core.settings import Settings

__all__ = ["register"]

_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://")
_QR_HELP = "a QR text is the URL printed in the QR code (…/C/<digits>) or its digits alone"


def _is_qr_text(text: str) -> bool:
    return (text.isascii() and text.isdigit()) or _URL.match(text) is not None


def _refuse(message: str, rule: str) -> InvalidInput:
    return InvalidInput(message, field="target", rule=rule)


def _read_file(path: Path, limit: int) -> bytes:
    from verifier._limits import check_size

    try:
        if not path.exists():
            raise _refuse(f"文件不存在 file not found: {path}（{_QR_HELP}）", "file_not_found")
        if not path.is_file():
            raise _refuse(f"不是普通文件 not a regular file: {path}", "not_a_file")
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:  # too long a name, no permission, …: say which, no traceback
        raise _refuse(f"无法读取文件 cannot read {str(path)[:200]}: {exc.strerror or exc}",
                      "unreadable_file") from None
    check_size(len(data), limit)
    return data


def _read_input(target: str, limit: int) -> tuple[str | None, bytes | None]:
    """QR text → (text, None); an image/PDF file → (None, bytes); a text file → (its text, None)."""
    text = target.strip()
    if _is_qr_text(text):
        return text, None
    data = _read_file(Path(target), limit)
    if data[:4] in (b"%PDF", b"\x89PNG", b"RIFF", b"PK\x03\x04") or data[:3] == b"\xff\xd8\xff":
        return None, data
    try:
        text = data.decode("utf-8-sig").strip()
    except UnicodeDecodeError:
        raise _refuse(f"文件既不是图片/PDF，也不是二维码文本 {target} is neither an image, a PDF "
                      "nor a UTF-8 text file", "not_a_qr_text") from None
    if not _is_qr_text(text):
        raise _refuse(f"文件内容不是二维码文本 {target} holds no QR text（{_QR_HELP}）",
                      "not_a_qr_text")
    return text, None


def _seal_cas(path: Path | None) -> tuple[bytes, ...]:
    """An SM2 seal CA certificate pinned from a file (PEM or DER), or none."""
    if path is None:
        return ()
    from asn1crypto import pem

    data = _read_file(path, 64 * 1024)
    return (pem.unarmor(data)[2] if pem.detect(data) else data,)


def _ofd_verdict(upload: bytes, anchors: object, verify_text: Callable[[str], object],
                 public_urls: tuple[str, ...] = ()) -> object:
    """An OFD file: the credential in its CustomDatas verified by ``verify_text``, its seal
    joined (a file without one is a malformed verdict, as a photo without a QR code)."""
    from core.credential import CredentialError
    from verifier._ofd import SealRoots, check_ofd, ofd_seal_check, with_ofd_check
    from verifier._verdict import Verdict
    from verifier._verify import foreign_host_verdict, malformed

    assert isinstance(anchors, SealRoots)
    found = check_ofd(upload, anchors)
    if found.qr_text is None:
        return malformed(CredentialError("OFD 文件中没有证照二维码信息 the OFD file carries no "
                                         "credential QR text", code="malformed"))
    refused = foreign_host_verdict(found.qr_text, public_urls)
    verdict = refused if refused is not None else verify_text(found.qr_text)
    assert isinstance(verdict, Verdict)
    return with_ofd_check(verdict, ofd_seal_check(found))


def _offline(settings: Settings, text: str | None, upload: bytes | None, trust_list: Path | None,
             status_list: Path | None, root_key: Path | None,
             public_urls: tuple[str, ...], seal_ca: Path | None = None) -> object:
    from core.clock import utcnow
    from verifier._decode import NoQrFound, decode_upload
    from verifier._ofd import seal_roots
    from verifier._ofd_read import is_zip
    from verifier._offline import OfflineVerifier, verify_offline
    from verifier._online import parse_root_key, pinned_root_key
    from verifier._verify import foreign_host_verdict, malformed

    if trust_list is None:
        raise InvalidInput("--offline needs --trust-list FILE", field="trust_list",
                           rule="required")
    if root_key is not None:
        root = parse_root_key(root_key.read_bytes())
    else:
        root = pinned_root_key(settings)
    if upload is not None and is_zip(upload):
        now = utcnow()
        offline = OfflineVerifier(trust_list.read_bytes(),
                                  status_list.read_bytes() if status_list else None, root, now=now)
        anchors = seal_roots(offline.trust, now=now, extra_cas=_seal_cas(seal_ca))
        return _ofd_verdict(upload, anchors, lambda qr: offline.verify(qr, now=now), public_urls)
    if upload is not None:
        try:
            text = decode_upload(upload).texts[0]
        except NoQrFound as exc:
            from core.credential import CredentialError

            return malformed(CredentialError(exc.message, code="malformed"))
    assert text is not None
    refused = foreign_host_verdict(text, public_urls)
    if refused is not None:
        return refused
    return verify_offline(text, trust_list=trust_list.read_bytes(),
                          status_list=status_list.read_bytes() if status_list else None,
                          root_public_key=root, now=utcnow())


def verify(
    target: Annotated[str, typer.Argument(help="QR text (URL or digits), or a file: image, PDF "
                                          "or a text file holding the QR text")],
    as_json: Annotated[bool, typer.Option("--json", help="print the verdict as JSON")] = False,
    offline: Annotated[bool, typer.Option(help="no database: use the list files")] = False,
    trust_list: Annotated[Path | None, typer.Option(help="signed trust list file")] = None,
    status_list: Annotated[Path | None, typer.Option(help="signed status list file")] = None,
    root_key: Annotated[Path | None, typer.Option(help="root public key (raw/PEM) to pin")] =
    None,
    public_url: Annotated[list[str] | None, typer.Option(
        "--public-url", help="offline: the issuer's verifier address; a QR text under another "
        "is refused as foreign_host (repeatable; default: any http(s) address, FORMAT.md "
        "§5.2). Online, ECERT_PUBLIC_URL is always enforced.")] = None,
    lang: Annotated[str, typer.Option(help="zh or en")] = "zh",
    seal_ca: Annotated[Path | None, typer.Option(
        help="an SM2 seal CA certificate (PEM/DER) to trust for OFD seals, besides the trust "
        "list's")] = None,
) -> None:
    """Verify a certificate's QR text, image, PDF or OFD file; exit 0 valid, 1 another verdict,
    2 refused."""
    from core.settings import load_settings
    from verifier._verdict import Verdict, pick_lang

    settings = load_settings()
    text, upload = _read_input(target, settings.max_upload_bytes)
    chosen = pick_lang(lang, None)
    if offline:
        verdict = _offline(settings, text, upload, trust_list, status_list, root_key,
                           tuple(public_url or ()), seal_ca)
    else:
        from verifier._online import VerifierService

        service = VerifierService(settings)
        verdict = service.verify_upload(upload, seal_cas=_seal_cas(seal_ca)) \
            if upload is not None else service.verify(text or "")
    assert isinstance(verdict, Verdict)
    if as_json:
        print(json.dumps(verdict.to_dict(chosen), ensure_ascii=False))
    else:
        _print(verdict, chosen)
    raise typer.Exit(_exit_code(verdict.result))


def _exit_code(result: str) -> int:
    from core.rules import VerifierResult

    if result == "valid":
        return 0
    return 2 if VerifierResult(result).input_refused else 1


def _print(verdict: object, lang: str) -> None:
    from rich.console import Console
    from rich.markup import escape

    from verifier._verdict import Verdict

    assert isinstance(verdict, Verdict)
    shown = verdict.presentation
    colour = {"green": "green", "amber": "yellow", "red": "red"}[shown.tone]
    console = Console(highlight=False)
    console.print(f"[bold {colour}]{escape(shown.tone_label(lang))} · "
                  f"{escape(shown.summary(lang))}[/]", soft_wrap=True)
    for check in verdict.checks:
        console.print(f"  {check.outcome:5} {check.name}: {escape(check.detail)}", soft_wrap=True)


def register(app: typer.Typer) -> None:
    """Add ``ecert verify`` to the ``ecert`` app."""
    app.command("verify")(verify)
