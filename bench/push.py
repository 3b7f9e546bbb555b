"""Breaking-news push: how fast the worker's rounds reach every subscriber, by how many
requests it has in flight (``PUSH_CONCURRENCY``).

    python -m bench.push [--subscribers N] [--delay-ms MS] [--concurrency 1,4,16,32]

A fresh SQLite database in a temporary NEWSDESK_VAR_DIR (as ``bench/beacon.py``), N
subscriptions on the loopback push service of the tests (``tests/push_service.py``),
run in a process of its own so that this one's CPU time is the worker's alone. The
service answers each request after ``--delay-ms`` (in its handler's thread), as a real
push service's round trip. For each concurrency a new breaking story is published and
``send_due()`` rounds run back to back until its push is done; printed: the time to reach
all N, deliveries per second, and this process's CPU seconds (encrypting, signing, HTTP,
SQLite). No assertions: figures for BENCHMARKS.md.
"""

import argparse
import multiprocessing
import os
import tempfile
import time
from pathlib import Path

from bench.beacon import throwaway_environment


def serve(delay: float, pipe) -> None:
    """In a child process: the loopback push service, until told to stop."""
    from tests.push_service import start_push_service

    service, stop = start_push_service()
    service.delay = delay
    pipe.send(service.url)
    pipe.recv()
    stop()


def subscribe(url: str, count: int) -> None:
    from newsdesk.push.models import Subscription
    from tests.push_service import Subscriber

    # One browser's keys for all: encrypting costs the same whatever the key.
    browser = Subscriber("bench")
    Subscription.objects.bulk_create(
        Subscription(
            endpoint=f"{url}/push/bench-{n}",
            p256dh=browser.p256dh,
            auth=browser.auth,
            language="en",
        )
        for n in range(count)
    )


def publish(section, run: str):
    """A new breaking story, its push queued."""
    from django.utils import timezone

    from newsdesk.content.models import Article
    from newsdesk.push.models import Push

    article = Article.objects.create(
        headline=f"Push benchmark: {run}",
        slug=f"push-bench-{run}",
        section=section,
        body="<p>Breaking.</p>",
        standfirst="What happened, in a sentence or two.",
        status=Article.Status.PUBLISHED,
        published_at=timezone.now(),
        breaking=True,
    )
    return Push.queue_for(article, "bench")


def measure(section, concurrency: int, run: str = "") -> dict:
    """Rounds back to back until the push of a new story is done."""
    from django.conf import settings

    from newsdesk.push import delivery
    from newsdesk.push.models import Push

    settings.PUSH_CONCURRENCY = concurrency
    push = publish(section, run or f"concurrency-{concurrency}")
    cpu, started, rounds = time.process_time(), time.perf_counter(), 0
    while True:
        delivery.send_due()
        rounds += 1
        push.refresh_from_db()
        if push.state != Push.State.SENDING:
            break
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu
    return {
        "state": push.state,
        "concurrency": concurrency,
        "sent": push.sent,
        "failed": push.failed,
        "seconds": seconds,
        "per_second": push.sent / seconds,
        "cpu": cpu,
        "cpu_ms_each": cpu * 1000 / max(push.sent, 1),
        "rounds": rounds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.push", description=__doc__)
    parser.add_argument("--subscribers", type=int, default=2000)
    parser.add_argument("--delay-ms", type=float, default=50, help="each answer's delay")
    parser.add_argument("--concurrency", default="1,4,16,32", help="comma-separated")
    options = parser.parse_args()
    levels = [int(n) for n in options.concurrency.split(",")]

    # The service's process is made before this one starts threads or Django.
    ours, theirs = multiprocessing.get_context("fork").Pipe()
    server = multiprocessing.get_context("fork").Process(
        target=serve, args=(options.delay_ms / 1000, theirs), daemon=True
    )
    server.start()
    url = ours.recv()

    throwaway_environment(Path(tempfile.mkdtemp(prefix="newsdesk-bench-push-")))
    os.environ["PUSH_ALLOW_HTTP_ENDPOINTS"] = "true"
    os.environ["PUSH_MAX_PER_HOUR"] = str(len(levels) + 2)
    os.environ.setdefault("PUBLIC_URL", "https://news.example.org")
    import django

    django.setup()
    import logging

    from django.conf import settings
    from django.core.management import call_command

    from newsdesk.content.models import Section

    # No collected static files in a scratch directory (the payload's icon): plain URLs.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("migrate", verbosity=0)
    logging.getLogger("newsdesk.worker").setLevel(logging.WARNING)  # a line a push: the table
    section = Section.objects.create(name="News", slug="news")
    subscribe(url, options.subscribers)

    load = Path("/proc/loadavg").read_text().split()[:3]
    print(f"{options.subscribers} subscribers, each answer after {options.delay_ms:g} ms;")
    print(f"{os.cpu_count()} CPUs, load {' '.join(load)} before")
    measure(section, max(levels), "warm-up")  # warm-up: imports, the key, the payload's first use
    print()
    print("| PUSH_CONCURRENCY | time to all | deliveries/s | CPU s | CPU ms each | rounds |")
    print("|---:|---:|---:|---:|---:|---:|")
    total = time.process_time()
    for level in levels:
        row = measure(section, level)
        print(
            f"| {row['concurrency']} | {row['seconds']:.1f} s | {row['per_second']:.0f} "
            f"| {row['cpu']:.1f} | {row['cpu_ms_each']:.2f} | {row['rounds']} |",
            flush=True,
        )
        if row["failed"] or row["state"] != "done":
            print(f"  ({row['failed']} failed; the push is {row['state']})")
    print()
    print(f"CPU seconds of this process, all runs: {time.process_time() - total:.1f}")
    print(f"load after: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    ours.send("stop")
    server.join(10)


if __name__ == "__main__":
    main()
