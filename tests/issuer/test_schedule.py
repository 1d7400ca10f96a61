"""Owner-affine scheduling of a batch over worker processes (issuer._schedule)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from issuer._schedule import OwnerQueues


def _owner_of(queues: dict[str, list[int]]) -> dict[int, str]:
    return {cert_id: owner for owner, ids in queues.items() for cert_id in ids}


def test_owners_are_split_between_workers_largest_first():
    ids = {"41": list(range(0, 40)), "11": list(range(40, 70)), "44": list(range(70, 90)),
           "31": list(range(90, 100))}
    queues = OwnerQueues(ids, workers=2)
    owner = _owner_of(ids)
    first = {w: {owner[i] for i in queues.take(w, 50)} for w in (0, 1)}
    # 41 (40) to worker 0, 11 (30) to 1, 44 (20) to 1, 31 (10) to 0: 50 each, no owner shared
    assert first == {0: {"41", "31"}, 1: {"11", "44"}}
    assert len(queues) == 0 and queues.take(0, 5) == [] and queues.take(1, 5) == []


def test_a_worker_that_runs_dry_takes_over_an_owner_nobody_started():
    ids = {"41": list(range(10)), "11": list(range(10, 14)), "44": list(range(14, 17))}
    queues = OwnerQueues(ids, workers=2)  # 41 → worker 0; 11, 44 → worker 1
    assert queues.take(1, 4) == [10, 11, 12, 13]  # all of 11
    assert queues.take(0, 2) == [0, 1]  # worker 0 starts 41
    assert queues.take(0, 8) == [2, 3, 4, 5, 6, 7, 8, 9]
    # worker 0 is dry: 44 is still unstarted on worker 1's list, so it moves to worker 0
    assert queues.take(0, 5) == [14, 15, 16]
    assert queues.take(1, 5) == []


def test_one_owner_is_shared_by_every_worker():
    queues = OwnerQueues({"41": list(range(12))}, workers=2)
    assert queues.take(0, 4) == [0, 1, 2, 3]
    assert queues.take(1, 4) == [4, 5, 6, 7]  # already started: shared, not idle
    assert queues.take(1, 8) == [8, 9, 10, 11]


@settings(max_examples=200, deadline=None)
@given(
    sizes=st.lists(st.integers(0, 30), min_size=1, max_size=8),
    workers=st.integers(1, 4),
    pulls=st.lists(st.tuples(st.integers(0, 3), st.integers(1, 9)), max_size=60),
)
def test_every_id_is_handed_out_exactly_once(sizes, workers, pulls):
    ids: dict[str, list[int]] = {}
    next_id = 0
    for n, size in enumerate(sizes):
        ids[f"{n:02d}"] = list(range(next_id, next_id + size))
        next_id += size
    queues = OwnerQueues(ids, workers)
    got: list[int] = []
    for worker, count in pulls:
        taken = queues.take(worker % workers, count)
        assert len(taken) <= count
        got.extend(taken)
    while len(queues):
        taken = queues.take(len(got) % workers, 7)
        assert taken, "a worker asking for work gets some while any is left"
        got.extend(taken)
    assert sorted(got) == list(range(next_id))
    # within one owner, ids come out in their original order
    owner = _owner_of(ids)
    for name, own in ids.items():
        assert [i for i in got if owner[i] == name] == own
