"""What the browser tests share beyond their fixtures (tests/conftest.py)."""

import time


def wait_until(page, script, arg=None, seconds=120):
    """Poll ``script`` (an expression, or a function of ``arg``) until it holds.

    Not page.wait_for_function: once its first check fails it polls with a function made
    from a string in the page, which our Content-Security-Policy refuses (no
    'unsafe-eval'), and it takes a promise as true, where a page's own promise could wait
    forever (say, when a service worker failed to install). page.evaluate is not bound by
    the page's policy."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(script, arg):
        assert time.monotonic() < deadline, f"still false after {seconds}s: {script} {arg}"
        time.sleep(0.1)


def rich_text(page, name):
    """The rich text editor ``name`` ("Body", "Block 1"…), once its script has mounted it
    over the plain textarea (typing into the textarea before that would be lost)."""
    return page.locator(f'.body-editor-content[role="textbox"][aria-label="{name}"]')
