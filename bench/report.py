"""The final table of ``bash bench/run``: every figure of issue #18, its target, met or not.

``rows(result)`` turns what ``bench.pages`` gathered (cold renders, the newsroom, search,
the generate step, cached pages, RSS) into rows of figure, value, target and verdict;
``table(result)`` prints them as a Markdown table, which reads as plain text too. The
same rows go into bench/results/latest.json under "table".

    python -m bench.report [RESULT.json ...]   # tables of earlier runs (latest.json)
    python -m bench.report bench/results/latest-*.json   # every database and size run
"""

import json
import sys
from pathlib import Path

# Issue #18's targets. Cold renders: at 1M articles on SQLite, twice that on PostgreSQL.
COLD_MEDIAN_MS = 5.0
COLD_P95_MS = 10.0
POSTGRES_FACTOR = 2.0
NEWSROOM_MS = 100.0  # each newsroom list or dashboard, median of warm requests
SEARCH_P95_MS = 50.0
GENERATE_S_PER_MILLION = 600.0  # 1M articles in 10 minutes; smaller runs pro rata
GENERATE_JUDGED_FROM = 100_000  # articles; below, the target is shown but not judged
OVER_BARE = 0.9  # cached pages: newsdesk's req/s over a bare WSGI callable's
PROXY_RATIO = 0.9  # behind the reference nginx, over nginx serving the files
P99_MS = 10.0  # cached pages at 64 connections
RSS_MB = 150.0  # per worker, page store full

MET, MISSED, NONE = "met", "MISSED", "-"
# The pages issue #18 sets cold targets for, as bench/cold.py names them.
COLD_PAGES = ["article", "home", "section", "column", "author", "tag", "section p500", "feed",
              "sitemap month"]  # fmt: skip


def verdict(*checks: bool | None) -> str:
    """met when every check that was made passed; MISSED when one failed; - when none made."""
    made = [check for check in checks if check is not None]
    if not made:
        return NONE
    return MET if all(made) else MISSED


def ms(value: float) -> str:
    return f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def row(group: str, figure: str, value: str, target: str = "", result: str = NONE) -> dict:
    return {"group": group, "figure": figure, "value": value, "target": target, "verdict": result}


def cpu_of(figures: dict) -> str:
    """The CPU time of the renders, steadier than their wall time on a busy machine."""
    if "cpu_median_ms" not in figures:
        return ""
    return f" (CPU {ms(figures['cpu_median_ms'])} / {ms(figures['cpu_p95_ms'])})"


def cold_rows(cold: dict, database: str) -> list[dict]:
    """A row per page rendered, and one for each page of the issue's list that was not
    (bench/cold.py leaves out what a small archive lacks, e.g. page 500)."""
    if not cold:
        return []
    factor = POSTGRES_FACTOR if database == "postgresql" else 1.0
    median_target, p95_target = COLD_MEDIAN_MS * factor, COLD_P95_MS * factor
    target = f"median <= {median_target:g} / p95 <= {p95_target:g} ms"
    rows = [
        row(
            "cold render",
            page,
            f"{ms(figures['median_ms'])} / {ms(figures['p95_ms'])} ms{cpu_of(figures)}, "
            f"{figures.get('queries', '?')} queries",
            target,
            verdict(figures["median_ms"] <= median_target, figures["p95_ms"] <= p95_target),
        )
        for page, figures in cold.items()
    ]
    absent = [page for page in COLD_PAGES if page not in cold]
    rows += [
        row("cold render", page, "not measured: bench/cold.py rendered none", target)
        for page in absent
    ]
    return rows


def newsroom_rows(newsroom: dict) -> list[dict]:
    return [
        row(
            "newsroom",
            page,
            f"{ms(figures['median_ms'])} / {ms(figures['p95_ms'])} ms "
            f"(CPU {ms(figures['cpu_median_ms'])}), {figures['queries']} queries",
            f"median <= {NEWSROOM_MS:g} ms",
            verdict(figures["median_ms"] <= NEWSROOM_MS),
        )
        for page, figures in newsroom.get("pages", {}).items()
    ]


def search_rows(search: dict) -> list[dict]:
    rows = []
    for key, figures in search.items():
        if not key.startswith("search ") or not isinstance(figures, dict):
            continue
        if "p95_ms" not in figures:
            continue
        rows.append(
            row(
                "search",
                key.removeprefix("search "),
                f"{ms(figures['p50_ms'])} / {ms(figures['p95_ms'])} ms "
                f"({figures.get('runs', '?')} runs)",
                f"p95 <= {SEARCH_P95_MS:g} ms",
                verdict(figures["p95_ms"] <= SEARCH_P95_MS),
            )
        )
    facts = search.get("facts", {})
    if "full_text_index_mb" in facts:
        rows.append(
            row(
                "search",
                "index size",
                f"full-text index {facts['full_text_index_mb']:,} MB, entries and documents "
                f"{facts.get('index_tables_mb', '?'):,} MB, database "
                f"{facts.get('database_mb', '?'):,} MB",
            )
        )
    return rows


def generate_target_s(articles: int) -> float:
    return GENERATE_S_PER_MILLION * articles / 1_000_000


def generate_rows(generate: dict | None, articles: int) -> list[dict]:
    """The generate step, judged pro rata from 100,000 articles up (fixed costs weigh more
    below that)."""
    if not generate:
        return [
            row("generate", "newsdesk generate", "not recorded (database not made by bench/run)")
        ]
    made = int(generate.get("bench_articles") or articles)
    target = generate_target_s(made)
    when = "this run" if generate.get("this_run") else f"recorded {generate.get('when', '?')}"
    machine = (
        f" ({generate['machine_cpu_s']:g} s CPU on the whole machine, with the database server)"
        if generate.get("bench_database") == "postgres" and "machine_cpu_s" in generate
        else ""
    )
    ok = generate.get("returncode", 0) == 0 and generate["wall_s"] <= target
    return [
        row(
            "generate",
            f"newsdesk generate --articles {made:,}",
            f"{generate['wall_s']:g} s wall, {generate['cpu_s']:g} s CPU{machine}, peak RSS "
            f"{generate['peak_rss_mb']} MB; load {generate['load_before'][0]:g} ({when})",
            f"wall <= {target:g} s (10 min per 1M)",
            verdict(ok if made >= GENERATE_JUDGED_FROM else None),
        )
    ]


def cached_rows(load: dict, pages: dict) -> list[dict]:
    rows = []
    for page, figures in load.items():
        newsdesk = figures["newsdesk"]
        bare = figures.get("bare")
        over_bare = figures.get("newsdesk_over_bare")
        rows.append(
            row(
                "cached",
                f"{page} ({pages.get(page, {}).get('body_bytes', '?')} B) newsdesk / bare",
                f"{newsdesk['requests_per_second']:,} / "
                f"{bare['requests_per_second']:,} req/s = {over_bare:.2f}"
                if bare and over_bare is not None
                else f"{newsdesk['requests_per_second']:,} req/s",
                f">= {OVER_BARE:g}",
                verdict(None if over_bare is None else over_bare >= OVER_BARE),
            )
        )
        nginx = figures["nginx"]
        rows.append(
            row(
                "cached",
                f"{page} newsdesk / nginx, same bytes",
                f"{newsdesk['requests_per_second']:,} / {nginx['requests_per_second']:,} req/s"
                f" = {figures['ratio']:.2f}",
            )
        )
        proxy = figures.get("proxy")
        if proxy:
            rows.append(
                row(
                    "cached",
                    f"{page} reference proxy / nginx",
                    f"{proxy['requests_per_second']:,} / {nginx['requests_per_second']:,} "
                    f"req/s = {figures['proxy_ratio']:.2f}",
                    f">= {PROXY_RATIO:g}",
                    verdict(figures["proxy_ratio"] >= PROXY_RATIO),
                )
            )
        rows.append(
            row(
                "cached",
                f"{page} newsdesk p50 / p99",
                f"{ms(newsdesk['p50_ms'])} / {ms(newsdesk['p99_ms'])} ms",
                f"p99 <= {P99_MS:g} ms",
                verdict(newsdesk["p99_ms"] <= P99_MS),
            )
        )
    return rows


def memory_rows(memory: dict) -> list[dict]:
    if not memory:
        return []
    state = "page stores full" if memory.get("fill") else "page stores not filled"
    return [
        row(
            "memory",
            "RSS per worker, largest",
            f"{memory['max_rss_mb']:g} MB ({state})",
            f"<= {RSS_MB:g} MB",
            verdict(memory["max_rss_mb"] <= RSS_MB),
        )
    ]


def rows(result: dict) -> list[dict]:
    database = result.get("database", {})
    vendor = database.get("vendor", "sqlite")
    return [
        *cold_rows(result.get("cold", {}), vendor),
        *newsroom_rows(result.get("newsroom", {})),
        *search_rows(result.get("search", {})),
        *generate_rows(result.get("generate"), database.get("articles", 0)),
        *cached_rows(result.get("load", {}), result.get("pages", {})),
        *memory_rows(result.get("memory", {})),
    ]


def cell(text: str) -> str:
    return str(text).replace("|", "\\|")


def table(result: dict) -> str:
    """The Markdown table, with a line of what was measured where above it."""
    table_rows = result.get("table") or rows(result)
    database = result.get("database", {})
    headers = ["", "figure", "value", "target", ""]
    lines = [[r["group"], r["figure"], r["value"], r["target"], r["verdict"]] for r in table_rows]
    widths = [max(len(cell(x)) for x in column) for column in zip(headers, *lines, strict=True)]

    def line(cells):
        return (
            "| " + " | ".join(cell(c).ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"
        )

    missed = sum(r["verdict"] == MISSED for r in table_rows)
    met = sum(r["verdict"] == MET for r in table_rows)
    start, end = result.get("load_average_at_start"), result.get("load_average")
    load = ""
    if end:
        load = f", load average {' '.join(f'{x:g}' for x in end)} at the end"
        if start:
            load = f", load average (1, 5, 15 min) {' '.join(f'{x:g}' for x in start)} at the start"
            load += f", {' '.join(f'{x:g}' for x in end)} at the end"
    return "\n".join(
        [
            f"Issue #18 figures: {database.get('articles', 0):,} articles on "
            f"{database.get('description', database.get('vendor', '?'))}, "
            f"{result.get('when', '?')}{load}",
            "",
            line(headers),
            "|" + "|".join("-" * (w + 2) for w in widths) + "|",
            *(line(cells) for cells in lines),
            "",
            f"{met} met, {missed} missed. value: median / p95 unless said; cold targets are "
            "issue #18's at 1M articles (x2 on PostgreSQL).",
        ]
    )


def main() -> None:
    paths = [Path(name) for name in sys.argv[1:]] or [
        Path(__file__).parent / "results" / "latest.json"
    ]
    print("\n\n".join(table(json.loads(path.read_text())) for path in paths))


if __name__ == "__main__":
    main()
