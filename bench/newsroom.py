"""The newsroom at scale: its lists and dashboards, timed in one process, warm.

Each request goes through Django's test client (the whole middleware stack, an editor
signed in), against the benchmark database. Every page is requested ``WARMUP`` times, then
timed ``--renders`` times (wall clock and this process's CPU time), then once more with
its SQL counted. Pages: the article list (first page, each filter, a sort, a search for a
common and a rare word, page 2 and the deepest page offered), an article's revisions, the
newsroom's history (the audit log), the home and the front page.

    python -m bench.newsroom [--renders N] [--json] [--profile PAGE]

From the repository root, with NEWSDESK_VAR_DIR (or DATABASE_URL) naming the benchmark
database (default bench/results/var, as ``bench/cold.py``). It adds what an archive made
by ``newsdesk generate`` lacks and the pages need, once: a bench editor and a bench writer,
300 revisions of one article, 50,000 audit log entries, a translation task for each
translation (one in a hundred outdated), and (SQLite) the planner's statistics of those
tables.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import re
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

from bench.figures import percentile, timed_queries

os.environ.setdefault("NEWSDESK_VAR_DIR", str(Path(__file__).parent / "results" / "var"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")

WARMUP = 3
EDITOR = "bench-newsroom-editor"
WRITER = "bench-newsroom-writer"
REVISIONS = 300
AUDIT_ENTRIES = 50_000


def seed_history():
    """The bench editor, and history for the revision and audit lists (once)."""
    from django.contrib.auth.models import Group, User
    from django.db import connection, transaction
    from django.utils import timezone

    from newsdesk.content.models import Article
    from newsdesk.newsroom.models import AuditEntry, Revision, TranslationTask
    from newsdesk.newsroom.revisions import snapshot

    with transaction.atomic():
        editor, created = User.objects.get_or_create(
            username=EDITOR, defaults={"is_staff": True, "first_name": "Bench"}
        )
        if created:
            editor.groups.add(Group.objects.get(name="Editor"))
        writer, created = User.objects.get_or_create(
            username=WRITER, defaults={"is_staff": True, "first_name": "Bench"}
        )
        if created:
            writer.groups.add(Group.objects.get(name="Writer"))
        article = Article.objects.published().latest_first().first()
        have = article.revisions.count()
        if have < REVISIONS:
            state = snapshot(article)
            Revision.objects.bulk_create(
                Revision(
                    article=article,
                    number=number,
                    snapshot={**state, "headline": f"{state['headline']} ({number})"},
                    created_by=editor,
                )
                for number in range(have + 1, REVISIONS + 1)
            )
            Article.objects.filter(pk=article.pk).update(version=REVISIONS)
        missing = AUDIT_ENTRIES - AuditEntry.objects.count()
        if missing > 0:
            ids = list(Article.objects.order_by("-pk").values_list("pk", "headline")[:missing])
            AuditEntry.objects.bulk_create(
                (
                    AuditEntry(
                        article_id=pk,
                        headline=headline,
                        actor=editor,
                        actor_name="Bench",
                        action=AuditEntry.Action.PUBLISHED,
                        from_status="review",
                        to_status="published",
                    )
                    for pk, headline in ids
                ),
                batch_size=2000,
            )
        if not TranslationTask.objects.exists():
            # Each translation the newsroom made has its task (translations.py); one in a
            # hundred waits for its original's changes.
            translations = Article.objects.filter(translation_of__isnull=False)
            now = timezone.now()
            TranslationTask.objects.bulk_create(
                (
                    TranslationTask(
                        translation_id=pk,
                        outdated=pk % 100 == 0,
                        outdated_at=now - timedelta(minutes=pk % 1000) if pk % 100 == 0 else None,
                    )
                    for pk in translations.values_list("pk", flat=True).iterator()
                ),
                batch_size=2000,
            )
        # Planner statistics, as ``newsdesk generate`` leaves for content's tables (and
        # PostgreSQL's autovacuum would in time): without them these tables look big.
        with connection.cursor() as cursor:
            for table in (
                "newsroom_translationtask",
                "newsroom_revision",
                "newsroom_auditentry",
            ):
                cursor.execute(f"ANALYZE {table}")
    return editor, article


def pages(article) -> dict[str, str]:
    from newsdesk.content.models import Article, Column, Section

    section = Section.objects.order_by("pk").first()
    column = Column.objects.order_by("pk").first()
    articles = "/admin/content/article/"
    listing = {
        "list": articles,
        "list page 2": f"{articles}?p=2",
        "list deepest page": None,  # filled in from the first page's paginator
        "filter status=draft": f"{articles}?status__exact=draft",
        "filter status=published": f"{articles}?status__exact=published",
        "filter translation=outdated": f"{articles}?translation=outdated",
        "filter translation=all": f"{articles}?translation=translations",
        "filter section": f"{articles}?section__id__exact={section.pk}",
        "filter language=zh-hans": f"{articles}?language__exact=zh-hans",
        "filter column": f"{articles}?column__id__exact={column.pk}" if column else None,
        "filter year": f"{articles}?published_at__year={article.published_at.year}",
        "sort by headline": f"{articles}?o=1",
        "sort by date, oldest first": f"{articles}?o=6",
        "search common word": f"{articles}?q=council",
        "search rare word": f"{articles}?q={Article.objects.order_by('pk').first().slug[:12]}",
        "search draft headline": None,
        "revisions of an article": f"{articles}{article.pk}/revisions/",
        "newsroom history": "/admin/newsroom/auditentry/",
        "home": "/admin/",
        "front page": "/admin/front/",
        "notifications": "/admin/notifications/",
    }
    draft = Article.objects.filter(status="draft").order_by("-pk").first()
    if draft is not None:
        listing["search draft headline"] = f"{articles}?q={draft.headline[:14]}"
    return {name: url for name, url in listing.items() if name == "list deepest page" or url}


def get(client, url):
    started, cpu = time.perf_counter(), time.process_time()
    response = client.get(url, HTTP_HOST="127.0.0.1")
    elapsed = (time.perf_counter() - started, time.process_time() - cpu)
    if response.status_code != 200:
        raise SystemExit(f"bench.newsroom: {url} answered {response.status_code}")
    return elapsed, response


def queries(client, url) -> tuple[int, float, str]:
    with timed_queries() as timed:
        get(client, url)
    slowest = max(timed, default=(0, ""))
    return len(timed), sum(s for s, _ in timed) * 1000, f"{slowest[0] * 1000:.1f} ms {slowest[1]}"


def measure(renders: int) -> dict:
    from django.contrib.auth.models import User
    from django.test import Client

    from newsdesk.content.models import Article

    editor, article = seed_history()
    client = Client()
    client.force_login(editor)
    urls = pages(article)
    _, first = get(client, urls["list"])
    # The last page the paginator links to (the test client keeps no context here).
    last = max(map(int, re.findall(r"\?p=(\d+)", first.content.decode())), default=1)
    urls["list deepest page"] = f"/admin/content/article/?p={last}"
    results = {"articles": Article.objects.count(), "pages": {}}
    # A writer sees her own work only (roles.visible_articles): the list as she sees it.
    writer_client = Client()
    writer_client.force_login(User.objects.get(username=WRITER))
    urls["list as a writer"] = (writer_client, "/admin/content/article/")
    urls["home as a writer"] = (writer_client, "/admin/")
    for name, url in urls.items():
        client_of_page, url = url if isinstance(url, tuple) else (client, url)
        for _ in range(WARMUP):
            get(client_of_page, url)
        wall, cpu = [], []
        for _ in range(renders):
            (seconds, cpu_seconds), _response = get(client_of_page, url)
            wall.append(seconds)
            cpu.append(cpu_seconds)
        count, sql_ms, slowest = queries(client_of_page, url)
        results["pages"][name] = {
            "url": url,
            "median_ms": round(statistics.median(wall) * 1000, 1),
            "p95_ms": round(percentile(wall, 0.95) * 1000, 1),
            "cpu_median_ms": round(statistics.median(cpu) * 1000, 1),
            "queries": count,
            "sql_ms": round(sql_ms, 1),
            "slowest_query": slowest[:300],
        }
    return results


def table(results: dict) -> str:
    lines = [
        f"newsroom at {results['articles']:,} articles "
        f"(load {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f})",
        f"{'page':32} {'median':>8} {'p95':>8} {'cpu':>8} {'queries':>7} {'sql':>8}",
    ]
    for name, row in results["pages"].items():
        lines.append(
            f"{name:32} {row['median_ms']:7.1f}m {row['p95_ms']:7.1f}m "
            f"{row['cpu_median_ms']:7.1f}m {row['queries']:7d} {row['sql_ms']:7.1f}m"
        )
    return "\n".join(lines)


def profile(name: str, renders: int) -> None:
    from django.test import Client

    editor, article = seed_history()
    client = Client()
    client.force_login(editor)
    url = pages(article)[name]
    for _ in range(WARMUP):
        get(client, url)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(renders):
        get(client, url)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("cumulative").print_stats(40)
    print(out.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.newsroom", description=__doc__)
    parser.add_argument("--renders", type=int, default=20, help="timed requests per page")
    parser.add_argument("--json", action="store_true", help="JSON instead of a table")
    parser.add_argument("--profile", metavar="PAGE", help="cProfile one page instead")
    options = parser.parse_args()
    import django

    django.setup()
    if options.profile:
        profile(options.profile, options.renders)
        return
    results = measure(options.renders)
    if options.json:
        json.dump(results, sys.stdout, indent=2)
        print()
    else:
        print(table(results))
        for name, row in results["pages"].items():
            print(f"  {name}: {row['url']}\n    slowest: {row['slowest_query'][:200]}")


if __name__ == "__main__":
    main()
