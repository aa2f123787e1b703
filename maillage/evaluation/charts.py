"""Horizontal bar charts, drawn on the server as inline SVG.

``bar_chart(title, bars)`` computes the geometry (Django-free, deterministic); the
template ``evaluation/partials/bar_chart_svg.html`` draws it with presentation
attributes only (no ``style``, no script), so the strict Content-Security-Policy holds
and nothing is fetched from elsewhere.

Accessibility: the ``<svg>`` has ``role="img"``, a ``<title>`` and an ``aria-labelledby``
pointing at it; the table printed under the chart on every question page is the
accessible equivalent (the chart says so in its title). A bar whose value is suppressed
("< 5", "x") or unknown is not drawn: its label shows the published text instead, so the
drawing never reveals what the table hides.

Adding a question: nothing to write here. Name the column to draw in the question's
``Chart`` (``questions/base.py``); the shell builds the bars from the published values.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LABEL_CHARS = 24
PALETTE = ("#1b6e8c", "#b5532a")


def short(label: str, limit: int = LABEL_CHARS) -> str:
    """A label that fits the drawing; the full one is in the table under it."""
    label = " ".join(str(label).split())
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


@dataclass
class Bar:
    label: str
    value: float | None  # None: suppressed or unknown, not drawn
    text: str  # what is printed at the end of the bar ("12", "45 %", "< 5")
    y: float = 0.0
    width: float = 0.0
    label_y: float = 0.0
    text_x: float = 0.0
    colour: str = PALETTE[0]

    @property
    def short_label(self):
        return short(self.label)


@dataclass
class BarChart:
    title: str
    width: int
    height: int
    label_width: int
    bar_height: int
    bars: list[Bar] = field(default_factory=list)

    @property
    def axis_x(self):
        return self.label_width

    @property
    def axis_bottom(self):
        return self.height - 6

    @property
    def is_empty(self):
        return not any(bar.value for bar in self.bars)


def bar_chart(title: str, bars: list[tuple[str, float | None, str]], *, width: int = 480,
              label_width: int = 190, bar_height: int = 24, gap: int = 10) -> BarChart:  # fmt: skip
    """``bars``: ``(label, value or None, printed text)`` in display order. Lengths are
    proportional to the largest value; 40 px stay free on the right for the printed text."""
    top = 8
    chart = BarChart(
        title=title,
        width=width,
        height=top + len(bars) * (bar_height + gap) + 6,
        label_width=label_width,
        bar_height=bar_height,
    )
    room = width - label_width - 60
    largest = max((value for _label, value, _text in bars if value), default=0)
    for index, (label, value, text) in enumerate(bars):
        y = top + index * (bar_height + gap)
        length = round(room * value / largest, 1) if value and largest else 0.0
        chart.bars.append(
            Bar(
                label=label,
                value=value,
                text=text,
                y=y,
                width=length,
                label_y=round(y + bar_height / 2 + 5, 1),
                text_x=round(label_width + length + 6, 1),
                colour=PALETTE[index % 2],
            )
        )
    return chart
