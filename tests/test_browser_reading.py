"""End to end in a real Chromium: an article page reports its read, once per reader."""

import pytest

from newsdesk.trending.buffer import flush
from newsdesk.trending.models import DailyReads
from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Headless Chromium says "HeadlessChrome" and is rightly taken for a robot: a reader's
# browser says what a desktop Chrome says.
DESKTOP_CHROME = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/140.0.0.0 Safari/537.36"
)
# read.js sends it once the page has been visible for 5 s: the page's clock is the test's,
# moved on 5 s at once; the wait is generous, for a loaded machine.
READ_AFTER_MS = 5_000
BEACON_WAIT_MS = 120_000


@pytest.fixture
def reader_page(chromium):
    context = chromium.new_context(
        user_agent=DESKTOP_CHROME, viewport={"width": 1280, "height": 900}, service_workers="block"
    )
    yield context.new_page()
    context.close()


def reads(article) -> int:
    return sum(DailyReads.objects.filter(article=article).values_list("reads", flat=True))


def test_a_reader_is_counted_once_even_after_reloading_the_page(live_server, reader_page):
    article = make_article(headline="Harbour pilots end their strike")
    beacon = f"{live_server.url}/read/{article.pk}"

    def is_beacon(response):
        return response.url == beacon and response.request.method == "POST"

    page = reader_page
    page.clock.install()
    with page.expect_response(is_beacon, timeout=BEACON_WAIT_MS) as sent:
        page.goto(f"{live_server.url}{article.get_absolute_url()}")
        page.clock.run_for(READ_AFTER_MS)
    assert sent.value.status == 204
    assert flush() == 1
    assert reads(article) == 1

    with page.expect_response(is_beacon, timeout=BEACON_WAIT_MS) as sent_again:
        page.reload()
        page.clock.run_for(READ_AFTER_MS)
    assert sent_again.value.status == 204
    assert flush() == 0  # the same reader within the window
    assert reads(article) == 1
