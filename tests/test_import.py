"""`newsdesk import`: articles saved whole, idempotent, drafts by default; bad input reported."""

import importlib
import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from newsdesk.content.models import Article, Image, Person
from newsdesk.imports.models import ImportRecord
from newsdesk.newsroom.models import AuditEntry
from tests.factories import make_person, make_section, png_bytes

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[1]
COMMAND = "newsdesk.imports.management.commands.import"
REFERENCE = ROOT.parent / "shared" / "reference" / "apd-review-2018-06-06.txt"

DUMP = """To download Meridian News app

1. Please scan the QR Code 2. Download and install Meridian News App

Harbour Review | Night ferries return to the bay after a winter away

Top News2024-03-05

By Staff writer Ida Berg

Translated by Tao Zhang

The night ferries returned to the bay on Tuesday after four months in dry dock.

Crews said the boats now run every hour until two in the morning.

Ida Berg is a staff writer covering transport and the harbour.

(PACIFIC MERIDIAN)

Hot Recommended

Another story people are reading
"""


def run(*args, capsys=None):
    """Run `newsdesk import` in this process; returns (exit code, stdout, stderr)."""
    code = 0
    try:
        call_command("import", *map(str, args))
    except SystemExit as exit:
        code = exit.code
    out, err = capsys.readouterr() if capsys else ("", "")
    return code, out, err


@pytest.fixture
def dump(tmp_path):
    path = tmp_path / "ferries.txt"
    path.write_text(DUMP)
    return path


def test_a_text_dump_becomes_one_draft_article_marked_with_its_source(dump, capsys):
    section = make_section(name="Top News")
    code, out, _ = run(dump, capsys=capsys)
    assert code == 0
    assert "1 created, 0 updated, 0 skipped (unchanged), 0 failed" in out
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert article.headline == "Night ferries return to the bay after a winter away"
    assert article.section == section  # matched, not duplicated
    assert article.column.name == "Harbour Review"
    assert article.published_at.date().isoformat() == "2024-03-05"
    (author,) = article.ordered_authors()
    assert (author.name, author.role_title) == ("Ida Berg", "Staff writer")
    assert author.bio.startswith("Ida Berg is a staff writer")
    assert [p.name for p in article.ordered_translators()] == ["Tao Zhang"]
    assert article.body == (
        "<p>The night ferries returned to the bay on Tuesday after four months in dry dock.</p>"
        "<p>Crews said the boats now run every hour until two in the morning.</p>"
    )
    assert article.source_line == "(PACIFIC MERIDIAN)"
    record = ImportRecord.objects.get()
    assert record.article == article and record.source == str(dump) and record.kind == "text"
    assert str(dump) in article.review_notes.get().text
    assert article.revisions.count() == 1
    entry = AuditEntry.objects.get(action="imported")
    assert (entry.actor_name, entry.detail) == ("newsdesk import", f"created from {dump}")


def test_an_imported_draft_is_not_public(client, dump, capsys):
    run(dump, capsys=capsys)
    article = Article.objects.get()
    assert client.get(article.get_absolute_url()).status_code == 404
    assert article.headline not in client.get("/en/").content.decode()


def test_existing_people_are_matched_not_duplicated(dump, capsys):
    existing = make_person(name="Ida Berg", role_title="", bio="")
    run(dump, capsys=capsys)
    assert Person.objects.filter(name="Ida Berg").count() == 1
    existing.refresh_from_db()
    assert existing.role_title == "Staff writer"  # filled in where it was empty


def test_importing_again_skips_an_unchanged_source_and_updates_a_changed_one(dump, capsys):
    run(dump, capsys=capsys)
    first = Article.objects.get()
    code, out, _ = run(dump, capsys=capsys)
    assert "0 created, 0 updated, 1 skipped" in out
    dump.write_text(DUMP.replace("every hour", "every half hour"))
    code, out, _ = run(dump, capsys=capsys)
    assert "0 created, 1 updated, 0 skipped" in out
    article = Article.objects.get()
    assert article.pk == first.pk
    assert "every half hour" in article.body
    assert article.bylines.count() == 1 and article.translator_credits.count() == 1
    assert article.revisions.count() == 2  # the earlier text is kept as a revision
    assert ImportRecord.objects.count() == 1


def test_publish_publishes_at_the_source_date(client, dump, capsys):
    make_section(name="Top News")
    run(dump, "--publish", capsys=capsys)
    article = Article.objects.get()
    assert article.is_published
    assert article.published_at.date().isoformat() == "2024-03-05"
    assert client.get(article.get_absolute_url()).status_code == 200


def test_a_dry_run_saves_nothing_and_json_is_all_that_goes_to_standard_output(
    dump, tmp_path, capsys
):
    second = tmp_path / "second.txt"
    second.write_text(DUMP.replace("Night ferries", "Day ferries"))
    code, out, err = run(dump, second, "--dry-run", "--json", capsys=capsys)
    assert code == 0
    assert not Article.objects.exists() and not Person.objects.exists()
    objects = [json.loads(line) for line in out.splitlines()]
    assert [o["title"][:14] for o in objects] == ["Night ferries ", "Day ferries re"]
    first = objects[0]
    assert first["authors"][0]["name"] == "Ida Berg"
    assert first["authors"][0]["role_title"] == "Staff writer"
    assert first["translators"][0]["name"] == "Tao Zhang"
    assert first["date"].startswith("2024-03-05") and first["section"] == "Top News"
    assert first["kicker"] == "Harbour Review" and first["source_line"] == "(PACIFIC MERIDIAN)"
    assert len(first["body"]) == 2 and first["bio"].startswith("Ida Berg is")
    assert "2 would be imported" in err


def test_a_dry_run_in_json_names_the_lead_image(dump, capsys):
    html, export = FIXTURES / "html", FIXTURES / "wordpress" / "export.xml"
    code, out, _ = run(html / "jsonld.html", html / "figures.html", export, dump, "--dry-run",
                       "--json", capsys=capsys)  # fmt: skip
    assert code == 0
    lead = {o["title"]: o["lead_image"] for o in map(json.loads, out.splitlines())}
    ferry = lead["Why the last ferry to Caddenmoor keeps running"]  # JSON-LD image
    assert ferry["url"] == "https://northwind.example/media/ferry-lead.jpg"
    assert ferry["index"] == 0 and ferry["caption"] == "" and ferry["alt_text"] == ""
    assert lead["The lighthouse keepers of Kestrel Point"] is None  # no declared image
    harbour = lead["Morning on the harbour"]  # the featured image (_thumbnail_id)
    assert harbour["index"] == 1
    assert harbour["url"] == "https://ledger.example/wp-content/uploads/2024/01/harbour-dawn.png"
    assert harbour["caption"] == "Boats leaving Port Velmar at dawn."
    assert harbour["alt_text"] == "Fishing boats on a calm grey sea"
    assert lead["Notes for the spring timetable"] is None  # a post without one
    assert lead[next(title for title in lead if title.startswith("Night ferries"))] is None


def test_a_dry_run_without_json_describes_each_article(dump, capsys):
    code, out, _ = run(dump, "--dry-run", capsys=capsys)
    assert "would import: Night ferries return" in out and "Ida Berg" in out
    assert not Article.objects.exists()


def test_folders_and_globs_are_expanded_and_a_missing_path_is_reported(tmp_path, capsys):
    folder = tmp_path / "archive" / "2024"
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text(DUMP)
    (folder / "b.txt").write_text(DUMP.replace("Night ferries", "Day ferries"))
    (folder / "notes.md").write_text("not an import")
    code, out, _ = run(tmp_path / "archive", str(tmp_path / "archive" / "**" / "a.txt"),
                       tmp_path / "nowhere", capsys=capsys)  # fmt: skip
    assert Article.objects.count() == 2
    assert "2 created" in out and "1 failed" in out
    assert f"failed: {tmp_path / 'nowhere'}: no such file" in out
    assert code == 1


def test_bad_inputs_get_a_reason_each_and_the_batch_goes_on(tmp_path, dump, capsys, settings):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "photo.txt").write_bytes(png_bytes())
    (bad / "empty.txt").write_text("")
    (bad / "blank.html").write_text("   \n\n")
    (bad / "truncated.xml").write_text(
        '<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item>'
    )
    (bad / "garbled.txt").write_bytes(bytes(range(0x80, 0x100)) * 40)
    with open(bad / "huge.txt", "wb") as huge:
        huge.truncate(50 * 1024 * 1024)  # 50 MB
    code, out, _ = run(bad, dump, capsys=capsys)
    assert code == 1
    reasons = {
        line.split(": ", 2)[1].rsplit("/", 1)[-1]: line.split(": ", 2)[2]
        for line in out.splitlines()
        if line.strip().startswith("failed:")
    }
    assert reasons["photo.txt"] == "not text: this is a PNG image"
    assert reasons["empty.txt"] == "empty file"
    assert reasons["blank.html"] == "empty file"
    assert "truncated" in reasons["truncated.xml"] or "malformed" in reasons["truncated.xml"]
    assert reasons["garbled.txt"].startswith("unknown text encoding")
    assert reasons["huge.txt"].startswith("too large: 50.0 MB")
    assert all("\n" not in reason for reason in reasons.values())
    assert "1 created" in out and "6 failed" in out
    assert Article.objects.count() == 1


@pytest.mark.parametrize("step", ["parse_input", "save_imported"])
def test_a_bug_in_the_importer_is_logged_with_its_traceback_and_the_batch_goes_on(
    dump, tmp_path, capsys, caplog, monkeypatch, step
):
    from newsdesk.imports import runner

    other = tmp_path / "other.txt"
    other.write_text(DUMP.replace("Ferry", "Tram"))
    real, calls = getattr(runner, step), []

    def buggy_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise KeyError("a parser bug")
        return real(*args, **kwargs)

    monkeypatch.setattr(runner, step, buggy_once)
    code, out, _ = run(dump, other, capsys=capsys)
    assert code == 1 and "1 created" in out and "1 failed" in out
    [failure] = [r for r in caplog.records if r.name.startswith("newsdesk.imports")]
    assert failure.levelname == "ERROR" and "a parser bug" in str(failure.exc_info[1])


def test_url_is_only_for_a_single_file(dump, tmp_path, capsys):
    other = tmp_path / "other.txt"
    other.write_text(DUMP)
    code, out, _ = run(dump, other, "--url", "https://example.org/a", capsys=capsys)
    assert code == 1 and "--url gives the address of one HTML file only" in out


def test_the_reference_page_becomes_exactly_one_article_matching_it(capsys):
    if not REFERENCE.parent.is_dir():
        pytest.skip(f"the shared reference folder is absent here: {REFERENCE.parent}")
    code, out, _ = run(REFERENCE, capsys=capsys)
    assert code == 0, out
    article = Article.objects.get()
    lines = [line.strip() for line in REFERENCE.read_text().splitlines() if line.strip()]
    assert article.column.name == "APD Review"
    assert article.headline == lines[2].split(" | ", 1)[1]
    assert article.section.name == "Top News"
    assert article.published_at.date().isoformat() == "2018-06-06"
    (author,) = article.ordered_authors()
    assert (author.name, author.role_title) == ("Sun Chenghao", "APD writer")
    assert author.bio.startswith("Sun Chenghao is an assistant research fellow")
    assert [p.name for p in article.ordered_translators()] == ["Deng Xianlai"]
    (image,) = article.inline_images.all()
    assert image.source == "AJLJ.jpg" and image.caption.startswith("JULY 7, 2017: Melania Trump")
    assert article.source_line == "(ASIA PACIFIC DAILY)"
    # The clean copy's paragraphs, each once and in order, none missing.
    start = lines.index("Translated by Deng Xianlai") + 1
    end = next(i for i, line in enumerate(lines) if line.startswith("Sun Chenghao is an"))
    expected = [
        line for line in lines[start:end] if line != "AJLJ.jpg" and not line.startswith("JULY 7")
    ]
    from newsdesk.content.body import split_blocks

    paragraphs = [b.text for b in split_blocks(article.body) if b.tag == "p"]
    assert paragraphs == [" ".join(p.split()) for p in expected]
    assert "Hot Recommended" not in article.body and "QR Code" not in article.body


# An import killed midway ---------------------------------------------------------------

# Imports a folder, and once N articles are saved says so and waits (for SIGKILL).
IMPORT_THEN_WAIT = """
import sys
import django
django.setup()
from newsdesk.imports.runner import run_import
folder, stop_after = sys.argv[1], int(sys.argv[2])
saved = []

def wait_after_n(article):
    saved.append(article)
    if len(saved) == stop_after:
        print(f"saved {stop_after}", flush=True)
        sys.stdin.readline()

run_import([folder], on_saved=wait_after_n)
"""


@pytest.mark.django_db(transaction=True)
def test_an_import_killed_midway_leaves_whole_articles_and_a_rerun_finishes(tmp_path):
    env = {**os.environ, "NEWSDESK_VAR_DIR": str(tmp_path / "var")}
    for name in ["DJANGO_SETTINGS_MODULE", "DATABASE_URL"]:
        env.pop(name, None)  # a file SQLite database of its own
    newsdesk = [sys.executable, "-m", "newsdesk.cli"]
    subprocess.run([*newsdesk, "migrate", "-v0"], env=env, check=True, timeout=120, cwd=ROOT)
    folder = tmp_path / "dumps"
    folder.mkdir()
    total = 150
    for n in range(total):
        (folder / f"{n:03}.txt").write_text(
            DUMP.replace("Night ferries", f"Ferry number {n}").replace("Ida Berg", f"Writer {n}")
        )
    django_env = {**env, "DJANGO_SETTINGS_MODULE": "newsdesk.settings"}
    counting = "from newsdesk.content.models import Article; print(Article.objects.count())"

    def count() -> int:
        setup = "import django; django.setup();"
        done = subprocess.run(
            [sys.executable, "-c", setup + counting], env=django_env,
            capture_output=True, text=True, cwd=ROOT, timeout=60,
        )  # fmt: skip
        return int(done.stdout.strip() or 0)

    # The importer stops after 10 articles and waits there to be killed: no race with its speed.
    importer = subprocess.Popen(
        [sys.executable, "-c", IMPORT_THEN_WAIT, str(folder), "10"], env=django_env, cwd=ROOT,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert importer.stdout.readline().strip() == "saved 10"
    finally:
        importer.send_signal(signal.SIGKILL)
        importer.wait()
    killed_at = count()
    assert killed_at == 10
    check = (
        "import django; django.setup()\n"
        "from newsdesk.content.models import Article\n"
        "from newsdesk.imports.models import ImportRecord\n"
        "for a in Article.objects.all():\n"
        "    assert a.body.count('<p>') == 2, a.pk\n"
        "    assert a.bylines.count() == 1 and a.translator_credits.count() == 1, a.pk\n"
        "    assert ImportRecord.objects.filter(article=a).exists(), a.pk\n"
        "    assert a.revisions.count() == 1, a.pk\n"
        "print('whole')\n"
    )
    whole = subprocess.run(
        [sys.executable, "-c", check], env=django_env,
        capture_output=True, text=True, cwd=ROOT, timeout=60,
    )  # fmt: skip
    assert whole.stdout.strip() == "whole", whole.stderr
    rerun = subprocess.run(
        [*newsdesk, "import", str(folder)], env=env, cwd=ROOT, capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip
    assert rerun.returncode == 0, rerun.stderr
    assert f"{total - killed_at} created" in rerun.stdout
    assert f"{killed_at} skipped" in rerun.stdout
    assert count() == total


# WordPress and HTML through the command ------------------------------------------------

FIXTURES = ROOT / "tests" / "fixtures"


def test_a_wordpress_export_becomes_articles_with_sections_tags_people_and_images(capsys):
    export = FIXTURES / "wordpress" / "export.xml"
    code, out, _ = run(export, "--media", FIXTURES / "wordpress" / "media", "--publish",
                       capsys=capsys)  # fmt: skip
    assert code == 0, out
    harbour = Article.objects.get(headline="Morning on the harbour")
    assert harbour.status == Article.Status.PUBLISHED  # published there, --publish here
    assert harbour.published_at.isoformat() == "2024-01-12T07:45:00+00:00"
    assert harbour.section.name == "Harbour"
    assert sorted(t.name for t in harbour.tags.all()) == ["boats", "mornings"]
    assert [p.name for p in harbour.ordered_authors()] == ["Mira Okonkwo"]
    assert harbour.standfirst == "An hour on the quay at Port Velmar, before the town wakes up."
    assert "<h2>Who goes out first</h2>" in harbour.body
    assert harbour.lead_image.file and harbour.lead_image.file.name.endswith(".png")
    (figure,) = harbour.inline_images.all()
    assert figure.caption.startswith("The Kestrel Point light after the storm")
    assert figure.file  # found in --media
    assert harbour.import_record.original_url.startswith("https://ledger.example/2024/01/12/")
    # Drafts stay drafts, even with --publish; pages are left out unless asked for.
    assert Article.objects.get(headline="Notes for the spring timetable").status == "draft"
    assert not Article.objects.filter(headline="About the Ledger").exists()
    chinese = Article.objects.get(headline="湖边的灯笼节")
    assert chinese.language == "zh-hans"
    # Importing the export again changes nothing.
    count = Article.objects.count()
    code, out, _ = run(export, "--media", FIXTURES / "wordpress" / "media", "--publish",
                       capsys=capsys)  # fmt: skip
    assert Article.objects.count() == count and f"{count} skipped" in out


def test_a_wordpress_image_without_its_file_keeps_its_address_for_later(capsys):
    run(FIXTURES / "wordpress" / "export.xml", capsys=capsys)
    harbour = Article.objects.get(headline="Morning on the harbour")
    assert not harbour.lead_image.file
    assert harbour.lead_image.source.startswith("https://ledger.example/wp-content/uploads/")


def test_a_wordpress_image_whose_file_is_not_a_picture_waits_for_one(capsys, tmp_path):
    import shutil

    media = tmp_path / "media"
    shutil.copytree(FIXTURES / "wordpress" / "media", media)
    for found in media.rglob("*.png"):
        found.write_bytes(b"<html>not a picture</html>")
    code, out, _ = run(FIXTURES / "wordpress" / "export.xml", "--media", media, capsys=capsys)
    assert code == 0, out
    harbour = Article.objects.get(headline="Morning on the harbour")
    assert not harbour.lead_image.file
    assert harbour.lead_image.source.startswith("https://ledger.example/wp-content/uploads/")


def test_an_html_page_is_imported_with_the_address_given(capsys):
    page = FIXTURES / "html" / "plain.html"
    code, out, _ = run(page, "--url", "https://old.example.org/2019/05/story", capsys=capsys)
    assert code == 0, out
    record = ImportRecord.objects.get()
    assert record.original_url == "https://old.example.org/2019/05/story"
    assert record.kind == "html" and record.article.status == Article.Status.DRAFT
    assert record.article.ordered_authors()
    run(page, "--url", "https://old.example.org/2019/05/story", capsys=capsys)
    assert ImportRecord.objects.count() == 1


def test_without_the_imports_extra_the_command_says_what_to_install(monkeypatch):
    # A server installed without the extra has no trafilatura: block it, load the command
    # afresh; monkeypatch puts the real modules back afterwards.
    importlib.import_module(COMMAND)
    for name in (COMMAND, "newsdesk.imports.runner", "newsdesk.imports.htmlpage"):
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    with pytest.raises(CommandError, match=r"trafilatura is not installed.*newsdesk\[imports\]"):
        call_command("import", "article.txt")


# What a re-import compares ---------------------------------------------------------------


def imported(**changes):
    from newsdesk.imports.record import Block, Credit, ImportedArticle

    article = ImportedArticle(
        source_key="url:https://harbour.example/ferries",
        source="/archive/ferries.html",
        kind="html",
        title="Night ferries return to the bay",
        authors=[Credit("Ida Berg")],
        blocks=[Block("p", "The night ferries returned to the bay on Tuesday.")],
        language_confidence=0.91,
        language_origin="text",
        origins={"title": "h1", "date": "trafilatura"},
    )
    for name, value in changes.items():
        setattr(article, name, value)
    return article


def test_a_reimport_with_only_its_diagnostics_changed_is_unchanged():
    from newsdesk.imports.save import save_imported

    assert save_imported(imported()).action == "created"
    upgraded = imported(
        source="/moved/ferries.html",
        origins={"title": "h1", "date": "json-ld"},  # a better label after an upgrade
        language_confidence=0.97,
        language_origin="declared",
        notes=["a note from a newer importer"],
    )
    assert save_imported(upgraded).action == "skipped"
    assert Article.objects.get().revisions.count() == 1


def test_a_reimport_with_its_body_changed_is_updated():
    from newsdesk.imports.record import Block
    from newsdesk.imports.save import save_imported

    save_imported(imported())
    reworded = imported(blocks=[Block("p", "The night ferries returned to the bay on Monday.")])
    assert save_imported(reworded).action == "updated"
    # Markup counts too: the same words, now in italics, are a change to the body.
    marked = imported(
        blocks=[Block("p", "The night ferries returned to the bay on <em>Monday</em>.")]
    )
    assert save_imported(marked).action == "updated"
    assert "<em>Monday</em>" in Article.objects.get().body


def test_every_field_of_an_imported_article_is_content_or_diagnostic():
    """A new field must be sorted here: compared on re-import (content) or not."""
    import dataclasses

    from newsdesk.imports.record import ImportedArticle
    from newsdesk.imports.save import CONTENT_FIELDS

    not_compared = {"source", "source_key", "origins", "language_confidence",
                    "language_origin", "notes"}  # fmt: skip
    fields = {field.name for field in dataclasses.fields(ImportedArticle)}
    assert fields == set(CONTENT_FIELDS) | not_compared
    assert not set(CONTENT_FIELDS) & not_compared


# In parallel: --jobs -----------------------------------------------------------------------


@pytest.fixture
def mixed_folder(tmp_path):
    """Our HTML pages and text dumps (one page of them has no article: it fails), a PNG
    named as a page, and a dump the parser has a bug on (see parser_bug)."""
    import shutil

    folder = tmp_path / "mixed"
    shutil.copytree(FIXTURES / "html", folder / "html")
    for dump_file in sorted((FIXTURES / "textdumps").glob("*.txt"))[:6]:
        shutil.copy(dump_file, folder / dump_file.name)
    (folder / "html" / "broken.html").write_bytes(png_bytes())
    (folder / "bug.txt").write_text(DUMP)
    return folder


@pytest.fixture
def parser_bug(monkeypatch):
    """parse_input fails with a bug on bug.txt: in this process and in forked workers."""
    from newsdesk.imports import runner

    real = runner.parse_input

    def buggy(path, **options):
        if path.name == "bug.txt":
            raise KeyError("a parser bug")
        return real(path, **options)

    monkeypatch.setattr(runner, "parse_input", buggy)


def imported_articles() -> list[tuple]:
    """What was imported, each picture in a body named by its checksum and caption: its id
    depends on the order of saving, and on PostgreSQL a rolled-back import used up ids."""
    images = {image.pk: image for image in Image.objects.all()}

    def picture(match) -> str:
        image = images[int(match.group(1))]
        return f'<figure data-image="{image.checksum} {image.caption}"></figure>'

    return [
        (
            article.import_record.source,
            article.headline,
            re.sub(r'<figure data-image-id="(\d+)"></figure>', picture, article.body),
            article.language,
            article.section.name,
            article.status,
            article.published_at,
            [person.name for person in article.ordered_authors()],
        )
        for article in Article.objects.order_by("pk")
    ]


def test_jobs_import_the_same_articles_with_the_same_summary_as_one(
    mixed_folder, parser_bug, capsys
):
    from django.db import transaction

    with transaction.atomic():  # undone below: the second import starts from the same state
        code, one_job, _ = run(mixed_folder, "--jobs", "1", capsys=capsys)
        expected = imported_articles()
        transaction.set_rollback(True)
    assert not Article.objects.exists()
    code_two, two_jobs, _ = run(mixed_folder, "--jobs", "2", capsys=capsys)
    assert (code_two, two_jobs) == (code, one_job)
    assert imported_articles() == expected
    # Bad files are reported, each with its reason, and all the others imported.
    assert code == 1
    assert f"failed: {mixed_folder / 'bug.txt'}: KeyError: 'a parser bug'" in two_jobs
    assert f"failed: {mixed_folder / 'html' / 'broken.html'}: not text" in two_jobs
    assert f"failed: {mixed_folder / 'html' / 'navigation.html'}: no article" in two_jobs
    created = len(list(mixed_folder.rglob("*.*"))) - 3
    assert f"Import: {created} created, 0 updated, 0 skipped (unchanged), 3 failed" in two_jobs
    assert len(expected) == created


def test_a_file_that_kills_its_parser_process_fails_alone_and_the_rest_are_imported(
    mixed_folder, monkeypatch, capsys
):
    from newsdesk.imports import runner

    real = runner.parse_input

    def crashing(path, **options):
        if path.name == "bug.txt":
            os._exit(1)  # as a segfault in C code or the out-of-memory killer would end it
        return real(path, **options)

    monkeypatch.setattr(runner, "parse_input", crashing)  # only ever run in a worker here
    code, out, _ = run(mixed_folder, "--jobs", "2", capsys=capsys)
    assert code == 1
    assert f"failed: {mixed_folder / 'bug.txt'}: its parser stopped" in out
    created = len(list(mixed_folder.rglob("*.*"))) - 3
    assert f"Import: {created} created, 0 updated, 0 skipped (unchanged), 3 failed" in out
    assert Article.objects.count() == created


def test_jobs_in_a_dry_run_describe_the_same_articles_in_the_same_order(mixed_folder, capsys):
    _, one_job, _ = run(mixed_folder, "--dry-run", "--json", "--jobs", "1", capsys=capsys)
    _, three_jobs, _ = run(mixed_folder, "--dry-run", "--json", "--jobs", "3", capsys=capsys)
    described = len(list(mixed_folder.rglob("*.*"))) - 2  # all but the 2 bad files
    assert three_jobs == one_job and len(one_job.splitlines()) == described
    assert not Article.objects.exists()


@pytest.mark.parametrize("jobs", ["0", "-2", "two"])
def test_jobs_must_be_one_or_more(dump, jobs):
    with pytest.raises(CommandError, match="must be a whole number, 1 or more"):
        call_command("import", str(dump), "--jobs", jobs)


BLAS_THREADS = """
import os
import django
django.setup()
import newsdesk.imports.runner
import numpy
square = numpy.ones((600, 600), dtype="float32")
square @ square  # large enough for OpenBLAS to start its threads, if it may
print(len(os.listdir("/proc/self/task")))
"""


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts threads in /proc")
def test_an_import_runs_numpy_on_one_thread():
    """py3langid's small matrix products are not worth a spinning OpenBLAS thread per core."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsdesk.settings"}
    env.pop("OPENBLAS_NUM_THREADS", None)
    done = subprocess.run(
        [sys.executable, "-c", BLAS_THREADS], env=env, cwd=ROOT, capture_output=True,
        text=True, timeout=120, check=True,
    )  # fmt: skip
    assert done.stdout.strip() == "1"
