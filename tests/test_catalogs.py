"""The interface translations: every catalog of every locale is complete, exact and compiled.

An edition reads wholly in its language only if nothing in its catalogs is left empty or
fuzzy (gettext skips both, so the reader sees English), every placeholder of a string
survives its translation (a lost ``%(name)s`` raises or drops text at run time), the
committed ``.mo`` holds what the ``.po`` says, and a string shared by two catalogs reads
the same in both (the project's catalog silently wins over an app's).
"""

import ast
import gettext
import re
import textwrap
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation import to_locale

from tests.serving import ROOT

# English is the language the strings are written in: it has no catalog.
SOURCE_LANGUAGE = "en"
LOCALE_DIRS = sorted(ROOT.glob("newsdesk/**/locale"))
CATALOGS = sorted(ROOT.glob("newsdesk/**/locale/*/LC_MESSAGES/django.po"))

PYTHON_FORMAT = re.compile(
    r"%(?:\((?P<name>\w+)\))?"  # the name of a named field
    r"[#0 +-]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[hlL]?"  # flags, width, precision, length
    r"(?P<type>[diouxXeEfFgGcrsa%])"
)
BRACE_FORMAT = re.compile(r"\{(\w*)\}")
HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    def where(self, path: Path) -> str:
        return f"{path.relative_to(ROOT)}:{self.line}: {self.msgid!r}"


def read_po(path: Path) -> list[Entry]:
    """The entries of a .po file, the header ("" msgid) first; obsolete (#~) ones left out.

    Enough of the format for the catalogs makemessages writes: flags, msgctxt, msgid,
    msgid_plural, msgstr and msgstr[n], each on one or more quoted lines.
    """
    entries: list[Entry] = []
    entry, field_name = Entry(), ""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if line.startswith("#~"):  # obsolete: msgmerge's memory, revived if the string returns
            if entry.msgstr:
                entries.append(entry)
            entry = Entry()
            continue
        if not line:
            continue
        keyword, _, rest = line.partition(" ")
        # An entry ends with its msgstr: a comment or a msgid after one starts the next.
        if entry.msgstr and (line.startswith("#") or keyword in ("msgctxt", "msgid")):
            entries.append(entry)
            entry = Entry()
        entry.line = entry.line or number
        if line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            add(entry, field_name, ast.literal_eval(line))
        else:
            field_name = keyword
            add(entry, field_name, ast.literal_eval(rest))
    if entry.msgstr:
        entries.append(entry)
    return entries


def add(entry: Entry, field_name: str, text: str) -> None:
    if field_name.startswith("msgstr"):
        index = int(field_name[len("msgstr[") : -1]) if "[" in field_name else 0
        entry.msgstr[index] = entry.msgstr.get(index, "") + text
    else:
        setattr(entry, field_name, (getattr(entry, field_name) or "") + text)


def header(entries: list[Entry]) -> dict[str, str]:
    fields = entries[0].msgstr[0].splitlines()
    return dict(line.split(": ", 1) for line in fields if ": " in line)


def nplurals(entries: list[Entry]) -> int:
    return int(re.search(r"nplurals=(\d+)", header(entries)["Plural-Forms"])[1])


def placeholders(text: str, python_format: bool) -> tuple:
    """What a translation must keep: named and positional % fields, {fields}, HTML tags."""
    named, positional = Counter(), []
    if python_format:
        for match in PYTHON_FORMAT.finditer(text):
            if match["type"] == "%":
                continue
            if match["name"]:
                named[match["name"]] += 1
            else:
                positional.append(match["type"])
    # A named field may appear more or fewer times in a translation, never be new or lost.
    return (
        set(named),
        positional,
        set(BRACE_FORMAT.findall(text)),
        sorted(HTML_TAG.findall(text)),
    )


def locale_of(path: Path) -> str:
    return path.parent.parent.name


def messages(path: Path) -> list[Entry]:
    return read_po(path)[1:]


@pytest.fixture(params=CATALOGS, ids=lambda path: str(path.relative_to(ROOT / "newsdesk")))
def catalog(request) -> Path:
    return request.param


def test_the_project_has_catalogs():
    assert len(LOCALE_DIRS) >= 2
    assert CATALOGS


def test_every_locale_dir_holds_a_catalog_for_every_edition_and_the_same_locales():
    editions = {to_locale(code) for code, _name in settings.LANGUAGES} - {SOURCE_LANGUAGE}
    held = {
        directory: {locale_of(path) for path in directory.glob("*/LC_MESSAGES/django.po")}
        for directory in LOCALE_DIRS
    }
    for directory, locales in held.items():
        assert editions <= locales, f"{directory} lacks {editions - locales}"
        assert locales == held[LOCALE_DIRS[0]], f"{directory}: {locales}"


def test_the_header_is_not_fuzzy_and_names_its_language(catalog):
    entries = read_po(catalog)
    assert entries[0].msgid == ""
    assert "fuzzy" not in entries[0].flags
    assert header(entries)["Language"] == locale_of(catalog)
    assert "charset=UTF-8" in header(entries)["Content-Type"]


def test_no_entry_is_fuzzy(catalog):
    fuzzy = [entry.where(catalog) for entry in messages(catalog) if "fuzzy" in entry.flags]
    assert not fuzzy


def test_every_entry_is_translated_in_every_plural_form(catalog):
    forms = nplurals(read_po(catalog))
    untranslated = []
    for entry in messages(catalog):
        expected = list(range(forms)) if entry.msgid_plural is not None else [0]
        if sorted(entry.msgstr) != expected or not all(entry.msgstr.values()):
            untranslated.append(entry.where(catalog))
    assert not untranslated


def test_every_translation_keeps_the_placeholders_and_markup_of_its_msgid(catalog):
    wrong = []
    for entry in messages(catalog):
        python_format = "python-format" in entry.flags
        sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
        allowed = [placeholders(source, python_format) for source in sources]
        for text in entry.msgstr.values():
            if text and placeholders(text, python_format) not in allowed:
                wrong.append(f"{entry.where(catalog)} -> {text!r}")
    assert not wrong


def test_the_compiled_catalog_holds_what_the_po_says(catalog):
    mo_path = catalog.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path.relative_to(ROOT)}: run `make messages`"
    with mo_path.open("rb") as mo_file:
        compiled = gettext.GNUTranslations(mo_file)
    stale = []
    for entry in messages(catalog):
        if "fuzzy" in entry.flags or not all(entry.msgstr.values()):
            continue  # reported by the tests above; msgfmt leaves these out
        if entry.msgid_plural is None:
            if entry.msgctxt is None:
                found = compiled.gettext(entry.msgid)
            else:
                found = compiled.pgettext(entry.msgctxt, entry.msgid)
            ok = found == entry.msgstr[0]
        else:
            ok = all(
                compiled.ngettext(entry.msgid, entry.msgid_plural, n)
                == entry.msgstr[compiled.plural(n)]
                for n in range(200)
            )
        if not ok:
            stale.append(entry.where(catalog))
    assert not stale, "the .mo is older than the .po: run `make messages`"


def test_a_string_reads_the_same_in_every_catalog_of_a_locale():
    translations = defaultdict(lambda: defaultdict(set))
    for path in CATALOGS:
        for entry in messages(path):
            key = (entry.msgctxt, entry.msgid, entry.msgid_plural)
            translations[locale_of(path)][key].add(tuple(sorted(entry.msgstr.items())))
    differing = [
        (locale, key[1], found)
        for locale, strings in translations.items()
        for key, found in strings.items()
        if len(found) > 1
    ]
    assert not differing


def test_the_parser_reads_flags_contexts_plurals_and_continued_lines(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        textwrap.dedent(r"""
            msgid ""
            msgstr ""
            "Language: ja\n"
            "Plural-Forms: nplurals=1; plural=0;\n"

            #: a.py:1
            #, fuzzy, python-format
            msgid ""
            "Hello "
            "%(name)s"
            msgstr "こんにちは"

            msgctxt "month"
            msgid "May"
            msgstr "5月"

            msgid "%(n)s article"
            msgid_plural "%(n)s articles"
            msgstr[0] "%(n)s件の\"記事\""

            #, python-format
            #~ msgid "Gone %(n)s"
            #~ msgstr "消えた"

            #, fuzzy
            msgid "Last"
            msgstr "最後"
        """),
        encoding="utf-8",
    )
    entries = read_po(po)
    assert header(entries)["Language"] == "ja"
    assert nplurals(entries) == 1
    hello, may, articles, last = entries[1:]
    assert (hello.msgid, hello.flags) == ("Hello %(name)s", {"fuzzy", "python-format"})
    assert (may.msgctxt, may.msgid, may.msgstr) == ("month", "May", {0: "5月"})
    assert articles.msgid_plural == "%(n)s articles"
    assert articles.msgstr == {0: '%(n)s件の"記事"'}
    assert (last.msgid, last.flags) == ("Last", {"fuzzy"})
    assert placeholders(hello.msgid, True) != placeholders(hello.msgstr[0], True)
    assert placeholders("100%% <b>{x}</b> %s", True) == (set(), ["s"], {"x"}, ["</b>", "<b>"])
