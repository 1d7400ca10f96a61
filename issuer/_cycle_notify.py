"""Telling the teacher about each 定期注册 step, after the step is committed.

A step queues a :class:`StepNotice` on the unit of work (:func:`queue_notice`); the notices are
handed to the delivery thread of ``issuer._notify`` only once the session commits, and dropped
if it rolls back, so no teacher hears of a step that did not happen. Delivery goes to the
holder's contact on file through the configured notifier's ``send_notice``, with its own
subject. The text names the certificate by its last four digits only, never an ID number.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlmodel import Session

from core.errors import EcertError
from issuer._notify import certificate_hint, current_notifier, submit_delivery

__all__ = ["StepNotice", "queue_notice"]

log = logging.getLogger("ecert.registration")
_PENDING = "ecert_cycle_notices"


@dataclass(frozen=True)
class StepNotice:
    """One message to a teacher: whose certificate, and what happened."""

    holder_id: int
    certificate_number: str
    what: str

    @property
    def certificate_hint(self) -> str:
        """The certificate as messages and logs name it: …1234."""
        return certificate_hint(self.certificate_number)

    @property
    def subject(self) -> str:
        """The e-mail subject."""
        return "教师资格定期注册通知"

    def text(self) -> str:
        """The message body (Chinese)."""
        return (f"【教师资格定期注册】您的定期注册申请（证书尾号{self.certificate_number[-4:]}）"
                f"{self.what}")


def queue_notice(session: Session, notice: StepNotice) -> None:
    """Send ``notice`` once ``session`` commits (never if it rolls back)."""
    pending = session.info.setdefault(_PENDING, [])
    if not pending and not session.info.get(_PENDING + "_hooked"):
        event.listen(session, "after_commit", _deliver)
        event.listen(session, "after_rollback", _drop)
        session.info[_PENDING + "_hooked"] = True
    pending.append(notice)


def _drop(session: Session) -> None:
    session.info.pop(_PENDING, None)


def _deliver(session: Any) -> None:
    notices: list[StepNotice] = session.info.pop(_PENDING, [])
    if not notices:
        return
    from core.settings import load_settings

    try:
        notifier = current_notifier(load_settings())
    except EcertError as exc:  # production without a notifier: the steps stand, say so once
        log.warning("registration notices not sent (%d): %s", len(notices), exc.code)
        return
    for notice in notices:
        submit_delivery(notifier, notice)
