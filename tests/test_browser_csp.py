"""The Content-Security-Policy in a real Chromium: no page type makes it refuse anything."""

import pytest
from playwright.sync_api import expect

from newsdesk.content.models import Article, Image

pytestmark = pytest.mark.browser

# Each refusal is recorded by the page itself, from the first script it runs.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    const where = `${event.sourceFile}:${event.lineNumber}`;
    window.__violations.push(`${event.violatedDirective} ${event.blockedURI} ${where}`);
});
"""


@pytest.fixture
def watched_page(browser_page):
    """A page that records CSP violations, and the console's reports of them and of
    features our Permissions-Policy names that the browser does not know."""
    browser_page.add_init_script(RECORD_VIOLATIONS)
    console = []
    browser_page.on(
        "console",
        lambda message: (
            console.append(message.text)
            if "Content Security Policy" in message.text or "Permissions-Policy" in message.text
            else None
        ),
    )
    browser_page.console_reports = console
    return browser_page


def assert_no_violation(page, url):
    response = page.goto(url)
    assert response.status == 200, url
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("load")
    assert page.evaluate("window.__violations") == [], url
    assert page.console_reports == [], url


def test_reader_pages_run_under_the_policy_without_a_violation(live_demo, watched_page):
    article = Article.objects.published().filter(language="en").first()
    for path in ["/en/", article.get_absolute_url(), "/en/search/?q=harbour", "/en/app/"]:
        assert_no_violation(watched_page, f"{live_demo.url}{path}")
    # The app banner's inline script ran: the banner is shown.
    watched_page.goto(f"{live_demo.url}/en/")
    expect(watched_page.locator("#app-banner")).to_be_visible()


def test_the_api_docs_run_under_the_policy(live_demo, watched_page):
    assert_no_violation(watched_page, f"{live_demo.url}/api/v1/docs")
    expect(watched_page.locator(".swagger-ui .info")).to_be_visible()


def test_the_newsroom_article_form_runs_under_the_policy(live_demo, watched_page, site_admin):
    page = watched_page
    page.goto(f"{live_demo.url}/admin/login/")
    page.locator("#id_username").fill(site_admin.username)
    page.locator("#id_password").fill("pw")
    page.locator("input[type=submit]").click()
    expect(page).to_have_url(f"{live_demo.url}/admin/")
    article = Article.objects.published().first()
    translation = Article.objects.filter(translation_of__isnull=False).first()
    for path in [
        f"/admin/content/article/{article.pk}/change/",
        f"/admin/content/article/{translation.pk}/translate/",  # the desk's row editors
        "/admin/content/article/",
        "/admin/content/image/",
        f"/admin/content/image/{Image.objects.exclude(file='').first().pk}/change/",
        "/admin/trending/dailyreads/",
    ]:
        assert_no_violation(page, f"{live_demo.url}{path}")
