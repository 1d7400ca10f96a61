"""Worker processes that never outlive the process that started them.

A ``ProcessPoolExecutor`` worker whose parent is killed (``kill -9``, the OOM killer) does not
notice: it idles on its call queue for ever, keeping its memory (an OCR engine is hundreds of
MB) and every file and lock it inherited by ``fork``. Pass :func:`pool_initializer` to the pool
and its workers end with their parent.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

__all__ = ["die_with_parent", "pool_initializer"]

_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def die_with_parent(parent: int) -> None:
    """End this process when process ``parent`` ends, however it ends.

    On Linux the kernel sends SIGKILL when the parent dies (``PR_SET_PDEATHSIG``; strictly, when
    the parent's thread that forked this process ends, so pools must be created and shut down by
    one thread, as ``with ProcessPoolExecutor(...)`` blocks are). Elsewhere, or if the kernel
    refuses, a daemon thread notices the re-parenting. Either way a parent that died before this
    ran is caught by the final check.
    """
    if not (sys.platform.startswith("linux")
            and ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL) == 0):
        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(0.2)
            os._exit(1)
        threading.Thread(target=watch, name="ecert-parent-watch", daemon=True).start()
    if os.getppid() != parent:
        os._exit(1)


def _init(parent: int, then: Callable[..., None] | None, args: tuple[Any, ...]) -> None:
    die_with_parent(parent)
    if then is not None:
        then(*args)


def pool_initializer(
    then: Callable[..., None] | None = None, *args: Any
) -> dict[str, Any]:
    """``initializer``/``initargs`` for a process pool whose workers die with this process, and
    then run ``then(*args)`` (the pool's own initializer, if any)::

        ProcessPoolExecutor(n, **pool_initializer(_init_worker, 1))
    """
    return {"initializer": _init, "initargs": (os.getpid(), then, args)}
