"""Remarks (备注) → [{date, text}] and registration (定期注册) stickers →
[{conclusion, valid_from, valid_until, authority, date}], each checked and read twice.

The page readers live in ``_remark_read`` and ``_sticker_read`` (what they share in
``_entry_read``); this module is their one door for the scanner.
"""

from __future__ import annotations

from scanning._agree import disagreements
from scanning._remark_read import (
    annotation_pairs,
    decode_remark,
    read_annotations,
    reread_remark,
    unread_remarks,
)
from scanning._remarks import chinese_punctuation
from scanning._sticker_read import decode_sticker, read_registrations, registrations
from scanning._stickers import REG_LABELS

__all__ = [
    "REG_LABELS", "annotation_pairs", "chinese_punctuation", "decode_remark", "decode_sticker",
    "disagreements", "read_annotations", "read_registrations", "registrations", "reread_remark",
    "unread_remarks",
]  # fmt: skip
