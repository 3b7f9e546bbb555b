"""Two editors in two Chromium windows edit one story at once: nothing is lost.

Otto opens the story after Edith and is told she is editing it; she changes the
standfirst and saves, he changes a paragraph of the body and saves: the stored story has
both, Otto is told his save was merged with hers, and Edith's page learns of his save.
"""

import pytest
from playwright.sync_api import expect

from newsdesk.content.models import Article
from newsdesk.newsroom import revisions
from tests.browser import wait_until
from tests.factories import make_article, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = (
    "<p>The harbour authority met on Monday evening.</p>"
    "<p>Fares stay the same for the winter.</p>"
    "<p>The next meeting is in March.</p>"
)
EDITED = BODY.replace("stay the same for the winter", "rise by ten cents in January")


def set_body(page, html: str) -> None:
    """Type the new body: in the visual editor when there is one, else the textarea."""
    textarea = page.locator("#id_body")
    # The editor, when the page has one, mounts after load and hides the textarea.
    wait_until(
        page,
        "() => { const area = document.querySelector('#id_body');"
        " return area.bodyEditor || area.offsetParent !== null; }",
    )
    if textarea.is_visible():
        textarea.fill(html)
    else:
        textarea.evaluate("(area, html) => area.bodyEditor.setHTML(html)", html)


def test_two_editors_merge_a_standfirst_and_a_paragraph(sign_in, live_server, editor):
    otto = make_user("otto", "Editor", first_name="Otto", last_name="Reyes")
    article = make_article(
        status=Article.Status.DRAFT,
        headline="Harbour fares for the winter",
        standfirst="The authority decides on Monday.",
        body=BODY,
    )
    revisions.record(article, editor)
    url = f"{live_server.url}/admin/content/article/{article.pk}/change/"

    edith = sign_in(editor)
    edith.goto(url)
    other = sign_in(otto)
    other.goto(url)
    expect(other.locator(".newsroom-presence")).to_contain_text(
        "Edith Okafor is also editing this story (since "
    )

    edith.locator("#id_standfirst").fill("The authority decided on Monday: fares rise.")
    edith.locator("input[name=_continue]").click()
    expect(edith.locator(".messagelist")).to_contain_text("was changed successfully")

    set_body(other, EDITED)
    other.locator("input[name=_continue]").click()
    expect(other.locator(".messagelist")).to_contain_text(
        "Merged with Edith Okafor’s changes to standfirst (saved at "
    )

    article.refresh_from_db()
    assert article.standfirst == "The authority decided on Monday: fares rise."
    assert article.body == EDITED

    # Edith's page, back in front, hears that Otto saved after her.
    edith.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
    expect(edith.locator(".newsroom-presence")).to_contain_text(
        "Otto Reyes saved a newer version at "
    )
