"""The clerks' review page: page images beside the fields read, corrections and approval.

Routes live under ``/review``; the services are plain functions usable without HTTP.
"""

from ._routes import router
from ._service import (
    EDITABLE_FIELDS,
    ReviewItem,
    ReviewRecord,
    approve_record,
    correct_record,
    list_for_review,
    load_record,
)

__all__ = [
    "EDITABLE_FIELDS",
    "ReviewItem",
    "ReviewRecord",
    "approve_record",
    "correct_record",
    "list_for_review",
    "load_record",
    "router",
]
