"""Figures the benchmarks print about a list of timings."""

import statistics


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
