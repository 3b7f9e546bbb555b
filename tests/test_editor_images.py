"""Pictures in the body editor: uploads stored once and reused, the library, the texts
typed under a picture saved in the article's language, and alt text required before an
article goes to an editor or to readers (never to save a draft)."""

import importlib
import io
import os

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image as Picture

from newsdesk.content.models import Article, Image
from newsdesk.content.uploads import checksum
from newsdesk.newsroom import workflow
from newsdesk.newsroom.models import AuditEntry
from tests.factories import make_article, make_image, png_bytes
from tests.newsroom_forms import article_form, change_url

pytestmark = pytest.mark.django_db
Status = Article.Status
URL = "/admin/content/article/editor-images/"


def upload(client, data: bytes, name="harbour.png", **fields):
    file = SimpleUploadedFile(name, data, content_type="image/png")
    return client.post(URL, {"file": file, **fields})


def signed_in(client, user):
    client.force_login(user)
    return client


def body_with(*images) -> str:
    return "<p>Ferries at dawn.</p>" + "".join(image.embed_code for image in images)


def save(client, article, **changes):
    """Post the article's change form as its user would, with ``changes``."""
    return client.post(change_url(article), article_form(article, **changes))


def errors(response) -> str:
    """The form's error messages, as the page shows them."""
    form = response.context["adminform"].form
    return " ".join(" ".join(messages) for messages in form.errors.values())


# Uploading -----------------------------------------------------------------------------


def test_a_writer_uploads_a_picture_and_gets_what_a_figure_shows(client, writer):
    data = png_bytes((800, 600))
    response = upload(signed_in(client, writer), data, caption="Ferries at dawn.")
    assert response.status_code == 201
    answer = response.json()
    image = Image.objects.get()
    assert answer["reused"] is False
    assert answer["image"]["id"] == image.pk
    assert (answer["image"]["width"], answer["image"]["height"]) == (800, 600)
    assert answer["image"]["caption"] == image.caption == "Ferries at dawn."
    assert answer["image"]["editable"] is True
    assert image.created_by == writer
    assert image.checksum == checksum(data)
    # The figure shows a rendition, which the writer may fetch while it is unpublished.
    assert answer["image"]["src"].startswith(f"/media/renditions/{image.pk}/w640-")
    assert client.get(answer["image"]["src"]).status_code == 200
    assert client.get(answer["image"]["thumb"]).status_code == 200


def test_the_same_file_uploaded_again_is_the_same_picture(client, writer):
    data = png_bytes((300, 200))
    first = upload(signed_in(client, writer), data, name="a.png").json()
    again = upload(client, data, name="copy of a.png")
    assert again.status_code == 200
    assert again.json()["reused"] is True
    assert again.json()["image"]["id"] == first["image"]["id"]
    assert Image.objects.count() == 1


def test_a_picture_stored_before_checksums_is_recognised_after_the_migration(client, writer):
    image = make_image(created_by=writer)
    Image.objects.filter(pk=image.pk).update(checksum="")
    with image.file.open("rb") as stored:
        data = stored.read()
    migration = importlib.import_module("newsdesk.content.migrations.0010_image_checksum")
    migration.fill_checksums(django_apps, None)
    image.refresh_from_db()
    assert image.checksum == checksum(data)
    answer = upload(signed_in(client, writer), data).json()
    assert answer["reused"] is True and answer["image"]["id"] == image.pk


def test_another_writers_unpublished_upload_of_the_same_file_is_not_handed_out(
    client, writer, other_writer
):
    data = png_bytes((300, 200))
    theirs = upload(signed_in(client, other_writer), data, caption="Walter's scoop.").json()
    client.logout()
    mine = upload(signed_in(client, writer), data)
    assert mine.status_code == 201
    assert mine.json()["image"]["id"] != theirs["image"]["id"]
    assert "scoop" not in mine.content.decode()


def test_texts_given_with_an_upload_are_stored_in_their_language(client, writer):
    answer = upload(
        signed_in(client, writer), png_bytes(), alt_text="渡轮", caption="清晨", language="zh-hans"
    ).json()
    image = Image.objects.get()
    assert image.translation("zh-hans", "alt_text") == "渡轮"
    assert image.alt_text == "" and image.caption == ""
    assert answer["image"]["alt_text"] == "渡轮"


def test_a_file_that_is_not_a_picture_is_refused_with_the_reason(client, writer):
    response = upload(signed_in(client, writer), b"%PDF-1.4 not a picture", name="a.png")
    assert response.status_code == 400
    assert "not a picture we can read" in response.json()["error"]
    assert not Image.objects.exists()


def test_an_oversized_file_is_refused_with_the_limit(client, writer, settings):
    settings.MAX_IMAGE_UPLOAD_BYTES = 1024 * 1024
    noise = Picture.frombytes("RGB", (700, 600), os.urandom(700 * 600 * 3))
    buffer = io.BytesIO()
    noise.save(buffer, format="PNG")
    assert len(buffer.getvalue()) > 1024 * 1024
    response = upload(signed_in(client, writer), buffer.getvalue())
    assert response.status_code == 400
    assert "larger than 1 MB" in response.json()["error"]
    assert not Image.objects.exists()


def test_a_decompression_bomb_is_refused_with_the_limit(client, writer):
    buffer = io.BytesIO()
    Picture.new("1", (11000, 8000)).save(buffer, format="PNG", optimize=True)
    response = upload(signed_in(client, writer), buffer.getvalue())
    assert response.status_code == 400
    assert "more than the 50 megapixels we accept" in response.json()["error"]
    assert not Image.objects.exists()


def test_an_upload_without_a_file_says_so(client, writer):
    response = signed_in(client, writer).post(URL, {"caption": "No file."})
    assert response.status_code == 400
    assert response.json()["error"] == "Choose a picture to upload."


def test_an_alt_text_longer_than_the_field_is_refused(client, writer):
    response = upload(signed_in(client, writer), png_bytes(), alt_text="x" * 301)
    assert response.status_code == 400
    assert "300 characters" in response.json()["error"]


def test_an_upload_needs_the_csrf_token(writer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(writer)
    assert upload(client, png_bytes()).status_code == 403
    assert not Image.objects.exists()
    client.get("/admin/content/article/add/")  # as the editor's page: the token's cookie
    token = client.cookies["csrftoken"].value
    file = SimpleUploadedFile("harbour.png", png_bytes(), content_type="image/png")
    assert client.post(URL, {"file": file}, headers={"X-CSRFToken": token}).status_code == 201


# Who may do what -----------------------------------------------------------------------


def test_a_translator_looks_up_pictures_but_cannot_upload(client, translator):
    make_article(lead_image=make_image(caption="Published ferries."))
    signed_in(client, translator)
    assert "Published ferries." in client.get(URL, {"q": "ferries"}).content.decode()
    response = upload(client, png_bytes())
    assert response.status_code == 403
    assert "not allow uploading" in response.json()["error"]
    assert not Image.objects.filter(created_by=translator).exists()


def test_staff_without_a_newsroom_role_get_nothing(client, db):
    from django.contrib.auth.models import User

    clerk = User.objects.create_user("clerk", password="pw", is_staff=True)
    signed_in(client, clerk)
    assert client.get(URL).status_code == 403
    assert upload(client, png_bytes()).status_code == 403


def test_only_get_and_post(client, editor):
    assert signed_in(client, editor).delete(URL).status_code == 405


# The library ---------------------------------------------------------------------------


def ids_of(response) -> list[int]:
    return [image["id"] for image in response.json()["images"]]


def test_the_library_finds_pictures_by_any_of_their_texts_newest_first(client, editor):
    by_caption = make_image(caption="Ferries at dawn", alt_text="Boats")
    by_alt = make_image(caption="Quay", alt_text="Two ferries moored")
    by_credit = make_image(caption="Crowd", credit="Photo: Ferry Desk")
    by_source = make_image(caption="Pier", source="ferry-archive/1998.jpg")
    by_chinese = make_image(caption="Lanterns", translations={"zh-hans": {"caption": "渡轮码头"}})
    make_image(caption="A market", alt_text="Stalls", credit="Photo: Desk")
    signed_in(client, editor)
    found = ids_of(client.get(URL, {"q": "ferr"}))
    assert found == [by_source.pk, by_credit.pk, by_alt.pk, by_caption.pk]
    assert ids_of(client.get(URL, {"q": "渡轮"})) == [by_chinese.pk]
    assert ids_of(client.get(URL, {"q": "ferries dawn"})) == [by_caption.pk]


def test_the_library_lists_at_most_24_of_the_newest(client, editor):
    images = [make_image() for _ in range(26)]
    found = ids_of(signed_in(client, editor).get(URL))
    assert found == [image.pk for image in reversed(images)][:24]


def test_a_writer_does_not_find_another_writers_draft_pictures(client, writer, other_writer):
    secret = make_image(caption="Harbour secret")
    make_article(lead_image=secret, status=Status.DRAFT, created_by=other_writer)
    mine = make_image(caption="Harbour mine", created_by=writer)
    signed_in(client, writer)
    assert ids_of(client.get(URL, {"q": "harbour"})) == [mine.pk]
    assert ids_of(client.get(URL, {"ids": f"{secret.pk},{mine.pk}"})) == [mine.pk]


def test_a_writer_sees_every_picture_of_her_draft_but_may_not_change_anothers(
    client, writer, other_writer
):
    theirs = make_image(caption="Walter's picture")
    make_article(lead_image=theirs, status=Status.DRAFT, created_by=other_writer)
    make_article(status=Status.DRAFT, created_by=writer, body=body_with(theirs))
    answer = signed_in(client, writer).get(URL, {"ids": str(theirs.pk)}).json()
    assert [(image["id"], image["editable"]) for image in answer["images"]] == [(theirs.pk, False)]


def test_the_labels_alone_for_an_editor_without_pictures(client, editor):
    make_image()
    answer = signed_in(client, editor).get(URL, {"labels": "1"}).json()
    assert answer["images"] == []
    assert answer["labels"]["remove"] == "Remove picture"
    assert answer["labels"]["too_large"] == (
        "This file is larger than 15 MB. Please upload a smaller one."
    )


def test_details_come_in_the_language_asked_with_the_default_as_fallback(client, editor):
    image = make_image(caption="Ferries", translations={"zh-hans": {"alt_text": "渡轮"}})
    answer = signed_in(client, editor).get(URL, {"ids": str(image.pk), "language": "zh-hans"})
    details = answer.json()["images"][0]
    assert details["alt_text"] == "渡轮"
    assert details["caption"] == ""
    assert details["fallback"]["caption"] == "Ferries"
    assert answer.json()["labels"]["alt_text"] == "Alt text"


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ({"ids": "1,x"}, "numbers"),
        ({"ids": "0"}, "by their ids"),
        ({"ids": str(2**63)}, "by their ids"),
        ({"ids": ",".join(str(n) for n in range(1, 102))}, "by their ids"),
        ({"ids": "1", "language": "xx"}, "not an edition"),
    ],
)
def test_a_bad_question_is_refused_with_the_reason(client, editor, query, reason):
    response = signed_in(client, editor).get(URL, query)
    assert response.status_code == 400
    assert reason in response.json()["error"]


# The texts typed under a picture, saved with the article -------------------------------


def texts(image, **fields) -> str:
    import json

    return json.dumps({str(image.pk): fields})


def test_texts_typed_under_a_picture_are_saved_with_the_draft(client, writer):
    image = make_image(caption="", credit="", alt_text="", created_by=writer)
    article = make_article(status=Status.DRAFT, created_by=writer, body=body_with(image))
    response = save(
        signed_in(client, writer),
        article,
        body_images=texts(
            image, caption="Ferries at dawn.", credit="Photo: W. Lam", alt_text="Two ferries"
        ),
    )
    assert response.status_code == 302
    image.refresh_from_db()
    assert (image.caption, image.credit, image.alt_text) == (
        "Ferries at dawn.",
        "Photo: W. Lam",
        "Two ferries",
    )
    article.refresh_from_db()
    assert "Ferries at dawn." in article.body_html and 'alt="Two ferries"' in article.body_html


def test_texts_typed_in_a_chinese_article_are_its_translation(client, editor):
    image = make_image(caption="Ferries", alt_text="Two ferries")
    article = make_article(status=Status.DRAFT, language="zh-hans", body=body_with(image))
    save(
        signed_in(client, editor),
        article,
        body_images=texts(image, caption="渡轮", alt_text="两艘渡轮"),
    )
    image.refresh_from_db()
    assert image.translation("zh-hans", "caption") == "渡轮"
    assert image.translation("zh-hans", "alt_text") == "两艘渡轮"
    assert (image.caption, image.alt_text) == ("Ferries", "Two ferries")


def test_a_writer_cannot_change_the_texts_of_a_published_picture(client, writer):
    image = make_image(caption="Ferries at dawn.")
    make_article(lead_image=image)
    article = make_article(status=Status.DRAFT, created_by=writer, body=body_with(image))
    response = save(signed_in(client, writer), article, body_images=texts(image, caption="Mine."))
    assert response.status_code == 200
    assert f"pictures {image.pk}" in errors(response)
    image.refresh_from_db()
    assert image.caption == "Ferries at dawn."


def test_unchanged_texts_of_a_published_picture_do_not_stop_a_writer(client, writer):
    image = make_image(caption="Ferries at dawn.", credit="Photo: Desk", alt_text="Ferries")
    make_article(lead_image=image)
    article = make_article(status=Status.DRAFT, created_by=writer, body=body_with(image))
    response = save(
        signed_in(client, writer),
        article,
        body_images=texts(
            image, caption="Ferries at dawn.", credit="Photo: Desk", alt_text="Ferries"
        ),
    )
    assert response.status_code == 302


def test_an_editor_changing_a_published_pictures_caption_is_in_the_audit_log(client, editor):
    image = make_image(caption="Ferries at dawn.")
    article = make_article(body=body_with(image))
    signed_in(client, editor)
    response = save(client, article, body_images=texts(image, caption="Ferries at first light."))
    assert response.status_code == 302
    image.refresh_from_db()
    assert image.caption == "Ferries at first light."
    entry = article.audit_entries.get(action=AuditEntry.Action.IMAGE_CHANGED)
    assert entry.detail.startswith(f"image {image.pk}: caption in en")


def test_texts_of_a_picture_no_longer_in_the_body_are_left_alone(client, writer):
    image = make_image(caption="Kept.", created_by=writer)
    article = make_article(status=Status.DRAFT, created_by=writer, body="<p>No pictures.</p>")
    assert (
        save(
            signed_in(client, writer), article, body_images=texts(image, caption="Gone.")
        ).status_code
        == 302
    )
    image.refresh_from_db()
    assert image.caption == "Kept."


@pytest.mark.parametrize(
    "posted",
    ["not json", "[1]", '{"x": {}}', '{"1": {"colour": "red"}}', '{"1": {"caption": 3}}'],
)
def test_unreadable_picture_texts_are_refused(client, writer, posted):
    article = make_article(status=Status.DRAFT, created_by=writer)
    response = save(signed_in(client, writer), article, body_images=posted)
    assert response.status_code == 200
    assert "could not be read" in errors(response)


def test_an_alt_text_too_long_is_refused_naming_the_picture(client, writer):
    image = make_image(created_by=writer)
    article = make_article(status=Status.DRAFT, created_by=writer, body=body_with(image))
    response = save(
        signed_in(client, writer), article, body_images=texts(image, alt_text="x" * 301)
    )
    assert f"Picture {image.pk}" in errors(response) and "300 characters" in errors(response)


# Alt text before review, scheduling and publishing -------------------------------------


def test_a_draft_without_alt_text_is_saved(client, writer):
    image = make_image(alt_text="", created_by=writer)
    article = make_article(status=Status.DRAFT, created_by=writer, body=body_with(image))
    response = save(signed_in(client, writer), article, headline="Ferries return at dawn")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Ferries return at dawn"


def test_submitting_without_alt_text_is_refused_naming_the_pictures(client, writer):
    described = make_image(caption="Described.", created_by=writer)
    bare = make_image(caption="The quay at night", alt_text="", created_by=writer)
    lead = make_image(caption="", alt_text="", created_by=writer)
    article = make_article(
        status=Status.DRAFT, created_by=writer, body=body_with(described, bare), lead_image=lead
    )
    response = save(signed_in(client, writer), article, _step="submitted")
    assert response.status_code == 200
    message = errors(response)
    assert "“Submit for review” needs alt text for every picture" in message
    assert f"“The quay at night” (picture {bare.pk})" in message
    assert f"(picture {lead.pk})" in message and f"picture {described.pk}" not in message
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_alt_text_typed_with_the_submission_is_enough(client, writer):
    image = make_image(alt_text="", created_by=writer)
    article = make_article(status=Status.DRAFT, created_by=writer, body=body_with(image))
    response = save(
        signed_in(client, writer),
        article,
        _step="submitted",
        body_images=texts(image, alt_text="Two ferries at the quay"),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    image.refresh_from_db()
    assert article.status == Status.REVIEW and image.alt_text == "Two ferries at the quay"


def test_alt_text_cleared_with_the_submission_is_missing(client, writer):
    image = make_image(alt_text="Two ferries", created_by=writer)
    article = make_article(status=Status.DRAFT, created_by=writer, body=body_with(image))
    response = save(
        signed_in(client, writer), article, _step="submitted", body_images=texts(image, alt_text="")
    )
    assert f"(picture {image.pk})" in errors(response)
    image.refresh_from_db()
    assert image.alt_text == "Two ferries"


def test_the_default_languages_alt_text_serves_a_translation(client, editor):
    image = make_image(alt_text="Two ferries")
    article = make_article(status=Status.DRAFT, language="zh-hans", body=body_with(image))
    assert (
        save(signed_in(client, editor), article, _step="published", dates=True).status_code == 302
    )
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED


def test_an_editor_cannot_publish_or_schedule_without_alt_text(client, editor):
    image = make_image(alt_text="")
    article = make_article(status=Status.REVIEW, body=body_with(image))
    signed_in(client, editor)
    for step in ["published", "scheduled"]:
        response = save(client, article, _step=step, dates=True)
        assert f"(picture {image.pk})" in errors(response)
    article.refresh_from_db()
    assert article.status == Status.REVIEW


def test_every_workflow_path_refuses_without_alt_text(editor):
    image = make_image(alt_text="")
    article = make_article(status=Status.REVIEW, body=body_with(image))
    with pytest.raises(ValidationError, match=f"picture {image.pk}"):
        workflow.take_step(article, workflow.Action.PUBLISHED, editor)
    article.refresh_from_db()
    assert article.status == Status.REVIEW
    assert article.images_missing_alt_text() == [image]


def test_the_bulk_publish_action_refuses_an_article_without_alt_text(client, editor):
    bare = make_image(alt_text="")
    refused = make_article(status=Status.REVIEW, headline="Bare pictures", body=body_with(bare))
    fine = make_article(status=Status.REVIEW, headline="Described pictures")
    response = signed_in(client, editor).post(
        "/admin/content/article/",
        {"action": "publish_selected", "_selected_action": [refused.pk, fine.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert "“Bare pictures”" in page and f"picture {bare.pk}" in page
    refused.refresh_from_db()
    fine.refresh_from_db()
    assert refused.status == Status.REVIEW and fine.status == Status.PUBLISHED


def test_returning_to_the_writer_needs_no_alt_text(editor):
    article = make_article(status=Status.REVIEW, body=body_with(make_image(alt_text="")))
    workflow.take_step(article, workflow.Action.RETURNED, editor, note="Add alt text, please.")
    assert article.status == Status.DRAFT
