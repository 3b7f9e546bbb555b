"""bench/report.py: the final table of ``bash bench/run``, its targets and verdicts."""

import json

from bench import report


def cold(median, p95):
    return {"median_ms": median, "p95_ms": p95, "queries": 3}


def result(**changes):
    """What bench.pages gathers, small: one of each kind of figure."""
    base = {
        "when": "2026-12-05 03:00:00 +0000",
        "load_average": [0.5, 0.4, 0.3],
        "database": {"vendor": "sqlite", "description": "SQLite", "articles": 1_000_024},
        "cold": {"article": cold(4.0, 9.0), "home": cold(6.0, 9.0), "feed": cold(4.0, 12.0)},
        "newsroom": {
            "pages": {
                "list": {"median_ms": 80.0, "p95_ms": 130.0, "cpu_median_ms": 40.0, "queries": 9},
                "sort by headline": {
                    "median_ms": 101.0,
                    "p95_ms": 101.0,
                    "cpu_median_ms": 90.0,
                    "queries": 9,
                },
            }
        },  # fmt: skip
        "search": {
            "facts": {"full_text_index_mb": 900, "index_tables_mb": 1200, "database_mb": 17000},
            "queries": [{"kind": "common", "q": "said", "p50_ms": 1.0}],
            "search en common": {"runs": 80, "p50_ms": 20.0, "p95_ms": 50.0, "max_ms": 60.0},
            "search zh-hans phrase": {"runs": 80, "p50_ms": 20.0, "p95_ms": 51.0, "max_ms": 60.0},
            "cpu_ms_per_search": {"client": 3.0, "server": 0.0},
        },
        "generate": {
            "bench_articles": "1000000",
            "returncode": 0,
            "wall_s": 590.0,
            "cpu_s": 500.0,
            "peak_rss_mb": 700,
            "load_before": [0.2, 0.1, 0.1],
            "when": "2026-12-05 02:00:00 +0000",
            "this_run": False,
        },
        "load": {
            "home": {
                "newsdesk": {"requests_per_second": 60000, "p50_ms": 0.9, "p99_ms": 9.0},
                "nginx": {"requests_per_second": 120000, "p50_ms": 0.4, "p99_ms": 3.0},
                "bare": {"requests_per_second": 64000, "p50_ms": 0.8, "p99_ms": 8.0},
                "proxy": {"requests_per_second": 100000, "p50_ms": 0.5, "p99_ms": 4.0},
                "ratio": 0.5,
                "newsdesk_over_bare": 0.94,
                "proxy_ratio": 0.83,
            }
        },
        "pages": {"home": {"body_bytes": 15000}},
        "memory": {"max_rss_mb": 151.0, "fill": {"pages_sent": 9000}},
    }
    return {**base, **changes}


def verdicts(rows):
    return {(r["group"], r["figure"]): r["verdict"] for r in rows}


def test_verdict_of_checks():
    assert report.verdict(True, True) == "met"
    assert report.verdict(True, False) == "MISSED"
    assert report.verdict(None, True) == "met"
    assert report.verdict(None) == "-"
    assert report.verdict() == "-"


def test_every_figure_has_its_verdict():
    got = verdicts(report.rows(result()))
    assert got[("cold render", "article")] == "met"  # 4 <= 5 and 9 <= 10
    assert got[("cold render", "home")] == "MISSED"  # median over 5 ms
    assert got[("cold render", "feed")] == "MISSED"  # p95 over 10 ms
    assert got[("cold render", "section p500")] == "-"  # not rendered: said so
    assert got[("newsroom", "list")] == "met"  # judged on the median
    assert got[("newsroom", "sort by headline")] == "MISSED"
    assert got[("search", "en common")] == "met"  # p95 <= 50 ms, at the limit
    assert got[("search", "zh-hans phrase")] == "MISSED"
    assert got[("search", "index size")] == "-"
    assert got[("generate", "newsdesk generate --articles 1,000,000")] == "met"
    assert got[("cached", "home (15000 B) newsdesk / bare")] == "met"
    assert got[("cached", "home newsdesk / nginx, same bytes")] == "-"
    assert got[("cached", "home reference proxy / nginx")] == "MISSED"
    assert got[("cached", "home newsdesk p50 / p99")] == "met"
    assert got[("memory", "RSS per worker, largest")] == "MISSED"


def test_postgresql_cold_targets_are_twice_sqlites():
    database = {"vendor": "postgresql", "description": "PostgreSQL", "articles": 5000}
    got = verdicts(report.rows(result(database=database)))
    assert got[("cold render", "home")] == "met"  # 6 <= 10 and 9 <= 20
    assert got[("cold render", "feed")] == "met"
    rows = report.rows(result(database=database))
    assert rows[0]["target"] == "median <= 10 / p95 <= 20 ms"


def test_generate_is_judged_pro_rata_from_100k_articles():
    generate = {**result()["generate"], "bench_articles": "100000", "wall_s": 61.0}
    (row,) = report.generate_rows(generate, 100_024)
    assert (row["target"], row["verdict"]) == ("wall <= 60 s (10 min per 1M)", "MISSED")
    small = {**generate, "bench_articles": "2000", "wall_s": 6.0}
    assert report.generate_rows(small, 2024)[0]["verdict"] == "-"
    failed = {**generate, "wall_s": 1.0, "returncode": 1}
    assert report.generate_rows(failed, 100_024)[0]["verdict"] == "MISSED"
    assert "recorded 2026-12-05" in row["value"]
    assert "this run" in report.generate_rows({**generate, "this_run": True}, 0)[0]["value"]
    (missing,) = report.generate_rows(None, 100_024)
    assert missing["verdict"] == "-" and "not recorded" in missing["value"]


def test_skipped_parts_leave_no_rows():
    rows = report.rows(result(newsroom={}, search={}, memory={}, load={}))
    assert {r["group"] for r in rows} == {"cold render", "generate"}
    assert report.rows(result(cold={}))[0]["group"] == "newsroom"


def test_table_is_markdown_with_a_count_of_verdicts():
    text = report.table(result())
    lines = text.splitlines()
    assert lines[0].startswith("Issue #18 figures: 1,000,024 articles on SQLite")
    assert "load average 0.5 0.4 0.3 at the end" in lines[0]
    started = report.table(result(load_average_at_start=[2.0, 1.0, 0.5])).splitlines()[0]
    assert "(1, 5, 15 min) 2 1 0.5 at the start, 0.5 0.4 0.3 at the end" in started
    header, rule, *body = [line for line in lines if line.startswith("|")]
    assert rule.replace("|", "").strip("-") == ""
    assert len({len(line) for line in [header, rule, *body]}) == 1  # columns aligned
    assert len(body) == len(report.rows(result()))
    assert any("| MISSED |" in line for line in body)
    assert "6 met, 6 missed" in text


def test_tables_of_saved_results_escape_pipes(tmp_path, capsys, monkeypatch):
    saved = result()
    saved["table"] = [report.row("search", "a|b", "1 ms", "p95 <= 50 ms", "met")]
    sqlite, postgres = tmp_path / "latest-sqlite.json", tmp_path / "latest-postgresql.json"
    sqlite.write_text(json.dumps(saved))
    database = {"vendor": "postgresql", "description": "PostgreSQL + Redis", "articles": 5}
    postgres.write_text(json.dumps(result(database=database)))
    monkeypatch.setattr("sys.argv", ["report", str(sqlite), str(postgres)])
    report.main()
    out = capsys.readouterr().out
    assert "a\\|b" in out and "1 met, 0 missed" in out
    assert "5 articles on PostgreSQL + Redis" in out
