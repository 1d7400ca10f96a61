"""Fuzzers for every decoder and a Schemathesis run against the OpenAPI (issue 11, "Keep it held").

``make test`` runs them with a small budget; ``make fuzz`` sets ``ECERT_FUZZ_BUDGET=large`` and
prints the summary (``python -m tests.fuzz.summary``).
"""
