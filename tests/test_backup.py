"""`newsdesk backup` and `newsdesk restore`: every article, revision, image and read count
comes back in an empty install; SQLite's copy is consistent while another connection writes.

The round trip runs on the database the suite is configured with: SQLite (the online
backup API) by default, PostgreSQL (pg_dump, pg_restore) when DATABASE_URL points there,
as in the second run of `make test`.
"""

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import threading
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from newsdesk.backups.archive import sqlite_copy
from tests.factories import make_article, make_image, make_person

ROOT = Path(__file__).resolve().parents[1]


def inventory() -> dict:
    """Everything the round trip must bring back, as plain JSON values."""
    from django.conf import settings
    from django.contrib.auth.models import User

    from newsdesk.content.models import Article, Image
    from newsdesk.newsroom.models import Revision, TranslationTask
    from newsdesk.trending.models import DailyReads, HourlyReads

    media = Path(settings.MEDIA_ROOT)
    return {
        "articles": sorted(
            Article.objects.values_list(
                "pk", "headline", "status", "language", "translation_of_id", "body_html"
            )
        ),
        "revisions": sorted(
            [r.article_id, r.number, json.dumps(r.snapshot, sort_keys=True)]
            for r in Revision.objects.all()
        ),
        "images": sorted(
            [
                image.pk,
                image.file.name,
                hashlib.sha256((media / image.file.name).read_bytes()).hexdigest(),
            ]
            for image in Image.objects.all()
        ),
        "daily_reads": sorted(
            [r.article_id, r.day.isoformat(), r.reads] for r in DailyReads.objects.all()
        ),
        "hourly_reads": sorted(
            [r.article_id, r.hour.isoformat(), r.reads] for r in HourlyReads.objects.all()
        ),
        "translation_tasks": sorted(
            TranslationTask.objects.values_list("translation_id", "translator_id")
        ),
        "users": sorted(User.objects.values_list("username", flat=True)),
        "secret_key": (Path(settings.VAR_DIR) / "secret_key").read_text(),
    }


def newsroom(editor, translator) -> None:
    """Articles with revisions, a translation, images with their files, read counts."""
    from newsdesk.newsroom import revisions
    from newsdesk.newsroom.translations import request_translation
    from newsdesk.trending.models import DailyReads, HourlyReads

    image = make_image(caption="Ferries at dawn.")
    inline = make_image(caption="The night crossing.")
    author = make_person()
    original = make_article(
        authors=[author], lead_image=image, body=f"<p>Ferries return.</p>{inline.embed_code}"
    )
    revisions.record(original, editor)
    original.standfirst = "The night ferries are back."
    original.save()
    revisions.record(original, editor, note="standfirst")
    translation = request_translation(original, "zh-hans", translator, by=editor)
    translation.body = "<p>渡轮回来了。</p>"
    translation.save()
    revisions.record(translation, translator)
    draft = make_article(authors=[author], status="draft")
    revisions.record(draft, editor)
    for article, reads in [(original, 41), (translation, 7)]:
        DailyReads.objects.create(article=article, day=date(2026, 3, 1), reads=reads)
        HourlyReads.objects.create(
            article=article, hour=datetime(2026, 3, 1, 9, tzinfo=UTC), reads=reads
        )


def restored_install(tmp_path: Path) -> dict[str, str]:
    """The environment of a new, empty install, on the kind of database the suite uses."""
    env = {**os.environ, "NEWSDESK_VAR_DIR": str(tmp_path / "restored")}
    env.pop("MEDIA_ROOT", None)
    env.pop("DATABASE_URL", None)  # SQLite: a new file in the new data directory
    if connection.vendor == "postgresql":
        env["DATABASE_URL"] = fresh_postgres_database(f"{connection.settings_dict['NAME']}_restore")
    return env


def fresh_postgres_database(name: str) -> str:
    """An empty PostgreSQL database beside the test database; its URL."""
    import psycopg

    params = connection.get_connection_params()
    admin = {k: v for k, v in params.items() if k in {"host", "port", "user", "password"}}
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as pg:
        pg.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        pg.execute(f'CREATE DATABASE "{name}"')
    user = params.get("user", "postgres")
    password = f":{params['password']}" if params.get("password") else ""
    host, port = params.get("host", "127.0.0.1"), params.get("port", 5432)
    return f"postgres://{user}{password}@{host}:{port}/{name}"


def newsdesk(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "newsdesk.cli", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


@pytest.mark.django_db(transaction=True)  # committed, as pg_dump sees only what is
def test_a_backup_restored_into_an_empty_install_has_everything(
    editor, translator, settings, tmp_path
):
    newsroom(editor, translator)
    (Path(settings.VAR_DIR) / "secret_key").write_text("the-generated-key")
    before = inventory()
    assert before["images"] and before["revisions"] and before["daily_reads"]
    backup = tmp_path / "site.tar.gz"
    call_command("backup", str(backup))

    env = restored_install(tmp_path)
    restore = newsdesk("restore", str(backup), env=env)
    assert restore.returncode == 0, restore.stderr
    assert "Restored 3 articles, 2 media files and 1 keys" in restore.stdout
    check = newsdesk(
        "shell", "--no-imports", "-c", "import json; from tests.test_backup import inventory; "
        "print(json.dumps(inventory()))", env=env,
    )  # fmt: skip
    assert check.returncode == 0, check.stderr
    # JSON's lists for tuples, on both sides.
    assert json.loads(check.stdout) == json.loads(json.dumps(before))


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_holds_anything_unless_forced(tmp_path):
    make_article()
    backup = tmp_path / "site.tar.gz"
    call_command("backup", str(backup))
    make_article(headline="Written after the backup")
    with pytest.raises(CommandError, match=r"the database is not empty \(it holds .*--force"):
        call_command("restore", str(backup))
    call_command("restore", str(backup), "--force")
    from newsdesk.content.models import Article

    assert not Article.objects.filter(headline="Written after the backup").exists()
    assert Article.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_restoring_an_older_backup_migrates_it(tmp_path, capsys):
    # The backup of a database one migration behind this code.
    call_command("migrate", "newsroom", "0002", verbosity=0)
    backup = tmp_path / "old.tar.gz"
    try:
        call_command("backup", str(backup))
    finally:
        call_command("migrate", verbosity=0)
    capsys.readouterr()
    call_command("restore", str(backup), "--force")
    (migrated,) = [line for line in capsys.readouterr().out.splitlines() if "Migrated" in line]
    assert "newsroom.0003_alter_auditentry_action" in migrated
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []


def test_restore_refuses_what_is_not_a_backup(tmp_path, db):
    empty_archive = tmp_path / "notes.tar.gz"
    with tarfile.open(empty_archive, "w:gz"):
        pass
    text = tmp_path / "notes.txt"
    text.write_text("Not an archive.")
    for path in (empty_archive, text):
        with pytest.raises(CommandError, match="not a newsdesk backup"):
            call_command("restore", str(path))


@pytest.mark.django_db(transaction=True)
def test_a_damaged_backup_is_refused_before_anything_is_replaced(tmp_path):
    from newsdesk.content.models import Article

    make_image()  # a media file, so the archive runs past the database
    make_article(headline="Kept")
    backup = tmp_path / "site.tar.gz"
    call_command("backup", str(backup))
    backup.write_bytes(backup.read_bytes()[: backup.stat().st_size * 2 // 3])
    with pytest.raises(CommandError, match="truncated or damaged"):
        call_command("restore", str(backup), "--force")
    assert Article.objects.get().headline == "Kept"


# SQLite's copy while the site writes.


def writable_database(path: Path) -> sqlite3.Connection:
    """A SQLite file in WAL mode, as settings.py opens the embedded database."""
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA busy_timeout=5000")
    db.execute("CREATE TABLE IF NOT EXISTS pairs (n INTEGER, half INTEGER)")
    return db


def pairs_in(path: Path) -> tuple[int, set[int]]:
    copy = sqlite3.connect(path)
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        rows = copy.execute("SELECT n, count(*) FROM pairs GROUP BY n").fetchall()
    finally:
        copy.close()
    return len(rows), {count for _, count in rows}


def test_the_copy_leaves_out_a_transaction_still_open_elsewhere(tmp_path):
    database = tmp_path / "live.sqlite3"
    reader, writer = writable_database(database), writable_database(database)
    writer.execute("INSERT INTO pairs VALUES (1, 1), (1, 2)")
    writer.execute("BEGIN IMMEDIATE")  # a writer holds the lock, half-way through a pair
    writer.execute("INSERT INTO pairs VALUES (2, 1)")
    sqlite_copy(reader, tmp_path / "copy.sqlite3")  # does not wait for it
    writer.execute("INSERT INTO pairs VALUES (2, 2)")
    writer.execute("COMMIT")
    assert pairs_in(tmp_path / "copy.sqlite3") == (1, {2})


def test_copies_taken_while_another_connection_writes_are_each_consistent(tmp_path):
    database = tmp_path / "live.sqlite3"
    reader, writer = writable_database(database), writable_database(database)
    stop = threading.Event()

    def write_pairs():
        n = 0
        while not stop.is_set():
            n += 1
            writer.execute("BEGIN IMMEDIATE")
            writer.execute("INSERT INTO pairs VALUES (?, 1)", (n,))
            writer.execute("INSERT INTO pairs VALUES (?, 2)", (n,))
            writer.execute("COMMIT")

    thread = threading.Thread(target=write_pairs)
    thread.start()
    try:
        counts = []
        for number in range(5):
            copy = tmp_path / f"copy-{number}.sqlite3"
            sqlite_copy(reader, copy)
            pairs, sizes = pairs_in(copy)
            assert sizes <= {2}  # whole pairs only, however the writes interleave
            counts.append(pairs)
    finally:
        stop.set()
        thread.join()
    assert counts == sorted(counts)


def test_a_pg_dump_older_than_the_server_is_refused_with_what_to_install(tmp_path, monkeypatch, db):
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump backs up PostgreSQL only: the run on PostgreSQL tests this")
    old = tmp_path / "bin" / "pg_dump"
    old.parent.mkdir()
    old.write_text('#!/bin/sh\necho "pg_dump (PostgreSQL) 9.6.24"\n')
    old.chmod(0o755)
    monkeypatch.setenv("PATH", f"{old.parent}{os.pathsep}{os.environ['PATH']}")
    server = connection.pg_version // 10000
    with pytest.raises(CommandError, match=f"version 9 .* install postgresql-client-{server}"):
        call_command("backup", str(tmp_path / "site.tar.gz"))
    assert not (tmp_path / "site.tar.gz").exists()
