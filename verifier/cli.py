"""``ecert verify TEXT|FILE [--json] [--offline --trust-list F --status-list F --root-key F]``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

__all__ = ["register"]



def _read_input(target: str) -> tuple[str | None, bytes | None]:
    """A path to an image/PDF → its bytes; a path to a text file → its text; else the text."""
    path = Path(target)
    if len(target) < 1024 and path.is_file():
        data = path.read_bytes()
        if data[:4] in (b"%PDF", b"\x89PNG", b"RIFF") or data[:3] == b"\xff\xd8\xff":
            return None, data
        return data.decode("utf-8", errors="replace").strip(), None
    return target, None


def _offline(text: str | None, upload: bytes | None, trust_list: Path | None,
             status_list: Path | None, root_key: Path | None) -> object:
    from core.clock import utcnow
    from core.errors import InvalidInput
    from verifier._decode import NoQrFound, decode_upload
    from verifier._offline import verify_offline
    from verifier._online import parse_root_key, pinned_root_key
    from verifier._verify import malformed

    if trust_list is None:
        raise InvalidInput("--offline needs --trust-list FILE", field="trust_list",
                           rule="required")
    if root_key is not None:
        root = parse_root_key(root_key.read_bytes())
    else:
        from core.settings import get_settings

        root = pinned_root_key(get_settings())
    if upload is not None:
        try:
            text = decode_upload(upload).texts[0]
        except NoQrFound as exc:
            from core.credential import CredentialError

            return malformed(CredentialError(exc.message, code="malformed"))
    assert text is not None
    return verify_offline(text, trust_list=trust_list.read_bytes(),
                          status_list=status_list.read_bytes() if status_list else None,
                          root_public_key=root, now=utcnow())


def verify(
    target: Annotated[str, typer.Argument(help="QR text, or a file: image, PDF or text")],
    as_json: Annotated[bool, typer.Option("--json", help="print the verdict as JSON")] = False,
    offline: Annotated[bool, typer.Option(help="no database: use the list files")] = False,
    trust_list: Annotated[Path | None, typer.Option(help="signed trust list file")] = None,
    status_list: Annotated[Path | None, typer.Option(help="signed status list file")] = None,
    root_key: Annotated[Path | None, typer.Option(help="root public key (raw/PEM) to pin")] =
    None,
    lang: Annotated[str, typer.Option(help="zh or en")] = "zh",
) -> None:
    """Verify a certificate's QR text, image or PDF; exit 0 only when the result is valid."""
    from verifier._verdict import Verdict, pick_lang

    text, upload = _read_input(target)
    chosen = pick_lang(lang, None)
    if offline:
        verdict = _offline(text, upload, trust_list, status_list, root_key)
    else:
        from verifier._online import get_service

        service = get_service()
        verdict = service.verify_upload(upload) if upload is not None else \
            service.verify(text or "")
    assert isinstance(verdict, Verdict)
    if as_json:
        print(json.dumps(verdict.to_dict(chosen), ensure_ascii=False))
    else:
        from rich.console import Console
        from rich.markup import escape

        console = Console()
        colour = {"green": "green", "amber": "yellow", "red": "red"}[verdict.tone]
        console.print(f"[bold {colour}]{escape(verdict.summary(chosen))}[/]")
        for check in verdict.checks:
            console.print(f"  {check.outcome:5} {check.name}: {escape(check.detail)}")
    raise typer.Exit(0 if verdict.result == "valid" else 1)


def register(app: typer.Typer) -> None:
    """Add ``ecert verify`` to the ``ecert`` app."""
    app.command("verify")(verify)
