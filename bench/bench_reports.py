"""Benchmark: the XLSX report writer (core.tabular.xlsx_bytes) on roster-shaped rows.

It must grow linearly with the rows: a report of 10× the rows should take about 10× the time
(before the one-pass styling it looked every row up by number, which openpyxl answers by
scanning the sheet, so 10× the rows took ~100× the time). ``run()`` returns seconds per size
(median of three) and the ratio between the two largest sizes, measured in one run.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from core.tabular import xlsx_bytes

SIZES = (2_000, 20_000)
_ROW = ["1", "第一中学", "张三", "男", "1990年01月01日", "1****************X", "高级中学教师资格",
        "数学", "20104100000000001", "某某市教育局", "2010年01月01日", "scan.pdf", "", "", "有效",
        "batch-1"]


def _seconds(rows: int) -> float:
    data = [[str(i), *_ROW[1:]] for i in range(rows)]
    times = []
    for _ in range(3):
        start = time.perf_counter()
        xlsx_bytes([("名册", [f"c{i}" for i in range(len(_ROW))], data)],
                   highlight=range(0, rows, 10))
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run() -> dict[str, Any]:
    """Seconds per size and the growth ratio."""
    seconds = {rows: _seconds(rows) for rows in SIZES}
    small, large = SIZES
    return {
        "xlsx_seconds": {str(k): round(v, 3) for k, v in seconds.items()},
        "xlsx_rows_per_second": round(large / seconds[large]),
        "xlsx_growth_10x_rows": round(seconds[large] / seconds[small], 1),
    }


if __name__ == "__main__":
    print(run())
