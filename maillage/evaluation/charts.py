"""The question's chart: the published column of one table as horizontal bars, drawn by
``maillage.lib.svg`` (see there: labels never clipped, the checked palette, the empty case).

A bar whose value is suppressed ("< 5", "x") or unknown is not drawn: its text shows the
published value instead, so the drawing never reveals what the table hides.

Adding a question: nothing to write here. Name the column to draw in the question's
``Chart`` (``questions/base.py``); the shell builds the bars from the published values.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from maillage.lib import svg


def bar_chart(title: str, bars: list[tuple[str, float | None, str]]) -> svg.Drawing:
    """``bars``: ``(label, value or None, printed text)`` in display order."""
    return svg.bar_chart(
        [svg.Bar(str(label), value, str(text)) for label, value, text in bars],
        title=_("%(title)s. The numbers are in the table below.") % {"title": title},
        chart_id="question-chart",
        empty=_("Nothing to draw: no value above zero is shown. The table holds the numbers."),
    )
