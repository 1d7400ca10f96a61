"""Cheap mutations: bytes (flips, CBOR heads, splices, truncation) and CBOR trees (a node replaced
by a hostile value). Plain ``random.Random`` seeded by Hypothesis, so a failure replays."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import Any

import cbor2

from tests.fuzz._budget import CRASHES, tried

#: CBOR heads a hostile encoder might write: tags (36 MIME, 2 bignum, 1 epoch, 28/29 shared,
#: 258 set, 18 COSE_Sign1, 55799 self-describe), floats, simple values, indefinite lengths,
#: 8-byte lengths, break.
HEADS = [b"\xd8\x24", b"\xc2", b"\xc1", b"\xd8\x1c", b"\xd8\x1d", b"\xd9\x01\x02", b"\xd2",
         b"\xd9\xd9\xf7", b"\xfb", b"\xf9", b"\xfa", b"\xf4", b"\xf5", b"\xf6", b"\xf7", b"\xf8",
         b"\x9f", b"\xbf", b"\x5f", b"\x7f", b"\xff", b"\x1b", b"\x3b", b"\x5b", b"\x7b",
         b"\x9b", b"\xbb", b"\x1b\xff\xff\xff\xff\xff\xff\xff\xff", b"\xc3", b"\xd8\x23"]
INTERESTING = [0x00, 0x01, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1f, 0x20, 0x40, 0x60, 0x7f, 0x80,
               0x9f, 0xa0, 0xbf, 0xc0, 0xd8, 0xf9, 0xfb, 0xff]


def mutate_bytes(rng: random.Random, data: bytes, pool: Sequence[bytes] = ()) -> bytes:
    """One to four random edits of ``data``."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(10)
        pos = rng.randrange(len(out) + 1)
        if op == 0 and out:  # flip a bit
            i = rng.randrange(len(out))
            out[i] ^= 1 << rng.randrange(8)
        elif op == 1 and out:  # an interesting byte
            out[rng.randrange(len(out))] = rng.choice(INTERESTING)
        elif op == 2:  # a hostile CBOR head
            out[pos:pos] = rng.choice(HEADS)
        elif op == 3 and out:  # delete a range
            end = min(len(out), pos + rng.randint(1, 8))
            del out[pos:end]
        elif op == 4:  # truncate
            del out[pos:]
        elif op == 5 and out:  # duplicate a range
            end = min(len(out), pos + rng.randint(1, 16))
            out[pos:pos] = out[pos:end]
        elif op == 6 and pool:  # splice from another seed
            other = rng.choice(pool)
            a = rng.randrange(len(other) + 1)
            out[pos:] = other[a:a + rng.randint(0, 64)] + out[pos:]
        elif op == 7:  # random bytes
            out[pos:pos] = rng.randbytes(rng.randint(1, 8))
        elif op == 8 and out:  # a length head one more or less
            i = rng.randrange(len(out))
            out[i] = (out[i] + rng.choice((1, -1))) & 0xFF
        else:  # overwrite a byte at random
            if out:
                out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def _hostile_values(rng: random.Random) -> list[Any]:
    nested: Any = 0
    for _ in range(rng.randint(1, 12)):
        nested = [nested]
    return [
        cbor2.CBORTag(36, "Subject: x\n\nbody"), cbor2.CBORTag(2, b"\xff" * rng.randint(1, 40)),
        cbor2.CBORTag(3, b"\x01" * 9), cbor2.CBORTag(1, 1.5), cbor2.CBORTag(0, "2026-01-01"),
        cbor2.CBORTag(258, [1, 2]), cbor2.CBORTag(35, "(a+)+$"), cbor2.CBORTag(18, [b"", {}]),
        cbor2.CBORTag(rng.randint(6, 2**32), rng.randint(0, 9)), cbor2.CBORTag(55799, 0),
        2**64 - 1, -(2**64), 2**32, 2**31, -1, 0, 1, 2**63, rng.randint(-(2**64), 2**64 - 1),
        1.5, float("nan"), float("inf"), -0.0, None, True, False, cbor2.undefined,
        cbor2.CBORSimpleValue(rng.choice((0, 19, 32, 255))), b"", b"\x00" * rng.randint(1, 70),
        "", "x" * rng.randint(1, 300), "\u0000\u202e\ud7ff", [], {}, {"a": 1}, {1: [1]},
        [cbor2.CBORTag(36, "x")], nested, rng.randbytes(rng.randint(0, 40)),
    ]


def _nodes(obj: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(obj, list | tuple):
        for i, item in enumerate(obj):
            out += _nodes(item, (*path, i))
    elif isinstance(obj, dict):
        for key, value in obj.items():
            out += _nodes(value, (*path, key))
    return out


def _thaw(obj: Any) -> Any:
    if isinstance(obj, list | tuple):
        return [_thaw(x) for x in obj]
    if isinstance(obj, dict) or type(obj).__name__ == "frozendict":
        return {k: _thaw(v) for k, v in obj.items()}
    return obj


def mutate_tree(rng: random.Random, obj: Any) -> Any:
    """A copy of the decoded CBOR ``obj`` with one to three nodes replaced, dropped or added."""
    obj = _thaw(obj)
    for _ in range(rng.randint(1, 3)):
        path = rng.choice(_nodes(obj))
        if not path:
            return rng.choice(_hostile_values(rng))
        parent = obj
        for step in path[:-1]:
            parent = parent[step]
        last, op = path[-1], rng.randrange(6)
        if op == 0 and isinstance(parent, dict):
            del parent[last]
        elif op == 1 and isinstance(parent, dict):
            parent[rng.choice((last, rng.randint(-3, 30), "x", "type", 99))] = \
                rng.choice(_hostile_values(rng))
        elif op == 2 and isinstance(parent[last], int) and not isinstance(parent[last], bool):
            parent[last] = parent[last] + rng.choice((1, -1, 2**32, -(2**32), 2**40))
        else:
            parent[last] = rng.choice(_hostile_values(rng))
    return obj


def dumps_any(rng: random.Random, obj: Any) -> bytes | None:
    """CBOR of ``obj``, canonical or not; None when cbor2 cannot write it (e.g. a NaN key)."""
    try:
        return cbor2.dumps(obj, canonical=rng.random() < 0.5)
    except (cbor2.CBOREncodeError, TypeError, ValueError, OverflowError):
        return None


def feed(decoder: str, allowed: tuple[type[BaseException], ...], fn: Callable[..., Any],
         *args: Any, _count: bool = True, **kwargs: Any) -> Any:
    """``fn(*args, **kwargs)``, counted for ``decoder`` (unless ``_count`` is false: a second
    call on the same input): a documented error gives None; anything else is a crash, recorded
    for the summary and re-raised so Hypothesis reports it."""
    if _count:
        tried(decoder)
    try:
        return fn(*args, **kwargs)
    except allowed:
        return None
    except Exception:
        CRASHES[decoder] += 1
        raise
