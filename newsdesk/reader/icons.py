"""The app's icons, drawn from the site's logo: its initials in white on the accent red.

There is no logo file to scale. The mark (initials over a double rule, like the
masthead's) is drawn with Pillow's built-in font, so every machine with the pinned
Pillow draws the same pixels. Icons are drawn once per process and kept in memory; each
is served under a URL carrying a hash of its bytes, so browsers may keep it for a year.
"""

import functools
import hashlib
import io
from dataclasses import dataclass

from django.conf import settings
from PIL import Image, ImageDraw, ImageFont

ACCENT = "#a3231f"  # --accent in reader/static/reader/site.css
PAPER = "#ffffff"  # --paper
# Drawn this many times larger, then scaled down: smooth edges without anti-aliased shapes.
SUPERSAMPLE = 2


@dataclass(frozen=True)
class IconSpec:
    size: int
    # "any": a rounded tile, shown as it is. "maskable": full bleed, the platform cuts its
    # own shape, so the mark stays inside the central circle (the 80% safe zone).
    purpose: str


ICONS = {
    "icon-192": IconSpec(192, "any"),
    "icon-512": IconSpec(512, "any"),
    "maskable-192": IconSpec(192, "maskable"),
    "maskable-512": IconSpec(512, "maskable"),
    # iOS rounds the corners itself and shows transparency as black: full bleed.
    "apple-touch-icon": IconSpec(180, "maskable"),
}


@dataclass(frozen=True)
class Icon:
    name: str
    size: int
    purpose: str
    png: bytes

    @property
    def version(self) -> str:
        return hashlib.sha256(self.png).hexdigest()[:12]


def initials(site_name: str) -> str:
    """The first letters of the name's first two words: "Pacific Meridian" gives "PM"."""
    words = [word for word in site_name.split() if word[:1].isalnum()]
    return "".join(word[0] for word in words[:2]).upper() or "N"


def draw_mark(text: str, height: int) -> Image.Image:
    """The initials over a double rule, white on transparent, cropped to the mark."""
    font = ImageFont.load_default(size=height)
    stroke = max(1, height // 28)  # the built-in font has one weight: embolden it
    probe = ImageDraw.Draw(Image.new("L", (1, 1)))
    left, top, right, bottom = probe.textbbox((0, 0), text, font=font, stroke_width=stroke)
    width, text_height = right - left, bottom - top
    rule, gap = round(height * 0.06), round(height * 0.07)
    mark = Image.new("RGBA", (width, text_height + gap + 3 * rule), (0, 0, 0, 0))
    draw = ImageDraw.Draw(mark)
    draw.text((-left, -top), text, font=font, fill=PAPER, stroke_width=stroke, stroke_fill=PAPER)
    for y in (text_height + gap, text_height + gap + 2 * rule):
        draw.rectangle([0, y, width - 1, y + rule - 1], fill=PAPER)
    return mark


def draw_icon(text: str, size: int, purpose: str) -> Image.Image:
    """A square icon of ``size`` pixels with the mark centred on the accent colour."""
    canvas = size * SUPERSAMPLE
    tile = Image.new("RGBA", (canvas, canvas), (0, 0, 0, 0))
    draw = ImageDraw.Draw(tile)
    if purpose == "maskable":
        draw.rectangle([0, 0, canvas, canvas], fill=ACCENT)
        # The mark's corners stay within a circle of 36% of the size (the safe zone is 40%).
        reach = 0.36 * canvas
    else:
        draw.rounded_rectangle([0, 0, canvas - 1, canvas - 1], radius=canvas * 0.18, fill=ACCENT)
        reach = 0.40 * canvas
    mark = draw_mark(text, canvas // 2)
    half_diagonal = (mark.width**2 + mark.height**2) ** 0.5 / 2
    scale = min(reach / half_diagonal, 0.64 * canvas / mark.width)
    mark = mark.resize(
        (round(mark.width * scale), round(mark.height * scale)), Image.Resampling.LANCZOS
    )
    tile.alpha_composite(mark, ((canvas - mark.width) // 2, (canvas - mark.height) // 2))
    return tile.resize((size, size), Image.Resampling.LANCZOS)


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


@functools.cache
def _icons_for(site_name: str) -> dict[str, Icon]:
    text = initials(site_name)
    drawn = {}
    for name, spec in ICONS.items():
        png = png_bytes(draw_icon(text, spec.size, spec.purpose))
        drawn[name] = Icon(name, spec.size, spec.purpose, png)
    return drawn


def get_icons() -> dict[str, Icon]:
    """Every icon of the app, by name, drawn on first use for the current SITE_NAME."""
    return _icons_for(settings.SITE_NAME)
