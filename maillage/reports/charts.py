"""Geometry of the report's bar charts, drawn as inline SVG by ``reports/chart.svg``.

Django-free and deterministic. The same drawing goes in the web preview and in the PDF
(WeasyPrint draws SVG itself), with presentation attributes only: no ``style``, no script,
so the page keeps its strict Content-Security-Policy. The numbers are in the table under
each chart; the chart only makes them visible.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from maillage.collaboration.diagrams import short

BAR_COLOUR = "#1b6e8c"
LABEL_CHARS = 30


@dataclass
class Bar:
    label: str
    text: str  # the value as displayed, formatted by the caller
    y: float
    width: float
    text_x: float
    text_y: float

    @property
    def short_label(self):
        return short(self.label, LABEL_CHARS)


@dataclass
class BarChart:
    width: int
    height: int
    label_width: int
    bar_height: int
    bars: list = field(default_factory=list)
    colour: str = BAR_COLOUR


def bar_chart(labels, values, texts, *, width=640, label_width=230, bar_height=20, gap=8):
    """One horizontal bar per label, scaled to the largest value; ``texts`` are the values
    as they should read (localized, with a unit). Returns ``None`` when every value is 0:
    an empty chart says nothing the table does not."""
    numbers = [float(value or 0) for value in values]
    largest = max(numbers, default=0)
    if largest <= 0:
        return None
    room = width - label_width - 70  # space left for the value after the longest bar
    chart = BarChart(
        width=width,
        height=len(numbers) * (bar_height + gap) + gap,
        label_width=label_width,
        bar_height=bar_height,
    )
    for index, (label, number, text) in enumerate(zip(labels, numbers, texts, strict=True)):
        bar_width = round(room * number / largest, 1)
        top = gap + index * (bar_height + gap)
        chart.bars.append(
            Bar(
                label=str(label),
                text=text,
                y=top,
                width=bar_width,
                text_x=label_width + bar_width + 6,
                # The text's baseline, so that 12-unit text sits in the middle of the bar.
                text_y=round(top + bar_height / 2 + 4, 1),
            )
        )
    return chart
