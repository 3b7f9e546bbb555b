"""In a real Chromium on a phone: a wide table scrolls in its own box, never the page."""

import pytest

from tests.browser import wait_until
from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_wide_table_scrolls_in_its_box_and_the_page_does_not(live_server, browser_page):
    header = "".join(f"<th>Harbour number {n}</th>" for n in range(12))
    row = "".join(f"<td>{n * 1000} tonnes</td>" for n in range(12))
    article = make_article(
        body=f"<p>The figures.</p><table><caption>Tonnage</caption><tr>{header}</tr><tr>{row}</tr>"
        "</table><p>After the table.</p>"
    )
    browser_page.goto(f"{live_server.url}{article.get_absolute_url()}")
    box = browser_page.locator(".table-scroll")
    assert box.get_attribute("aria-label") == "Tonnage"
    sizes = browser_page.evaluate(
        """() => {
            const box = document.querySelector(".table-scroll");
            const page = document.documentElement;
            return {
                box: [box.scrollWidth, box.clientWidth],
                page: [page.scrollWidth, page.clientWidth],
            };
        }"""
    )
    assert sizes["box"][0] > sizes["box"][1]  # the table is wider than the phone...
    assert sizes["page"][0] <= sizes["page"][1]  # ...and only its box scrolls
    box.focus()  # by keyboard too
    browser_page.keyboard.press("ArrowRight")
    wait_until(browser_page, "document.querySelector('.table-scroll').scrollLeft > 0")
