"""The cheapest split of a text into QR numeric / alphanumeric / byte segments (exact, linear).

Dynamic programme over characters with six states: the mode of the segment being written and its
length modulo the mode's group size (numeric: 3 digits = 10 bits, alphanumeric: 2 chars = 11
bits). Per-character costs then add up to exactly the segment's data bits (numeric 4, 3, 3 bits;
alphanumeric 6, 5 bits; byte 8 bits per UTF-8 byte), so the minimum found is the true minimum for
the given count-field sizes (which depend on the version class).
"""

from __future__ import annotations

from typing import Literal, NamedTuple

__all__ = ["ALNUM_CHARS", "Mode", "Segment", "data_bits", "optimal_segments"]

Mode = Literal["numeric", "alphanumeric", "byte"]
ALNUM_CHARS = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")
_DIGITS = frozenset("0123456789")
# state: (mode, length-in-group after the character). The same-mode predecessor of a state and the
# bits one more character costs when added to a segment in that predecessor state:
_MODES: tuple[Mode, ...] = ("numeric",) * 3 + ("alphanumeric",) * 2 + ("byte",)
_PRED = (2, 0, 1, 4, 3, 5)  # numeric 2->0, 0->1, 1->2; alphanumeric 4->3, 3->4; byte 5->5
_ADD = (3, 4, 3, 5, 6, 8)  # into state 0 (3rd digit of a group) 3 bits, into 1: 4, into 2: 3 ...
_FIRST_STATE: dict[Mode, int] = {"numeric": 1, "alphanumeric": 4, "byte": 5}
_INF = 1 << 60


class Segment(NamedTuple):
    """One QR data segment: its mode and its characters."""

    mode: Mode
    text: str


def data_bits(segment: Segment) -> int:
    """Data bits of one segment, without mode indicator and character count."""
    n = len(segment.text)
    if segment.mode == "numeric":
        return 10 * (n // 3) + (0, 4, 7)[n % 3]
    if segment.mode == "alphanumeric":
        return 11 * (n // 2) + 6 * (n % 2)
    return 8 * len(segment.text.encode("utf-8"))


def _char_bits(state: int, width: int) -> int:
    return 8 * width if state == 5 else _ADD[state]


def _step(costs: list[int], ch: str, headers: dict[Mode, int]) -> tuple[list[int], list[int]]:
    """Costs after one more character, and back-pointers: previous state, or ~previous state
    (negative) when a new segment starts at this character."""
    allowed = (ch in _DIGITS,) * 3 + (ch in ALNUM_CHARS,) * 2 + (True,)
    width = len(ch.encode("utf-8"))
    best_prev = min(range(6), key=costs.__getitem__) if costs else 0
    base = costs[best_prev] if costs else 0
    new, back = [_INF] * 6, [0] * 6
    for state in range(6):
        if not allowed[state]:
            continue
        if costs and costs[_PRED[state]] < _INF:
            new[state] = costs[_PRED[state]] + _char_bits(state, width)
            back[state] = _PRED[state]
        if state == _FIRST_STATE[_MODES[state]]:
            started = base + headers[_MODES[state]] + _char_bits(state, width)
            if started < new[state]:
                new[state], back[state] = started, ~best_prev
    return new, back


def optimal_segments(text: str, headers: dict[Mode, int]) -> list[Segment]:
    """Cheapest segmentation of ``text``; ``headers`` = mode indicator + count bits per mode."""
    if not text:
        return []
    costs: list[int] = []
    trail: list[list[int]] = []
    for ch in text:
        costs, back = _step(costs, ch, headers)
        trail.append(back)
    state = min(range(6), key=costs.__getitem__)
    segments: list[Segment] = []
    end = len(text)
    for position in range(len(text) - 1, -1, -1):
        pointer = trail[position][state]
        if pointer < 0 or position == 0:
            segments.append(Segment(_MODES[state], text[position:end]))
            end, pointer = position, ~pointer if pointer < 0 else pointer
        state = pointer
    return segments[::-1]
