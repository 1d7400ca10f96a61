"""Which worker renders which certificate: grouped by signing-key owner, so that each worker
decrypts as few keys as it can.

Opening a file key costs one PBKDF2 run (600,000 iterations, about 90 ms), and a certificate needs
two keys (credential and PDF). A worker that meets every owner of a nationwide batch pays that for
all of them, and so does every other worker. Here each owner's certificates go to one worker
(largest owners first, each to the least loaded worker). A worker that runs out takes over a whole
owner that nobody has started, or else shares the largest queue left, so no worker idles while
work remains. A batch with one owner is shared by every worker from the start.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence

__all__ = ["OwnerQueues"]


class OwnerQueues:
    """Certificate ids by owner, handed out to workers with owner affinity and stealing."""

    def __init__(self, ids_by_owner: Mapping[str, Sequence[int]], workers: int) -> None:
        self._queues = {owner: deque(ids) for owner, ids in ids_by_owner.items() if ids}
        self._home: list[list[str]] = [[] for _ in range(max(1, workers))]
        self._started: set[str] = set()
        loads = [0] * len(self._home)
        for owner in sorted(self._queues, key=lambda o: (-len(self._queues[o]), o)):
            worker = loads.index(min(loads))
            self._home[worker].append(owner)
            loads[worker] += len(self._queues[owner])

    def __len__(self) -> int:
        return sum(len(queue) for queue in self._queues.values())

    def take(self, worker: int, count: int) -> list[int]:
        """Up to ``count`` ids for ``worker``; empty when every queue is empty."""
        out: list[int] = []
        while len(out) < count:
            owner = self._next_owner(worker)
            if owner is None:
                break
            queue = self._queues[owner]
            while queue and len(out) < count:
                out.append(queue.popleft())
        return out

    def _next_owner(self, worker: int) -> str | None:
        home = self._home[worker]
        while home and not self._queues[home[0]]:
            home.pop(0)
        if home:
            self._started.add(home[0])
            return home[0]
        # take over an owner nobody has started: the last one on the longest list
        for other in sorted(range(len(self._home)), key=lambda w: -len(self._home[w])):
            for owner in reversed(self._home[other]):
                if owner not in self._started and self._queues[owner]:
                    self._home[other].remove(owner)
                    home.append(owner)
                    self._started.add(owner)
                    return owner
        # everything left is under way somewhere: share the largest queue
        left = [owner for owner, queue in self._queues.items() if queue]
        return max(left, key=lambda o: len(self._queues[o])) if left else None
