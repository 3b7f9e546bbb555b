"""Line charts of reads per day as inline SVG, drawn on the server.

No JavaScript, no library, nothing fetched: the page carries the picture, and a
screen reader gets its title, a one-sentence summary and (in the page) a table of the
same numbers. The y axis runs from 0 to the highest count, so the tallest day touches
the top of the plot.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from django.utils.formats import date_format, number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# Okabe–Ito colours, distinguishable with the common colour blindnesses, each with its
# own dash pattern so the lines also differ for readers who see no colour at all.
STYLES = [
    ("#0072b2", ""),
    ("#d55e00", "7 3"),
    ("#009e73", "2 3"),
    ("#cc79a7", "9 3 2 3"),
    ("#e69f00", "4 4"),
    ("#56b4e9", "12 3"),
]

WIDTH = 720
PLOT_HEIGHT = 220
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP = 64, 24, 12
AXIS_BELOW = 44  # the date labels and the x axis title
LEGEND_ROW = 20


@dataclass(frozen=True)
class Line:
    """One series: a label for the legend and a count for each day, oldest first."""

    label: str
    points: Sequence[tuple[date, int]]


def _number(value: int) -> str:
    return number_format(value, force_grouping=True)


def _day(day: date) -> str:
    return date_format(day, "MONTH_DAY_FORMAT")


def _step(highest: int, ticks: int = 4) -> int:
    """A round step (1, 2 or 5 times a power of ten) giving about ``ticks`` gridlines."""
    rough = max(highest / ticks, 1)
    power = 10 ** math.floor(math.log10(rough))
    return min((m * power for m in (1, 2, 5, 10)), key=lambda step: abs(math.log(step / rough)))


def y_ticks(highest: int) -> list[int]:
    """Gridline values: round steps from 0, and the highest count itself at the top."""
    if highest <= 0:
        return [0]
    step = _step(highest)
    # A round tick just under the top would print over the top label.
    ticks = [v for v in range(0, highest, step) if v <= highest - step * 0.4]
    return [*ticks, highest]


def x_ticks(count: int, every: int = 7) -> list[int]:
    """Indices of the days to label: the last day and every ``every``-th before it."""
    if count <= 8:
        return list(range(count))
    return list(range(count - 1, -1, -every))[::-1]


def _legend_rows(labels: list[str]) -> list[list[tuple[int, int, str]]]:
    """Legend entries laid out in rows that fit the width: ``(x, line number, label)``."""
    rows, x = [[]], MARGIN_LEFT
    for number, label in enumerate(labels):
        # A rough width: wide (CJK) characters take about twice a Latin letter.
        text = sum(13 if ord(c) > 0x2E80 else 7 for c in label)
        entry = 30 + text + 18
        if rows[-1] and x + entry > WIDTH - MARGIN_RIGHT:
            rows.append([])
            x = MARGIN_LEFT
        rows[-1].append((x, number, label))
        x += entry
    return rows


def _summary(lines: Sequence[Line], days: list[date]) -> str:
    if not days:
        return _("No days to show.")
    totals = "; ".join(
        _("%(label)s: %(n)s in all")
        % {"label": line.label, "n": _number(sum(n for _d, n in line.points))}
        for line in lines
    )
    return _("Reads per day from %(first)s to %(last)s. %(totals)s.") % {
        "first": _day(days[0]),
        "last": _day(days[-1]),
        "totals": totals,
    }


def line_chart(title: str, lines: Sequence[Line], *, chart_id: str) -> SafeString:
    """An accessible SVG line chart: one polyline per line, axes, gridlines, a legend.

    All lines share the days of the first. ``chart_id`` keeps the ids of the title and
    summary unique in the page.
    """
    days = [day for day, _n in lines[0].points] if lines else []
    highest = max((n for line in lines for _d, n in line.points), default=0)
    top_value = highest or 1
    legend = _legend_rows([line.label for line in lines])
    height = MARGIN_TOP + PLOT_HEIGHT + AXIS_BELOW + LEGEND_ROW * len(legend)
    left, right = MARGIN_LEFT, WIDTH - MARGIN_RIGHT
    bottom = MARGIN_TOP + PLOT_HEIGHT

    def x(index: int) -> float:
        if len(days) < 2:
            return (left + right) / 2
        return left + (right - left) * index / (len(days) - 1)

    def y(value: int) -> float:
        return bottom - PLOT_HEIGHT * value / top_value

    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="readership-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" aria-labelledby="{escape(title_id)} '
        f'{escape(desc_id)}" font-size="12" fill="currentColor">',
        f'<title id="{escape(title_id)}">{escape(title)}</title>',
        f'<desc id="{escape(desc_id)}">{escape(_summary(lines, days))}</desc>',
        '<g class="axis-y" text-anchor="end">',
    ]
    for value in y_ticks(highest):
        out.append(
            f'<line x1="{left}" x2="{right}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            f'stroke="currentColor" stroke-opacity="{0.6 if value == 0 else 0.15}"/>'
            f'<text x="{left - 6}" y="{y(value) + 4:.1f}">{escape(_number(value))}</text>'
        )
    out.append(
        f'<text transform="translate(14 {MARGIN_TOP + PLOT_HEIGHT / 2:.1f}) rotate(-90)" '
        f'text-anchor="middle">{escape(_("Reads"))}</text></g>'
    )
    out.append('<g class="axis-x" text-anchor="middle">')
    for index in x_ticks(len(days)):
        anchor = ' text-anchor="end"' if index == len(days) - 1 and len(days) > 1 else ""
        out.append(
            f'<line x1="{x(index):.1f}" x2="{x(index):.1f}" y1="{bottom}" y2="{bottom + 4}" '
            f'stroke="currentColor" stroke-opacity="0.6"/>'
            f'<text x="{x(index):.1f}" y="{bottom + 18}"{anchor}>{escape(_day(days[index]))}</text>'
        )
    out.append(
        f'<text x="{(left + right) / 2:.1f}" y="{bottom + 36}">{escape(_("Day (UTC)"))}</text></g>'
    )
    for number, line in enumerate(lines):
        colour, dashes = STYLES[number % len(STYLES)]
        dash = f' stroke-dasharray="{dashes}"' if dashes else ""
        points = " ".join(f"{x(i):.1f},{y(n):.1f}" for i, (_d, n) in enumerate(line.points))
        out.append(
            f'<g class="series"><polyline points="{points}" fill="none" stroke="{colour}" '
            f'stroke-width="2"{dash} stroke-linejoin="round"><title>{escape(line.label)}</title>'
            "</polyline>"
        )
        for i, (day, n) in enumerate(line.points):
            tip = f"{line.label}, {_day(day)}: {_number(n)}"
            out.append(
                f'<circle cx="{x(i):.1f}" cy="{y(n):.1f}" r="2.5" fill="{colour}">'
                f"<title>{escape(tip)}</title></circle>"
            )
        out.append("</g>")
    out.append('<g class="legend">')
    for row_number, row in enumerate(legend):
        row_y = bottom + AXIS_BELOW + LEGEND_ROW * row_number + 8
        for entry_x, number, label in row:
            colour, dashes = STYLES[number % len(STYLES)]
            dash = f' stroke-dasharray="{dashes}"' if dashes else ""
            out.append(
                f'<line x1="{entry_x}" x2="{entry_x + 24}" y1="{row_y}" y2="{row_y}" '
                f'stroke="{colour}" stroke-width="3"{dash}/>'
                f'<text x="{entry_x + 30}" y="{row_y + 4}">{escape(label)}</text>'
            )
    out.append("</g></svg>")
    return mark_safe("".join(out))


def as_rows(lines: Sequence[Line]) -> list[tuple[date, list[int]]]:
    """The chart's numbers as table rows: each day with one count per line."""
    if not lines:
        return []
    return [
        (day, [line.points[i][1] for line in lines]) for i, (day, _n) in enumerate(lines[0].points)
    ]


@dataclass
class Chart:
    """A chart for a template: ``svg`` to show, ``lines`` and ``rows`` for its table."""

    chart_id: str
    title: str
    lines: list[Line]

    @cached_property
    def svg(self) -> SafeString:
        return line_chart(self.title, self.lines, chart_id=self.chart_id)

    @cached_property
    def rows(self) -> list[tuple[date, list[int]]]:
        return as_rows(self.lines)
