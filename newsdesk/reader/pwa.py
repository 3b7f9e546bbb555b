"""The installable app (PWA): its manifest, icons, service worker and offline page.

One manifest per edition, at ``/manifest.webmanifest?lang=<edition>``: the app opens in
the edition it was installed from. Both manifests share one ``id``, so a phone holds one
app whichever edition installed it. The service worker is the static file
``reader/static/reader/sw.js``, served at ``/sw.js`` (its scope is the whole site) with a
line of configuration in front: the URLs it pre-caches and a version that changes when any
of them does, so each deploy that changes the app replaces the caches of the last.
"""

import functools
import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from newsdesk.caching import keys
from newsdesk.caching.headers import cache_publicly, given
from newsdesk.languages import bcp47, edition_codes, is_bidi
from newsdesk.reader.icons import ACCENT, PAPER, get_icons

SERVICE_WORKER = Path(__file__).parent / "static" / "reader" / "sw.js"
# Static files the app needs offline from the first visit: the look, and the scripts.
SHELL_STATIC = ["reader/site.css", "reader/install.js", "reader/share.js", "trending/read.js"]
# Templates whose change must reach the pre-cached offline pages.
SHELL_TEMPLATES = [
    "reader/offline.html",
    "reader/base.html",
    "reader/includes/pwa_head.html",
    "reader/includes/feed_link.html",
    "reader/includes/feed_icon.svg",
]
MANIFEST_ICONS = ["icon-192", "icon-512", "maskable-192", "maskable-512"]
YEAR = 365 * 24 * 3600
DAY = 24 * 3600
SHORT_NAME_MAX = 12  # what home screens show without cutting


def short_name(name: str) -> str:
    """The longest run of whole words of ``name`` that fits a home screen."""
    fitting = ""
    for word in name.split():
        candidate = f"{fitting} {word}".strip()
        if len(candidate) > SHORT_NAME_MAX:
            break
        fitting = candidate
    return fitting or name[:SHORT_NAME_MAX]


def icon_url(name: str) -> str:
    """The fingerprinted address of an icon: it changes whenever the icon does."""
    return reverse("pwa:icon", kwargs={"name": name, "version": get_icons()[name].version})


def home_url(language: str) -> str:
    with translation.override(language):
        return reverse("reader:home")


def manifest_for(language: str) -> dict:
    """The web app manifest of one edition."""
    icons = get_icons()
    with translation.override(language):
        description = _("The news from %(site_name)s, on your phone and offline.") % {
            "site_name": settings.SITE_NAME
        }
    return {
        "id": "/",
        "name": settings.SITE_NAME,
        "short_name": short_name(settings.SITE_NAME),
        "description": description,
        "lang": bcp47(language),
        "dir": "rtl" if is_bidi(language) else "ltr",
        "start_url": f"{home_url(language)}?source=pwa",
        "scope": "/",
        "display": "standalone",
        "theme_color": ACCENT,
        "background_color": PAPER,
        "categories": ["news"],
        "icons": [
            {
                "src": icon_url(name),
                "sizes": f"{icons[name].size}x{icons[name].size}",
                "type": "image/png",
                "purpose": icons[name].purpose,
            }
            for name in MANIFEST_ICONS
        ],
        # Long-press the app's icon: open any edition.
        "shortcuts": [
            {
                "name": translation.get_language_info(code)["name_local"],
                "url": f"{home_url(code)}?source=pwa",
                "icons": [{"src": icon_url("icon-192"), "sizes": "192x192", "type": "image/png"}],
                "lang": bcp47(code),
            }
            for code in edition_codes()
        ],
    }


def manifest(request):
    language = request.GET.get("lang", settings.LANGUAGE_CODE)
    if language not in edition_codes():
        raise Http404("No such edition.")
    response = JsonResponse(
        manifest_for(language),
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    return cache_publicly(response, {"app-manifest"}, query=given(request, lang=language))


def icon(request, name, version=None):
    """An icon as PNG; kept a year under its current fingerprint, a day otherwise."""
    found = get_icons().get(name)
    if found is None:
        raise Http404("No such icon.")
    response = HttpResponse(found.png, content_type="image/png")
    if version == found.version:
        patch_cache_control(response, public=True, max_age=YEAR, immutable=True)
    else:
        # An unversioned address, or one from another deploy: the current icon, briefly.
        patch_cache_control(response, public=True, max_age=DAY)
    return response


def _read_static(path: str) -> bytes:
    found = finders.find(path)
    if found is None:
        raise FileNotFoundError(f"static file {path} is missing")
    return Path(found).read_bytes()


def _read_template(name: str) -> bytes:
    return Path(loader.get_template(name).origin.name).read_bytes()


def service_worker_config() -> dict:
    """What sw.js needs to know of this site: editions, addresses, and what to pre-cache."""
    offline = {}
    for code in edition_codes():
        with translation.override(code):
            offline[code] = reverse("reader:offline")
    shell = [
        *offline.values(),
        *(staticfiles_storage.url(path) for path in SHELL_STATIC),
        *(icon_url(name) for name in [*MANIFEST_ICONS, "apple-touch-icon"]),
    ]
    return {
        "editions": [
            {
                "lang": code,
                "home": home_url(code),
                "offline": offline[code],
                "hot": f"{reverse('api-v1:hot')}?language={code}",
            }
            for code in edition_codes()
        ],
        "shell": shell,
        "static": settings.STATIC_URL,
        "media": settings.MEDIA_URL,
        "never": ["/admin/", "/api/", "/read/"],
    }


@functools.cache
def _service_worker() -> tuple[str, str]:
    config = service_worker_config()
    script = SERVICE_WORKER.read_bytes()
    digest = hashlib.sha256(script)
    digest.update(json.dumps(config, sort_keys=True).encode())
    for path in SHELL_STATIC:
        digest.update(_read_static(path))
    for name in SHELL_TEMPLATES:
        digest.update(_read_template(name))
    version = digest.hexdigest()[:12]
    config = {"version": version, **config}
    head = f"self.NEWSDESK_PWA = {json.dumps(config)};\n"
    return head + script.decode(), version


def service_worker_script() -> tuple[str, str]:
    """The service worker's source as served, and its cache version."""
    if settings.DEBUG:  # files change under a development server: look every time
        _service_worker.cache_clear()
    return _service_worker()


@receiver(setting_changed)
def _forget_service_worker(**kwargs):
    _service_worker.cache_clear()


def service_worker(request):
    script, version = service_worker_script()
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    # Browsers check /sw.js on each visit; "no-cache" makes each check see a deploy at once
    # (the ETag keeps the check cheap: ConditionalGetMiddleware answers 304).
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    response["X-Service-Worker-Version"] = version
    return response


def offline_page(request):
    """What the service worker shows for a page that is neither online nor saved."""
    from newsdesk.reader import page_meta  # it imports this module (bcp47)

    meta = page_meta.plain_meta(
        "reader:offline",
        _("You are offline"),
        _("This page is not saved on this device, so it cannot be shown without a connection."),
        noindex=True,
    )
    response = render(request, "reader/offline.html", page_meta.context(meta))
    # It shows the section menu: purged with it (the service worker keeps its own copy).
    return cache_publicly(response, {keys.NAV, "offline-page"})
