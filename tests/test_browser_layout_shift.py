"""In a real Chromium: the offline page does not move under the reader's eyes when its
script reveals "Try again" and lists the articles saved on the device (layout shift)."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# What the service worker keeps of a page it saved (reader/static/reader/sw.js).
SAVE_ARTICLES = """async (count) => {
  const cache = await caches.open("newsdesk-top-test");
  for (let i = 0; i < count; i++) {
    await cache.put(`/${i % 2 ? "en" : "zh-hans"}/2026/12/0${(i % 9) + 1}/story-${i}/`,
      new Response("saved", {headers: {
        "X-SW-Title": encodeURIComponent(`Saved story ${i}`),
        "X-SW-Lang": i % 2 ? "en" : "zh-hans",
        "X-SW-Stored-At": String(Date.now()),
      }}));
  }
}"""
RECORD_SHIFTS = """
window.layoutShifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    // What moved, so that a failure says which element and how far.
    const rect = (r) => [r.x, r.y, r.width, r.height];
    window.layoutShifts.push({value: entry.value, at: entry.startTime,
                              nodes: entry.sources.map((source) => source.node),
                              sources: entry.sources.map((source) => ({
      node: source.node && (source.node.outerHTML || source.node.textContent || "").slice(0, 120),
      from: rect(source.previousRect),
      to: rect(source.currentRect),
    }))});
  }
}).observe({type: "layout-shift", buffered: true});
"""
# The shifts a script made by filling the part of the page given by a selector: those after
# the page was parsed, of that part or of what follows it. On a loaded machine Chromium may
# paint a page still being parsed (the masthead without its search label or edition links,
# which then move): that shift is reported with the first frame after parsing, where the
# script's own would be too, so time alone cannot tell them apart; but what precedes the
# part in the document cannot be moved by it.
SHIFTS_OF = """(selector) => {
  const part = document.querySelector(selector);
  const parsed = performance.getEntriesByType("navigation")[0].domInteractive;
  const movable = (node) => !node || !node.isConnected || part.contains(node)
    || Boolean(part.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING);
  return window.layoutShifts
    .filter((shift) => shift.at >= parsed
      && (shift.nodes.length === 0 || shift.nodes.some(movable)))
    .map(({nodes, ...shift}) => shift);
}"""


@pytest.mark.parametrize("viewport", [(412, 823), (1350, 940)], ids=["phone", "desktop"])
@pytest.mark.parametrize("saved", [0, 12])
def test_the_offline_page_does_not_shift_as_its_script_fills_it(
    live_server, chromium, viewport, saved
):
    width, height = viewport
    context = chromium.new_context(
        viewport={"width": width, "height": height}, service_workers="block"
    )
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/en/offline/")
        page.evaluate(SAVE_ARTICLES, saved)
        page.add_init_script(RECORD_SHIFTS)
        page.goto(f"{live_server.url}/en/offline/")
        expect(page.get_by_role("button", name="Try again")).to_be_visible()
        if saved:
            expect(page.get_by_role("link", name="Saved story 11")).to_be_visible()
        else:
            expect(page.locator("[data-offline-empty]")).to_be_visible()
        assert page.evaluate(SHIFTS_OF, ".offline-page") == []
    finally:
        context.close()
