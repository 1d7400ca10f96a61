"""The file decoders: the verifier's upload entry point (the upload worker's ``examine``: image
or PDF → QR texts and PDF signature; then the verdict) and scanning's ingest (a file → page
images). Fed mutated PNG/JPEG/WebP/TIFF/PDF seeds and raw bytes: only ecert's own errors come
out, and what comes out stays bounded."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from core.errors import EcertError
from scanning._decode import load_images
from scanning._limits import DEFAULT_LIMITS
from tests.fuzz._budget import examples, fuzz_settings
from tests.fuzz._mutate import feed, mutate_bytes
from tests.fuzz._seeds import NOW, images
from tests.fuzz.test_decoders import _verifier
from verifier._decode import decode_upload
from verifier._uploads import Examined, examine
from verifier._verdict import Verdict

BATCH = examples(1, 20)
SEED = st.integers(0, 2**64 - 1)
_UPLOADS = ("qr.png", "qr.jpg", "qr.webp", "c.pdf")
_MAX_TEXTS = 64


def _one_upload(data: bytes) -> None:
    """What an upload-pool worker runs (errors come back as data, never raised), then verdicts."""
    examined = feed("upload", (), examine, data, [])
    assert isinstance(examined, Examined)
    assert (examined.error is None) or examined.error[2] in range(400, 500)
    assert len(examined.texts) <= _MAX_TEXTS and all(len(t) <= 8000 for t in examined.texts)
    for text in examined.texts[:2]:
        assert isinstance(feed("verify", (), _verifier().verify, text, now=NOW), Verdict)
    feed("upload", (EcertError,), decode_upload, data, _count=False)  # without the worker


@fuzz_settings(small=2, large=150)
@given(SEED)
def test_upload_mutated(seed: int) -> None:
    rng, files = random.Random(seed), images()
    pool = tuple(files[name] for name in _UPLOADS)
    for _ in range(BATCH):
        _one_upload(mutate_bytes(rng, files[rng.choice(_UPLOADS)], pool))


@fuzz_settings(small=3, large=600)
@given(st.sampled_from([b"%PDF-1.7\n", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"RIFF\0\0\0\0WEBP",
                        b""]), st.binary(max_size=600))
def test_upload_any(magic: bytes, data: bytes) -> None:
    _one_upload(magic + data)


def _one_page_file(data: bytes, name: str) -> None:
    pages = feed("ingest", (EcertError,), load_images, data, name)
    if pages is not None:
        assert 1 <= len(pages) <= DEFAULT_LIMITS.max_pages
        assert sum(p.shape[0] * p.shape[1] for p in pages) <= DEFAULT_LIMITS.max_file_pixels


@fuzz_settings(small=2, large=150)
@given(SEED)
def test_ingest_mutated(seed: int) -> None:
    rng, files = random.Random(seed), images()
    names = sorted(files)
    pool = tuple(files.values())
    for _ in range(BATCH):
        name = rng.choice(names)
        _one_page_file(mutate_bytes(rng, files[name], pool), name)


@fuzz_settings(small=3, large=600)
@given(st.sampled_from(["a.pdf", "a.tif", "a.png", "a.jpg", "a.webp", "a"]),
       st.sampled_from([b"%PDF-1.4\n", b"II*\0", b"MM\0*", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff",
                        b""]), st.binary(max_size=600))
def test_ingest_any(name: str, magic: bytes, data: bytes) -> None:
    _one_page_file(magic + data, name)
