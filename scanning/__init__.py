"""Paper booklets → structured, validated records (scanning).

``scan_file(path)`` reads one booklet file (multi-page PDF/TIFF or an image of the open
booklet) into a :class:`ScanResult`; ``scan_paths(paths, out_dir, workers)`` scans files,
folders and ZIPs (one school each) in parallel and writes ``records.jsonl``, ``errors.jsonl``,
``photos/`` and ``pages/`` under ``out_dir``. A booklet's record is a
:class:`core.scanned.ScannedRecord` (``ScanResult.record``; one records.jsonl line each).
``scanning.sample.generate`` makes synthetic booklets with ground truth.

Errors: unreadable inputs raise ``core.errors.MalformedFile`` / ``InvalidInput``; inside a batch
they are reported per file instead.
"""

from core.scanned import ScannedRecord
from scanning._model import INFO_FIELDS, RECORD_KEYS, REVIEW_BELOW, ScanResult, Summary
from scanning._scan import scan_file
from scanning._scan_batch import scan_paths

__all__ = [
    "INFO_FIELDS",
    "RECORD_KEYS",
    "REVIEW_BELOW",
    "ScanResult",
    "ScannedRecord",
    "Summary",
    "scan_file",
    "scan_paths",
]
