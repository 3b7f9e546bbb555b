"""Translation as a workflow: request, side by side, review, publish linked, outdated flag."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from newsdesk.content.body import sanitize, split_blocks
from newsdesk.content.models import Article
from newsdesk.newsroom import revisions
from newsdesk.newsroom.models import TranslationTask
from newsdesk.newsroom.translations import (
    align,
    body_from_rows,
    completeness,
    request_translation,
)
from newsdesk.newsroom.workflow import take_step
from tests.factories import make_article, make_image, make_person, make_tag
from tests.newsroom_forms import article_form, change_url

pytestmark = pytest.mark.django_db
Status = Article.Status

ORIGINAL_BODY = (
    "<p>The harbour reopened on Monday.</p>"
    "<h2>Boats return</h2>"
    "<p>Fishing boats came back at dawn.</p>"
)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def original():
    return make_article(
        headline="Harbour reopens",
        standfirst="After three weeks.",
        body=ORIGINAL_BODY,
        authors=[make_person(name="Rosa Vance", role_title="Staff writer")],
        tags=[make_tag(name="ports")],
    )


def translate_url(article) -> str:
    return f"/admin/content/article/{article.pk}/translate/"


def test_an_editor_requests_a_translation_and_assigns_a_translator(editor, translator, original):
    response = logged_in(editor).post(
        f"/admin/content/article/{original.pk}/request-translation/",
        {"language": "zh-hans", "translator": translator.pk},
    )
    draft = original.translations.get()
    assert response.status_code == 302 and response["Location"] == change_url(draft)
    assert (draft.language, draft.status, draft.created_by) == ("zh-hans", Status.DRAFT, editor)
    assert draft.translation_task.translator == translator
    assert draft.ordered_authors() == original.ordered_authors()
    assert [p.user for p in draft.ordered_translators()] == [translator]
    assert list(draft.tags.all()) == list(original.tags.all())
    original.refresh_from_db()
    assert draft.translation_task.source_version == original.version == 1


def test_a_second_translation_into_the_same_language_is_refused(editor, translator, original):
    request_translation(original, "zh-hans", translator, by=editor)
    with pytest.raises(ValidationError, match="already has a translation"):
        request_translation(original, "zh-hans", translator, by=editor)
    form = logged_in(editor).get(f"/admin/content/article/{original.pk}/request-translation/")
    assert "every language already" in form.content.decode()


def test_the_side_by_side_view_aligns_each_block(editor, translator, original):
    draft = request_translation(original, "zh-hans", translator, by=editor)
    page = logged_in(translator).get(translate_url(draft)).content.decode()
    rows = page.split('<tr class="row-same">')[1:]
    assert len(rows) == 3
    assert "The harbour reopened on Monday." in rows[0] and 'name="row-0"' in rows[0]
    assert "<h2>Boats return</h2>" in rows[1] and 'name="row-1"' in rows[1]
    assert "Fishing boats came back" in rows[2] and 'name="row-2"' in rows[2]


def test_the_translator_writes_each_block_beside_its_original(editor, translator, original):
    image = make_image()
    original.body = ORIGINAL_BODY + image.embed_code
    original.save()
    revisions.record(original, editor)
    draft = request_translation(original, "zh-hans", translator, by=editor)
    response = logged_in(translator).post(
        translate_url(draft),
        {
            "base_version": draft.version,
            "headline": "港口重新开放",
            "standfirst": "三周之后。",
            "row-0": "港口于周一重新开放。",
            "row-1": "渔船归来",
            "row-2": "渔船在黎明时分返回。",
            "row-3": "",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.headline == "港口重新开放"
    assert draft.body == (
        "<p>港口于周一重新开放。</p><h2>渔船归来</h2><p>渔船在黎明时分返回。</p>"
        f'<figure data-image-id="{image.pk}"></figure>'
    )
    assert draft.revisions.first().created_by == translator


def test_list_items_are_translated_one_per_line():
    rows = align("<ul><li>one</li><li>two</li></ul>", "")
    assert rows[0].original.tag == "ul"
    assert body_from_rows(rows, ["un\ndeux\n"]) == "<ul><li>un</li><li>deux</li></ul>"
    assert align("<ul><li>a</li></ul>", "<ul><li>un</li><li>deux</li></ul>")[0].translation == (
        "un\ndeux"
    )


TABLE = sanitize(
    "<table><caption>Catch by port</caption><tr><th>Port</th><th>Tonnes</th></tr>"
    '<tr><td rowspan="2">North <em>quay</em></td><td>12</td></tr><tr><td>9</td></tr></table>'
)


def test_a_table_is_one_block_the_translator_edits_cell_by_cell(editor, translator):
    original = make_article(body=f"<p>Landings rose.</p>{TABLE}")
    draft = request_translation(original, "zh-hans", translator, by=editor)
    page = logged_in(translator).get(translate_url(draft)).content.decode()
    rows = page.split('<tr class="row-same">')[1:]
    assert len(rows) == 2
    assert TABLE in rows[1]  # the original, as a table
    assert 'data-block="table"' in rows[1]
    # The box holds the table's shape, empty, for the editor to show as a table.
    assert (
        "&lt;caption&gt;&lt;/caption&gt;&lt;thead&gt;&lt;tr&gt;&lt;th&gt;&lt;/th&gt;"
        "&lt;th&gt;&lt;/th&gt;&lt;/tr&gt;&lt;/thead&gt;&lt;tbody&gt;&lt;tr&gt;"
        "&lt;td rowspan=&quot;2&quot;&gt;&lt;/td&gt;"
    ) in rows[1]

    written = TABLE[len("<table>") : -len("</table>")]
    for english, chinese in [
        ("Catch by port", "各港渔获"),
        ("Port", "港口"),
        ("Tonnes", "吨"),
        ("North <em>quay</em>", "北<em>码头</em>"),
    ]:
        written = written.replace(f">{english}<", f">{chinese}<")
    logged_in(translator).post(
        translate_url(draft),
        {"base_version": draft.version, "headline": "渔获", "standfirst": "上升。",
         "row-0": "渔获上升。", "row-1": written},
    )  # fmt: skip
    draft.refresh_from_db()
    assert draft.body == "<p>渔获上升。</p>" + (
        "<table><caption>各港渔获</caption><thead><tr><th>港口</th><th>吨</th></tr></thead>"
        '<tbody><tr><td rowspan="2">北<em>码头</em></td><td>12</td></tr><tr><td>9</td></tr>'
        "</tbody></table>"
    )
    assert completeness(draft).complete


def test_a_translated_table_keeps_the_shape_of_the_original():
    [row] = align(TABLE, "")
    assert row.original.tag == "table" and row.editable
    # Spans and header cells taken away, a cell added: the original's shape stands and
    # the extra words join the last cell.
    written = (
        "<caption>各港渔获</caption><tr><td>港口</td><td>吨</td></tr>"
        "<tr><td>北码头</td><td>12</td></tr><tr><td>9</td><td>另</td></tr>"
    )
    assert body_from_rows([row], [written]) == (
        "<table><caption>各港渔获</caption><thead><tr><th>港口</th><th>吨</th></tr></thead>"
        '<tbody><tr><td rowspan="2">北码头</td><td>12</td></tr><tr><td>9<br>另</td></tr>'
        "</tbody></table>"
    )
    # Cells left out are empty.
    assert body_from_rows([row], ["<tr><th>港口</th><th>吨</th></tr>"]) == (
        "<table><thead><tr><th>港口</th><th>吨</th></tr></thead>"
        '<tbody><tr><td rowspan="2"></td><td></td></tr><tr><td></td></tr></tbody></table>'
    )
    # Written as lines, not as a table: the caption, then the cells in order.
    assert body_from_rows([row], ["各港渔获\n港口<br>吨\n北码头\n12\n9"]) == (
        "<table><caption>各港渔获</caption><thead><tr><th>港口</th><th>吨</th></tr></thead>"
        '<tbody><tr><td rowspan="2">北码头</td><td>12</td></tr><tr><td>9</td></tr></tbody>'
        "</table>"
    )


def test_a_table_left_in_english_is_untranslated(editor, translator):
    original = make_article(body=TABLE)
    draft = request_translation(original, "zh-hans", translator, by=editor)
    assert completeness(draft).untranslated == 1  # offered empty, in its shape
    draft.body = TABLE
    draft.save()
    assert completeness(draft).untranslated == 1


def test_alignment_follows_the_original_when_it_gains_and_changes_paragraphs():
    followed = "<p>The port opened.</p><p>Boats came back.</p><p>Markets reopened.</p>"
    translation = "<p>港口开放。</p><p>船只归来。</p><p>市场重开。</p>"
    current = (
        "<p>The port opened.</p><p>A new paragraph.</p>"
        "<p>Boats came back at dawn.</p><p>Markets reopened.</p>"
    )
    rows = align(current, translation, followed)
    assert [(r.original.text if r.original else None, r.translation, r.state) for r in rows] == [
        ("The port opened.", "港口开放。", ""),
        ("A new paragraph.", "", "new"),
        ("Boats came back at dawn.", "船只归来。", "changed"),
        ("Markets reopened.", "市场重开。", ""),
    ]


def test_a_rewritten_paragraph_keeps_its_old_translation_beside_it_to_remove():
    rows = align("<p>One.</p><p>Something else entirely.</p>", "<p>Un.</p><p>Deux.</p>",
                 "<p>One.</p><p>Two.</p>")  # fmt: skip
    assert [(r.original.text if r.original else None, r.translation, r.state) for r in rows] == [
        ("One.", "Un.", ""),
        ("Something else entirely.", "", "new"),
        (None, "Deux.", "removed"),
    ]


def test_alignment_shows_a_paragraph_removed_from_the_original():
    rows = align("<p>One.</p><p>Three.</p>", "<p>Un.</p><p>Deux.</p><p>Trois.</p>",
                 "<p>One.</p><p>Two.</p><p>Three.</p>")  # fmt: skip
    assert [(r.original.text if r.original else None, r.translation, r.state) for r in rows] == [
        ("One.", "Un.", ""),
        (None, "Deux.", "removed"),
        ("Three.", "Trois.", ""),
    ]


def test_a_changed_original_flags_its_translation_outdated_with_the_diff(
    editor, translator, original
):
    draft = request_translation(original, "zh-hans", translator, by=editor)
    assert not draft.translation_task.outdated
    client = logged_in(editor)
    client.post(
        change_url(original),
        article_form(
            original,
            dates=True,
            body=ORIGINAL_BODY.replace("at dawn", "at first light"),
        ),
    )
    draft.translation_task.refresh_from_db()
    assert draft.translation_task.outdated
    # Editors see the flag in the list and on the translation, with what changed.
    listing = client.get("/admin/content/article/", {"translation": "outdated"}).content.decode()
    assert "Outdated" in listing
    assert f'href="{change_url(draft)}?_changelist_filters' in listing
    assert f'href="{change_url(original)}?_changelist_filters' not in listing
    page = client.get(change_url(draft)).content.decode()
    assert "Outdated: the original changed" in page
    assert "<del>dawn.</del> <ins>first light.</ins>" in page
    # The translator sees it side by side, the changed block marked.
    desk = logged_in(translator).get(translate_url(draft)).content.decode()
    assert "Outdated: the original changed" in desk and "changed in the original" in desk


def test_a_change_that_is_not_text_does_not_outdate_translations(editor, translator, original):
    draft = request_translation(original, "zh-hans", translator, by=editor)
    original.tags.add(make_tag(name="weather"))
    revisions.record(original, editor)
    draft.translation_task.refresh_from_db()
    assert not draft.translation_task.outdated


def test_marking_the_translation_current_clears_the_flag(editor, translator, original):
    draft = request_translation(original, "zh-hans", translator, by=editor)
    original.headline = "Harbour reopens to all"
    original.save()
    revisions.record(original, editor)
    logged_in(translator).post(
        translate_url(draft),
        {"base_version": draft.version, "headline": "港口全面开放", "standfirst": "",
         "row-0": "一", "row-1": "二", "row-2": "三", "up_to_date": "1"},
    )  # fmt: skip
    task = draft.translation_task
    task.refresh_from_db()
    assert not task.outdated and task.source_version == original.version


def test_translations_made_by_hand_are_flagged_too(editor):
    original = make_article(headline="Typhoon warning")
    revisions.record(original, editor)
    by_hand = make_article(language="zh-hans", translation_of=original, headline="台风警报")
    original.headline = "Typhoon warning lifted"
    original.save()
    revisions.record(original, editor)
    assert by_hand.translation_task.outdated


def made_by_hand(original, editor) -> Article:
    """A translation written in the article form: no translation was requested, no task."""
    revisions.record(original, editor)
    return make_article(
        language="zh-hans", translation_of=original, headline="港口重新开放", status=Status.DRAFT
    )


def test_a_translation_made_by_hand_can_be_marked_current(editor, original):
    by_hand = made_by_hand(original, editor)
    response = logged_in(editor).post(f"/admin/content/article/{by_hand.pk}/translation-current/")
    assert response.status_code == 302 and response["Location"] == translate_url(by_hand)
    task = TranslationTask.objects.get(translation=by_hand)
    assert not task.outdated and task.source_version == original.version


def test_only_a_translation_can_be_marked_current(editor, original):
    response = logged_in(editor).post(f"/admin/content/article/{original.pk}/translation-current/")
    assert response.status_code == 404
    assert not TranslationTask.objects.exists()


def test_a_translation_made_by_hand_saves_side_by_side_with_up_to_date_ticked(editor, original):
    by_hand = made_by_hand(original, editor)
    response = logged_in(editor).post(
        translate_url(by_hand),
        {"base_version": by_hand.version, "headline": "港口全面开放", "standfirst": "",
         "row-0": "一", "row-1": "二", "row-2": "三", "up_to_date": "1"},
    )  # fmt: skip
    assert response.status_code == 302 and response["Location"] == translate_url(by_hand)
    by_hand.refresh_from_db()
    assert by_hand.headline == "港口全面开放"
    assert by_hand.body == "<p>一</p><h2>二</h2><p>三</p>"
    task = TranslationTask.objects.get(translation=by_hand)
    assert not task.outdated and task.source_version == original.version


def test_a_published_translation_is_linked_both_ways_for_readers(
    client, editor, translator, original, settings
):
    draft = request_translation(original, "zh-hans", translator, by=editor)
    draft.headline, draft.standfirst = "港口重新开放", "三周之后。"
    draft.body = "<p>港口于周一重新开放。</p><h2>渔船归来</h2><p>渔船在黎明时分返回。</p>"
    draft.save()
    take_step(draft, "submitted", translator)
    take_step(draft, "published", editor)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert '<p class="translator-credit">翻译：' in page  # "Translated by" in this edition
    assert "Tao Zhang" in page
    assert f'href="{original.get_absolute_url()}"' in page
    assert f'hreflang="en" href="{settings.PUBLIC_URL}{original.get_absolute_url()}"' in page
    original_page = client.get(original.get_absolute_url()).content.decode()
    assert f'href="{draft.get_absolute_url()}"' in original_page
    public = settings.PUBLIC_URL
    assert f'hreflang="zh-hans" href="{public}{draft.get_absolute_url()}"' in original_page


def test_an_unpublished_translation_is_not_linked_from_the_original(
    client, editor, translator, original
):
    draft = request_translation(original, "zh-hans", translator, by=editor)
    page = client.get(original.get_absolute_url()).content.decode()
    assert draft.get_absolute_url() not in page


def test_translation_split_keeps_every_block_in_order():
    blocks = split_blocks(ORIGINAL_BODY)
    assert [b.tag for b in blocks] == ["p", "h2", "p"]


# Pictures: captions and alt text at the same desk.


@pytest.fixture
def pictured(original, editor):
    """The original with a lead picture and one in its body, and a draft translation."""
    lead = make_image(caption="The harbour at dawn.", alt_text="Boats at a quay")
    inline = make_image(caption="The new ferry.", alt_text="A white ferry")
    original.lead_image = lead
    original.body = ORIGINAL_BODY + inline.embed_code
    original.save()
    revisions.record(original, editor)
    return original, lead, inline


def desk_post(draft, **fields) -> dict:
    data = {
        "base_version": draft.version,
        "headline": "港口重新开放",
        "standfirst": "三周之后。",
        **{f"row-{i}": "" for i in range(4)},
    }
    data.update(fields)
    return data


def test_the_translator_translates_captions_and_alt_text_beside_the_body(
    editor, translator, pictured
):
    original, lead, inline = pictured
    draft = request_translation(original, "zh-hans", translator, by=editor)
    desk = logged_in(translator).get(translate_url(draft)).content.decode()
    for image in (lead, inline):
        assert f'name="image-{image.pk}-caption"' in desk
        assert f'name="image-{image.pk}-alt_text"' in desk
    assert "The harbour at dawn." in desk and "A white ferry" in desk

    response = logged_in(translator).post(
        translate_url(draft),
        desk_post(
            draft,
            **{
                "row-0": "港口于周一重新开放。",
                f"image-{lead.pk}-caption": "黎明时分的港口。",
                f"image-{lead.pk}-alt_text": "停靠在码头的船只",
                f"image-{inline.pk}-caption": "新渡轮。",
                f"image-{inline.pk}-alt_text": "",
            },
        ),
    )
    assert response.status_code == 302
    lead.refresh_from_db()
    inline.refresh_from_db()
    assert lead.translations == {
        "zh-hans": {"caption": "黎明时分的港口。", "alt_text": "停靠在码头的船只"}
    }
    assert inline.translations == {"zh-hans": {"caption": "新渡轮。"}}
    assert (lead.caption, inline.alt_text) == ("The harbour at dawn.", "A white ferry")
    # The figure in the translation's body is rendered in its language; the untranslated
    # alt text stays English and says so.
    draft.refresh_from_db()
    assert '<span class="caption">新渡轮。</span>' in draft.body_html
    assert 'alt="A white ferry" lang="en"' in draft.body_html
    original.refresh_from_db()
    assert "The new ferry." in original.body_html and "新渡轮" not in original.body_html


def test_a_translator_cannot_change_a_caption_readers_of_that_edition_see(
    editor, translator, pictured
):
    original, lead, _inline = pictured
    published = make_article(language="zh-hans", lead_image=lead)
    lead.set_translation("zh-hans", "caption", "已发布的图片说明。")
    lead.save()
    draft = request_translation(original, "zh-hans", translator, by=editor)
    desk = logged_in(translator).get(translate_url(draft)).content.decode()
    assert f'name="image-{lead.pk}-caption" rows="2" lang="zh-hans" readonly' in desk
    logged_in(translator).post(
        translate_url(draft), desk_post(draft, **{f"image-{lead.pk}-caption": "改掉。"})
    )
    lead.refresh_from_db()
    assert lead.translation("zh-hans", "caption") == "已发布的图片说明。"
    # An editor may, and the change is in the audit log of the published article.
    draft.refresh_from_db()
    logged_in(editor).post(
        translate_url(draft), desk_post(draft, **{f"image-{lead.pk}-caption": "改好了。"})
    )
    lead.refresh_from_db()
    assert lead.translation("zh-hans", "caption") == "改好了。"
    assert "caption in zh-hans" in published.audit_entries.get(action="image_changed").detail


def test_an_alt_text_too_long_is_refused_and_nothing_is_saved(editor, translator, pictured):
    original, lead, _inline = pictured
    draft = request_translation(original, "zh-hans", translator, by=editor)
    response = logged_in(translator).post(
        translate_url(draft),
        desk_post(draft, **{"row-0": "改了。", f"image-{lead.pk}-alt_text": "船" * 301}),
    )
    assert response.status_code == 200
    assert f"Picture {lead.pk}" in response.content.decode()
    lead.refresh_from_db()
    draft.refresh_from_db()
    assert lead.translations == {} and "改了" not in draft.body
