"""Values by month: a total as bars (tinted, outlined) and one line per series, each with its
colour and dash; the month under each slot, the year under each January."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .drawing import Drawing, Key, Markup, esc, label, nothing_to_draw, num, root
from .palette import AXIS, MUTED, TINT, series
from .text import text_width


@dataclass
class Line:
    label: str
    colour: str
    dash: str
    points: list = field(default_factory=list)  # [(x, y)]


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5 or 5 × 10ⁿ at or above ``value`` (1 for nothing)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power + 1e-9:
            return step * power
    return 10 * power  # pragma: no cover - the loop ends at 10


def swatch(colour, dash="", *, bar=False) -> str:
    """The legend's sample of a line or of the bars (decorative: the label says it)."""
    shape = (
        f'<rect x="0.5" y="0.5" width="27" height="11" fill="{TINT}" stroke="{AXIS}"/>'
        if bar
        else f'<line x1="0" y1="6" x2="28" y2="6" stroke="{colour}" stroke-width="2.5"'
        + (f' stroke-dasharray="{dash}"' if dash else "")
        + "/>"
    )
    return Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" class="swatch" width="28" height="12" '
        f'viewBox="0 0 28 12" aria-hidden="true" focusable="false">{shape}</svg>'
    )


def trend_chart(months, total, lines, *, month_label, title, chart_id, empty, desc="",
                total_label="", number=lambda value: f"{value:g}", width=520, height=260,
                size=13) -> Drawing:  # fmt: skip
    """``months``: dates (first days) in order; ``total``: one value per month, drawn as bars
    (or ``[]``); ``lines``: ``[(label, values per month)]``. ``month_label(date)`` and
    ``number(value)`` write the month and the scale's values in the page's language."""
    values = [float(v) for v in (*total, *(v for _label, vs in lines for v in vs))]
    if not any(value > 0 for value in values):
        return nothing_to_draw(empty)
    scale_top = nice_ceiling(max(values))
    ticks = [scale_top * share for share in (0, 0.5, 1)]
    left = max(text_width(number(tick), size) for tick in ticks) + 10
    right, top, bottom = width - 8.0, 10.0, height - 36.0
    slot = (right - left) / max(len(months), 1)

    def y_of(value):
        return bottom - float(value) / scale_top * (bottom - top)

    def x_of(index):
        return left + slot * (index + 0.5)

    body = []
    for tick in ticks:
        y = y_of(tick)
        dashed = ' stroke-dasharray="3 3"' if tick else ""
        body.append(
            f'<line x1="{num(left)}" y1="{num(y)}" x2="{num(right)}" y2="{num(y)}" '
            f'stroke="{AXIS}" stroke-width="1"{dashed}/>'
        )
        body.append(
            f'<text x="{num(left - 6)}" y="{num(y + size * 0.36)}" text-anchor="end" '
            f'fill="{MUTED}">{esc(number(tick))}</text>'
        )
    for index, value in enumerate(total):
        y = y_of(value)
        body.append(
            f'<rect x="{num(left + slot * (index + 0.15))}" y="{num(y)}" '
            f'width="{num(slot * 0.7)}" height="{num(bottom - y)}" fill="{TINT}" '
            f'stroke="{AXIS}" stroke-width="1"/>'
        )
    drawn, legend = [], []
    if total:
        legend.append(Key(total_label, swatch("", bar=True)))
    for index, (name, series_values) in enumerate(lines):
        colour, dash = series(index)
        points = [(x_of(i), y_of(v)) for i, v in enumerate(series_values)]
        line = Line(str(name), colour, dash, points)
        drawn.append(line)
        legend.append(Key(line.label, swatch(colour, dash)))
        coordinates = " ".join(f"{num(x)},{num(y)}" for x, y in points)
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        body.append(
            f'<polyline points="{coordinates}" fill="none" stroke="{colour}" '
            f'stroke-width="2.5"{dashed}/>'
        )
        body.extend(
            f'<circle cx="{num(x)}" cy="{num(y)}" r="3" fill="{colour}"/>' for x, y in line.points
        )
    every = math.ceil(len(months) / 12) or 1
    shown = [(i, month) for i, month in enumerate(months) if i % every == 0]
    for n, (i, month) in enumerate(shown):
        # The year under each January, and under the first month unless a January follows
        # at once (the two years would touch).
        with_year = month.month == 1 or (n == 0 and (len(shown) == 1 or shown[1][1].month != 1))
        texts = [(month_label(month), bottom + 4, "")]
        if with_year:
            texts.append((str(month.year), bottom + 4 + size * 1.1, MUTED))
        for text, line_top, colour in texts:
            # Centred under its slot, moved in where the drawing's edge would cut it.
            half = text_width(text, size) / 2
            x = min(max(x_of(i), half + 1), width - half - 1)
            mark = label(text, x, line_top, room=width, size=size, anchor="middle", colour=colour)
            body.append(mark.svg())
    markup = root(
        width, height, body, chart_id=chart_id, title=title, desc=desc, kind="trends", size=size
    )
    return Drawing(markup, legend=legend, layout=drawn)
