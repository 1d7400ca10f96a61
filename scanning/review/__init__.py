"""The review page: the page holding each field beside the form, corrections by clerks (every
rule re-checked), fields typed in by hand, and reviewers' approval one by one or of a batch's
unflagged records.

Routes live under ``/review`` and ask core.policy who may do what; the services are plain
functions usable without HTTP.
"""

from ._bulk import BulkApproval, approve_unflagged
from ._listing import ReviewItem, list_for_review
from ._routes import router
from ._service import (
    EDITABLE_FIELDS,
    ReviewRecord,
    approve_record,
    correct_record,
    load_record,
)

__all__ = [
    "EDITABLE_FIELDS",
    "BulkApproval",
    "ReviewItem",
    "ReviewRecord",
    "approve_record",
    "approve_unflagged",
    "correct_record",
    "list_for_review",
    "load_record",
    "router",
]
