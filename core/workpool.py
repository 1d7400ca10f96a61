"""A small pool of worker processes for expensive work on untrusted input, with a bounded queue
and a time limit that kills a runaway job.

Decoding an uploaded PDF or photo can cost seconds of CPU for a 1 KB file. Run on the server's
own threads, a few such uploads starve every other request (the public QR page included). Here
each job runs in a separate, lower-priority process:

- at most ``workers`` jobs run and ``queue`` wait; one more is refused at once with
  :class:`Busy` (HTTP 503 ``busy`` + Retry-After), never queued without bound;
- a job past ``timeout`` seconds has its process killed (:class:`WorkTimeout`, HTTP 422); the
  next job starts a fresh process;
- a job that raises, or whose process dies, is :class:`WorkFailed`; its result must be
  picklable, and errors meant for the caller should be returned as data.

Waiting for a job holds a thread of this pool, never one of the server's: ``await pool.run(...)``
from async code, ``pool.call(...)`` from sync code.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from core.errors import EcertError, InvalidInput

__all__ = ["Busy", "WorkFailed", "WorkPool", "WorkTimeout"]

T = TypeVar("T")
_STARTUP_SECONDS = 120.0


class Busy(EcertError):
    """Every worker is busy and the queue is full (HTTP 503 with Retry-After)."""

    code = "busy"
    http_status = 503

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"服务繁忙，请 {retry_after} 秒后再试 busy; retry in {retry_after} s",
                         retry_after=retry_after)
        self.retry_after = retry_after


class WorkTimeout(InvalidInput):
    """The job ran past its time limit and was stopped (the input is too costly to examine)."""

    code = "work_timeout"

    def __init__(self, seconds: float) -> None:
        super().__init__(f"处理超时 the input took longer than {seconds:g} s to examine",
                         rule="work_timeout")


class WorkFailed(EcertError):
    """The job raised, or its worker process died (on untrusted input: the input's fault, 422)."""

    code = "work_failed"
    http_status = 422


class _Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, nice: int, preload: tuple[str, ...]) -> None:
        context = multiprocessing.get_context("spawn")  # never fork a threaded server
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, os.getpid(), nice, preload),
                                       name="ecert-work", daemon=True)
        self.process.start()
        child.close()
        # Start-up (a fresh interpreter importing ``preload``) is not charged to the first job.
        if not self.conn.poll(_STARTUP_SECONDS) or self.conn.recv() != "ready":
            self.kill()
            raise WorkFailed("worker process did not start")

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class WorkPool:
    """``workers`` processes, ``queue`` more jobs waiting, ``timeout`` seconds per job."""

    def __init__(self, workers: int, queue: int, timeout: float, *, nice: int = 10,
                 preload: tuple[str, ...] = ()) -> None:
        self.workers, self.capacity, self.timeout = workers, workers + queue, timeout
        self._nice, self._preload = nice, preload
        self._threads = ThreadPoolExecutor(workers, thread_name_prefix="ecert-work")
        self._local = threading.local()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        self._pending = 0

    def check_room(self) -> None:
        """:class:`Busy` if a job submitted now would be refused (to refuse before reading an
        upload; :meth:`submit` checks again)."""
        with self._lock:
            if self._pending >= self.capacity:
                raise self._busy()

    def _busy(self) -> Busy:
        return Busy(max(1, round(self.timeout * self._pending / self.workers / 2)))

    def submit(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        """Queue ``fn(*args)`` for a worker process; :class:`Busy` when the queue is full."""
        with self._lock:
            if self._pending >= self.capacity:
                raise self._busy()
            self._pending += 1
        future = self._threads.submit(self._run, fn, args)
        future.add_done_callback(self._release)
        return future

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` in a worker process, awaited without holding a server thread."""
        return await asyncio.wrap_future(self.submit(fn, *args))

    def call(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` in a worker process, waited for in this thread."""
        return self.submit(fn, *args).result()

    def close(self) -> None:
        """Stop every worker process."""
        self._threads.shutdown(wait=True, cancel_futures=True)
        with self._lock:
            workers, self._all = self._all, []
        for worker in workers:
            worker.kill()

    def _release(self, _future: Future[Any]) -> None:
        with self._lock:
            self._pending -= 1

    def _worker(self) -> _Worker:
        worker: _Worker | None = getattr(self._local, "worker", None)
        if worker is None or not worker.process.is_alive():
            worker = _Worker(self._nice, self._preload)
            self._local.worker = worker
            with self._lock:
                self._all.append(worker)
        return worker

    def _discard(self, worker: _Worker) -> None:
        worker.kill()
        self._local.worker = None
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)

    def _run(self, fn: Callable[..., T], args: tuple[Any, ...]) -> T:
        worker = self._worker()
        try:
            worker.conn.send((fn, args))  # pickled here: a bad argument raises in the caller
            if not worker.conn.poll(self.timeout):
                self._discard(worker)
                raise WorkTimeout(self.timeout)
            ok, value = worker.conn.recv()
        except (EOFError, OSError) as exc:
            self._discard(worker)
            raise WorkFailed(f"worker process ended: {exc or type(exc).__name__}") from None
        if not ok:
            raise WorkFailed(str(value))
        result: T = value
        return result


def _serve(conn: Connection, parent: int, nice: int, preload: tuple[str, ...]) -> None:
    """Worker process: import ``preload``, say ready, run jobs from the pipe until it closes."""
    import importlib

    from core.workers import die_with_parent

    die_with_parent(parent)
    os.nice(nice)  # the server that answers /C/ comes first when CPUs are short
    for name in preload:
        importlib.import_module(name)
    conn.send("ready")
    while True:
        try:
            fn, args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply: tuple[bool, Any] = (True, fn(*args))
        except Exception as exc:  # reported to the caller as WorkFailed, never re-raised here
            reply = (False, f"{type(exc).__name__}: {exc}")
        try:
            conn.send(reply)
        except Exception as exc:  # an unpicklable result
            conn.send((False, f"unpicklable result: {type(exc).__name__}: {exc}"))
