"""Imported articles in every language: found from the text, the declared one a hint.

An article in an edition's language goes to that edition; one in another language is
imported as a draft in its own code, with a note, never refused. Fixtures are short
pages written here, one pattern each.
"""

import json
import re

import pytest
from django.core.management import call_command
from django.test import Client

from newsdesk.content.models import Article
from newsdesk.imports.htmlpage import parse_html_page
from newsdesk.imports.languageid import find_language
from newsdesk.imports.textdump import parse_text_dump
from newsdesk.imports.wordpress import parse_wordpress_export
from tests.factories import make_article
from tests.newsroom_forms import article_form, change_url
from tests.test_import_wordpress import tiny_export, tiny_post

ENGLISH = [
    "The city council voted on Tuesday to close the old river bridge for a year of repairs.",
    "Engineers told the meeting that the steel supports had rusted faster than expected.",
    "Buses will carry passengers across the water on a temporary route until next spring.",
]
PORTUGUESE = [
    "A câmara municipal aprovou ontem o encerramento da velha ponte sobre o rio durante um ano.",
    "Os engenheiros disseram que os apoios de aço enferrujaram mais depressa do que se esperava.",
    "Os autocarros vão levar os passageiros para a outra margem até à próxima primavera.",
]
GERMAN = [
    "Der Stadtrat hat am Dienstag beschlossen, die alte Brücke über den Fluss ein Jahr zu sperren.",
    "Die Ingenieure sagten, die Stahlträger seien schneller verrostet als erwartet.",
    "Bis zum nächsten Frühjahr bringen Busse die Fahrgäste auf einer Umleitung ans andere Ufer.",
]
JAPANESE = [
    "市議会は火曜日、古い橋を一年間閉鎖して修理することを決めました。"
    "技術者によると、鉄の支柱は予想よりも早くさびていたということです。",
    "来年の春までは、バスが臨時のルートで乗客を向こう岸へ運びます。"
    "市は住民に向けて説明会を開く予定です。",
]
CHINESE = [
    "市议会周二投票决定关闭河上的旧桥，进行为期一年的维修。"
    "工程师在会上表示，钢制支架的锈蚀速度比预期更快。",
    "在明年春天之前，公交车将沿临时路线把乘客送到对岸。市政府将为附近居民举办说明会。",
]
SHORT_FRENCH = "Bus 24: service normal le 3 mai 2024, de 10 h à 18 h."
FRENCH = [
    "Le conseil municipal a voté mardi la fermeture du vieux pont pour un an de travaux.",
    "Les ingénieurs ont expliqué que les piliers d'acier avaient rouillé plus vite que prévu.",
    "Des bus conduiront les passagers sur l'autre rive jusqu'au printemps prochain.",
]


def page(paragraphs: list[str], *, lang: str | None = None, title: str = "") -> str:
    """A news page holding ``paragraphs``, declaring ``lang`` on <html> when given."""
    declared = f' lang="{lang}"' if lang else ""
    title = title or paragraphs[0][:40]
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    return f"""<!doctype html><html{declared}><head><meta charset="utf-8">
<title>{title}</title></head><body><article><h1>{title}</h1>{body}</article></body></html>"""


def parsed(paragraphs, **kwargs):
    return parse_html_page(page(paragraphs, **kwargs), source="page.html")


def test_an_english_page_declaring_german_is_english():
    article = parsed(ENGLISH, lang="de")
    assert (article.language, article.language_origin) == ("en", "text")
    assert article.language_confidence >= 0.8
    assert article.notes == []


def test_an_english_page_declaring_japanese_is_english(third_edition):
    assert parsed(ENGLISH, lang="ja").language == "en"


def test_a_portuguese_page_without_a_declaration_is_not_taken_for_english():
    article = parsed(PORTUGUESE)
    assert (article.language, article.language_origin) == ("pt", "text")
    assert article.notes == ["in Portuguese (pt), which is not an edition: imported as a draft"]


def test_a_japanese_page_with_kana_is_not_taken_for_chinese():
    assert parsed(JAPANESE).language == "ja"  # a draft: ja is not an edition here


def test_a_japanese_page_goes_to_a_japanese_edition(third_edition):
    article = parsed(JAPANESE, lang="zh-CN")
    assert (article.language, article.notes) == ("ja", [])


def test_chinese_without_a_declaration_goes_to_the_simplified_chinese_edition():
    article = parsed(CHINESE)
    assert (article.language, article.notes) == ("zh-hans", [])


def test_a_regional_declaration_agreeing_with_the_text_names_the_edition():
    article = parsed(ENGLISH, lang="en-GB")
    assert (article.language, article.language_origin) == ("en", "text")


def test_a_text_too_short_to_tell_takes_the_declared_language():
    article = parsed([SHORT_FRENCH], lang="fr", title="Bus")
    assert (article.language, article.language_origin) == ("fr", "declared")


def test_a_text_too_short_to_tell_does_not_outvote_the_declaration():
    found = find_language(SHORT_FRENCH, ["en-US"])
    assert (found.code, found.origin) == ("en", "declared")


def test_a_short_text_without_a_declaration_is_in_the_default_edition():
    found = find_language("OK 2020")
    assert (found.code, found.origin) == ("en", "default")


def test_a_declaration_naming_no_language_is_ignored():
    assert find_language("Le pont ferme.", ["x-default", "fr-FR"]).code == "fr"


def test_a_long_text_is_read_only_as_far_as_the_language_needs(monkeypatch):
    from newsdesk.imports import languageid

    read = []

    def detect(text):
        read.append(len(text))
        return "de", 0.99

    monkeypatch.setattr(languageid, "detect", detect)
    book = " ".join(GERMAN) * 2000  # 500,000 characters
    assert find_language(book, ["en"]) == languageid.Language("de", 0.99, "text")
    assert read == [languageid.DETECTED_LENGTH]
    assert languageid._letters(book) == languageid.ENOUGH_LETTERS  # enough is enough
    assert languageid._letters("¡1, 2!") == 0


def test_a_german_text_dump_is_german():
    text = "\n\n".join(["Die alte Brücke wird gesperrt", *GERMAN])
    assert parse_text_dump(text, source="brücke.txt").language == "de"


def test_a_wordpress_channel_in_french_is_no_longer_refused():
    posts = tiny_post(1, content="".join(f"<p>{text}</p>" for text in FRENCH))
    posts += tiny_post(2, content="".join(f"<p>{text}</p>" for text in ENGLISH))
    french, english = parse_wordpress_export(tiny_export(posts, language="fr"), source="t.xml")
    assert (french.language, french.language_origin) == ("fr", "text")
    assert french.notes == ["in French (fr), which is not an edition: imported as a draft"]
    assert (english.language, english.notes) == ("en", [])


def test_a_short_wordpress_post_takes_its_channel_language():
    (article,) = parse_wordpress_export(tiny_export(tiny_post(1), language="fr-FR"), source="t")
    assert (article.language, article.language_origin) == ("fr", "declared")


@pytest.mark.django_db
def test_a_german_page_is_imported_as_a_german_draft_with_a_note(tmp_path, capsys):
    path = tmp_path / "brücke.html"
    path.write_text(page(GERMAN, lang="de-DE"), encoding="utf-8")
    call_command("import", str(path), "--publish")
    article = Article.objects.get()
    assert (article.language, article.status) == ("de", Article.Status.DRAFT)
    assert "In German (de), which is not an edition" in article.review_notes.get().text
    note = f"  note: {path}: in German (de), which is not an edition: imported as a draft"
    assert note in capsys.readouterr().out.splitlines()


@pytest.mark.django_db
def test_the_dry_run_json_says_the_language_its_confidence_and_origin(tmp_path, capsys):
    path = tmp_path / "brücke.html"
    path.write_text(page(GERMAN), encoding="utf-8")
    call_command("import", str(path), "--dry-run", "--json")
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert (data["language"], data["language_origin"]) == ("de", "text")
    assert 0.8 <= data["language_confidence"] <= 1
    assert data["notes"] == ["in German (de), which is not an edition: imported as a draft"]
    assert "which is not an edition" in err


# In the newsroom: an article in a language that is no edition, until an editor gives it one.


@pytest.fixture
def german_draft(writer):
    return make_article(
        headline="Die alte Brücke wird gesperrt",
        slug="die-alte-brucke",
        language="de",
        status=Article.Status.DRAFT,
        created_by=writer,
    )


def signed_in(user) -> Client:
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(user)
    return client


def test_the_article_list_names_the_language_and_filters_by_it(editor, german_draft):
    make_article(headline="An English story")
    client = signed_in(editor)
    page = client.get("/admin/content/article/").content.decode()
    assert "Deutsch (de): not an edition" in page
    filtered = client.get("/admin/content/article/?language__exact=de").content.decode()
    assert "Die alte Brücke" in filtered and "An English story" not in filtered


def test_the_change_form_shows_the_language_and_offers_the_editions(editor, german_draft):
    page = signed_in(editor).get(change_url(german_draft)).content.decode()
    select = re.search(r'<select name="language".*?</select>', page, re.DOTALL).group()
    assert re.search(r'<option value="de" selected>Deutsch \(de\): not an edition', select)
    assert 'value="en"' in select and 'value="zh-hans"' in select


def test_an_editor_must_choose_an_edition_to_save_it(editor, german_draft):
    client = signed_in(editor)
    response = client.post(change_url(german_draft), article_form(german_draft))
    assert response.status_code == 200
    assert "is not an edition of this site: choose the edition it goes to" in (
        response.content.decode()
    )
    response = client.post(change_url(german_draft), article_form(german_draft, language="en"))
    assert response.status_code == 302
    german_draft.refresh_from_db()
    assert german_draft.language == "en"
