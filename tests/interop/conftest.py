"""Licence files issued by the real issuance path, for the independent interoperability checks:
the verifier tests' demo world (``ecert init --demo``, ``ecert issue --all``, ``ecert
publish``, built once per session) and the OFD file issuance wrote for each certificate."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.verifier.conftest import World, world_template  # noqa: F401 (the session fixture)


@dataclass(frozen=True)
class IssuedFile:
    number: str
    qr_text: str
    ofd: Path


@dataclass(frozen=True)
class Sample:
    home: Path
    files: tuple[IssuedFile, ...]

    @property
    def trust_list(self) -> bytes:
        """The published trust list (it names the SM2 seal CA: docs/TRUST_LIST.md)."""
        return (self.home / "public" / "trust-list.cbor").read_bytes()


def _ofd(home: Path, number: str) -> Path:
    """The OFD file of the certificate's latest credential version."""
    found = sorted(home.rglob(f"credentials/{number}/v*.ofd"), key=lambda p: int(p.stem[1:]))
    assert found, f"issuance wrote no OFD file for {number}"
    return found[-1]


@pytest.fixture(scope="session")
def sample(world_template: World) -> Sample:  # noqa: F811 (the fixture imported above)
    """Every certificate issued in the demo world, with its sealed OFD file (read-only)."""
    home = world_template.home
    return Sample(home, tuple(IssuedFile(i.number, i.qr_text, _ofd(home, i.number))
                              for i in world_template.issued))
