"""``python -m tests.fuzz.summary DIR``: the fuzz counts every test process wrote to DIR, summed.

Prints inputs tried per decoder, the decoder total, Schemathesis cases and crashes; exits 1 when
any crash was recorded.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

#: Not decoder inputs: API cases, and the whole offline verifier run again on the fuzzed QR texts
_NOT_DECODERS = {"schemathesis", "verify"}


def summarise(folder: Path) -> tuple[str, int]:
    """The summary text and the number of crashes."""
    inputs: Counter[str] = Counter()
    crashes: Counter[str] = Counter()
    for path in sorted(folder.glob("counts-*.json")):
        data = json.loads(path.read_text())
        inputs.update(data.get("inputs", {}))
        crashes.update(data.get("crashes", {}))
    decoders = {k: v for k, v in inputs.items() if k not in _NOT_DECODERS}
    width = max((len(k) for k in decoders), default=8)
    lines = ["fuzz summary", "  inputs tried per decoder:"]
    lines += [f"    {name:<{width}}  {count:>10,}" for name, count in sorted(decoders.items())]
    lines += [f"    {'total':<{width}}  {sum(decoders.values()):>10,}",
              f"  offline verifier (whole chain) on the fuzzed QR texts and uploads: "
              f"{inputs.get('verify', 0):,}",
              f"  schemathesis cases: {inputs.get('schemathesis', 0):,}",
              f"  crashes: {sum(crashes.values())}"
              + (f" ({', '.join(f'{k} {v}' for k, v in sorted(crashes.items()))})"
                 if crashes else "")]
    return "\n".join(lines), sum(crashes.values())


def main(argv: list[str]) -> int:
    """Print the summary of ``argv[0]`` (default ``.fuzz-report``)."""
    text, crashes = summarise(Path(argv[0] if argv else ".fuzz-report"))
    print(text)
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
