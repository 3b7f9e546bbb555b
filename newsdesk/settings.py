"""Settings for newsdesk, read from environment variables with safe defaults.

Every variable is documented in README.md (a test checks it).
"""

import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from newsdesk.env import env_bool, env_int, env_list, env_str
from newsdesk.languages import editions_from

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("NEWSDESK_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """The SECRET_KEY variable, or (the embedded demo only) a key kept under var/."""
    key = env_str("SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        # Generated per machine, sessions and signed links would break behind a balancer.
        raise ImproperlyConfigured(
            "SECRET_KEY must be set in production (HTTPS, or a HOST or ALLOWED_HOSTS "
            "other than loopback); make one with: python3 -c 'import secrets; "
            "print(secrets.token_urlsafe(50))'"
        )
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# ---- On the open internet: HTTPS, production, security headers, request bodies ----
# (README, "Security"; the headers and body limits are applied by newsdesk/security.py.)
# HTTPS: readers reach the site over HTTPS through a proxy that terminates TLS and sets
# X-Forwarded-Proto, overwriting whatever a client sent (deploy/nginx.conf does).
HTTPS = env_bool("HTTPS", False)
LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}
# Reachable from other machines, or served over HTTPS: refuses to start without a key.
# (`newsdesk serve --host` passes its host on in HOST.)
PRODUCTION = (
    HTTPS or env_str("HOST", "127.0.0.1") not in LOOPBACK or not set(ALLOWED_HOSTS) <= LOOPBACK
)
SECRET_KEY = _secret_key()
# Hosts that mean "every interface": a browser on this machine reaches them at loopback.
WILDCARD_HOSTS = {"0.0.0.0", "::", "[::]"}


def _public_url() -> str:
    """PUBLIC_URL, else the address `newsdesk serve` listens on (HOST and PORT)."""
    url = env_str("PUBLIC_URL")
    if url:
        return url.rstrip("/")
    host = env_str("HOST", "127.0.0.1") or "127.0.0.1"
    if host in WILDCARD_HOSTS:
        host = "127.0.0.1"
    elif ":" in host and not host.startswith("["):  # an IPv6 address in a URL
        host = f"[{host}]"
    return f"http://{host}:{env_int('PORT', 8000)}"


# The site's address as phones and feed readers reach it (the app's QR code, canonical
# links, structured data); links built from a request follow the request's scheme.
PUBLIC_URL = _public_url()


def _mail_domain() -> str:
    """PUBLIC_URL's host, or "localhost" when it is an address rather than a name."""
    host = urlsplit(PUBLIC_URL).hostname or "localhost"
    return "localhost" if host.replace(".", "").isdigit() or ":" in host else host


if HTTPS:
    if not PUBLIC_URL.startswith("https://"):
        raise ImproperlyConfigured(
            f"PUBLIC_URL must start with https:// when HTTPS is on, not {PUBLIC_URL!r}"
        )
    # request.is_secure() and every absolute link built from a request follow the proxy.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    # includeSubDomains and preload, as `check --deploy` asks; preload only makes the
    # domain eligible for the browsers' built-in list: submitting it is up to you.
    SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Request bodies larger than this are refused (413) before any of it is read, except in
# the newsroom (/admin/), which uploads images and long articles: see body_limit().
MAX_REQUEST_BODY = 1024 * 1024
# ---- end of the open internet block ----

SITE_NAME = env_str("SITE_NAME", "Pacific Meridian")

# ---- Email: notifications and invitations, sent by the worker ----
# With EMAIL_HOST set, through that SMTP server; otherwise printed by the worker (the demo).
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
# The sender of every message; the public address's host names the default.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", f"{SITE_NAME} <newsroom@{_mail_domain()}>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
PUBLISHER_NAME = env_str("PUBLISHER_NAME", "Pacific Meridian Media")

INSTALLED_APPS = [
    # First: its createsuperuser replaces auth's (it fails clearly without a terminal).
    "newsdesk.newsroom",
    # Django's admin as the newsroom's own site (newsroom/site.py): its home, its pages.
    "newsdesk.newsroom.site.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "newsdesk.content",
    "newsdesk.imports",
    "newsdesk.trending",
    "newsdesk.related",
    "newsdesk.api",
    "newsdesk.search",
    "ninja",
    "newsdesk.reader",
    "newsdesk.caching",
    "newsdesk.devdata",
    "newsdesk.backups",
    "newsdesk.newsletters",
    "newsdesk.push",
]

MIDDLEWARE = [
    "newsdesk.caching.middleware.CompressText",
    "newsdesk.security.SecurityHeadersMiddleware",
    "newsdesk.caching.middleware.PageCacheMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "newsdesk.newsroom.twofactor.TOTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsdesk.urls"
WSGI_APPLICATION = "newsdesk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsdesk.reader.context_processors.site",
            ],
        },
    },
]

# The embedded default is a SQLite file under var/; DATABASE_URL points elsewhere.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'newsdesk.sqlite3'}"),
        conn_max_age=600,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a writer writes; IMMEDIATE transactions take the
    # write lock up front so concurrent writers wait (busy_timeout) instead of failing.
    # Connections persist like PostgreSQL's (conn_max_age above): opening one and running
    # its PRAGMAs cost about 1 ms of every request that reads the database.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
elif env_bool("DATABASE_POOL", False):
    # psycopg's connection pool in each worker, instead of one persistent connection.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {"min_size": 1, "max_size": 8}

# Reads of reader pages may go to a replica; writes, and reads in a transaction, never do.
if env_str("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        env_str("DATABASE_REPLICA_URL"), conn_max_age=600, conn_health_checks=True
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["newsdesk.dbrouters.ReplicaRouter"]


# Caching. In-process by default; Redis (shared by every worker and machine) when set.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": REDIS_URL, "KEY_PREFIX": "newsdesk"}}  # fmt: skip
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PAGE_STORE_REDIS_PREFIX = "newsdesk:page:"
# Locks across processes (newsdesk/locks.py) when REDIS_URL is set.
LOCKS_REDIS_PREFIX = "newsdesk:lock:"
# How long a shared cache may keep a page; purges drop it sooner when it changes.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 3600)
STALE_WHILE_REVALIDATE_SECONDS = env_int("STALE_WHILE_REVALIDATE_SECONDS", 30)
# Memory each server worker may use for pages in the in-process store.
PAGE_CACHE_MAX_BYTES = env_int("PAGE_CACHE_MAX_MB", 32) * 1024 * 1024
# Functions called with the purged surrogate keys, e.g. to purge a reverse proxy.
PURGE_HOOKS = env_list("PURGE_HOOKS", [])
PROXY_PURGE_URL = env_str("PROXY_PURGE_URL")
if PROXY_PURGE_URL and not PURGE_HOOKS:
    PURGE_HOOKS = ["newsdesk.caching.hooks.refresh_proxy"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Signing in (README, "Signing in"): axes refuses a locked-out client before any
# password is hashed; failures are counted in the database, shared by every worker.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "newsdesk.newsroom.lockout.SignInAttempts"
AXES_CLIENT_IP_CALLABLE = "newsdesk.newsroom.lockout.client_ip"
AXES_LOCKOUT_CALLABLE = "newsdesk.newsroom.lockout.locked_out"
# By a username at an address, and by an address; never by a username alone.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_FAILURE_LIMIT = 5
LOGIN_ADDRESS_FAILURE_LIMIT = 20
AXES_COOLOFF_TIME = timedelta(minutes=15)
# Failures only: no record of every successful sign-in, which would grow for ever.
AXES_DISABLE_ACCESS_LOG = True
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "otp_token"]
# Authenticator codes (newsdesk/newsroom/twofactor.py): optional unless required.
REQUIRE_TOTP = env_bool("REQUIRE_TOTP", False)
OTP_TOTP_ISSUER = SITE_NAME

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The interface and the editions: each language is an edition of the site under its
# own URL prefix (/en/, /zh-hans/), so a page's language never depends on a header.
# EDITIONS lists Django language codes, the default edition first; each is named in
# its own language (Django's LANG_INFO), and an unknown code stops the start.
LANGUAGES = editions_from(env_list("EDITIONS", ["en", "zh-hans"]))
LANGUAGE_CODE = LANGUAGES[0][0]
LOCALE_PATHS = [BASE_DIR / "newsdesk" / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Behind nginx: the internal location that sends media files once Django allowed them.
MEDIA_ACCEL_REDIRECT = env_str("MEDIA_ACCEL_REDIRECT", "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "newsdesk.static_storage.StaticFilesStorage"  # ES module imports hashed too
        )
    },
}

# Uploads: images larger than this are refused with a clear message.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
MAX_IMAGE_UPLOAD_BYTES = 15 * 1024 * 1024
# ...and pictures of more pixels than this (a decompression bomb is a small file): it also
# bounds the memory one rendition takes to draw (about 4 bytes a pixel). Pillow's own
# limit (PIL.Image.MAX_IMAGE_PIXELS) is set to the same.
MAX_IMAGE_PIXELS = 50_000_000
# `newsdesk import` refuses larger files, with a reason, and goes on with the rest.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_MB", 20) * 1024 * 1024

# Feeds (newsdesk/reader/feeds.py): each article's full text, or its standfirst only.
FEED_FULL_TEXT = env_bool("FEED_FULL_TEXT", True)
# The app's store listings.
APP_ANDROID_URL = env_str("APP_ANDROID_URL")
APP_IOS_URL = env_str("APP_IOS_URL")
# Requests per minute an anonymous client may make to the JSON API (per address).
API_ANON_RATE_PER_MINUTE = env_int("API_ANON_RATE_PER_MINUTE", 120)
# How many proxies of ours stand in front of the server, each appending the address it
# saw to X-Forwarded-For; 0 trusts no forwarding header (see trending/visitors.py).
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0)
if TRUSTED_PROXIES < 0:
    raise ImproperlyConfigured(f"TRUSTED_PROXIES must be 0 or more, not {TRUSTED_PROXIES}")

# Breaking-news push (newsdesk/push/): the VAPID key pair that signs every push, generated
# once into var/vapid_private_key.pem unless given here (PEM or base64url; the public key
# is derived, and checked if given); the subject push services may write to about pushes.
VAPID_PRIVATE_KEY = env_str("VAPID_PRIVATE_KEY")
VAPID_PUBLIC_KEY = env_str("VAPID_PUBLIC_KEY")
VAPID_SUBJECT = env_str("VAPID_SUBJECT", f"mailto:newsroom@{_mail_domain()}")
if not VAPID_SUBJECT.startswith(("mailto:", "https://")):
    raise ImproperlyConfigured(
        f"VAPID_SUBJECT must be a mailto: or https:// address, not {VAPID_SUBJECT!r}"
    )
# Pushes per edition per hour, beyond which an editor is refused (an Admin may override).
PUSH_MAX_PER_HOUR = env_int("PUSH_MAX_PER_HOUR", 3)
# Push requests the worker has in flight at once: a push service takes 50-200 ms to
# answer, one at a time 100,000 subscribers would take hours. Each request is sent by a
# thread; encrypting and signing it costs the worker's CPU. 32: at 200 ms an answer 16
# cap a round at 80 a second, and at 50 ms 32 reach one core's ceiling (BENCHMARKS.md).
PUSH_CONCURRENCY = env_int("PUSH_CONCURRENCY", 32)
if PUSH_CONCURRENCY < 1:
    raise ImproperlyConfigured(f"PUSH_CONCURRENCY must be 1 or more, not {PUSH_CONCURRENCY}")
# Subscriptions whose push service is plain http on loopback (a local push service for
# development and the tests); every other endpoint must be https.
PUSH_ALLOW_HTTP_ENDPOINTS = env_bool("PUSH_ALLOW_HTTP_ENDPOINTS", False)
# The push services a subscription may name (each a host, or a domain whose hosts count):
# the browsers' own (Chrome and Edge, Firefox, Safari, Windows). The worker posts to the
# address a reader gives, so any other host is refused: a name that points into this
# network would make it post there.
PUSH_SERVICE_HOSTS = [
    host.lower().strip(".")
    for host in env_list(
        "PUSH_SERVICE_HOSTS",
        [
            "fcm.googleapis.com",
            "android.googleapis.com",
            "push.services.mozilla.com",
            "push.apple.com",
            "notify.windows.com",
        ],
    )
]

# Readership and Hot Recommended (newsdesk/trending/).
HOT_HALF_LIFE_HOURS = env_int("HOT_HALF_LIFE_HOURS", 6)
HOT_LIST_SIZE = env_int("HOT_LIST_SIZE", 6)
HOT_REFRESH_SECONDS = env_int("HOT_REFRESH_SECONDS", 60)
READS_FLUSH_SECONDS = env_int("READS_FLUSH_SECONDS", 5)
READ_WINDOW_MINUTES = env_int("READ_WINDOW_MINUTES", 30)
HOURLY_READS_DAYS = 7
READS_REDIS_PREFIX = "newsdesk:reads:"

ARTICLES_PER_PAGE = 20


# The daily newsletter (newsdesk/newsletters/): sent by the worker at NEWSLETTER_HOUR in
# each edition's time zone ("zh-hans=Asia/Shanghai,ja=Asia/Tokyo"; TIME_ZONE otherwise).
def _newsletter_hour() -> int:
    hour = env_int("NEWSLETTER_HOUR", 7)
    if not 0 <= hour <= 23:
        raise ImproperlyConfigured(f"NEWSLETTER_HOUR must be 0 to 23, not {hour}")
    return hour


def _newsletter_time_zones() -> dict[str, str]:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    zones = {}
    for item in env_list("NEWSLETTER_TIME_ZONES", []):
        code, equals, zone = (part.strip() for part in item.partition("="))
        if not (equals and code and zone):
            raise ImproperlyConfigured(
                f"NEWSLETTER_TIME_ZONES takes edition=Zone pairs, not {item!r}"
            )
        if code not in dict(LANGUAGES):
            raise ImproperlyConfigured(f"NEWSLETTER_TIME_ZONES names no edition {code!r}")
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ImproperlyConfigured(
                f"NEWSLETTER_TIME_ZONES: unknown time zone {zone!r}"
            ) from None
        zones[code] = zone
    return zones


NEWSLETTER_HOUR = _newsletter_hour()
NEWSLETTER_TIME_ZONES = _newsletter_time_zones()

# Logging: every 500 (django.request) and every failed background job (the worker, the
# reads flush) reaches standard error with its traceback, in web workers and the worker
# alike; LOG_LEVEL sets how much else is said. 4xx answers are the proxy's access log's
# business: under a crawl they would drown the errors.
LOG_LEVEL = env_str("LOG_LEVEL", "INFO").strip().upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(
        f"LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, not {LOG_LEVEL!r}"
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s [%(levelname)s] %(name)s: %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    "loggers": {
        # Without handlers of their own (Django's print only with DEBUG, or mail admins):
        # Django's messages go to the root's.
        "django": {"level": LOG_LEVEL},
        "django.request": {"level": "ERROR"},
    },
}
