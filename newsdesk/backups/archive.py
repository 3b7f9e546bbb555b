"""A backup of a newsdesk site as one .tar.gz file, and restoring one into an empty install.

The archive holds ``manifest.json`` (what it holds, and the migrations its database had),
the database (``database.sqlite3``: a copy made with SQLite's online backup API, which
reads a consistent snapshot while the site keeps serving and writing; or
``database.pgdump``: pg_dump's custom format, itself one consistent snapshot), the media
folder under ``media/``, and the keys kept in the data directory under ``keys/``.
"""

import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
# Files in the data directory (NEWSDESK_VAR_DIR) that cannot be made again: the generated
# SECRET_KEY (sessions, password-reset links and signed values depend on it) and the
# generated VAPID key (every push subscription was made with it: push/vapid.py). Add new
# keys here. The rest of var/ is rebuilt or runtime
# state: static/ (collectstatic), locks/, purge.log, and the SQLite file (backed up above).
KEY_FILES = ("secret_key", "vapid_private_key.pem")
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
# What reading a cut or corrupted .tar.gz raises.
DAMAGED = (tarfile.TarError, OSError, EOFError, zlib.error)


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass
class Restored:
    articles: int
    media_files: int
    keys: list[str]
    migrated: list[str]  # migrations applied after the restore (an older backup)


def default_name(now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    return f"newsdesk-backup-{now:%Y%m%dT%H%M%SZ}.tar.gz"


def make_backup(target: Path) -> dict:
    """Write a backup of the configured database, media and keys to ``target``.

    The file is written beside ``target`` and renamed into place when complete, so a
    backup interrupted midway never looks like a good one. Returns the manifest.
    """
    target = Path(target)
    vendor = connection.vendor
    with tempfile.TemporaryDirectory(prefix="newsdesk-backup-") as scratch:
        scratch = Path(scratch)
        if vendor == "sqlite":
            database = scratch / SQLITE_FILE
            _sqlite_backup(database)
        elif vendor == "postgresql":
            database = scratch / PG_FILE
            _pg_dump(database)
        else:
            raise BackupError(f"backups support SQLite and PostgreSQL, not {vendor}")
        media = Path(settings.MEDIA_ROOT)
        media_files = sorted(p for p in media.rglob("*") if p.is_file()) if media.is_dir() else []
        keys = [name for name in KEY_FILES if (Path(settings.VAR_DIR) / name).is_file()]
        manifest = {
            "format": FORMAT,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": {"vendor": vendor, "file": database.name},
            "migrations": sorted(f"{app}.{name}" for app, name in _applied_migrations()),
            "media_files": len(media_files),
            "keys": keys,
        }
        partial = target.with_name(f".{target.name}.partial")
        try:
            with tarfile.open(partial, "w:gz") as tar:
                _add_bytes(tar, "manifest.json", json.dumps(manifest, indent=2).encode())
                tar.add(database, arcname=database.name)
                for path in media_files:
                    tar.add(path, arcname=f"media/{path.relative_to(media).as_posix()}")
                for name in keys:
                    tar.add(Path(settings.VAR_DIR) / name, arcname=f"keys/{name}")
            partial.chmod(0o600)  # it holds the keys
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
    return manifest


def restore_backup(source: Path, *, force: bool = False) -> Restored:
    """Restore ``source`` into the configured database, media folder and data directory.

    Refuses (BackupError) a database or media folder that holds anything unless
    ``force``, a backup of another kind of database, and one made by a newer newsdesk.
    After the restore, migrations newer than the backup are applied.
    """
    try:
        tar = tarfile.open(source, "r:gz")
    except DAMAGED as error:
        raise BackupError(f"not a newsdesk backup: {error}") from None
    with tar, tempfile.TemporaryDirectory() as scratch:
        manifest = _manifest(tar)
        vendor = manifest["database"]["vendor"]
        if vendor != connection.vendor:
            raise BackupError(
                f"this backup holds a {vendor} database; the configured one is "
                f"{connection.vendor} (DATABASE_URL)"
            )
        unknown = set(manifest["migrations"]) - _known_migrations()
        if unknown:
            raise BackupError(
                "this backup was made by a newer newsdesk (its database has migrations this "
                f"one does not know: {', '.join(sorted(unknown)[:3])}); upgrade first"
            )
        media = Path(settings.MEDIA_ROOT)
        if not force:
            holding = holds_data()
            if holding:
                raise BackupError(
                    f"the database is not empty (it holds {holding}); restore into an empty "
                    "one, or pass --force to replace everything in it"
                )
            if media.is_dir() and any(p.is_file() for p in media.rglob("*")):
                raise BackupError(
                    f"the media folder {media} is not empty; restore into an empty one, or "
                    "pass --force to add the backup's files to it"
                )
        if not hasattr(tarfile, "data_filter"):
            raise BackupError("restoring needs Python 3.11.4 or newer (safe tar extraction)")
        scratch = Path(scratch)
        try:
            tar.extractall(scratch, filter="data")  # no absolute paths, links or .. outside
        except DAMAGED as error:
            raise BackupError(f"the backup is truncated or damaged: {error}") from None
        if vendor == "sqlite":
            _sqlite_restore(scratch / SQLITE_FILE)
        else:
            _pg_restore(scratch / PG_FILE)
        media_files = _copy_tree(scratch / "media", media)
        for name in manifest["keys"]:
            key = Path(settings.VAR_DIR) / name
            shutil.copyfile(scratch / "keys" / name, key)
            key.chmod(0o600)
    before = set(_applied_migrations())
    call_command("migrate", interactive=False, verbosity=0)
    migrated = sorted(f"{a}.{n}" for a, n in set(_applied_migrations()) - before)
    articles = apps.get_model("content", "Article").objects.count()
    return Restored(articles, media_files, list(manifest["keys"]), migrated)


def holds_data() -> str:
    """What makes the database not empty ("3 articles"), or "" when it is empty.

    Empty is what a new install has, migrated or not: no accounts and no rows in any of
    newsdesk's own tables (migrations themselves only add groups and permissions).
    """
    tables = set(connection.introspection.table_names())
    models = [apps.get_model("auth", "User")] + [
        model for model in apps.get_models() if model.__module__.startswith("newsdesk.")
    ]
    for model in models:
        if model._meta.db_table in tables and model._default_manager.using("default").exists():
            count = model._default_manager.using("default").count()
            return f"{count} {model._meta.verbose_name_plural}"
    return ""


# The database.


def _sqlite_backup(target: Path) -> None:
    connection.ensure_connection()
    sqlite_copy(connection.connection, target)


def sqlite_copy(source: sqlite3.Connection, target: Path) -> None:
    """Copy the live SQLite database of ``source`` to ``target`` with the online backup API.

    The copy is made in one step, inside one read transaction: it is the database as of
    one commit, whatever other connections write meanwhile (in WAL mode they go on
    writing; an uncommitted transaction is not in the copy).
    """
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        copy.close()


def _sqlite_restore(source: Path) -> None:
    """Replace the configured SQLite database's contents with ``source``, in one step."""
    copy = sqlite3.connect(source)
    try:
        problems = copy.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as error:
        problems = str(error)
    finally:
        copy.close()
    if problems != "ok":
        raise BackupError(f"the backup's database is damaged: {problems}")
    connection.close()  # no transaction of ours may be open in the target
    connection.ensure_connection()
    backup = sqlite3.connect(source)
    try:
        backup.backup(connection.connection)
    finally:
        backup.close()
        connection.close()


def _pg_environment() -> dict[str, str]:
    """libpq's variables for the configured database, for pg_dump and pg_restore."""
    params = connection.get_connection_params()
    names = {"host": "PGHOST", "port": "PGPORT", "user": "PGUSER", "password": "PGPASSWORD",
             "dbname": "PGDATABASE", "sslmode": "PGSSLMODE"}  # fmt: skip
    env = dict(os.environ)
    env.update({var: str(params[key]) for key, var in names.items() if params.get(key)})
    return env


def _pg_tool(name: str) -> str:
    """The path of pg_dump or pg_restore, refused when older than the server.

    Either refuses (or writes an archive the other cannot read) when older than the
    server; a newer one is fine.
    """
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client)")
    output = subprocess.run([path, "--version"], capture_output=True, text=True).stdout
    version = re.search(r"\(PostgreSQL\) (\d+)", output)
    if version is None:
        raise BackupError(f"cannot tell the version of {path}: {output.strip()!r}")
    tool = int(version.group(1))
    connection.ensure_connection()
    server = connection.pg_version // 10000
    if tool < server:
        raise BackupError(
            f"{name} is version {tool} but the server is PostgreSQL {server}: install "
            f"postgresql-client-{server} and put it first on PATH"
        )
    return path


def _pg_dump(target: Path) -> None:
    result = subprocess.run(
        [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
         f"--file={target}"],
        env=_pg_environment(), capture_output=True, text=True,
    )  # fmt: skip
    if result.returncode != 0:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")


# The functions of the database's schema that no extension owns: those migrations made
# (the triggers' functions, content/migrations/0017), which the dump creates again.
OWN_FUNCTIONS = (
    "SELECT p.oid::regprocedure::text FROM pg_proc p "
    "JOIN pg_namespace n ON n.oid = p.pronamespace AND n.nspname = current_schema() "
    "WHERE NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass "
    "AND d.objid = p.oid AND d.deptype = 'e')"
)


def _pg_restore(source: Path) -> None:
    """Drop every table and function of the configured database, then load ``source``
    into it."""
    tool = _pg_tool("pg_restore")
    # Read the whole dump's table of contents before anything is dropped.
    listed = subprocess.run([tool, "--list", str(source)], capture_output=True, text=True)
    if listed.returncode != 0:
        raise BackupError(f"the backup's database dump is unreadable: {listed.stderr.strip()}")
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)} CASCADE")
        cursor.execute(OWN_FUNCTIONS)
        for (function,) in cursor.fetchall():
            cursor.execute(f"DROP FUNCTION IF EXISTS {function} CASCADE")
    connection.close()
    result = subprocess.run(
        [tool, "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error",
         f"--dbname={_pg_environment()['PGDATABASE']}", str(source)],
        env=_pg_environment(), capture_output=True, text=True,
    )  # fmt: skip
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()}")


def _applied_migrations() -> set[tuple[str, str]]:
    recorder = MigrationRecorder(connection)
    return set(recorder.applied_migrations()) if recorder.has_table() else set()


def _known_migrations() -> set[str]:
    return {f"{app}.{name}" for app, name in MigrationLoader(None).graph.nodes}


# The archive.


def _manifest(tar: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(tar.extractfile("manifest.json"))
    except (KeyError, ValueError):
        raise BackupError("not a newsdesk backup: no readable manifest.json") from None
    except DAMAGED as error:
        raise BackupError(f"the backup is truncated or damaged: {error}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    return manifest


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.now(UTC).timestamp())
    info.mode = 0o600
    tar.addfile(info, fileobj=io.BytesIO(data))


def _copy_tree(source: Path, target: Path) -> int:
    """Copy every file under ``source`` to the same place under ``target``; how many."""
    count = 0
    for path in sorted(source.rglob("*")) if source.is_dir() else []:
        if path.is_file():
            destination = target / path.relative_to(source)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, destination)
            count += 1
    return count
