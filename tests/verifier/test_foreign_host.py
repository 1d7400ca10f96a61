"""A QR text under another site's address is refused online (docs/FORMAT.md §5.2; issue 11
item 14): ``foreign_host``, explained, never "valid"."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.verifier.conftest import World


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    from ecert.app import create_verifier_app

    with TestClient(create_verifier_app()) as test_client:
        yield test_client


def _digits(world: World) -> str:
    return world.issued[0].qr_text.rsplit("/C/", 1)[1]


@pytest.mark.parametrize("prefix", [
    "https://evil.example.com/phish/C/",
    "HTTPS://EVIL.EXAMPLE.COM/C/",
    "http://127.0.0.1:8001/C/",  # another port is another origin
    "HTTP://127.0.0.1:8000/phish/C/",  # our host, another path
])
def test_foreign_address_is_refused_on_the_api(client: TestClient, world: World,
                                               prefix: str) -> None:
    response = client.post("/api/verify", json={"text": prefix + _digits(world)})
    body = response.json()
    assert response.status_code == 422
    assert (body["result"], body["authentic"], body["tone"]) == ("foreign_host", False, "red")
    assert body["error"]["code"] == "foreign_host"
    assert body["certificate"] is None and body["registration"] is None
    assert "不是本核验服务" in body["headline"]
    shown = prefix.rsplit("/C/", 1)[0]
    assert shown in body["checks"][0]["detail"] and shown in body["error"]["message"]
    english = client.post("/api/verify?lang=en", json={"text": prefix + _digits(world)}).json()
    assert "another website" in english["headline"]


@pytest.mark.parametrize("text", [
    "HTTP://127.0.0.1:8000/C/{d}", "http://127.0.0.1:8000/c/{d}", "{d}", "  {d}\n",
    "http://127.0.0.1:8000/C/{d}",
])
def test_own_address_in_any_case_and_bare_digits_stay_valid(client: TestClient, world: World,
                                                            text: str) -> None:
    body = client.post("/api/verify", json={"text": text.format(d=_digits(world))}).json()
    assert body["result"] == "valid"


def test_earlier_public_urls_are_accepted_as_aliases(
    world: World, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """After a move to a new domain, codes printed under the old one still verify."""
    from core.settings import load_settings
    from ecert.app import create_verifier_app

    monkeypatch.setenv("ECERT_PUBLIC_URL_ALIASES", "https://old.example.cn, https://x.cn/jszg")
    with TestClient(create_verifier_app()) as client:
        for prefix, result in [("HTTPS://OLD.EXAMPLE.CN/C/", "valid"),
                               ("https://x.cn/jszg/C/", "valid"),
                               ("https://x.cn/C/", "foreign_host"),
                               ("https://evil.example.com/C/", "foreign_host")]:
            body = client.post("/api/verify", json={"text": prefix + _digits(world)}).json()
            assert body["result"] == result, prefix
    monkeypatch.setenv("ECERT_PUBLIC_URL_ALIASES", "ftp://old.example.cn")
    from core.errors import ConfigurationError

    with pytest.raises(ConfigurationError) as info:
        load_settings()
    assert info.value.code == "invalid_setting" and "PUBLIC_URL_ALIASES" in info.value.message
    monkeypatch.delenv("ECERT_PUBLIC_URL_ALIASES")


def test_foreign_address_on_the_verify_page(client: TestClient,
                                           world: World) -> None:
    phish = "https://evil.example.com/phish/C/" + _digits(world)
    page = client.post("/verify", data={"text": phish})
    assert page.status_code == 422
    assert 'class="state red"' in page.text and 'data-result="foreign_host"' in page.text
    assert "仿冒" in page.text and "evil.example.com" in page.text
    assert world.issued[0].number not in page.text  # nothing of the certificate is shown


def test_cli_online_refuses_and_offline_follows_public_url(
    world: World, capsys: pytest.CaptureFixture[str], tmp_path: Path,
) -> None:
    from ecert.cli import main
    from keys import root_public_key

    phish = "https://evil.example.com/phish/C/" + _digits(world)
    assert main(["verify", phish, "--json"]) == 2
    assert json.loads(capsys.readouterr().out)["result"] == "foreign_host"
    root = tmp_path / "root.pub"
    root.write_bytes(root_public_key(world.home / "keys"))
    offline = ["--offline", "--trust-list", str(world.public / "trust-list.cbor"),
               "--status-list", str(world.public / "status-list.cbor"), "--root-key", str(root)]
    # FORMAT.md §5.2: an offline decoder that knows no public URL accepts any http(s) origin …
    assert main(["verify", phish, "--json", *offline]) == 0
    assert json.loads(capsys.readouterr().out)["result"] == "valid"
    # … and one that is told the issuer's address refuses the others
    own = ["--public-url", "http://127.0.0.1:8000"]
    assert main(["verify", phish, "--json", *offline, *own]) == 2
    assert json.loads(capsys.readouterr().out)["result"] == "foreign_host"
    assert main(["verify", world.issued[0].qr_text, "--json", *offline, *own]) == 0
    capsys.readouterr()
