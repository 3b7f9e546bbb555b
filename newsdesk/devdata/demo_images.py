"""Deterministic illustrations for the Pacific Meridian demo newsroom.

The demo data in :mod:`newsdesk.devdata.demo_data` ships no photographs. Instead each image
is described by a small spec (title, two-colour palette and a motif) and drawn here with
Pillow alone: a vertical gradient, a simple motif built from polygons, ellipses and lines,
and the title in a corner. People's portraits are replaced by initials avatars.

Drawing is fully deterministic: the only randomness comes from :class:`random.Random`
seeded with the image title, so the same spec always produces the same pixels. No network
access and no font files are needed; text uses Pillow's built-in default font.

The generated archive (:mod:`newsdesk.devdata.archive`) uses :func:`draw_archive_image`,
plainer and quicker, for its forty images.
"""

from __future__ import annotations

import math
import random

from PIL import Image, ImageDraw, ImageFont

MOTIFS = ("skyline", "waves", "mountains", "grid", "sun")

# Shapes are drawn at this multiple of the requested size and scaled down, which gives
# smooth (anti-aliased) edges even though ImageDraw itself does not anti-alias.
_SUPERSAMPLE = 2

RGB = tuple[int, int, int]


def _rgb(colour: str) -> RGB:
    value = colour.lstrip("#")
    if len(value) != 6:
        raise ValueError(f"expected a colour like '#RRGGBB', got {colour!r}")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    """Blend from colour ``a`` (t=0) to colour ``b`` (t=1)."""
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def _luminance(c: RGB) -> float:
    """Approximate perceived brightness in the range 0..1."""
    return (0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]) / 255


def _rgba(c: RGB, alpha: int) -> tuple[int, int, int, int]:
    return (c[0], c[1], c[2], alpha)


_BLACK: RGB = (0, 0, 0)
_WHITE: RGB = (255, 255, 255)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow < 10.1 has no sized default font
        return ImageFont.load_default()


def _gradient(size: tuple[int, int], top: RGB, bottom: RGB) -> Image.Image:
    mask = Image.linear_gradient("L").resize(size, Image.Resampling.BICUBIC)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)


def _overlay(base: Image.Image) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    layer = Image.new("RGBA", base.size, (0, 0, 0, 0))
    return layer, ImageDraw.Draw(layer)


class _Canvas:
    """An RGBA image plus helpers to draw translucent layers onto it."""

    def __init__(self, size: tuple[int, int], top: RGB, bottom: RGB) -> None:
        self.image = _gradient(size, top, bottom).convert("RGBA")
        self.w, self.h = size

    def layer(self) -> ImageDraw.ImageDraw:
        self._pending, draw = _overlay(self.image)
        return draw

    def flush(self) -> None:
        self.image = Image.alpha_composite(self.image, self._pending)


# -- motifs -------------------------------------------------------------------------------
# Each motif receives the canvas, the two palette colours and a seeded Random.


def _disc(c: _Canvas, cx: float, cy: float, r: float, colour: RGB, glow: bool = True) -> None:
    if glow:  # concentric translucent rings add up to a soft halo
        for i in range(6, 0, -1):
            rr = r * (1 + 0.12 * i)
            c.layer().ellipse((cx - rr, cy - rr, cx + rr, cy + rr), fill=_rgba(colour, 16))
            c.flush()
    d = c.layer()
    d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=_rgba(colour, 235))
    c.flush()


def _skyline(c: _Canvas, top: RGB, bottom: RGB, rng: random.Random) -> None:
    w, h = c.w, c.h
    dark = _mix(top if _luminance(top) < _luminance(bottom) else bottom, _BLACK, 0.55)
    glow = _mix(bottom, _WHITE, 0.55)
    _disc(c, w * rng.uniform(0.6, 0.8), h * 0.36, h * 0.11, glow)

    horizon = h * 0.76
    # back row: taller, paler towers
    d = c.layer()
    x = -w * 0.02
    while x < w:
        bw = w * rng.uniform(0.035, 0.08)
        bh = h * rng.uniform(0.22, 0.5)
        d.rectangle((x, horizon - bh, x + bw, horizon), fill=_rgba(_mix(dark, bottom, 0.4), 255))
        if rng.random() < 0.25:
            d.line(
                (x + bw / 2, horizon - bh, x + bw / 2, horizon - bh - h * 0.06),
                fill=_rgba(_mix(dark, bottom, 0.4), 255),
                width=max(2, round(h * 0.005)),
            )
        x += bw + w * rng.uniform(0.0, 0.015)
    c.flush()

    # front row: darker blocks with lit windows
    d = c.layer()
    window = _rgba(_mix(bottom, _WHITE, 0.6), 230)
    x = -w * 0.01
    while x < w:
        bw = w * rng.uniform(0.05, 0.11)
        bh = h * rng.uniform(0.1, 0.32)
        y0 = horizon - bh
        d.rectangle((x, y0, x + bw, horizon), fill=_rgba(dark, 255))
        step_x, step_y = w * 0.016, h * 0.04
        wx = x + step_x * 0.6
        while wx + step_x * 0.5 < x + bw - step_x * 0.3:
            wy = y0 + step_y * 0.6
            while wy + step_y * 0.4 < horizon - step_y * 0.4:
                if rng.random() < 0.3:
                    d.rectangle((wx, wy, wx + step_x * 0.45, wy + step_y * 0.4), fill=window)
                wy += step_y
            wx += step_x
        x += bw + w * rng.uniform(0.004, 0.02)
    c.flush()

    # water with reflected light
    d = c.layer()
    water = _mix(dark, top, 0.25)
    d.rectangle((0, horizon, w, h), fill=_rgba(water, 255))
    line_w = max(2, round(h * 0.006))
    for i in range(14):
        y = horizon + (h - horizon) * (i + 0.5) / 14
        span = w * rng.uniform(0.05, 0.22)
        x0 = w * rng.uniform(0.0, 0.95)
        d.line((x0, y, x0 + span, y), fill=_rgba(glow, 90), width=line_w)
    c.flush()


def _wave_points(
    w: float, base: float, amp: float, length: float, phase: float
) -> list[tuple[float, float]]:
    points = []
    steps = 160
    for i in range(steps + 1):
        x = w * i / steps
        y = base + amp * math.sin(2 * math.pi * x / length + phase)
        y += amp * 0.35 * math.sin(2 * math.pi * x / (length * 0.43) + phase * 1.7)
        points.append((x, y))
    return points


def _waves(c: _Canvas, top: RGB, bottom: RGB, rng: random.Random) -> None:
    w, h = c.w, c.h
    _disc(c, w * rng.uniform(0.2, 0.8), h * 0.28, h * 0.09, _mix(top, _WHITE, 0.7))
    deep = _mix(bottom, _BLACK, 0.45)
    layers = 6
    for i in range(layers):
        t = i / (layers - 1)
        base = h * (0.45 + 0.42 * t)
        amp = h * (0.018 + 0.02 * t)
        length = w * rng.uniform(0.28, 0.45)
        points = _wave_points(w, base, amp, length, rng.uniform(0, 2 * math.pi))
        d = c.layer()
        colour = _mix(_mix(top, bottom, 0.6), deep, t)
        d.polygon([*points, (w, h), (0, h)], fill=_rgba(colour, 215))
        d.line(points, fill=_rgba(_mix(colour, _WHITE, 0.45), 150), width=max(2, round(h * 0.004)))
        c.flush()


def _ridge(base: float, rough: float, rng: random.Random) -> list[float]:
    """Heights along a ridge by midpoint displacement (129 samples)."""
    n = 128
    ys = [0.0] * (n + 1)
    ys[0] = base + rng.uniform(-rough, rough)
    ys[n] = base + rng.uniform(-rough, rough)
    step, scale = n, rough
    while step > 1:
        half = step // 2
        for i in range(half, n, step):
            ys[i] = (ys[i - half] + ys[i + half]) / 2 + rng.uniform(-scale, scale)
        step, scale = half, scale * 0.55
    return ys


def _mountains(c: _Canvas, top: RGB, bottom: RGB, rng: random.Random) -> None:
    w, h = c.w, c.h
    if _luminance(top) < 0.35:  # night sky: a few stars
        d = c.layer()
        for _ in range(90):
            x, y = rng.uniform(0, w), rng.uniform(0, h * 0.5)
            r = h * rng.uniform(0.0015, 0.004)
            d.ellipse((x - r, y - r, x + r, y + r), fill=(255, 255, 255, rng.randint(90, 220)))
        c.flush()
    _disc(c, w * rng.uniform(0.6, 0.85), h * 0.24, h * 0.07, _mix(bottom, _WHITE, 0.75))
    near = _mix(top if _luminance(top) < _luminance(bottom) else bottom, _BLACK, 0.4)
    far = _mix(bottom, _WHITE, 0.2)
    ranges = 4
    for i in range(ranges):
        t = i / (ranges - 1)
        ys = _ridge(h * (0.46 + 0.16 * t), h * (0.22 - 0.08 * t), rng)
        points = [(w * k / (len(ys) - 1), y) for k, y in enumerate(ys)]
        d = c.layer()
        d.polygon([*points, (w, h), (0, h)], fill=_rgba(_mix(far, near, t), 255))
        c.flush()


def _grid(c: _Canvas, top: RGB, bottom: RGB, rng: random.Random) -> None:
    w, h = c.w, c.h
    light_palette = _luminance(_mix(top, bottom, 0.5)) > 0.55
    ink = _mix(bottom, _BLACK, 0.45) if light_palette else _mix(bottom, _WHITE, 0.55)
    horizon = h * 0.58
    vx = w * 0.5
    line_w = max(2, round(h * 0.003))

    # perspective floor
    d = c.layer()
    for i in range(-14, 15):
        x = vx + i * w * 0.09
        d.line((vx, horizon, x, h), fill=_rgba(ink, 120), width=line_w)
    for k in range(1, 11):
        y = horizon + (h - horizon) * (k / 10) ** 2
        d.line((0, y, w, y), fill=_rgba(ink, 120), width=line_w)
    d.line((0, horizon, w, horizon), fill=_rgba(ink, 200), width=line_w * 2)
    c.flush()

    # a small network of connected points in the sky
    nodes = [(rng.uniform(0.05, 0.95) * w, rng.uniform(0.08, 0.5) * h) for _ in range(16)]
    d = c.layer()
    for i, (x, y) in enumerate(nodes):
        nearest = sorted(
            (j for j in range(len(nodes)) if j != i),
            key=lambda j: (nodes[j][0] - x) ** 2 + (nodes[j][1] - y) ** 2,
        )[:2]
        for j in nearest:
            d.line((x, y, *nodes[j]), fill=_rgba(ink, 110), width=line_w)
    c.flush()
    d = c.layer()
    for x, y in nodes:
        r = h * rng.uniform(0.008, 0.018)
        d.ellipse((x - r, y - r, x + r, y + r), fill=_rgba(ink, 230))
    c.flush()


def _sun(c: _Canvas, top: RGB, bottom: RGB, rng: random.Random) -> None:
    w, h = c.w, c.h
    cx, cy = w * rng.uniform(0.45, 0.65), h * 0.6
    r = h * 0.27
    core = _mix(_mix(top, bottom, 0.8), _WHITE, 0.45)

    d = c.layer()  # rays
    rays = 24
    offset = rng.uniform(0, math.pi)
    for i in range(rays):
        a = offset + 2 * math.pi * i / rays
        a0, a1 = a - math.pi / rays * 0.35, a + math.pi / rays * 0.35
        far = h * 1.2
        d.polygon(
            [
                (cx, cy),
                (cx + far * math.cos(a0), cy + far * math.sin(a0)),
                (cx + far * math.cos(a1), cy + far * math.sin(a1)),
            ],
            fill=_rgba(_mix(core, _WHITE, 0.3), 40),
        )
    c.flush()
    _disc(c, cx, cy, r, core)

    # retro horizon bands cutting across the lower half of the sun
    horizon = h * 0.74
    d = c.layer()
    band_colour = _mix(top if _luminance(top) < _luminance(bottom) else bottom, _BLACK, 0.4)
    y = cy + r * 0.15
    gap = h * 0.012
    while y < horizon:
        d.rectangle((cx - r * 1.05, y, cx + r * 1.05, y + gap), fill=_rgba(band_colour, 255))
        y += gap * 2.6
        gap *= 1.22
    d.rectangle((0, horizon, w, h), fill=_rgba(band_colour, 255))
    line_w = max(2, round(h * 0.005))
    for i in range(6):
        yy = horizon + (h - horizon) * (i + 1) / 7
        span = r * (1.6 - i * 0.18)
        d.line((cx - span / 2, yy, cx + span / 2, yy), fill=_rgba(core, 120), width=line_w)
    c.flush()


_MOTIF_DRAWERS = {
    "skyline": _skyline,
    "waves": _waves,
    "mountains": _mountains,
    "grid": _grid,
    "sun": _sun,
}


def _title(c: _Canvas, title: str, top: RGB, bottom: RGB) -> None:
    w, h = c.w, c.h
    font = _font(max(12, round(h * 0.06)))
    margin = round(min(w, h) * 0.05)
    pad_x, pad_y = round(h * 0.03), round(h * 0.022)
    probe = ImageDraw.Draw(c.image)
    left, top_px, right, bottom_px = probe.textbbox((0, 0), title, font=font)
    text_w, text_h = right - left, bottom_px - top_px
    x0, y1 = margin, h - margin
    box = (x0, y1 - text_h - 2 * pad_y, x0 + text_w + 2 * pad_x, y1)
    panel = _mix(top if _luminance(top) < _luminance(bottom) else bottom, _BLACK, 0.6)
    d = c.layer()
    d.rounded_rectangle(box, radius=round(h * 0.015), fill=_rgba(panel, 175))
    d.text(
        (box[0] + pad_x - left, box[1] + pad_y - top_px),
        title,
        font=font,
        fill=(255, 255, 255, 255),
    )
    c.flush()


def draw_image(spec: dict, size: tuple[int, int] = (1600, 900)) -> Image.Image:
    """Draw the illustration described by an ``IMAGES`` entry of ``demo_data``.

    ``spec`` needs ``title``, ``palette`` (two ``#RRGGBB`` colours, top and bottom of the
    gradient) and ``motif`` (one of :data:`MOTIFS`). Returns an RGB image of ``size``.
    """
    motif = spec["motif"]
    if motif not in _MOTIF_DRAWERS:
        raise ValueError(f"unknown motif {motif!r}; expected one of {MOTIFS}")
    top, bottom = (_rgb(colour) for colour in spec["palette"][:2])
    title = str(spec.get("title", ""))
    rng = random.Random(f"pacific-meridian:{title}")

    width, height = size
    canvas = _Canvas((width * _SUPERSAMPLE, height * _SUPERSAMPLE), top, bottom)
    _MOTIF_DRAWERS[motif](canvas, top, bottom, rng)
    if title:
        _title(canvas, title, top, bottom)
    return canvas.image.convert("RGB").resize(size, Image.Resampling.LANCZOS)


def draw_avatar(photo: dict, size: int = 400) -> Image.Image:
    """Draw a square initials avatar from a person's ``photo`` dict.

    ``photo`` has ``background`` (``#RRGGBB``) and ``initials`` (one to three letters).
    Returns an RGB image of ``size`` x ``size`` pixels.
    """
    background = _rgb(photo["background"])
    initials = str(photo.get("initials", "")).strip().upper()[:3]
    big = size * _SUPERSAMPLE
    image = Image.new("RGB", (big, big), background)
    draw = ImageDraw.Draw(image)

    ring = _mix(background, _WHITE, 0.14)
    inset = big * 0.08
    draw.ellipse((inset, inset, big - inset, big - inset), fill=ring)
    inner = big * 0.13
    draw.ellipse((inner, inner, big - inner, big - inner), fill=background)

    if initials:
        ink = (255, 255, 255) if _luminance(background) < 0.6 else (26, 26, 26)
        font_size = round(big * (0.36 if len(initials) < 3 else 0.28))
        draw.text((big / 2, big / 2), initials, font=_font(font_size), fill=ink, anchor="mm")
    return image.resize((size, size), Image.Resampling.LANCZOS)


def draw_archive_image(
    motif: str, palette: tuple[str, str], rng: random.Random, size: tuple[int, int]
) -> Image.Image:
    """A plainer illustration for the generated archive: a gradient and flat shapes.

    Quicker than :func:`draw_image` (no supersampling, no translucent layers). ``motif`` is
    one of the archive's (skyline, waves, hills, grid, sun), ``palette`` two ``#RRGGBB``
    colours (top and bottom), ``rng`` decides the shapes. Returns an RGB image of ``size``.
    """
    width, height = size
    top, bottom = (_rgb(colour) for colour in palette)
    column = Image.new("RGB", (1, height))
    for y in range(height):
        column.putpixel((0, y), _mix(top, bottom, y / (height - 1)))
    picture = column.resize((width, height))
    draw = ImageDraw.Draw(picture)
    dark = tuple(round(c * 0.35) for c in top)
    light = tuple(min(255, round(c * 1.15 + 30)) for c in bottom)
    horizon = round(height * rng.uniform(0.55, 0.7))
    if motif == "skyline":
        x = 0
        while x < width:
            w = rng.randint(40, 120)
            h = rng.randint(height // 10, height // 2)
            draw.rectangle((x, horizon - h, x + w, horizon), fill=dark)
            for wy in range(horizon - h + 12, horizon - 10, 22):
                for wx in range(x + 8, x + w - 12, 18):
                    if rng.random() < 0.35:
                        draw.rectangle((wx, wy, wx + 6, wy + 9), fill=light)
            x += w + rng.randint(2, 12)
        draw.rectangle((0, horizon, width, height), fill=tuple(round(c * 0.6) for c in top))
    elif motif == "waves":
        for band in range(6):
            base = horizon + band * (height - horizon) // 6
            shade = tuple(round(c * (0.9 - band * 0.1)) for c in bottom)
            points = [(0, height)]
            for x in range(0, width + 40, 40):
                points.append((x, base + rng.randint(-14, 14)))
            points.append((width, height))
            draw.polygon(points, fill=shade)
    elif motif == "hills":
        for layer in range(3):
            base = horizon - 120 + layer * 90
            shade = tuple(round(c * (0.75 - layer * 0.2)) for c in top)
            points = [(0, height)]
            y = base
            for x in range(0, width + 60, 60):
                y = max(height // 5, min(height - 40, y + rng.randint(-45, 45)))
                points.append((x, y))
            points.append((width, height))
            draw.polygon(points, fill=shade)
    elif motif == "grid":
        colours = [dark, light, tuple(round(c * 0.7) for c in bottom), (176, 64, 48)]
        for y in range(horizon - 240, height, 60):
            for x in range(0, width, 150):
                draw.rectangle((x + 4, y + 4, x + 146, y + 56), fill=rng.choice(colours))
    else:  # sun
        r = rng.randint(60, 120)
        cx = rng.randint(r, width - r)
        draw.ellipse((cx - r, horizon - r, cx + r, horizon + r), fill=light)
        draw.rectangle((0, horizon, width, height), fill=dark)
        for y in range(horizon + 10, height, 24):
            draw.line((cx - r, y, cx + r, y), fill=light, width=2)
    return picture
