import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from newsdesk import env

README = Path(__file__).resolve().parent.parent / "README.md"


def test_every_environment_variable_read_is_documented_in_the_readme():
    import newsdesk.settings  # noqa: F401 — reading the settings records the names

    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", README.read_text()))
    assert env.READ, "settings read no variables through newsdesk.env"
    assert env.READ <= documented, f"undocumented: {sorted(env.READ - documented)}"


def test_serve_variables_are_documented_in_the_readme():
    text = README.read_text()
    for name in ["HOST", "PORT", "WEB_CONCURRENCY", "WEB_THREADS"]:
        assert f"`{name}`" in text


@pytest.mark.parametrize("value", ["maybe", "2", "yes please"])
def test_a_malformed_boolean_fails_loudly(monkeypatch, value):
    monkeypatch.setenv("NEWSDESK_TEST_FLAG", value)
    with pytest.raises(ImproperlyConfigured, match="NEWSDESK_TEST_FLAG"):
        env.env_bool("NEWSDESK_TEST_FLAG")


@pytest.mark.parametrize(("value", "expected"), [("1", True), ("off", False), ("", False)])
def test_booleans_are_read(monkeypatch, value, expected):
    monkeypatch.setenv("NEWSDESK_TEST_FLAG", value)
    assert env.env_bool("NEWSDESK_TEST_FLAG") is expected


def test_a_malformed_integer_fails_loudly(monkeypatch):
    monkeypatch.setenv("NEWSDESK_TEST_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="NEWSDESK_TEST_NUMBER"):
        env.env_int("NEWSDESK_TEST_NUMBER", 1)


def test_lists_are_comma_separated(monkeypatch):
    monkeypatch.setenv("NEWSDESK_TEST_LIST", " a.test, b.test ,,")
    assert env.env_list("NEWSDESK_TEST_LIST", []) == ["a.test", "b.test"]


def _settings_in_subprocess(tmp_path, code, **environ):
    result = subprocess.run(
        [sys.executable, "-c", f"import newsdesk.settings as s; {code}"],
        env={"PATH": "/usr/bin:/bin", "NEWSDESK_VAR_DIR": str(tmp_path), **environ},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_secret_key_is_generated_once_and_kept(tmp_path):
    first = _settings_in_subprocess(tmp_path, "print(s.SECRET_KEY)")
    second = _settings_in_subprocess(tmp_path, "print(s.SECRET_KEY)")
    assert len(first) >= 50 and first == second
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_defaults_are_safe_sqlite_in_wal_mode_and_no_debug(tmp_path):
    out = _settings_in_subprocess(
        tmp_path,
        "d = s.DATABASES['default']; print(s.DEBUG, d['ENGINE'], d['NAME'], "
        "'journal_mode=WAL' in d['OPTIONS']['init_command'])",
    )
    assert out == f"False django.db.backends.sqlite3 {tmp_path}/newsdesk.sqlite3 True"


def test_database_url_selects_postgresql(tmp_path):
    out = _settings_in_subprocess(
        tmp_path,
        "print(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'])",
        DATABASE_URL="postgres://newsdesk@127.0.0.1:5432/news",
    )
    assert out == "django.db.backends.postgresql news"


def test_the_sqlite_file_really_runs_in_wal_mode(tmp_path):
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'newsdesk.settings'; "
        "django.setup(); from django.db import connection; c = connection.cursor(); "
        "c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])"
    )
    assert _settings_in_subprocess(tmp_path, code) == "wal"


def test_database_pool_gives_postgresql_a_connection_pool(tmp_path):
    out = _settings_in_subprocess(
        tmp_path,
        "d = s.DATABASES['default']; print(d['CONN_MAX_AGE'], d['OPTIONS']['pool']['max_size'])",
        DATABASE_URL="postgres://newsdesk@127.0.0.1:5432/news",
        DATABASE_POOL="true",
    )
    assert out == "0 8"


def test_a_replica_url_adds_a_read_replica_and_its_router(tmp_path):
    out = _settings_in_subprocess(
        tmp_path,
        "print(s.DATABASES['replica']['HOST'], s.DATABASES['replica']['TEST'], s.DATABASE_ROUTERS)",
        DATABASE_URL="postgres://newsdesk@primary.test:5432/news",
        DATABASE_REPLICA_URL="postgres://newsdesk@replica.test:5432/news",
    )
    assert out == "replica.test {'MIRROR': 'default'} ['newsdesk.dbrouters.ReplicaRouter']"


def test_replica_router_reads_from_the_replica_except_inside_a_transaction(db):
    from django.db import transaction

    from newsdesk.content.models import Article
    from newsdesk.dbrouters import ReplicaRouter

    router = ReplicaRouter()
    assert router.db_for_write(Article) == "default"
    assert router.allow_migrate("replica", "content") is False
    with transaction.atomic():
        assert router.db_for_read(Article) == "default"
    # pytest-django wraps each test in a transaction; outside one, reads go to the replica.
    connection = transaction.get_connection()
    in_block, connection.in_atomic_block = connection.in_atomic_block, False
    try:
        assert router.db_for_read(Article) == "replica"
    finally:
        connection.in_atomic_block = in_block


def test_trusted_proxies_default_to_none_and_read_a_count(tmp_path):
    assert _settings_in_subprocess(tmp_path, "print(s.TRUSTED_PROXIES)") == "0"
    out = _settings_in_subprocess(tmp_path, "print(s.TRUSTED_PROXIES)", TRUSTED_PROXIES="2")
    assert out == "2"


def test_a_negative_number_of_trusted_proxies_fails_loudly(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", "import newsdesk.settings"],
        env={"PATH": "/usr/bin:/bin", "NEWSDESK_VAR_DIR": str(tmp_path), "TRUSTED_PROXIES": "-1"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "TRUSTED_PROXIES must be 0 or more" in result.stderr


def test_log_level_is_read_and_a_malformed_one_fails_loudly(tmp_path):
    assert _settings_in_subprocess(tmp_path, "print(s.LOG_LEVEL)", LOG_LEVEL="warning") == (
        "WARNING"
    )
    with pytest.raises(subprocess.CalledProcessError) as failed:
        _settings_in_subprocess(tmp_path, "pass", LOG_LEVEL="chatty")
    assert "LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL" in failed.value.stderr
