"""Images follow the articles that show them: a writer changes only her own drafts' and
her unused ones; a published one is an editor's, audited and purged from every page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from newsdesk.content.models import Article, Image
from newsdesk.newsroom import roles
from newsdesk.newsroom.models import AuditEntry
from tests.factories import make_article, make_image, png_bytes
from tests.wsgi_client import fetch

pytestmark = pytest.mark.django_db
Status = Article.Status


def change_url(image) -> str:
    return f"/admin/content/image/{image.pk}/change/"


def image_form(image, **fields) -> dict:
    data = {"caption": image.caption, "credit": image.credit, "alt_text": image.alt_text}
    data.update(fields)
    return data


def refused(response) -> bool:
    """403, or the admin's "no such image" (back to the index) for one she cannot see."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


def edit(client, user, image, **fields):
    client.force_login(user)
    return client.post(change_url(image), image_form(image, **fields))


@pytest.fixture
def published_image(other_writer):
    """The lead image of Walter's published article."""
    image = make_image(caption="Ferries at dawn.", created_by=other_writer)
    make_article(lead_image=image, created_by=other_writer)
    return image


def test_a_writer_cannot_change_the_image_of_someone_elses_published_article(
    client, writer, published_image
):
    response = edit(client, writer, published_image, caption="Hacked.")
    assert response.status_code == 403
    published_image.refresh_from_db()
    assert published_image.caption == "Ferries at dawn."


def test_a_writer_cannot_change_the_image_of_her_own_published_article(client, writer):
    image = make_image(caption="Ferries at dawn.", created_by=writer)
    make_article(lead_image=image, created_by=writer)
    assert edit(client, writer, image, caption="Changed.").status_code == 403
    image.refresh_from_db()
    assert image.caption == "Ferries at dawn."


def test_a_writer_cannot_replace_the_file_of_an_image_in_a_published_body(client, writer):
    image = make_image(created_by=writer)
    make_article(body=f"<p>x</p>{image.embed_code}", created_by=writer)
    name = image.file.name
    client.force_login(writer)
    upload = SimpleUploadedFile("other.png", png_bytes((90, 60)), content_type="image/png")
    response = client.post(change_url(image), image_form(image, file=upload))
    assert response.status_code == 403
    image.refresh_from_db()
    assert image.file.name == name


def test_a_writer_changes_an_image_used_only_by_her_drafts(client, writer):
    image = make_image(caption="Draft caption.")
    make_article(lead_image=image, status=Status.DRAFT, created_by=writer)
    assert edit(client, writer, image, caption="Better caption.").status_code == 302
    image.refresh_from_db()
    assert image.caption == "Better caption."


def test_a_writer_cannot_change_an_image_another_writers_draft_uses(client, writer, other_writer):
    image = make_image(created_by=writer)
    make_article(lead_image=image, status=Status.DRAFT, created_by=writer)
    make_article(lead_image=image, status=Status.DRAFT, created_by=other_writer)
    assert refused(edit(client, writer, image, caption="Mine now."))
    image.refresh_from_db()
    assert image.caption != "Mine now."


def test_a_writer_cannot_change_an_image_of_her_article_in_review(client, writer):
    image = make_image(created_by=writer)
    make_article(lead_image=image, status=Status.REVIEW, created_by=writer)
    assert refused(edit(client, writer, image, caption="Changed."))
    image.refresh_from_db()
    assert image.caption != "Changed."


def test_a_writer_changes_her_unused_upload_but_not_someone_elses(client, writer, other_writer):
    mine, theirs = make_image(created_by=writer), make_image(created_by=other_writer)
    assert edit(client, writer, mine, caption="Mine.").status_code == 302
    assert refused(edit(client, writer, theirs, caption="Theirs."))
    theirs.refresh_from_db()
    assert theirs.caption != "Theirs."


def test_an_upload_is_credited_to_the_writer(client, writer):
    client.force_login(writer)
    upload = SimpleUploadedFile("quay.png", png_bytes((90, 60)), content_type="image/png")
    response = client.post(
        "/admin/content/image/add/", {"file": upload, "caption": "Q", "alt_text": "A quay"}
    )
    assert response.status_code == 302
    assert Image.objects.get().created_by == writer


def test_a_writer_lists_her_images_and_published_ones_not_other_writers_drafts(
    client, writer, other_writer, published_image
):
    mine = make_image(caption="My own upload.", created_by=writer)
    drafts = make_image(caption="Walter's secret draft picture.")
    make_article(lead_image=drafts, status=Status.DRAFT, created_by=other_writer)
    client.force_login(writer)
    listing = client.get("/admin/content/image/").content.decode()
    assert mine.caption in listing and published_image.caption in listing
    assert drafts.caption not in listing
    assert client.get(change_url(drafts)).status_code == 302  # "not found", back to the index
    found = client.get(
        "/admin/autocomplete/",
        {"app_label": "content", "model_name": "article", "field_name": "lead_image", "term": ""},
    ).json()
    ids = {int(result["id"]) for result in found["results"]}
    assert ids == {mine.pk, published_image.pk}


def test_a_writer_sees_a_published_image_read_only(client, writer, published_image):
    client.force_login(writer)
    page = client.get(change_url(published_image)).content.decode()
    assert "Ferries at dawn." in page and 'name="caption"' not in page


def test_an_editor_changes_a_published_image_and_the_articles_audit_log_says_so(
    client, editor, published_image
):
    article = published_image.articles().get()
    assert edit(client, editor, published_image, caption="Ferries at first light.").status_code
    published_image.refresh_from_db()
    assert published_image.caption == "Ferries at first light."
    entry = AuditEntry.objects.get(action=AuditEntry.Action.IMAGE_CHANGED)
    assert entry.article == article and entry.actor == editor
    assert f"image {published_image.pk}: caption" in entry.detail
    assert "Ferries at dawn." in entry.detail  # what it said before


def test_an_editor_deleting_a_published_image_is_audited(client, editor, published_image):
    article = published_image.articles().get()
    client.force_login(editor)
    response = client.post(f"/admin/content/image/{published_image.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action=AuditEntry.Action.IMAGE_CHANGED)
    assert entry.article == article and entry.detail.endswith("deleted")


def test_a_writer_may_not_delete_images_even_with_the_permission_granted(
    client, writer, published_image
):
    from django.contrib.auth.models import Permission

    writer.user_permissions.add(Permission.objects.get(codename="delete_image"))
    mine = make_image(created_by=writer)
    client.force_login(writer)
    url = f"/admin/content/image/{published_image.pk}/delete/"
    assert client.post(url, {"post": "yes"}).status_code == 403
    response = client.post(
        "/admin/content/image/",
        {"action": "delete_selected", "_selected_action": [mine.pk, published_image.pk],
         "post": "yes"},
    )  # fmt: skip
    assert response.status_code == 403
    assert Image.objects.filter(pk=published_image.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_a_changed_image_is_purged_from_every_page_that_shows_it(client, editor, published_image):
    article = published_image.articles().get()
    embedding = make_article(body=f"<p>x</p>{published_image.embed_code}")
    pages = [article.get_absolute_url(), embedding.get_absolute_url(), "/en/"]
    for page in pages:
        fetch(page)
        assert fetch(page).cache == "hit", page
    edit(client, editor, published_image, caption="Ferries at first light.")
    for page in pages:
        assert fetch(page).cache == "miss", page
    assert "Ferries at first light." in fetch(embedding.get_absolute_url()).text


def test_the_rules_agree_on_one_image_and_many(writer, other_writer, published_image):
    mine = make_image(created_by=writer)
    draft = make_image()
    make_article(lead_image=draft, status=Status.DRAFT, created_by=writer)
    every = [published_image, mine, draft]
    one_by_one = {i for i in every if roles.can_change_image(writer, i)}
    assert one_by_one == set(roles.changeable_images(writer, Image.objects.all())) == {mine, draft}
