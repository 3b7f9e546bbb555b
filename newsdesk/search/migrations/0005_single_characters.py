"""Each Chinese or Japanese character is in the index on its own, after its run's pairs.

Until now a run was stored as its pairs and its last character (港口重新 → 港口 口重 重新 新),
and a search for one character was a prefix search over the pairs it starts: the full-text
index merged the lists of every such pair (some hundreds for 港), 90–150 ms at a million
articles. A run is now stored as its pairs, then each of its characters (港口 口重 重新 港 口
重 新: ``text.run_form``), and one character is searched as the term it now is.

The stored documents are rewritten in place, from the old form to the new one, without
reading the articles: only the fields that hold Chinese or Japanese change. On SQLite the
FTS5 index is dropped first and rebuilt from the documents at the end (one pass, instead of
a delete and an insert per changed row through the triggers); on PostgreSQL the GIN index
likewise, while the generated tsvector column follows each document. Going back rewrites the
documents to the old form.
"""

import importlib
import re

from django.db import migrations

FULL_TEXT = importlib.import_module("newsdesk.search.migrations.0002_full_text_index")
ANALYSED = importlib.import_module("newsdesk.search.migrations.0003_analysed_in_python")
PERIODS = importlib.import_module("newsdesk.search.migrations.0004_periods")

FIELDS = ("title", "standfirst", "body", "names")
BATCH_SIZE = 2_000

# Han characters and kana, as text.py has them when this migration is written (frozen: a
# later change to text.py must not change what this migration does).
CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U000323af\u3040-\u30ff]+")


def _is_pair(token: str) -> bool:
    return len(token) == 2 and CJK.fullmatch(token) is not None


def _rewrite(text: str, forward: bool) -> str:
    """A document field with each run's tokens in the new form (``forward``: pairs, then
    every character) or the old one (pairs, then the last character)."""
    tokens = text.split()
    out: list[str] = []
    position = 0
    while position < len(tokens):
        token = tokens[position]
        if not _is_pair(token):
            out.append(token)
            position += 1
            continue
        chain = [token]  # the pairs of one run: each starts with the last one's end
        position += 1
        while (
            position < len(tokens)
            and _is_pair(tokens[position])
            and tokens[position][0] == chain[-1][1]
        ):
            chain.append(tokens[position])
            position += 1
        characters = [chain[0][0]] + [pair[1] for pair in chain]
        # What follows the pairs in the form being left: the last character, or all.
        following = characters[-1:] if forward else characters
        if tokens[position : position + len(following)] == following:
            position += len(following)
        out += chain + (characters if forward else characters[-1:])
    return " ".join(out)


def rewrite_documents(forward: bool):
    def operation(apps, schema_editor):
        connection = schema_editor.connection
        columns = ", ".join(FIELDS)
        last = -1
        with connection.cursor() as cursor:
            while True:
                cursor.execute(
                    f"SELECT entry_id, {columns} FROM search_searchdocument "
                    "WHERE entry_id > %s ORDER BY entry_id LIMIT %s",
                    [last, BATCH_SIZE],
                )
                rows = cursor.fetchall()
                if not rows:
                    return
                last = rows[-1][0]
                updates: dict[tuple[str, ...], list] = {}
                for entry_id, *texts in rows:
                    changed = {}
                    for name, text in zip(FIELDS, texts, strict=True):
                        if CJK.search(text):
                            new = _rewrite(text, forward)
                            if new != text:
                                changed[name] = new
                    if changed:
                        updates.setdefault(tuple(changed), []).append([*changed.values(), entry_id])
                for names, params in updates.items():
                    assignments = ", ".join(f"{name} = %s" for name in names)
                    cursor.executemany(
                        f"UPDATE search_searchdocument SET {assignments} WHERE entry_id = %s",
                        params,
                    )

    return operation


def _fts5_config(values: dict[str, int]) -> list[str]:
    return [
        f"INSERT INTO search_fts(search_fts, rank) VALUES ('{k}', {v})" for k, v in values.items()
    ]


# FTS5 built in one pass: up to 64 MB of terms gathered in memory before a segment is
# written, no merging while it is built, then all segments merged into one (as `newsdesk
# generate` does); then FTS5's defaults. A large page cache while it runs.
FTS_BUILD = {"automerge": 0, "crisismerge": 1000, "hashsize": 64 * 1024 * 1024}
FTS_DEFAULTS = {"automerge": 4, "crisismerge": 16, "hashsize": 1024 * 1024}
REBUILD = "INSERT INTO search_fts(search_fts) VALUES ('rebuild')"
SQLITE_BUILD = [
    "PRAGMA cache_size = -262144",
    *[statement for statement in ANALYSED.SQLITE if statement != REBUILD],
    *_fts5_config(FTS_BUILD),
    REBUILD,
    "INSERT INTO search_fts(search_fts) VALUES ('optimize')",
    *_fts5_config(FTS_DEFAULTS),
    "PRAGMA cache_size = -2000",
]

# The full-text index is dropped while the documents change, and built again after.
DROP = {
    "sqlite": FULL_TEXT.SQLITE_REVERSE,
    "postgresql": ["DROP INDEX IF EXISTS search_document_vector"],
}
BUILD = {
    "sqlite": SQLITE_BUILD,
    "postgresql": [s for s in PERIODS.POSTGRESQL if not s.startswith("DROP")],
}


class Migration(migrations.Migration):
    dependencies = [("search", "0004_periods")]

    operations = [
        migrations.RunPython(FULL_TEXT.run(DROP), FULL_TEXT.run(BUILD)),
        migrations.RunPython(rewrite_documents(forward=True), rewrite_documents(forward=False)),
        migrations.RunPython(FULL_TEXT.run(BUILD), FULL_TEXT.run(DROP)),
    ]
