"""Figures the benchmarks print about a list of timings, and the SQL a request runs."""

import statistics
import time
from contextlib import contextmanager


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summary(ms: list[float], digits: int = 2) -> dict:
    """Runs, median, 95th percentile and worst of timings in milliseconds."""
    return {
        "runs": len(ms),
        "p50_ms": round(statistics.median(ms), digits),
        "p95_ms": round(percentile(ms, 0.95), digits),
        "max_ms": round(max(ms), digits),
    }


@contextmanager
def timed_queries():
    """Yields a list that fills with (seconds, sql) of each query run meanwhile: timed
    here, as CaptureQueriesContext rounds SQLite's to the millisecond."""
    from django.db import connection

    timed = []

    def timer(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timed.append((time.perf_counter() - started, sql))

    with connection.execute_wrapper(timer):
        yield timed
