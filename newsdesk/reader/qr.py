"""The QR code on the app page: the address a phone opens to install the app.

Drawn on the server by segno as inline SVG, once per address (the address only changes
with the settings, so a small in-process cache is enough).
"""

from functools import lru_cache

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import translation

# M is the usual level for a code shown on a screen: a smaller symbol than Q or H, so
# larger modules at the same size, which phone cameras read more easily off a display.
ERROR_CORRECTION = "m"
# The quiet zone the QR specification asks for, in modules, on every side.
QUIET_ZONE = 4


def start_url(language: str) -> str:
    """The absolute address of an edition's front page: where the installed app starts."""
    with translation.override(language):
        return settings.PUBLIC_URL + reverse("reader:home")


@lru_cache(maxsize=16)
def qr_code(url: str) -> segno.QRCode:
    """The QR code for ``url`` (never a Micro QR: not every phone camera reads those)."""
    return segno.make(url, error=ERROR_CORRECTION, boost_error=False, micro=False)


@lru_cache(maxsize=16)
def qr_svg(url: str) -> str:
    """``url`` as an inline ``<svg>``: dark on light, with its quiet zone, sized by CSS.

    One unit of the viewBox is one module and there is no width or height, so the
    stylesheet scales it to any size without blurring.
    """
    return qr_code(url).svg_inline(
        scale=1,
        border=QUIET_ZONE,
        dark="#000",
        light="#fff",
        omitsize=True,
        svgclass="qr-svg",
        lineclass=None,
    )
