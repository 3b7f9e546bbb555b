"""bench/importdev.py: scores newsdesk and plain trafilatura side by side on importdev."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.importdev import default_importdev

ROOT = Path(__file__).resolve().parents[1]

IMPORTDEV = default_importdev()


@pytest.mark.skipif(not (IMPORTDEV / "score.py").is_file(), reason="no ../shared/importdev here")
def test_bench_prints_both_importers_side_by_side():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "importdev.py"), "--limit", "3"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=True,
    )
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["newsdesk", "trafilatura"]
    assert lines[1].split() == ["pages", "3", "3"]
    assert any(line.startswith("body score") for line in lines)
    assert "newsdesk in one process:" in done.stdout


def test_bench_says_when_the_pages_are_missing(tmp_path):
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "importdev.py"), "--importdev", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "no importdev pages" in done.stderr
