"""Translatable fields: one JSON field per model, read in the edition's language, validated,
migrated from the name_zh columns, edited in the admin, shown to readers with lang marks."""

import pickle

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.template import Context, Template
from django.test import Client
from django.utils import translation

from newsdesk.content.models import Column, Image, Person, Section, Tag
from newsdesk.content.translatable import Text, named
from newsdesk.search.query import search
from tests.factories import (
    make_article,
    make_column,
    make_image,
    make_person,
    make_section,
    make_tag,
)

pytestmark = pytest.mark.django_db


# --- Reading ------------------------------------------------------------------------------


def test_a_translated_field_reads_in_the_active_edition_and_says_its_language():
    person = make_person(
        name="Lin Yaqing",
        role_title="Meridian writer",
        bio="Lin writes.",
        translations={"zh-hans": {"name": "林雅清", "role_title": "子午专栏作者"}},
    )
    with translation.override("zh-hans"):
        assert person.display_name == "林雅清" and person.display_name.lang == "zh-hans"
        assert person.display_role_title == "子午专栏作者"
        # No Chinese bio: the English one, marked as English.
        assert person.display_bio == "Lin writes." and person.display_bio.lang == "en"
    with translation.override("en"):
        assert person.display_name == "Lin Yaqing" and person.display_name.lang == "en"


def test_a_language_can_be_asked_for_whatever_the_active_one():
    tag = make_tag(name="ports", translations={"zh-hans": {"name": "港口"}})
    assert tag.localized("name", "zh-hans") == "港口"
    assert tag.localized("name", "en") == "ports"
    with pytest.raises(ValueError, match="not a translated field"):
        tag.localized("slug")


def test_every_translatable_model_has_its_display_properties():
    image = make_image(
        caption="Fog over the strait.",
        alt_text="Waves",
        translations={"zh-hans": {"caption": "海峡上空的雾。", "alt_text": "波浪"}},
    )
    with translation.override("zh-hans"):
        assert (image.display_caption, image.display_alt_text) == ("海峡上空的雾。", "波浪")
        assert image.display_credit.lang == "en"  # the credit is not translated here
        assert make_section(name="World").display_name.lang == "en"
        assert make_column(name="Review").display_name == "Review"
        assert make_tag(name="trade").display_name == "trade"


def test_text_keeps_its_language_through_pickling():
    text = pickle.loads(pickle.dumps(Text("港口", "zh-hans")))
    assert text == "港口" and text.lang == "zh-hans"


def test_every_language_lists_the_default_and_the_translations():
    section = make_section(name="Business", translations={"zh-hans": {"name": "财经"}})
    assert section.in_every_language() == {"en": {"name": "Business"}, "zh-hans": {"name": "财经"}}
    person = make_person(name="Ivo", role_title="", bio="Ivo writes.")
    assert person.in_every_language(["name", "role_title"]) == {"en": {"name": "Ivo"}}


# --- Validation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "translations, message",
    [
        ({"fr": {"name": "Affaires"}}, "“fr” is not an edition"),
        ({"en": {"name": "Business"}}, "“en” is not an edition"),  # the default language
        ({"zh-hans": {"slug": "caijing"}}, "“slug” is not a field that translates"),
        ({"zh-hans": {"name": 12}}, "must be text"),
        ({"zh-hans": {"name": "财" * 101}}, "longer than 100 characters"),
        ({"zh-hans": "财经"}, "must be a mapping"),
        (["财经"], "must be a mapping"),
    ],
)
def test_translations_are_validated(translations, message):
    section = Section(name="Business", slug="business", translations=translations)
    with pytest.raises(ValidationError, match=message):
        section.full_clean()


def test_empty_translations_are_dropped_on_save():
    section = make_section(translations={"zh-hans": {"name": ""}})
    section.refresh_from_db()
    assert section.translations == {}
    person = make_person(translations={"zh-hans": {"name": "", "bio": "写作。"}})
    person.full_clean()
    assert person.translations == {"zh-hans": {"bio": "写作。"}}


def test_a_third_edition_needs_no_migration(settings):
    settings.LANGUAGES = [*settings.LANGUAGES, ("ja", "日本語")]
    tag = Tag(name="ports", slug="ports", translations={"ja": {"name": "港湾"}})
    tag.full_clean()
    tag.save()
    tag.refresh_from_db()
    with translation.override("ja"):
        assert tag.display_name == "港湾" and tag.display_name.lang == "ja"


def test_imports_find_a_section_by_its_name_in_any_edition():
    business = make_section(name="Business", translations={"zh-hans": {"name": "财经"}})
    make_section(name="World")
    assert list(Section.objects.filter(named("财经"))) == [business]
    assert list(Section.objects.filter(named("business"))) == [business]


# --- Templates ----------------------------------------------------------------------------


def render(source: str, **context) -> str:
    return Template("{% load editions %}" + source).render(Context(context))


def test_lang_attr_marks_text_in_another_language_than_the_page():
    tag = make_tag(name="ports", translations={"zh-hans": {"name": "港口"}})
    plain = make_tag(name="trade")
    with translation.override("zh-hans"):
        assert render("<a{{ t.display_name|lang_attr }}>", t=tag) == "<a>"
        assert render("<a{{ t.display_name|lang_attr }}>", t=plain) == '<a lang="en">'
        # Inside an element in another language than the page's.
        assert render("<a{{ t.display_name|lang_attr:'en' }}>", t=plain) == "<a>"
        assert render("<a{{ 'plain'|lang_attr }}>") == "<a>"


# --- Search -------------------------------------------------------------------------------


def test_a_chinese_name_finds_the_articles_of_its_person(django_capture_on_commit_callbacks):
    lin = make_person(name="Lin Yaqing", translations={"zh-hans": {"name": "林雅清"}})
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(language="zh-hans", authors=[lin], headline="河流条约")
    assert [hit.article.pk for hit in search("林雅清", language="zh-hans").hits] == [article.pk]
    with django_capture_on_commit_callbacks(execute=True):
        lin.set_translation("zh-hans", "name", "林雅晴")
        lin.save()
    assert [hit.article.pk for hit in search("林雅晴", language="zh-hans").hits] == [article.pk]


# --- Admin --------------------------------------------------------------------------------


@pytest.fixture
def admin_client(editor) -> Client:
    client = Client()
    client.force_login(editor)
    return client


def test_the_admin_has_one_input_per_edition_and_translated_field(admin_client, settings):
    settings.LANGUAGES = [*settings.LANGUAGES, ("ja", "日本語")]
    person = make_person(translations={"zh-hans": {"bio": "写作。"}})
    page = admin_client.get(f"/admin/content/person/{person.pk}/change/").content.decode()
    for field in ("name", "role_title", "bio"):
        for language in ("zh-hans", "ja"):
            assert f'name="{field}__{language}"' in page
    assert 'name="bio__en"' not in page and 'name="translations"' not in page
    assert "写作。</textarea>" in page and 'lang="ja"' in page


def test_the_admin_saves_translations_from_its_inputs(admin_client):
    section = make_section(name="Business", slug="business", position=1)
    response = admin_client.post(
        f"/admin/content/section/{section.pk}/change/",
        {"name": "Business", "slug": "business", "position": 1, "name__zh-hans": " 财经 "},
    )
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.translations == {"zh-hans": {"name": "财经"}}
    response = admin_client.post(
        f"/admin/content/section/{section.pk}/change/",
        {"name": "Business", "slug": "business", "position": 1, "name__zh-hans": ""},
    )
    section.refresh_from_db()
    assert section.translations == {}


def test_the_admin_refuses_a_translation_too_long_for_its_field(admin_client):
    tag = make_tag(name="ports", slug="ports")
    response = admin_client.post(
        f"/admin/content/tag/{tag.pk}/change/",
        {"name": "ports", "slug": "ports", "name__zh-hans": "港" * 101},
    )
    assert response.status_code == 200
    assert "at most 100 characters" in response.content.decode()
    tag.refresh_from_db()
    assert tag.translations == {}


def test_translations_of_an_edition_switched_off_are_kept_but_not_written(admin_client):
    tag = make_tag(name="ports", slug="ports", translations={"ja": {"name": "港湾"}})
    response = admin_client.post(
        f"/admin/content/tag/{tag.pk}/change/",
        {"name": "ports", "slug": "ports", "name__zh-hans": "港口"},
    )
    assert response.status_code == 302
    tag.refresh_from_db()
    assert tag.translations == {"ja": {"name": "港湾"}, "zh-hans": {"name": "港口"}}
    tag.translations["ja"]["name"] = "港"
    with pytest.raises(ValidationError, match="“ja” is not an edition"):
        tag.full_clean()


@pytest.mark.parametrize(
    "url, query, shown",
    [
        ("/admin/content/section/", "财经", "Business"),
        ("/admin/content/column/", "评论", "Review"),
        ("/admin/content/tag/", "港口", "ports"),
        ("/admin/content/person/", "林雅清", "Lin Yaqing"),
        ("/admin/content/image/", "海峡", "Fog over the strait."),
    ],
)
def test_admin_search_finds_translated_text(admin_client, url, query, shown):
    make_section(name="Business", translations={"zh-hans": {"name": "财经"}})
    make_section(name="World")
    make_column(name="Review", translations={"zh-hans": {"name": "评论"}})
    make_column(name="Explainer")
    make_tag(name="ports", translations={"zh-hans": {"name": "港口"}})
    make_tag(name="trade")
    make_person(name="Lin Yaqing", translations={"zh-hans": {"name": "林雅清"}})
    make_person(name="Ivo Lind")
    fog = {"zh-hans": {"caption": "海峡上空的雾"}}
    make_image(caption="Fog over the strait.", translations=fog)
    make_image(caption="A ferry.")
    page = admin_client.get(url, {"q": query}).content.decode()
    assert shown in page and "1 result" in page


# --- Migration ----------------------------------------------------------------------------

BEFORE = [("content", "0006_image_uploads_owner")]
AFTER = [("content", "0007_translations")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_name_zh_into_translations_and_back():
    old = migrate(BEFORE)
    OldSection, OldColumn = old.get_model("content", "Section"), old.get_model("content", "Column")
    OldSection.objects.create(name="Business", name_zh="财经", slug="business")
    OldSection.objects.create(name="World", name_zh="", slug="world")
    OldColumn.objects.create(name="Review", name_zh="子午评论", slug="review")

    new = migrate(AFTER)
    sections = new.get_model("content", "Section").objects.order_by("slug")
    assert [(s.slug, s.translations) for s in sections] == [
        ("business", {"zh-hans": {"name": "财经"}}),
        ("world", {}),
    ]
    review = new.get_model("content", "Column").objects.get()
    assert review.translations == {"zh-hans": {"name": "子午评论"}}
    assert "name_zh" not in {f.name for f in new.get_model("content", "Section")._meta.fields}

    old = migrate(BEFORE)
    assert sorted(old.get_model("content", "Section").objects.values_list("slug", "name_zh")) == [
        ("business", "财经"),
        ("world", ""),
    ]
    assert old.get_model("content", "Column").objects.get().name_zh == "子午评论"
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_the_models_declare_what_translates():
    assert Section.TRANSLATED_FIELDS == Tag.TRANSLATED_FIELDS == ("name",)
    assert Column.TRANSLATED_FIELDS == ("name", "description")
    assert Person.TRANSLATED_FIELDS == ("name", "role_title", "bio")
    assert set(Image.TRANSLATED_FIELDS) == {"caption", "alt_text", "credit"}


# --- Reader pages -------------------------------------------------------------------------


def test_the_chinese_edition_shows_chinese_text_and_marks_english_fallbacks(client):
    lin = make_person(
        name="Lin Yaqing",
        role_title="Meridian writer",
        bio="Lin writes on governance.",
        translations={"zh-hans": {"name": "林雅清", "role_title": "子午专栏作者"}},
    )
    ports = make_tag(name="ports", translations={"zh-hans": {"name": "港口"}})
    trade = make_tag(name="trade")
    lead = make_image(
        caption="The harbour at dawn.",
        alt_text="Boats at a quay",
        translations={"zh-hans": {"caption": "黎明时分的港口。", "alt_text": "停靠在码头的船只"}},
    )
    inline = make_image(caption="The new ferry.", alt_text="A white ferry")
    column = make_column(
        name="Review", description="Opinion.", translations={"zh-hans": {"name": "子午评论"}}
    )
    article = make_article(
        language="zh-hans",
        headline="河流条约",
        authors=[lin],
        tags=[ports, trade],
        lead_image=lead,
        column=column,
        body=f"<p>正文。</p>{inline.embed_code}",
    )
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<span class="role-title">子午专栏作者</span>' in page
    assert 'rel="author" href="/zh-hans/people/' in page and ">林雅清</a>" in page
    assert ">港口</a>" in page and 'lang="en">trade</a>' in page
    assert (
        'alt="停靠在码头的船只"' in page and '<span class="caption">黎明时分的港口。</span>' in page
    )
    assert 'alt="A white ferry" lang="en"' in page
    assert '<span class="caption" lang="en">The new ferry.</span>' in page
    assert '<span lang="en">Lin writes on governance.</span>' in page  # the bio under it
    assert '<span class="credit" lang="en">Photo: Test Desk</span>' in page

    person_page = client.get(f"/zh-hans/people/{lin.slug}/").content.decode()
    assert "<h1>林雅清</h1>" in person_page
    assert '<p class="bio" lang="en">Lin writes on governance.</p>' in person_page
    tag_page = client.get(f"/zh-hans/tag/{ports.slug}/").content.decode()
    assert "<h1>港口</h1>" in tag_page
    home = client.get("/zh-hans/").content.decode()
    assert '<p class="kicker">子午评论</p>' in home
    column_page = client.get(f"/zh-hans/column/{column.slug}/").content.decode()
    assert "<h1>子午评论</h1>" in column_page
    assert '<p class="standfirst" lang="en">Opinion.</p>' in column_page

    english = client.get(f"/en/people/{lin.slug}/").content.decode()
    assert "<h1>Lin Yaqing</h1>" in english and 'lang="en"' not in english.split("<main")[1]


def test_the_demo_chinese_edition_is_wholly_chinese(demo, client):
    from newsdesk.content.models import Article

    chinese = Article.objects.published().in_language("zh-hans")
    urls = ["/zh-hans/", *(article.get_absolute_url() for article in chinese)]
    urls += [f"/zh-hans/people/{person.slug}/" for person in Person.objects.credited_on(chinese)]
    urls += [f"/zh-hans/tag/{tag.slug}/" for tag in Tag.objects.on(chinese)]
    urls += [f"/zh-hans/column/{column.slug}/" for column in Column.objects.of(chinese)]
    urls += [f"/zh-hans/section/{section.slug}/" for section in Section.objects.all()]
    for url in urls:
        page = client.get(url).content.decode()
        main = page.split('<main id="main">')[1].split("</main>")[0]
        # Only the site's name and links to the English versions are in English.
        allowed = [
            'hreflang="en" lang="en"',
            '<span lang="en">English</span>',
            f'class="visually-hidden" lang="en">{settings.SITE_NAME}<',
        ]
        assert main.count(' lang="en"') == sum(main.count(text) for text in allowed), url
    review = client.get(chinese.get(slug="heliu-tiaoyue-yu-sanjiaozhou-zhili").get_absolute_url())
    assert "林雅清" in review.content.decode()
    assert "旱季时琥珀三角洲下游的灌溉水渠。" in review.content.decode()


def test_the_chinese_feeds_name_people_tags_and_pictures_in_chinese(client):
    lin = make_person(name="Lin Yaqing", translations={"zh-hans": {"name": "林雅清"}})
    ports = make_tag(name="ports", translations={"zh-hans": {"name": "港口"}})
    lead = make_image(caption="The harbour.", translations={"zh-hans": {"caption": "港口。"}})
    make_article(language="zh-hans", authors=[lin], tags=[ports], lead_image=lead)
    item = client.get("/zh-hans/feed/json/").json()["items"][0]
    assert [author["name"] for author in item["authors"]] == ["林雅清"]
    assert "港口" in item["tags"]
    rss = client.get("/zh-hans/feed/rss/").content.decode()
    assert '<media:description type="plain">港口。</media:description>' in rss
