"""No lost edits: two people saving different parts of one article are merged, three way."""

import html
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from newsdesk.content.body import split_blocks
from newsdesk.content.models import Article
from newsdesk.newsroom import revisions
from newsdesk.newsroom.models import AuditEntry
from newsdesk.newsroom.revisions import merge, merge_body, resolve
from tests.factories import make_article, make_user
from tests.newsroom_forms import article_form, change_url

Status = Article.Status


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_version(response) -> int:
    match = re.search(r'name="base_version" value="(\d+)"', response.content.decode())
    assert match, "the form carries the revision it started from"
    return int(match.group(1))


def body(*paragraphs: str) -> str:
    return "".join(p if p.startswith("<") else f"<p>{p}</p>" for p in paragraphs)


BASE = {
    "headline": "Ferry strike",
    "standfirst": "Crossings stop at nine.",
    "body": body("One.", "Two.", "Three."),
    "section": 1,
    "tags": [1, 2],
    "authors": [7, 8],
}


def changed(**fields) -> dict:
    return {**BASE, **fields}


# Fields --------------------------------------------------------------------------------


def test_changes_to_different_fields_are_all_kept():
    result, conflicts = merge(BASE, changed(headline="Ferry strike ends"), changed(section=2))
    assert conflicts == []
    assert result == changed(headline="Ferry strike ends", section=2)


def test_the_same_change_on_both_sides_is_no_conflict():
    result, conflicts = merge(BASE, changed(standfirst="New."), changed(standfirst="New."))
    assert conflicts == [] and result["standfirst"] == "New."


def test_one_field_changed_differently_is_a_conflict_that_keeps_mine():
    result, conflicts = merge(BASE, changed(headline="Mine"), changed(headline="Theirs"))
    assert [(c.key, c.mine, c.theirs) for c in conflicts] == [("headline", "Mine", "Theirs")]
    assert result["headline"] == "Mine"
    assert resolve(result, conflicts, {"headline"})["headline"] == "Theirs"


def test_tags_merge_as_a_set():
    result, conflicts = merge(BASE, changed(tags=[1, 2, 3]), changed(tags=[2, 4]))
    assert conflicts == [] and result["tags"] == [2, 3, 4]


def test_credits_keep_both_sides_additions_and_removals():
    result, conflicts = merge(BASE, changed(authors=[8, 7, 9]), changed(authors=[7, 5]))
    assert conflicts == [] and result["authors"] == [7, 9, 5]


# The body, block by block -------------------------------------------------------------


def test_paragraphs_added_at_different_places_are_both_kept():
    mine = body("Zero.", "One.", "Two.", "Three.")
    theirs = body("One.", "Two.", "Two and a half.", "Three.")
    merged, conflicts = merge_body(BASE["body"], mine, theirs)
    assert conflicts == []
    assert merged == body("Zero.", "One.", "Two.", "Two and a half.", "Three.")


def test_edits_to_neighbouring_paragraphs_are_both_kept():
    merged, conflicts = merge_body(
        BASE["body"], body("One!", "Two.", "Three."), body("One.", "Two!", "Three.")
    )
    assert conflicts == [] and merged == body("One!", "Two!", "Three.")


def test_an_edit_and_a_deletion_elsewhere_are_both_kept():
    merged, conflicts = merge_body(
        BASE["body"], body("One.", "Three."), body("One.", "Two.", "Three, edited.")
    )
    assert conflicts == [] and merged == body("One.", "Three, edited.")


def test_the_same_paragraph_edited_differently_is_a_conflict():
    merged, conflicts = merge_body(
        BASE["body"], body("One.", "Two, mine.", "Three."), body("One.", "Two, theirs.", "Three.")
    )
    assert merged == body("One.", "Two, mine.", "Three.")
    [conflict] = conflicts
    assert conflict.key == "body-1"
    assert conflict.mine == ["<p>Two, mine.</p>"] and conflict.theirs == ["<p>Two, theirs.</p>"]


def test_deleting_a_block_the_other_edited_is_a_conflict():
    merged, conflicts = merge_body(
        BASE["body"], body("One.", "Three."), body("One.", "Two, better.", "Three.")
    )
    assert merged == body("One.", "Three.")
    [conflict] = conflicts
    assert conflict.mine == [] and conflict.theirs == ["<p>Two, better.</p>"]
    assert "(deleted)" in conflict.mine_html
    # Choosing theirs brings the edited paragraph back where it was.
    chosen = resolve({"body": merged}, conflicts, {conflict.key})
    assert chosen["body"] == body("One.", "Two, better.", "Three.")


def test_two_different_paragraphs_added_at_one_place_is_a_conflict():
    _merged, conflicts = merge_body(
        BASE["body"],
        body("One.", "Mine.", "Two.", "Three."),
        body("One.", "Theirs.", "Two.", "Three."),
    )
    assert [(c.mine, c.theirs) for c in conflicts] == [(["<p>Mine.</p>"], ["<p>Theirs.</p>"])]


def test_the_same_paragraph_added_on_both_sides_is_kept_once():
    same = body("One.", "Two.", "Also.", "Three.")
    assert merge_body(BASE["body"], same, same) == (same, [])


def test_each_conflict_is_resolved_on_its_own():
    base = body("One.", "Two.", "Three.", "Four.")
    merged, conflicts = merge_body(
        base,
        body("One, A.", "Two.", "Three, A.", "Four."),
        body("One, B.", "Two.", "Three, B.", "Four."),
    )
    assert [c.key for c in conflicts] == ["body-0", "body-2"]
    chosen = resolve({"body": merged}, conflicts, {"body-2"})
    assert chosen["body"] == body("One, A.", "Two.", "Three, B.", "Four.")


def test_a_choice_does_not_undo_a_later_edit_of_the_same_blocks():
    merged, conflicts = merge_body(
        BASE["body"], body("One.", "Two, mine.", "Three."), body("One.", "Two, theirs.", "Three.")
    )
    edited_since = body("One.", "Two, mine and more.", "Three.")
    assert resolve({"body": edited_since}, conflicts, {"body-1"})["body"] == edited_since


FIGURE = '<figure data-image-id="5"></figure>'


def test_a_figure_dropped_in_merges_with_a_text_edit():
    merged, conflicts = merge_body(
        BASE["body"], body("One.", FIGURE, "Two.", "Three."), body("One.", "Two.", "Three!")
    )
    assert conflicts == [] and merged == body("One.", FIGURE, "Two.", "Three!")


def test_one_figure_swapped_for_two_different_pictures_is_a_conflict():
    base = body("One.", FIGURE, "Two.")
    mine = body("One.", '<figure data-image-id="6"></figure>', "Two.")
    theirs = body("One.", '<figure data-image-id="7"></figure>', "Two.")
    _merged, conflicts = merge_body(base, mine, theirs)
    [conflict] = conflicts
    assert "[image 6]" in conflict.mine_html and "[image 7]" in conflict.theirs_html


def test_the_body_merges_inside_a_snapshot_merge():
    result, conflicts = merge(
        BASE,
        changed(body=body("One.", "Two, mine.", "Three.")),
        changed(headline="New", body=body("One.", "Two.", "Three, theirs.")),
    )
    assert conflicts == []
    assert result == changed(headline="New", body=body("One.", "Two, mine.", "Three, theirs."))


# Properties ----------------------------------------------------------------------------

words = st.sampled_from(["harbour", "ferry", "strike", "vote", "tide", "港口", "&amp;"])
paragraphs = st.lists(words, min_size=1, max_size=3).map(lambda w: f"<p>{' '.join(w)}</p>")
blocks = st.one_of(paragraphs, st.sampled_from([FIGURE, "<h2>Why</h2>", "<ul><li>a</li></ul>"]))
bodies = st.lists(blocks, max_size=6).map("".join)
snapshots = st.fixed_dictionaries(
    {
        "headline": words,
        "body": bodies,
        "section": st.none() | st.integers(1, 3),
        "tags": st.lists(st.integers(1, 5), unique=True).map(sorted),
        "authors": st.lists(st.integers(1, 5), unique=True),
    }
)


@given(snapshots, snapshots)
def test_merging_with_an_unchanged_side_gives_the_changed_side(base, other):
    assert merge(base, other, base) == (other, [])
    assert merge(base, base, other) == (other, [])


@given(snapshots, snapshots, snapshots)
def test_a_merge_keeps_mine_where_it_conflicts_and_choosing_theirs_everywhere_is_theirs(
    base, mine, theirs
):
    result, conflicts = merge(base, mine, theirs)
    if mine["headline"] != theirs["headline"] != base["headline"] != mine["headline"]:
        assert result["headline"] == mine["headline"]
    if not conflicts:
        swapped = merge(base, theirs, mine).result
        del swapped["authors"], result["authors"]  # both reordered: mine's order wins
        assert swapped == result  # otherwise the order of the sides does not matter


@given(bodies, bodies, bodies)
def test_a_body_merge_without_conflicts_holds_every_block_either_side_added(base, mine, theirs):
    merged, conflicts = merge_body(base, mine, theirs)
    if not conflicts:
        old = {block.html for block in split_blocks(base)}
        kept = {block.html for block in split_blocks(merged)}
        for side in (mine, theirs):
            assert {block.html for block in split_blocks(side)} - old <= kept


@pytest.fixture
def otto(db):
    return make_user("otto", "Editor", first_name="Otto", last_name="Reyes")


@pytest.mark.django_db
def test_a_standfirst_and_a_body_saved_at_once_are_both_kept(editor, otto):
    article = make_article(
        status=Status.DRAFT,
        standfirst="Ferries stop at nine.",
        body="<p>The harbour authority met on Monday.</p><p>Fares stay the same.</p>",
    )
    revisions.record(article, editor)
    edith, other = logged_in(editor), logged_in(otto)
    opened = form_version(edith.get(change_url(article)))
    assert form_version(other.get(change_url(article))) == opened
    saved = edith.post(
        change_url(article),
        article_form(article, dates=True, standfirst="Ferries stop at nine from November."),
    )
    assert saved.status_code == 302
    body = "<p>The harbour authority met on Monday.</p><p>Fares rise by ten cents.</p>"
    merged = other.post(change_url(article), article_form(article, dates=True, body=body))
    assert merged.status_code == 302
    article.refresh_from_db()
    assert article.standfirst == "Ferries stop at nine from November."
    assert article.body == body
    page = other.get(merged["Location"]).content.decode()
    assert "Merged with Edith Okafor’s changes to standfirst" in page
    entry = AuditEntry.objects.get(action="merged")
    assert entry.actor == otto and "Edith Okafor" in entry.detail


def hidden(response, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', response.content.decode())
    assert match, f"the form carries {name}"
    return html.unescape(match.group(1))


@pytest.mark.django_db
def test_a_true_overlap_shows_both_versions_and_applies_the_choices(editor, otto):
    article = make_article(
        status=Status.DRAFT, headline="Ferry strike", body=body("One.", "Two.", "Three.")
    )
    revisions.record(article, editor)
    edith, other = logged_in(editor), logged_in(otto)
    opened = form_version(other.get(change_url(article)))
    edith.post(
        change_url(article),
        article_form(
            article,
            dates=True,
            headline="Ferry strike ends",
            body=body("One.", "Two, said Edith.", "Three."),
        ),
    )
    otto_body = body("One.", "Two, said Otto.", "Three.", "Four.")
    refused = other.post(
        change_url(article),
        article_form(
            article,
            dates=True,
            base_version=opened,
            standfirst="Otto’s standfirst.",
            body=otto_body,
        ),
    )
    assert refused.status_code == 200
    page = refused.content.decode()
    assert 'name="choice-body-1" value="theirs"' in page
    assert re.search(r'name="choice-body-1" value="mine" checked', page)
    assert "Keep Edith Okafor’s version" in page
    assert not re.search(r"[ap]\.m\.\.", page)  # a time never ends a sentence
    assert "Two, said Edith." in page and "Two, said Otto." in page
    assert 'value="Ferry strike ends"' in page  # her other change, merged into the form
    article.refresh_from_db()
    assert article.standfirst != "Otto’s standfirst."  # nothing saved yet
    # Otto keeps Edith's sentence and saves the form he was given.
    chosen = other.post(
        change_url(article),
        article_form(
            article,
            dates=True,
            base_version=form_version(refused),
            merge_state=hidden(refused, "merge_state"),
            standfirst="Otto’s standfirst.",
            body=otto_body,
            **{"choice-body-1": "theirs"},
        ),
    )
    assert chosen.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Ferry strike ends"
    assert article.standfirst == "Otto’s standfirst."
    assert article.body == body("One.", "Two, said Edith.", "Three.", "Four.")


@pytest.mark.django_db
def test_the_translation_desk_merges_too(editor, translator):
    from newsdesk.newsroom.translations import request_translation

    original = make_article(headline="Harbour reopens", body=body("One.", "Two."))
    revisions.record(original, editor)
    draft = request_translation(original, "zh-hans", translator, by=editor)
    draft.headline, draft.body = "港口", body("一", "二")
    draft.save()
    revisions.record(draft, translator)
    opened = draft.version
    # An editor fixes the headline in the full form while the translator works.
    logged_in(editor).post(
        change_url(draft), article_form(draft, dates=True, headline="港口重新开放")
    )
    desk = f"/admin/content/article/{draft.pk}/translate/"
    saved = logged_in(translator).post(
        desk,
        {
            "base_version": opened,
            "headline": "港口",
            "standfirst": "",
            "row-0": "一",
            "row-1": "二。",
        },
    )
    assert saved.status_code == 302
    draft.refresh_from_db()
    assert draft.headline == "港口重新开放" and draft.body == body("一", "二。")
    assert AuditEntry.objects.filter(article=draft, action="merged", actor=translator).exists()


@pytest.mark.django_db
def test_the_translation_desk_offers_a_choice_for_one_block(editor, translator):
    from newsdesk.newsroom.translations import request_translation

    original = make_article(headline="Harbour reopens", body=body("One.", "Two."))
    revisions.record(original, editor)
    draft = request_translation(original, "zh-hans", translator, by=editor)
    draft.headline, draft.body = "港口", body("一", "二")
    draft.save()
    revisions.record(draft, translator)
    opened = draft.version
    logged_in(editor).post(
        change_url(draft), article_form(draft, dates=True, body=body("一", "贰"))
    )
    desk = f"/admin/content/article/{draft.pk}/translate/"
    translator_client = logged_in(translator)
    posted = {
        "base_version": opened,
        "headline": "港口",
        "standfirst": "",
        "row-0": "一",
        "row-1": "二。",
    }
    refused = translator_client.post(desk, posted)
    assert refused.status_code == 200
    assert 'name="choice-body-1"' in refused.content.decode()
    chosen = translator_client.post(
        desk,
        {
            **posted,
            "base_version": form_version(refused),
            "merge_state": hidden(refused, "merge_state"),
            "choice-body-1": "theirs",
        },
    )
    assert chosen.status_code == 302
    draft.refresh_from_db()
    assert draft.body == body("一", "贰")


@pytest.mark.django_db
def test_a_choice_brings_back_only_what_the_revisions_say_the_other_wrote(editor, otto):
    article = make_article(status=Status.DRAFT, headline="Ferry strike")
    revisions.record(article, editor)
    opened = article.version
    logged_in(editor).post(
        change_url(article), article_form(article, dates=True, headline="Ferry strike ends")
    )
    other = logged_in(otto)
    refused = other.post(
        change_url(article),
        article_form(article, dates=True, base_version=opened, headline="Ferry strike over"),
    )
    assert 'name="choice-headline"' in refused.content.decode()
    # "theirs" for a part nobody else changed (the standfirst) changes nothing.
    other.post(
        change_url(article),
        article_form(
            article,
            dates=True,
            base_version=form_version(refused),
            merge_state=hidden(refused, "merge_state"),
            headline="Ferry strike over",
            standfirst="Otto’s.",
            **{"choice-standfirst": "theirs", "choice-headline": "mine"},
        ),
    )
    article.refresh_from_db()
    assert (article.headline, article.standfirst) == ("Ferry strike over", "Otto’s.")


@pytest.mark.django_db
def test_a_newer_revision_that_changed_nothing_saves_without_a_merge_message(editor, otto):
    article = make_article(status=Status.DRAFT, headline="Ferry strike")
    revisions.record(article, editor)
    opened = article.version
    revisions.record(article, editor, note="Checked by the desk")  # same text, a note
    response = logged_in(otto).post(
        change_url(article),
        article_form(article, dates=True, base_version=opened, headline="Ferry strike ends"),
        follow=True,
    )
    article.refresh_from_db()
    assert article.headline == "Ferry strike ends"
    assert "Merged with" not in response.content.decode()
    assert not AuditEntry.objects.filter(action="merged").exists()


def test_a_time_from_another_day_carries_its_date():
    earlier = timezone.now() - timedelta(days=3)
    assert str(earlier.year) in revisions.moment(earlier)
    assert str(timezone.localtime().year) not in revisions.moment(timezone.now())
