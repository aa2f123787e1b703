"""Horizontal bars, each under its label: the label has the drawing's whole width (two
lines at most, then "…"), so it stays whole and legible on a 360 px phone, and the value
is printed after the bar in a room measured for the widest value."""

from __future__ import annotations

from dataclasses import dataclass

from .drawing import Drawing, esc, label, nothing_to_draw, num, root
from .palette import SERIES
from .text import text_width

BAR_HEIGHT = 16
GAP = 12  # between a bar and the next label
PAD = 6  # inside the drawing's edges


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: not shown (suppressed, unknown): no bar, only ``text``
    text: str  # the value as it reads ("12", "45 %", "< 5", "x")


def bar_chart(bars, *, title, chart_id, empty, desc="", width=360, size=14) -> Drawing:
    """``bars``: ``Bar``s in display order, lengths proportional to the largest value. With no
    value above 0 there is nothing to draw: ``empty`` is the sentence shown instead."""
    bars = [bar if isinstance(bar, Bar) else Bar(*bar) for bar in bars]
    largest = max((float(bar.value) for bar in bars if bar.value and bar.value > 0), default=0)
    if not largest:
        return nothing_to_draw(empty)
    value_room = max(text_width(bar.text, size) for bar in bars) + 8
    room = width - 2 * PAD - value_room
    body, y = [], 6.0
    for bar in bars:
        name = label(bar.label, PAD, y, room=width - 2 * PAD, size=size, lines=2)
        body.append(name.svg())
        y += name.height + 2
        length = room * float(bar.value) / largest if bar.value and bar.value > 0 else 0
        if length:
            body.append(
                f'<rect x="{PAD}" y="{num(y)}" width="{num(max(length, 2))}" '
                f'height="{BAR_HEIGHT}" fill="{SERIES[0]}"/>'
            )
        baseline = y + BAR_HEIGHT / 2 + size * 0.36
        text_x = PAD + (max(length, 2) + 6 if length else 0)
        body.append(f'<text x="{num(text_x)}" y="{num(baseline)}">{esc(bar.text)}</text>')
        y += BAR_HEIGHT + GAP
    height = y - GAP + PAD
    markup = root(width, height, body, chart_id=chart_id, title=title, desc=desc, kind="bars")
    return Drawing(markup)
