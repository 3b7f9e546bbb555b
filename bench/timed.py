"""Runs a command and records what it cost: wall clock, CPU, peak RSS, the machine's load.

    python -m bench.timed RECORD.json -- newsdesk generate --articles 100000

``bash bench/run`` times its ``newsdesk generate`` step this way and keeps the record in
the benchmark database's var dir, so that a later run reusing the database reports the
figures of the run that made it. CPU and peak RSS are the command's and its children's
(``getrusage(RUSAGE_CHILDREN)``: the generator's forked text writer is counted, the
largest process gives the peak). A PostgreSQL server's backend is not a child: the CPU the
whole machine spent meanwhile is recorded beside it, which includes it (and anything else
that ran). The command's exit status is this one's.
"""

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from bench.load import machine_busy


def run(command: list[str]) -> dict:
    load_before = os.getloadavg()
    busy, started = machine_busy(), time.monotonic()
    done = subprocess.run(command)
    wall = time.monotonic() - started
    busy = machine_busy() - busy
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "command": " ".join(Path(command[0]).name if i == 0 else a for i, a in enumerate(command)),
        "returncode": done.returncode,
        "when": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "wall_s": round(wall, 1),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
        "user_s": round(usage.ru_utime, 1),
        "system_s": round(usage.ru_stime, 1),
        "peak_rss_mb": round(usage.ru_maxrss / 1024),  # Linux: kilobytes
        "machine_cpu_s": round(busy, 1),
        "cpus": os.cpu_count(),
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in os.getloadavg()],
    }


def main() -> None:
    arguments = sys.argv[1:]
    if len(arguments) < 3 or arguments[1] != "--":
        raise SystemExit("usage: python -m bench.timed RECORD.json -- COMMAND ...")
    record = run(arguments[2:])
    for name, value in os.environ.items():  # what the command ran against
        if name in ("BENCH_ARTICLES", "BENCH_DATABASE"):
            record[name.lower()] = value
    Path(arguments[0]).write_text(json.dumps(record, indent=2) + "\n")
    print(
        f"   {record['command']}: {record['wall_s']} s wall, {record['cpu_s']} s CPU "
        f"({record['machine_cpu_s']} s on the whole machine), peak RSS "
        f"{record['peak_rss_mb']} MB; load {record['load_before'][0]} -> "
        f"{record['load_after'][0]}",
        flush=True,
    )
    sys.exit(record["returncode"])


if __name__ == "__main__":
    main()
