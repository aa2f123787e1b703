"""Geometry of the report's bar charts, drawn as inline SVG by ``reports/chart.svg``.

Django-free and deterministic. The same drawing goes in the web preview and in the PDF
(WeasyPrint draws SVG itself), with presentation attributes only: no ``style``, no script,
so the page keeps its strict Content-Security-Policy. The numbers are in the table under
each chart; the chart only makes them visible.

Each label sits on its own line above its bar: the drawing is narrow enough to stay
legible on a 360 px phone, where a label column beside the bars would shrink the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from maillage.collaboration.diagrams import short

BAR_COLOUR = "#1b6e8c"
LABEL_CHARS = 40
WIDTH = 300
LABEL_HEIGHT = 16  # a 13-unit line of text
BAR_HEIGHT = 14
GAP = 9
VALUE_ROOM = 64  # space kept after the longest bar for its value


@dataclass
class Bar:
    label: str
    text: str  # the value as displayed, formatted by the caller
    label_y: float
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
    bar_height: int = BAR_HEIGHT
    bars: list = field(default_factory=list)
    colour: str = BAR_COLOUR


def bar_chart(labels, values, texts):
    """One horizontal bar per label, scaled to the largest value; ``texts`` are the values
    as they should read (localized, with a unit). Returns ``None`` when every value is 0:
    an empty chart says nothing the table does not."""
    numbers = [float(value or 0) for value in values]
    largest = max(numbers, default=0)
    if largest <= 0:
        return None
    row = LABEL_HEIGHT + BAR_HEIGHT + GAP
    chart = BarChart(width=WIDTH, height=len(numbers) * row + GAP)
    for index, (label, number, text) in enumerate(zip(labels, numbers, texts, strict=True)):
        top = GAP + index * row
        bar_top = top + LABEL_HEIGHT
        bar_width = round((WIDTH - VALUE_ROOM) * number / largest, 1)
        chart.bars.append(
            Bar(
                label=str(label),
                text=text,
                label_y=top + 12,  # the baseline of the label's line
                y=bar_top,
                width=bar_width,
                text_x=bar_width + 6,
                text_y=bar_top + BAR_HEIGHT - 3,
            )
        )
    return chart
