"""Which processes still run, read from Linux ``/proc`` (zombies awaiting a reaper do not)."""

from __future__ import annotations

from pathlib import Path


def _state_and_group(pid: int | str) -> tuple[str, int] | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:  # the process is gone
        return None
    state, _ppid, pgrp = stat.rsplit(")", 1)[1].split()[:3]  # the name may hold spaces
    return state, int(pgrp)


def alive(pid: int) -> bool:
    """Whether process ``pid`` still runs."""
    found = _state_and_group(pid)
    return found is not None and found[0] != "Z"


def live_members(group: int) -> list[int]:
    """The processes of process group ``group`` that still run."""
    return [int(entry.name) for entry in Path("/proc").iterdir() if entry.name.isdigit()
            and (found := _state_and_group(entry.name)) is not None
            and found[1] == group and found[0] != "Z"]
