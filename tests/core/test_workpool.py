"""core.workpool: a small pool of worker processes with a bounded queue and a time limit whose
runaway jobs are killed (issue 11 item 5: uploads kept off the threads that serve /C/)."""

from __future__ import annotations

import asyncio
import operator
import os
import time
from collections.abc import Iterator

import pytest

from core.workpool import Busy, WorkFailed, WorkPool, WorkTimeout


@pytest.fixture
def pool() -> Iterator[WorkPool]:
    work = WorkPool(workers=1, queue=1, timeout=1.0)
    yield work
    work.close()


def test_runs_jobs_in_another_process(pool: WorkPool) -> None:
    assert pool.call(operator.add, 2, 3) == 5
    assert pool.call(os.getpid) != os.getpid()
    assert asyncio.run(pool.run(operator.mul, 6, 7)) == 42


def test_a_full_queue_is_refused_at_once(pool: WorkPool) -> None:
    running = pool.submit(time.sleep, 0.5)
    queued = pool.submit(time.sleep, 0.0)
    with pytest.raises(Busy) as busy:
        pool.submit(time.sleep, 0.0)
    assert busy.value.http_status == 503 and busy.value.code == "busy"
    assert busy.value.retry_after >= 1
    running.result()
    queued.result()
    assert pool.call(operator.add, 1, 1) == 2  # room again


def test_a_runaway_job_is_killed_and_the_worker_replaced(pool: WorkPool) -> None:
    first = pool.call(os.getpid)
    with pytest.raises(WorkTimeout) as timeout:
        pool.call(time.sleep, 60)
    assert timeout.value.code == "work_timeout"
    with pytest.raises(OSError):
        for _ in range(50):  # the killed worker is reaped: its pid no longer exists
            os.kill(first, 0)
            time.sleep(0.05)
    assert pool.call(os.getpid) not in (first, os.getpid())


def test_an_exception_in_the_job_is_reported_not_raised_as_is(pool: WorkPool) -> None:
    with pytest.raises(WorkFailed) as failed:
        pool.call(operator.truediv, 1, 0)
    assert "ZeroDivisionError" in failed.value.message
    assert pool.call(operator.add, 1, 2) == 3
