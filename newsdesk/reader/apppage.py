"""The app page: scan the QR code, install the app."""

from django.conf import settings
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from newsdesk.caching import keys
from newsdesk.caching.headers import cache_publicly
from newsdesk.reader import page_meta
from newsdesk.reader.qr import qr_svg, start_url

# The page shows the section menu ("nav") and settings, no content: "app" names it so an
# operator can purge it by hand after changing PUBLIC_URL or the store links.
APP_PAGE_KEY = "app"


def app_page(request):
    """The QR code for this edition's start page, how to install, and any store links."""
    url = start_url(get_language())
    context = {
        "start_url": url,
        # segno's output: only path data and fixed attributes, nothing from the request.
        "qr_svg": mark_safe(qr_svg(url)),
        "android_url": settings.APP_ANDROID_URL,
        "ios_url": settings.APP_IOS_URL,
        "hide_app_banner": True,
        **page_meta.context(
            page_meta.plain_meta(
                "reader:app",
                _("Get the app"),
                _(
                    "The app is this site installed on your phone: it opens from your home "
                    "screen, full screen, like any other app."
                ),
                image=page_meta.app_icon(),
            )
        ),
    }
    response = render(request, "reader/app.html", context)
    return cache_publicly(response, {keys.NAV, APP_PAGE_KEY})
