"""Geometry of the team's trend charts: the team's total as bars, one line per worker.

Django-free and deterministic. The template draws the shapes as inline SVG with
presentation attributes only (no ``style``, no script), so the page keeps the strict
Content-Security-Policy; the table under each chart holds the same numbers in words.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

# Dark enough to keep a 3:1 contrast with the white background (WCAG 1.4.11), and told
# apart by their dashes as well, for people who do not see the colours.
LINE_COLOURS = ("#1d5f86", "#a1401b", "#3d6b1f", "#6b3f91", "#9a2a63", "#25685a", "#7a5a12")
LINE_DASHES = ("", "7 4", "2 4", "10 4 2 4")
BAR_COLOUR = "#c9dbe6"


@dataclass
class Line:
    label: str
    colour: str
    dash: str
    points: str
    markers: list = field(default_factory=list)


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float


@dataclass
class Tick:
    y: float
    value: float


@dataclass
class MonthLabel:
    x: float
    month: object
    with_year: bool


@dataclass
class TrendChart:
    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    bars: list
    lines: list
    ticks: list
    labels: list

    @property
    def tick_label_x(self):
        return self.left - 6

    @property
    def month_label_y(self):
        return self.bottom + 16

    @property
    def year_label_y(self):
        return self.bottom + 30


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5 or 5 × 10ⁿ at or above ``value`` (1 for nothing)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power + 1e-9:
            return step * power
    return 10 * power  # pragma: no cover - the loop ends at 10


def style_of(index: int) -> tuple[str, str]:
    """The colour and dash of the ``index``-th worker's line."""
    # 7 colours and 4 dashes: the first 28 workers each get their own pair.
    return LINE_COLOURS[index % len(LINE_COLOURS)], LINE_DASHES[index % len(LINE_DASHES)]


def trend_chart(months, team, workers, *, width=520, height=260) -> TrendChart:
    """``months``: the months in order; ``team``: the team's value per month; ``workers``:
    ``[(label, values per month)]``."""
    left, right, top, bottom = 48.0, width - 12.0, 14.0, height - 36.0
    highest = max([*team, *(v for _label, values in workers for v in values)], default=0)
    scale_top = nice_ceiling(float(highest))
    slot = (right - left) / max(len(months), 1)

    def y_of(value):
        return bottom - (float(value) / scale_top) * (bottom - top)

    def x_of(index):
        return left + slot * (index + 0.5)

    bars = []
    for index, value in enumerate(team):
        y = y_of(value)
        bars.append(Bar(left + slot * index + slot * 0.15, y, slot * 0.7, bottom - y))
    lines = []
    for index, (label, values) in enumerate(workers):
        colour, dash = style_of(index)
        markers = [(x_of(i), y_of(v)) for i, v in enumerate(values)]
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in markers)
        lines.append(Line(label, colour, dash, points, markers))
    ticks = [Tick(y_of(scale_top * share), scale_top * share) for share in (0, 0.5, 1)]
    every = math.ceil(len(months) / 12) or 1
    shown = [(i, month) for i, month in enumerate(months) if i % every == 0]
    labels = [
        # The year under each January, and under the first month unless a January follows
        # at once (the two years would touch).
        MonthLabel(
            x_of(i),
            month,
            with_year=month.month == 1 or (n == 0 and (len(shown) == 1 or shown[1][1].month != 1)),
        )
        for n, (i, month) in enumerate(shown)
    ]
    return TrendChart(width, height, left, right, top, bottom, bars, lines, ticks, labels)
