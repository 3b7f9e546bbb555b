"""Shared fixtures: fast settings, a private media folder, the demo newsroom."""

import email
import email.policy
import os
import socket

import pytest
from django.utils import translation
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# Hypothesis, for every property test: the same examples on every run and machine
# (derandomize, no example database), and few enough of them to keep the suite quick;
# a test may ask for more or fewer with @settings(max_examples=...). Function-scoped
# fixtures are fine here: the autouse ones below only reset state between tests.
hypothesis_settings.register_profile(
    "newsdesk",
    derandomize=True,
    database=None,
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
hypothesis_settings.load_profile("newsdesk")


def pytest_configure(config):
    """Build the WSGI application (newsdesk/wsgi.py) once, before any test runs.

    Building it calls ``django.setup()``, which applies settings.LOGGING again: the root
    logger's handlers are replaced, pytest's with them. Built by whichever test first
    fetches a page (tests/wsgi_client.py), it would take that test's ``caplog`` handler
    away halfway through, and what the test logs after that would reach stderr only:
    a failure that depends on which tests ran before it, in which xdist worker.
    """
    if config.getoption("help") or config.getoption("version"):
        return
    import newsdesk.wsgi  # noqa: F401


@pytest.fixture(autouse=True)
def test_settings(settings, tmp_path):
    """Fast hashing, static files without a collected manifest, media in a temp folder."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path
    # Parallel test workers share one Redis: each keeps its pages apart.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    settings.PAGE_STORE_REDIS_PREFIX = f"newsdesk-test-{worker}:page:"
    settings.READS_REDIS_PREFIX = f"newsdesk-test-{worker}:reads:"
    # Their locks too: a lock taken by the other worker made a keep give up (wait=False).
    settings.LOCKS_REDIS_PREFIX = f"newsdesk-test-{worker}:lock:"
    settings.READS_FLUSH_SECONDS = 0  # tests flush the read counts themselves
    # The API's per-minute counters outlast a test; the rate-limit tests set their own.
    settings.API_ANON_RATE_PER_MINUTE = 1_000_000
    return settings


@pytest.fixture(autouse=True)
def fresh_page_store(test_settings):
    """Each test starts with an empty page store and its own purge log."""
    from newsdesk.caching.store import get_store, reset_store
    from newsdesk.trending.buffer import reset_buffer

    reset_store()
    get_store().clear()
    reset_buffer()
    forget_reads(test_settings)
    yield
    reset_store()
    reset_buffer()


def forget_reads(settings):
    """Read counters and recent readers in Redis outlast a test run: start without them."""
    if not settings.REDIS_URL:
        return
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL)
    stale = list(client.scan_iter(f"{settings.READS_REDIS_PREFIX}*", count=1000))
    if stale:
        client.delete(*stale)


@pytest.fixture(autouse=True)
def english_outside_requests():
    """URLs built in a test are in the English edition unless the test says otherwise.

    (A request to another edition leaves its language active in the test's thread.)
    """
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def third_edition(settings):
    """Japanese switched on as a third edition, as ``EDITIONS=en,zh-hans,ja`` would: the
    code of the new edition. Django empties its cached language lookups when LANGUAGES
    changes (and again when the override ends)."""
    from newsdesk.languages import editions_from

    settings.LANGUAGES = editions_from([*(code for code, _ in settings.LANGUAGES), "ja"])
    return "ja"


@pytest.fixture(scope="session")
def demo_media(tmp_path_factory):
    """One media folder for the demo's drawn images, so each worker draws them once."""
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture
def demo(db, settings, demo_media):
    """The demo newsroom, loaded as `newsdesk demo` loads it."""
    from newsdesk.devdata.demo import load_demo

    settings.MEDIA_ROOT = demo_media
    load_demo()


# The newsroom's named users, one per role (passwords are all "pw").


@pytest.fixture
def editor(db):
    """Edith, an editor: edits anything, publishes, schedules, assigns translations."""
    from tests.factories import make_user

    return make_user("edith", "Editor", first_name="Edith", last_name="Okafor")


@pytest.fixture
def writer(db):
    """Wendy, a writer: writes her own drafts and submits them."""
    from tests.factories import make_user

    return make_user("wendy", "Writer", first_name="Wendy", last_name="Lam")


@pytest.fixture
def other_writer(db):
    from tests.factories import make_user

    return make_user("walter", "Writer", first_name="Walter", last_name="Nakamura")


@pytest.fixture
def translator(db):
    """Tao, a translator: works on the translations assigned to him."""
    from tests.factories import make_user

    return make_user("tao", "Translator", first_name="Tao", last_name="Zhang")


@pytest.fixture
def site_admin(db):
    """Ada, an admin: every permission, accounts included."""
    from tests.factories import make_user

    return make_user("ada", "Admin", first_name="Ada", last_name="Reyes")


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright (never a downloaded browser).

    Skipped only where no Chromium is installed and CI is unset; in CI a missing
    browser fails the run.
    """
    import shutil

    path = shutil.which("chromium") or (CHROMIUM if os.path.exists(CHROMIUM) else None)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing in CI: .ci/run should have installed it")
        pytest.skip("no Chromium here (apt-get install chromium); CI runs this test")
    # Playwright's sync API keeps an event loop in this thread; the ORM calls the tests
    # make between browser steps are still plain synchronous calls.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import expect, sync_playwright

    # Playwright's 5 s for an expectation is short for a server beside `stress-ng --cpu 2`
    # (a submit that notifies three people took longer once): as generous as its actions'.
    expect.set_options(timeout=30_000)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium):
    """A fresh phone-sized page in its own browser context."""
    # Service workers are tested in test_browser_pwa.py; elsewhere their background
    # fetches would outlive the test and race the database teardown.
    context = chromium.new_context(viewport={"width": 390, "height": 844}, service_workers="block")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def open_page(chromium):
    """Opens a desktop-sized page in a browser context of its own (one per person)."""
    contexts = []

    def open_page():
        context = chromium.new_context(
            viewport={"width": 1280, "height": 900}, service_workers="block"
        )
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def sign_in(open_page, live_server):
    """A page signed in to the newsroom as ``user`` (password "pw")."""

    from playwright.sync_api import expect

    def sign_in(user):
        page = open_page()
        page.goto(f"{live_server.url}/admin/login/")
        page.locator("#id_username").fill(user.username)
        page.locator("#id_password").fill("pw")
        page.locator("input[type=submit]").click()
        expect(page).to_have_url(f"{live_server.url}/admin/")
        return page

    return sign_in


@pytest.fixture
def live_demo(transactional_db, live_server, settings, demo_media):
    """The demo newsroom behind a live server, for browser tests."""
    from newsdesk.devdata.demo import load_demo

    settings.MEDIA_ROOT = demo_media
    load_demo()
    return live_server


@pytest.fixture
def redis_url():
    """A reachable Redis; a test needing one fails in CI and skips elsewhere without it."""
    import redis

    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is required in CI and cannot be reached at {url}: {error}")
        pytest.skip(f"no Redis reachable at {url}: {error}")
    return url


def closed_port() -> int:
    """A loopback port nothing listens on: connecting to it is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    """What a real SMTP server on loopback (aiosmtpd) received, as parsed messages."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list:
        return [m for m in self.messages if address in m["X-Envelope-To"].split(", ")]


class RefusingMailbox(Mailbox):
    """Takes ``accept`` messages, then answers every further one with a temporary failure,
    until it is told to accept again."""

    def __init__(self, accept: int):
        super().__init__()
        self.accept = accept

    async def handle_DATA(self, server, session, envelope):
        if len(self.messages) >= self.accept:
            return "451 4.3.0 Too busy, try again later"
        return await super().handle_DATA(server, session, envelope)


class RecipientRefusingMailbox(Mailbox):
    """Refuses one recipient as unknown (a permanent failure), takes the rest."""

    refused = "gone@example.test"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == self.refused:
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"


@pytest.fixture
def serve_smtp(settings):
    """Starts a local SMTP server with ``mailbox`` as its handler, for Django to send to."""
    from aiosmtpd.controller import Controller

    controllers = []

    def serve(mailbox):
        port = closed_port()  # aiosmtpd checks it is up by connecting
        controller = Controller(mailbox, hostname="127.0.0.1", port=port)
        controller.start()
        controllers.append(controller)
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        return mailbox

    yield serve
    for controller in controllers:
        controller.stop()


@pytest.fixture
def smtp_server(serve_smtp):
    """A local SMTP server that Django's SMTP backend sends to; yields its Mailbox."""
    return serve_smtp(Mailbox())
