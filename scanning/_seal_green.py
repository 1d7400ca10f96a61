"""A red seal's ring read again in the green channel when the red view garbles its lettering.

The red view (red minus the stronger of green and blue) is made of colour alone, and a JPEG
keeps colour at half resolution: the lettering of a small seal on a 150 dpi scan or a phone
photo turns blocky there and is misread (牡丹江市西安区行限局 for 牡丹江市西安区教育局, 美第三
for 海西蒙古族藏族自治州德令哈市教育局). The green channel keeps the full resolution of the
brightness, and red ink is dark in it too. So when the red view names no office, the ring is
read once more in the green channel:

- the lettered arc and the lettering's extent are found in the green channel kept only near
  red ink (``near_red``: black print crossing the ring, a printed box's side, would widen the
  arc there and count as lettering no character accounts for), and the characters are read in
  the whole green channel, where the strokes are sharpest;
- the rules of ``_seal_ring.read_name`` hold as for the red view: two scales agreeing on one
  vocabulary name, every character of the arc accounted for, the spread a name needs when a
  longer name of another office ends with it;
- the green reading is refused when a red reading is itself the whole name of another office.

Anything else leaves the office unread, with every reading as evidence.
"""

from __future__ import annotations

import cv2
import numpy as np

from core.rules import NOT_HAN
from scanning import _seal_ring
from scanning._ocr import Image
from scanning._red_ink import RED_INK, RedInk, redness
from scanning._seal_ring import RingName
from scanning._seal_shape import Ring
from scanning._vocab import is_authority

__all__ = ["named", "near_red"]

NEAR = 3  # px: the square around a red-ink pixel whose green-channel ink is kept as the seal's


def named(ink: RedInk, ring: Ring) -> RingName:
    """What ``ring`` (one of ``ink.rings``) names: its red view's reading, else its reading
    in the green channel (see the module)."""
    red = ink.name(ring)
    if red.name is not None or ink.view is None:
        return red
    green = _seal_ring.read_name(near_red(ink), ring, ink.green)
    reads = (*red.reads, *green.reads)
    spreads = (*red.spreads, *green.spreads)
    name = green.name
    if name is None or any(_against(r, name) for r in red.reads):
        return RingName(None, reads, spreads=spreads)
    return RingName(name, reads, green.corrected, spreads)


def _against(read: str, name: str) -> bool:
    """The red reading is the whole name of another office than ``name``."""
    flat = NOT_HAN.sub("", read)
    return flat != name and is_authority(flat)


def near_red(ink: RedInk) -> Image:
    """The green channel with everything away from red ink whitened: the seal's strokes stay
    sharp (and their pale edges, which the red view drops), black print off the seal is gone."""
    red = np.asarray(redness(ink.image) > RED_INK // 2, dtype=np.uint8)
    near = cv2.dilate(red, np.ones((NEAR, NEAR), np.uint8)) > 0
    out = ink.green.copy()
    out[~near] = 255
    return out
