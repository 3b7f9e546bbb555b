"""Image bytes of a page as Chromium loads it, at a phone and at a desktop viewport.

    python -m bench.images http://127.0.0.1:8140/en/

Opens the page at 412x915 (Lighthouse's mobile, device pixel ratio 2.625) and at
1350x940 (Lighthouse's desktop, ratio 1), and prints for each viewport the number of
images and the bytes transferred for them (response bodies as sent, headers left out) on
opening the page and once scrolled to its end image by image (lazy images included),
with each image's address and size.
"""

import sys

from playwright.sync_api import expect, sync_playwright

VIEWPORTS = {
    "mobile": {"viewport": {"width": 412, "height": 915}, "device_scale_factor": 2.625},
    "desktop": {"viewport": {"width": 1350, "height": 940}, "device_scale_factor": 1},
}


def image_bytes(browser, url: str, options: dict) -> dict[str, list[tuple[str, int]]]:
    """(address, bytes) of every image response the page loads: on opening (what
    Lighthouse sees) and in all once each image has been scrolled to (lazy ones)."""
    context = browser.new_context(service_workers="block", **options)
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))

    def images():
        return [
            (request.url, request.sizes()["responseBodySize"])
            for request in finished
            if request.resource_type == "image"
        ]

    page.goto(url, wait_until="networkidle")
    opening = images()
    found = page.locator("img")
    for index in range(found.count()):  # lazy ones load once scrolled to
        found.nth(index).scroll_into_view_if_needed()
        expect(found.nth(index)).to_have_js_property("complete", True)
    page.wait_for_load_state("networkidle")
    scrolled = images()
    context.close()
    return {"opening": opening, "scrolled": scrolled}


def main(url: str) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        for name, options in VIEWPORTS.items():
            for moment, found in image_bytes(browser, url, options).items():
                total = sum(size for _, size in found)
                print(
                    f"{name}, {moment}: {len(found)} images, {total} bytes ({total / 1024:.0f} KiB)"
                )
                for address, size in found:
                    print(f"  {size:>8}  {address}")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1])
